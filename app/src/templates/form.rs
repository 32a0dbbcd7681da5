//! A wizard step's fields for the values typed so far: each property of the step's JSON Schema
//! turned into what the form shows (a control, its label, help and constraints), conditions
//! resolved and `ui:order` applied, as Backstage's forms render the same template.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::check::matches;
pub use super::picker::Picker;
use super::schema::{Property, Schema, child_path, item_path, resolve, strings};

/// One field of the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The property's name in its own mapping.
    pub name: String,
    /// Where the field's errors are reported: `owner`, `service.port`, `links[1].url`.
    pub path: String,
    /// Where its value lives in the values, step by step.
    pub at: Vec<Key>,
    pub label: String,
    pub description: Option<String>,
    pub required: bool,
    pub control: Control,
    /// `default`, for a value the person has not typed yet.
    pub default: Option<Value>,
    pub hints: Hints,
}

/// The `ui:` keys that change how a field looks but not what it accepts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hints {
    pub help: Option<String>,
    pub placeholder: Option<String>,
    pub autofocus: bool,
    pub readonly: bool,
    /// `ui:options`, kept whole: the catalog pickers read their filters from it.
    pub options: Map<String, Value>,
}

/// One step into the values: a property of a mapping or an item of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Key {
    Name(String),
    Item(usize),
}

/// What the person types, picks or drops.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Control {
    /// A line of text (or several, for `ui:widget: textarea`), with the `format` it must have.
    Text {
        multiline: bool,
        format: Option<String>,
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    /// A secret (`ui:field: Secret`, `ui:widget: password`): typed masked, handed to the actions,
    /// never stored or shown back.
    Secret,
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    Checkbox,
    /// One of `enum`: a list box, or radio buttons (`ui:widget: radio`).
    Choice {
        options: Vec<Choice>,
        radio: bool,
    },
    /// Any of an `enum` of items: checkboxes.
    Checkboxes {
        options: Vec<Choice>,
    },
    /// A file dropped or chosen, sent as a data URL (`format: data-url`).
    File,
    /// A list of groups the person adds to, removes from and reorders.
    List {
        /// The fields of each item present now, in order.
        items: Vec<Vec<Field>>,
        /// The fields a new item starts with.
        blank: Vec<Field>,
        min_items: Option<u64>,
        max_items: Option<u64>,
    },
    Group {
        fields: Vec<Field>,
    },
    /// One of Backstage's catalog pickers (`ui:field`), filled from the real catalog.
    Picker {
        picker: Picker,
    },
    /// A value that is fixed (`const`) or kept out of sight (`ui:widget: hidden`).
    Hidden,
}

/// An option of a choice: the value sent and the label shown (`enumNames`, else the value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: Value,
    pub label: String,
}

/// The fields of the form `schema` for the `values` given so far (a mapping of field names).
pub fn fields(schema: &Schema, values: &Value) -> Vec<Field> {
    fields_at(schema, values, "", &[])
}

fn fields_at(schema: &Schema, values: &Value, path: &str, parent: &[Key]) -> Vec<Field> {
    let empty = Value::Object(Map::new());
    let values = if values.is_object() { values } else { &empty };
    let resolved = resolve(schema, values, &matches);
    resolved
        .properties
        .iter()
        .map(|property| {
            let at = child_path(path, property.name);
            let value = values.get(property.name).unwrap_or(&Value::Null);
            let mut keys = parent.to_vec();
            keys.push(Key::Name(property.name.to_owned()));
            field(
                property,
                resolved.is_required(property.name),
                value,
                at,
                keys,
            )
        })
        .collect()
}

fn field(
    property: &Property<'_>,
    required: bool,
    value: &Value,
    path: String,
    at: Vec<Key>,
) -> Field {
    let text = |key: &str| property.text(key).map(str::to_owned);
    let hints = Hints {
        help: text("ui:help"),
        placeholder: text("ui:placeholder"),
        autofocus: property.get("ui:autofocus") == Some(&Value::Bool(true)),
        readonly: property.get("ui:readonly") == Some(&Value::Bool(true)),
        options: property
            .get("ui:options")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    Field {
        label: text("title").unwrap_or_else(|| property.name.to_owned()),
        description: text("description"),
        required,
        control: control(property, value, &path, &at),
        // A fixed value is its own default: the form never shows it, but it is sent.
        default: property
            .get("const")
            .or_else(|| property.get("default"))
            .cloned(),
        hints,
        name: property.name.to_owned(),
        path,
        at,
    }
}

fn control(property: &Property<'_>, value: &Value, path: &str, at: &[Key]) -> Control {
    let widget = property.text("ui:widget").unwrap_or_default();
    let ui_field = property.text("ui:field").unwrap_or_default();
    if widget == "hidden" || property.get("const").is_some() {
        return Control::Hidden;
    }
    if ui_field == "Secret" || widget == "password" {
        return Control::Secret;
    }
    if let Some(picker) = Picker::from_field(ui_field) {
        return Control::Picker { picker };
    }
    let number = |key: &str| property.get(key).and_then(Value::as_f64);
    let count = |key: &str| property.get(key).and_then(Value::as_u64);
    if let Some(options) = choices(property.get("enum"), property.get("enumNames")) {
        return Control::Choice {
            options,
            radio: widget == "radio",
        };
    }
    match property.text("type").unwrap_or("string") {
        "boolean" => Control::Checkbox,
        "number" | "integer" => Control::Number {
            integer: property.text("type") == Some("integer"),
            minimum: number("minimum"),
            maximum: number("maximum"),
        },
        "object" => Control::Group {
            fields: property
                .schemas
                .first()
                .map(|schema| fields_at(schema, value, path, at))
                .unwrap_or_default(),
        },
        "array" => list(property, value, path, at),
        _ if property.text("format") == Some("data-url") => Control::File,
        _ => Control::Text {
            multiline: widget == "textarea",
            format: property.text("format").map(str::to_owned),
            min_length: count("minLength"),
            max_length: count("maxLength"),
        },
    }
}

fn list(property: &Property<'_>, value: &Value, path: &str, at: &[Key]) -> Control {
    let items = property.get("items").and_then(Value::as_object);
    let enumerated = items.and_then(|items| choices(items.get("enum"), items.get("enumNames")));
    if let Some(options) = enumerated {
        return Control::Checkboxes { options };
    }
    let Some(item_schema) = items.filter(|items| items.contains_key("properties")) else {
        // A list of plain values: one per line.
        return Control::Text {
            multiline: true,
            format: None,
            min_length: None,
            max_length: None,
        };
    };
    let present = value.as_array().map(Vec::as_slice).unwrap_or_default();
    let item_at = |i: usize| {
        let mut keys = at.to_vec();
        keys.push(Key::Item(i));
        keys
    };
    Control::List {
        items: present
            .iter()
            .enumerate()
            .map(|(i, item)| fields_at(item_schema, item, &item_path(path, i), &item_at(i)))
            .collect(),
        blank: fields_at(
            item_schema,
            &Value::Null,
            &item_path(path, present.len()),
            &item_at(present.len()),
        ),
        min_items: property.get("minItems").and_then(Value::as_u64),
        max_items: property.get("maxItems").and_then(Value::as_u64),
    }
}

fn choices(values: Option<&Value>, names: Option<&Value>) -> Option<Vec<Choice>> {
    let values = values?.as_array()?;
    let names: Vec<&str> = strings(names).collect();
    Some(
        values
            .iter()
            .enumerate()
            .map(|(i, value)| Choice {
                label: names.get(i).map_or_else(
                    || {
                        value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_owned)
                    },
                    |n| (*n).to_owned(),
                ),
                value: value.clone(),
            })
            .collect(),
    )
}
