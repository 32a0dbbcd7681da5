//! Template expressions: `${{ parameters.name }}`, `${{ steps.publish.output.remoteUrl }}`,
//! `${{ user.entity.metadata.name }}`, `${{ each.value }}`, with Backstage's filters
//! (`parseRepoUrl`, `parseEntityRef`, `pick`, `projectSlug`) and nunjucks' (`dump`; `lower`,
//! `upper`, `replace`, `trim`, `join`, `first`, `last`, `length`, `default` are minijinja's own).
//!
//! As in Backstage, a string that is exactly one expression keeps the value's type (a list stays
//! a list), and is left out when its value is not there; any other string is rendered as text.
//! A name is checked before rendering: an optional parameter left empty, or the output of a
//! step that was skipped, is declared (`KNOWN`) and simply absent; any other name that is not
//! defined fails the step, naming the expression and the name: a typo must stop the step, not
//! publish an empty value.
//! Each evaluation has fuel, so a template cannot loop the worker forever.

use std::sync::LazyLock;

use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value as Jinja};
use serde_json::{Map, Value};

#[path = "expr_filters.rs"]
mod filters;
#[path = "expr_secrets.rs"]
mod secrets;
use filters::{dump, parse_entity_ref, parse_repo_url, pick, project_slug};
pub use secrets::secret_results;

/// The scope's list of names that are declared even when they hold no value
/// (`parameters.description`, `steps.publish`): `$` makes it unreachable from expressions.
pub const KNOWN: &str = "$known";

/// Instructions one evaluation may run: far more than any real template needs.
const FUEL: u64 = 200_000;

/// An expression that could not be evaluated, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{expression}: {reason}")]
pub struct ExprError {
    pub expression: String,
    pub reason: String,
}

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = environment();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .variable_delimiters("${{", "}}")
            .build()
            .expect("Backstage's delimiters are valid"),
    );
    env
});

/// Cookiecutter's `{{ cookiecutter.x }}`, for skeletons written for it (`cookiecutterCompat`).
static COOKIECUTTER: LazyLock<Environment<'static>> = LazyLock::new(environment);

/// An environment with Backstage's filters and Runway's limits, in Jinja's own syntax.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // A file's last newline is part of the file.
    env.set_keep_trailing_newline(true);
    // Names are checked before rendering (see `check_names`); what is declared but empty
    // renders as nothing, as in Backstage.
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL));
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter("dump", dump);
    env.add_filter("parseRepoUrl", parse_repo_url);
    env.add_filter("projectSlug", project_slug);
    env.add_filter("parseEntityRef", parse_entity_ref);
    env.add_filter("pick", pick);
    env
}

/// `text` rendered as a whole (a skeleton's file or file name), against `scope`; with
/// `cookiecutter`, in cookiecutter's `{{ }}` syntax.
pub fn render_text(text: &str, scope: &Value, cookiecutter: bool) -> Result<String, ExprError> {
    let env = if cookiecutter { &*COOKIECUTTER } else { &*ENV };
    let fast = !text.contains("{{") && !text.contains("{%") && !text.contains("{#");
    if fast {
        return Ok(text.to_owned());
    }
    env.render_str(text, Jinja::from_serialize(scope))
        .map_err(|error| ExprError {
            expression: text.chars().take(80).collect(),
            reason: reason(&error, text, scope),
        })
}

/// Renders every string inside `input` (nested lists and objects too) against `scope`.
pub fn render(input: &Value, scope: &Value) -> Result<Value, ExprError> {
    let context = Jinja::from_serialize(scope);
    render_in(input, scope, &context)
}

fn render_in(input: &Value, scope: &Value, context: &Jinja) -> Result<Value, ExprError> {
    Ok(match input {
        Value::String(text) => render_string(text, scope, context)?.unwrap_or(Value::Null),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| render_in(item, scope, context))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                // A lone expression whose value is not there leaves its key out.
                let rendered = match value {
                    Value::String(text) => render_string(text, scope, context)?,
                    other => Some(render_in(other, scope, context)?),
                };
                if let Some(rendered) = rendered {
                    out.insert(key.clone(), rendered);
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// Whether a condition (`if:`) holds: an expression's truth, or a plain value's.
pub fn holds(condition: &Value, scope: &Value) -> Result<bool, ExprError> {
    Ok(match render(condition, scope)? {
        Value::Null => false,
        Value::Bool(b) => b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty() && s != "false",
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    })
}

/// A string rendered; `None` for a lone expression whose value is not there.
fn render_string(text: &str, scope: &Value, context: &Jinja) -> Result<Option<Value>, ExprError> {
    if !text.contains("${{") {
        return Ok(Some(Value::String(text.to_owned())));
    }
    check_names(text, scope)?;
    let failed = |error: Error| ExprError {
        expression: text.to_owned(),
        reason: reason(&error, text, scope),
    };
    if let Some(expression) = single_expression(text) {
        let compiled = ENV.compile_expression(expression).map_err(failed)?;
        let value = compiled.eval(context).map_err(failed)?;
        if value.is_undefined() {
            return Ok(None);
        }
        return serde_json::to_value(&value)
            .map(Some)
            .map_err(|e| ExprError {
                expression: text.to_owned(),
                reason: e.to_string(),
            });
    }
    let rendered = ENV.render_str(text, context).map_err(failed)?;
    Ok(Some(Value::String(rendered)))
}

/// Fails on the first name `text` uses that the scope neither holds nor declares.
fn check_names(text: &str, scope: &Value) -> Result<(), ExprError> {
    let known = |name: &str| {
        scope[KNOWN].as_array().is_some_and(|known| {
            known.iter().filter_map(Value::as_str).any(|k| {
                name == k
                    || name.starts_with(&format!("{k}."))
                    || k.starts_with(&format!("{name}."))
            })
        })
    };
    match undefined_names(text, scope).into_iter().find(|n| !known(n)) {
        None => Ok(()),
        Some(name) => Err(ExprError {
            expression: text.to_owned(),
            reason: format!("{name} is not defined"),
        }),
    }
}

/// The expression of a string that is exactly `${{ expression }}`.
fn single_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?;
    (!inner.contains("${{") && !inner.contains("}}")).then_some(inner.trim())
}

/// Why an evaluation failed, in words; for an undefined value, the name that is not defined.
fn reason(error: &Error, text: &str, scope: &Value) -> String {
    if error.kind() != ErrorKind::UndefinedError {
        return error
            .detail()
            .map_or_else(|| error.kind().to_string(), str::to_owned);
    }
    match undefined_name(text, scope) {
        Some(name) => format!("{name} is not defined"),
        None => "it uses a value that is not defined".to_owned(),
    }
}

/// The first dotted name inside the expressions and blocks of `text` that `scope` does not
/// hold, up to its first missing part (`usr` of `usr.ref`). Words in quotes, attributes of
/// what is not a name (`(x | f).owner`) and words of the language are not names.
fn undefined_name(text: &str, scope: &Value) -> Option<String> {
    undefined_names(text, scope).into_iter().next()
}

/// Every dotted name `text` uses that `scope` does not hold (see [`undefined_name`]). Single
/// words are not checked (keyword arguments, loop variables, filters), nor names rooted in a
/// variable the text sets itself (`{% for item in … %}`, `{% set x = … %}`).
fn undefined_names(text: &str, scope: &Value) -> Vec<String> {
    let code: Vec<&str> = match single_expression(text) {
        Some(expression) => vec![expression],
        None => segments(text),
    };
    let mut locals: Vec<String> = Vec::new();
    for block in &code {
        let words: Vec<&str> = block
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if pair[0] == "for" || pair[0] == "set" {
                locals.push(pair[1].to_owned());
            }
        }
        if let Some(at) = words.iter().position(|w| *w == "for") {
            locals.extend(
                words[at + 1..]
                    .iter()
                    .take_while(|w| **w != "in")
                    .map(|w| (*w).to_owned()),
            );
        }
    }
    code.into_iter()
        .flat_map(names_in)
        .filter(|name| name.contains('.'))
        .filter(|name| {
            !locals
                .iter()
                .any(|l| name.split('.').next() == Some(l.as_str()))
        })
        .filter_map(|name| {
            let mut at = scope;
            let mut known = Vec::new();
            for part in name.split('.') {
                known.push(part);
                match at.get(part) {
                    Some(next) => at = next,
                    None => return Some(known.join(".")),
                }
            }
            None
        })
        .collect()
}

/// The code between `${{` and `}}`, and between `{%` and `%}`.
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (open, close) in [("${{", "}}"), ("{%", "%}")] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(close) else { break };
            out.push(&after[..end]);
            rest = &after[end + close.len()..];
        }
    }
    out
}

/// The dotted names `code` uses, in order.
fn names_in(code: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut after_dot = false;
    let mut end = |current: &mut String, after_dot: bool| {
        if !current.is_empty() && !after_dot {
            names.push(std::mem::take(current));
        }
        current.clear();
    };
    for c in code.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c.is_alphanumeric() || c == '_' => current.push(c),
            None if c == '.' && !current.is_empty() => current.push(c),
            None => {
                end(&mut current, after_dot);
                after_dot = c == '.';
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
    }
    end(&mut current, after_dot);
    names
        .into_iter()
        .map(|n| n.trim_end_matches('.').to_owned())
        .filter(|n| n.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .filter(|n| !is_word_of_the_language(n))
        .collect()
}

/// Names an expression may use that are not values: operators, tests and filters.
fn is_word_of_the_language(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "in"
            | "is"
            | "if"
            | "else"
            | "true"
            | "false"
            | "none"
            | "defined"
            | "undefined"
            | "True"
            | "False"
            | "None"
    ) || ENV_FILTERS.contains(&name)
}

const ENV_FILTERS: &[&str] = &[
    "dump",
    "parseRepoUrl",
    "projectSlug",
    "parseEntityRef",
    "pick",
    "lower",
    "upper",
    "replace",
    "trim",
    "join",
    "first",
    "last",
    "length",
    "default",
    "tojson",
    "string",
    "int",
    "float",
    "capitalize",
    "title",
    "list",
    "items",
    "d",
];

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
