//! Reading and writing a form's values by a field's place in them, and the defaults a new form
//! starts with: what the wizard does on every keystroke, kept pure so it is tested here.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::form::{Control, Field, Key};

/// The value at `at` inside `values`, if there is one.
pub fn value_at<'v>(values: &'v Value, at: &[Key]) -> Option<&'v Value> {
    at.iter().try_fold(values, |value, key| match key {
        Key::Name(name) => value.get(name),
        Key::Item(i) => value.get(i),
    })
}

/// Puts `value` at `at` inside `values`, making the mappings and list items on the way; `None`
/// removes it (an emptied field is absent, as forms send it).
pub fn set_at(values: &mut Value, at: &[Key], value: Option<Value>) {
    let Some((last, parents)) = at.split_last() else {
        return;
    };
    let mut here = values;
    for key in parents {
        here = match key {
            Key::Name(name) => {
                if !here.is_object() {
                    *here = Value::Object(Map::new());
                }
                here.as_object_mut()
                    .map(|m| m.entry(name.clone()).or_insert(Value::Null))
                    .expect("made a mapping above")
            }
            Key::Item(i) => {
                if !here.is_array() {
                    *here = Value::Array(Vec::new());
                }
                let items = here.as_array_mut().expect("made a list above");
                if items.len() <= *i {
                    items.resize(*i + 1, Value::Object(Map::new()));
                }
                &mut items[*i]
            }
        };
    }
    match (last, value) {
        (Key::Name(name), value) => {
            if !here.is_object() {
                *here = Value::Object(Map::new());
            }
            let map = here.as_object_mut().expect("made a mapping above");
            match value {
                Some(value) => {
                    map.insert(name.clone(), value);
                }
                None => {
                    map.shift_remove(name);
                }
            }
        }
        (Key::Item(i), Some(value)) => {
            if !here.is_array() {
                *here = Value::Array(Vec::new());
            }
            let items = here.as_array_mut().expect("made a list above");
            if items.len() <= *i {
                items.resize(*i + 1, Value::Null);
            }
            items[*i] = value;
        }
        (Key::Item(i), None) => {
            if let Some(items) = here.as_array_mut().filter(|items| *i < items.len()) {
                items.remove(*i);
            }
        }
    }
}

/// `values` with every absent field that has a `default` filled in, as the wizard starts a form
/// and whenever a condition brings a field in. A field is filled once: `seen` holds the paths
/// already given their default, so a default the person then cleared stays cleared. Says whether
/// anything was filled in.
pub fn with_defaults(
    fields: &[Field],
    values: &mut Map<String, Value>,
    seen: &mut BTreeSet<String>,
) -> bool {
    let mut changed = false;
    for field in fields {
        let name = field.name.as_str();
        if let Control::Group { fields } = &field.control {
            match values.get_mut(name) {
                Some(Value::Object(inner)) => changed |= with_defaults(fields, inner, seen),
                Some(_) => {}
                None => {
                    // A group appears only when something in it has a default: an empty one
                    // would make its required fields count as missing.
                    let mut inner = Map::new();
                    if with_defaults(fields, &mut inner, seen) {
                        values.insert(name.to_owned(), Value::Object(inner));
                        changed = true;
                    }
                }
            }
        } else if let Some(default) = &field.default
            && seen.insert(field.path.clone())
            && !values.contains_key(name)
        {
            values.insert(name.to_owned(), default.clone());
            changed = true;
        }
    }
    changed
}
