//! Values that expressions compute from secrets: as secret as the secrets themselves, so the
//! engine masks them in the step's log and output too (`secrets.token | upper` was logged in
//! clear for anyone who may read the task).

use minijinja::Value as Jinja;
use serde_json::Value;

use super::{ENV, names_in, segments, single_expression};

/// The values that the expressions inside `input` compute from `secrets` (`${{ secrets.token |
/// upper }}`, `${{ secrets.a ~ secrets.b }}`), as text: a redactor masks them like the secrets
/// they came from. An expression that fails to evaluate here fails later, where it is rendered.
pub fn secret_results(input: &Value, scope: &Value) -> Vec<String> {
    let mut strings = Vec::new();
    collect_strings(input, &mut strings);
    let context = Jinja::from_serialize(scope);
    let mut out = Vec::new();
    for text in strings {
        let expressions = match single_expression(text) {
            Some(expression) => vec![expression],
            None => segments(text),
        };
        for expression in expressions {
            if !names_in(expression)
                .iter()
                .any(|n| n == "secrets" || n.starts_with("secrets."))
            {
                continue;
            }
            let Ok(compiled) = ENV.compile_expression(expression) else {
                continue;
            };
            if let Ok(value) = compiled.eval(&context)
                && let Ok(value) = serde_json::to_value(&value)
            {
                crate::tasks::redact::collect(&value, &mut out);
            }
        }
    }
    out
}

fn collect_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) if s.contains("${{") => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn what_expressions_make_of_secrets_is_found() {
        let scope = json!({"secrets": {"token": "tok-42", "pin": 7}, "parameters": {"name": "x"}});
        let input = json!({
            "a": "${{ secrets.token | upper }}",
            "b": ["Bearer ${{ secrets.token | reverse }} for ${{ parameters.name }}"],
            "c": {"d": "${{ secrets.pin * 6 }}"},
            "e": "${{ parameters.name | upper }}",
            "f": "plain"
        });
        let mut found = secret_results(&input, &scope);
        found.sort();
        assert_eq!(found, ["24-kot", "42", "TOK-42"]);
    }
}
