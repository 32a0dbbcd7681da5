//! The part of JSON Schema a template's form is made of, read the way Backstage's forms (react
//! jsonschema-form) read it: which properties an object has *for the values given so far*
//! (`allOf`, `if`/`then`/`else` and `dependencies` with `oneOf` resolved), in `ui:order`, and the
//! field paths that name them in errors.
//!
//! Nothing here checks a value; resolving a condition needs a check, so the caller passes it in.
//! Recursion follows the schema, whose nesting the catalog bounds (`limits::MAX_NESTING_DEPTH`).

use serde_json::{Map, Value};

/// A schema object, as written in the template.
pub type Schema = Map<String, Value>;

/// Whether `value` satisfies `schema`: the form's own check, handed in by the caller.
pub type Matches<'m> = &'m dyn Fn(&Schema, &Value) -> bool;

/// The properties an object has for the values given: each with every schema that applies to it
/// (the base one first, then those that conditions added), in display order.
#[derive(Debug, Default)]
pub struct Resolved<'a> {
    pub properties: Vec<Property<'a>>,
    pub required: Vec<&'a str>,
}

/// One property and the schemas that apply to it; all of them must hold.
#[derive(Debug)]
pub struct Property<'a> {
    pub name: &'a str,
    pub schemas: Vec<&'a Schema>,
}

impl Property<'_> {
    /// The first of the property's schemas that says `key`: the base schema's word wins over what a
    /// condition adds, as in Backstage's forms.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.schemas.iter().find_map(|schema| schema.get(key))
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }
}

impl Resolved<'_> {
    pub fn is_required(&self, name: &str) -> bool {
        self.required.contains(&name)
    }
}

/// The properties of the object `schema` describes, given its current `values`.
pub fn resolve<'a>(schema: &'a Schema, values: &Value, matches: Matches<'_>) -> Resolved<'a> {
    let mut resolved = Resolved::default();
    collect(schema, values, matches, None, &mut resolved);
    order(&mut resolved.properties, schema.get("ui:order"));
    resolved
}

/// Adds what `schema` says about the object's properties; `skip` is a property it must not
/// redefine (a `oneOf` branch's copy of the field that chose it).
fn collect<'a>(
    schema: &'a Schema,
    values: &Value,
    matches: Matches<'_>,
    skip: Option<&str>,
    out: &mut Resolved<'a>,
) {
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, sub) in properties {
            if let Some(sub) = sub.as_object().filter(|_| skip != Some(name)) {
                add(out, name, sub);
            }
        }
    }
    for name in strings(schema.get("required")) {
        if !out.required.contains(&name) {
            out.required.push(name);
        }
    }
    for sub in schemas(schema.get("allOf")) {
        collect(sub, values, matches, None, out);
    }
    if let Some(condition) = schema.get("if").and_then(Value::as_object) {
        let branch = if matches(condition, values) {
            "then"
        } else {
            "else"
        };
        if let Some(branch) = schema.get(branch).and_then(Value::as_object) {
            collect(branch, values, matches, None, out);
        }
    }
    let Some(dependencies) = schema.get("dependencies").and_then(Value::as_object) else {
        return;
    };
    for (key, dependency) in dependencies {
        let Some(value) = values.get(key).filter(|v| is_given(v)) else {
            continue;
        };
        match dependency {
            Value::Array(_) => {
                for name in strings(Some(dependency)) {
                    if !out.required.contains(&name) {
                        out.required.push(name);
                    }
                }
            }
            Value::Object(dependency) => {
                collect(dependency, values, matches, None, out);
                // The branch whose own schema for `key` takes the value given: it brings the
                // fields that go with that choice (its copy of `key` only said which it is).
                let branch = schemas(dependency.get("oneOf")).find(|branch| {
                    branch
                        .get("properties")
                        .and_then(|p| p.get(key))
                        .and_then(Value::as_object)
                        .is_some_and(|own| matches(own, value))
                });
                if let Some(branch) = branch {
                    collect(branch, values, matches, Some(key), out);
                }
            }
            _ => {}
        }
    }
}

fn add<'a>(out: &mut Resolved<'a>, name: &'a str, schema: &'a Schema) {
    match out.properties.iter_mut().find(|p| p.name == name) {
        Some(property) => property.schemas.push(schema),
        None => out.properties.push(Property {
            name,
            schemas: vec![schema],
        }),
    }
}

/// `ui:order`: the named properties first in that order, the rest where `*` stands (at the end
/// when there is none); names the form does not have are passed over.
fn order(properties: &mut Vec<Property<'_>>, ui_order: Option<&Value>) {
    let Some(names) = ui_order.and_then(Value::as_array) else {
        return;
    };
    let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
    let mut rest: Vec<Property<'_>> = std::mem::take(properties);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let star = names.iter().position(|n| *n == "*");
    for (i, name) in names.iter().enumerate() {
        if let Some(at) = rest.iter().position(|p| p.name == *name) {
            let property = rest.remove(at);
            match star {
                Some(star) if i > star => after.push(property),
                _ => before.push(property),
            }
        }
    }
    properties.extend(before);
    properties.extend(rest);
    properties.extend(after);
}

/// Whether a value counts as given: forms send an emptied field as absent, null or "".
pub fn is_given(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// The schemas of a list keyword (`allOf`, `oneOf`), skipping entries that are not schemas.
pub fn schemas(list: Option<&Value>) -> impl Iterator<Item = &Schema> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// The strings of a list keyword (`required`, `enum` names), skipping anything else.
pub fn strings(list: Option<&Value>) -> impl Iterator<Item = &str> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// The path of property `name` inside `parent` (empty at the top): `owner`, `service.port`, and
/// `links[2]` for items; a name that would read as a path itself is quoted (`labels["a.b"]`), so
/// that an error always finds its one field.
pub fn child_path(parent: &str, name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-'));
    match (parent.is_empty(), plain) {
        (true, true) => name.to_owned(),
        (false, true) => format!("{parent}.{name}"),
        (_, false) => format!("{parent}[{}]", Value::String(name.to_owned())),
    }
}

/// The path of item `index` of the list at `parent`.
pub fn item_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}
