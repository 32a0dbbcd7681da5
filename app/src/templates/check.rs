//! Checks the values of a template's form against its JSON Schema, as the wizard does on "Next"
//! in the browser and the server does again before a task starts: the same code on both sides,
//! every problem named by the field's path (`service.port`, `links[2].url`).

use serde_json::{Map, Value};

use super::formats::{format_problem, pattern_matches};
use super::picker::picker_problem;
use super::schema::{Schema, child_path, is_given, item_path, resolve, schemas, strings};
use crate::error::FieldError;

/// More problems than anyone reads; a list of 100,000 bad items gets this many and a count.
pub const MAX_PROBLEMS: usize = 50;

/// Every problem with `values` (a mapping of field names) under the form `schema`.
pub fn check(schema: &Schema, values: &Value) -> Vec<FieldError> {
    let mut problems = Problems::default();
    check_object(schema, values, "", &mut problems);
    problems.finish()
}

/// Whether `value` satisfies `schema`: how `if` and a `dependencies` choice are decided.
pub fn matches(schema: &Schema, value: &Value) -> bool {
    let mut problems = Problems::default();
    check_value(schema, value, "", &mut problems);
    problems.list.is_empty() && problems.more == 0
}

#[derive(Default)]
struct Problems {
    list: Vec<FieldError>,
    more: usize,
}

impl Problems {
    fn push(&mut self, path: &str, message: impl Into<String>) {
        let problem = FieldError::new(path, message);
        if self.list.contains(&problem) {
            return;
        }
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<FieldError> {
        if self.more > 0 {
            let more = self.more;
            self.list
                .push(FieldError::new("", format!("and {more} more problems")));
        }
        self.list
    }
}

fn check_object(schema: &Schema, value: &Value, path: &str, out: &mut Problems) {
    let empty = Value::Object(Map::new());
    let object = if value.is_object() { value } else { &empty };
    let resolved = resolve(schema, object, &matches);
    for property in &resolved.properties {
        let at = child_path(path, property.name);
        match object.get(property.name).filter(|v| is_given(v)) {
            Some(given) => {
                for schema in &property.schemas {
                    check_value(schema, given, &at, out);
                }
            }
            None if resolved.is_required(property.name) => out.push(&at, "is required"),
            None => {}
        }
    }
    for name in &resolved.required {
        let known = resolved.properties.iter().any(|p| p.name == *name);
        if !known && !object.get(*name).is_some_and(is_given) {
            out.push(&child_path(path, name), "is required");
        }
    }
}

fn check_value(schema: &Schema, value: &Value, path: &str, out: &mut Problems) {
    if let Some(expected) = schema.get("type")
        && !type_matches(expected, value)
    {
        out.push(path, format!("must be {}", describe_type(expected)));
        return;
    }
    if let Some(constant) = schema.get("const")
        && !same(constant, value)
    {
        out.push(path, format!("must be {}", show(constant)));
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.iter().any(|c| same(c, value))
    {
        out.push(path, format!("must be one of: {}", choice_labels(schema)));
    }
    match value {
        Value::String(text) => check_text(schema, text, path, out),
        Value::Number(number) => check_number(schema, number, path, out),
        Value::Array(items) => check_list(schema, items, path, out),
        Value::Object(_) => check_object(schema, value, path, out),
        _ => {}
    }
    if !value.is_object() {
        for sub in schemas(schema.get("allOf")) {
            check_value(sub, value, path, out);
        }
    }
    if let Some(choices) = schema.get("anyOf").or_else(|| schema.get("oneOf"))
        && !value.is_object()
        && !schemas(Some(choices)).any(|sub| matches(sub, value))
    {
        out.push(path, "does not match any of the allowed choices");
    }
}

fn check_text(schema: &Schema, text: &str, path: &str, out: &mut Problems) {
    let length = text.chars().count();
    if let Some(min) = count(schema, "minLength")
        && length < min
    {
        out.push(path, format!("must be at least {min} characters"));
    }
    if let Some(max) = count(schema, "maxLength")
        && length > max
    {
        out.push(path, format!("must be at most {max} characters"));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        match pattern_matches(pattern, text) {
            Ok(true) => {}
            Ok(false) => out.push(path, format!("must match the pattern {pattern}")),
            Err(problem) => out.push(path, format!("cannot be checked: {problem}")),
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str)
        && let Some(problem) = format_problem(format, text)
    {
        out.push(path, problem);
    }
    if let Some(field) = schema.get("ui:field").and_then(Value::as_str) {
        let options = schema.get("ui:options").and_then(Value::as_object);
        if let Some(problem) = picker_problem(field, options, text) {
            out.push(path, problem);
        }
    }
}

fn check_number(schema: &Schema, number: &serde_json::Number, path: &str, out: &mut Problems) {
    let Some(n) = number.as_f64() else { return };
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    if let Some(min) = bound("minimum")
        && n < min
    {
        out.push(path, format!("must be at least {}", show_number(min)));
    }
    if let Some(max) = bound("maximum")
        && n > max
    {
        out.push(path, format!("must be at most {}", show_number(max)));
    }
    if let Some(min) = bound("exclusiveMinimum")
        && n <= min
    {
        out.push(path, format!("must be more than {}", show_number(min)));
    }
    if let Some(max) = bound("exclusiveMaximum")
        && n >= max
    {
        out.push(path, format!("must be less than {}", show_number(max)));
    }
}

fn check_list(schema: &Schema, items: &[Value], path: &str, out: &mut Problems) {
    if let Some(min) = count(schema, "minItems")
        && items.len() < min
    {
        out.push(
            path,
            format!("needs at least {min} {}", plural(min, "item")),
        );
    }
    if let Some(max) = count(schema, "maxItems")
        && items.len() > max
    {
        out.push(path, format!("takes at most {max} {}", plural(max, "item")));
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        // By a canonical form in a set, not pairwise: a list of 100,000 items is one pass.
        let mut seen = std::collections::HashSet::new();
        if let Some(second) = items.iter().position(|item| !seen.insert(canonical(item))) {
            out.push(&item_path(path, second), "repeats an earlier item");
        }
    }
    if let Some(each) = schema.get("items").and_then(Value::as_object) {
        for (i, item) in items.iter().enumerate() {
            check_value(each, item, &item_path(path, i), out);
        }
    }
}

/// A text that two values share exactly when they are [`same`]: numbers by value, mappings with
/// their keys sorted.
fn canonical(value: &Value) -> String {
    match value {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |x| x.to_string()),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        Value::Object(map) => {
            let mut pairs: Vec<(&String, String)> =
                map.iter().map(|(k, v)| (k, canonical(v))).collect();
            pairs.sort();
            let inner: Vec<String> = pairs
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", Value::String(k.clone())))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// JSON Schema's equality: numbers by value (`1` equals `1.0`), everything else structurally.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

fn type_matches(expected: &Value, value: &Value) -> bool {
    let one = |name: &str| match name {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    };
    match expected {
        Value::String(name) => one(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).any(one),
        _ => true,
    }
}

fn describe_type(expected: &Value) -> String {
    let one = |name: &str| match name {
        "string" => "text",
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a group of fields",
        "null" => "empty",
        _ => "of another type",
    };
    match expected {
        Value::String(name) => one(name).to_owned(),
        other => strings(Some(other))
            .map(one)
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The labels of an `enum`: its `enumNames` where the template gives them, else the values.
fn choice_labels(schema: &Schema) -> String {
    let names: Vec<&str> = strings(schema.get("enumNames")).collect();
    let values = schema.get("enum").and_then(Value::as_array);
    let labels: Vec<String> = values
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| names.get(i).map_or_else(|| show(v), |n| (*n).to_owned()))
        .collect();
    labels.join(", ")
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `3`, not `3.0`: f64's Display drops a zero fraction.
fn show_number(n: f64) -> String {
    n.to_string()
}

fn count(schema: &Schema, key: &str) -> Option<usize> {
    schema
        .get(key)
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
