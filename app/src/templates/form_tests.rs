//! Schema to form: controls per type and widget, order, conditions that add and remove fields,
//! lists of groups, pickers, secrets and defaults.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::form::{Choice, Control, Field, Key, Picker, fields};
use super::values::{set_at, value_at, with_defaults};

fn form(schema: Value, values: Value) -> Vec<Field> {
    fields(schema.as_object().expect("a schema object"), &values)
}

fn paths(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.path.as_str()).collect()
}

fn control_of(schema: Value) -> Control {
    let mut got = form(json!({"properties": {"x": schema}}), json!({}));
    got.remove(0).control
}

#[test]
fn controls_by_type_and_widget() {
    let text = |multiline: bool, format: Option<&str>| Control::Text {
        multiline,
        format: format.map(str::to_owned),
        min_length: None,
        max_length: None,
    };
    let cases = [
        (json!({"type": "string"}), text(false, None)),
        (json!({}), text(false, None)),
        (
            json!({"type": "string", "ui:widget": "textarea"}),
            text(true, None),
        ),
        (
            json!({"type": "string", "format": "email"}),
            text(false, Some("email")),
        ),
        (
            json!({"type": "string", "format": "data-url"}),
            Control::File,
        ),
        (
            json!({"type": "string", "ui:widget": "password"}),
            Control::Secret,
        ),
        (
            json!({"type": "string", "ui:field": "Secret"}),
            Control::Secret,
        ),
        (
            json!({"type": "string", "ui:widget": "hidden"}),
            Control::Hidden,
        ),
        (json!({"type": "string", "const": "fixed"}), Control::Hidden),
        (json!({"type": "boolean"}), Control::Checkbox),
        (
            json!({"type": "integer", "minimum": 1, "maximum": 9}),
            Control::Number {
                integer: true,
                minimum: Some(1.0),
                maximum: Some(9.0),
            },
        ),
        (
            json!({"type": "number"}),
            Control::Number {
                integer: false,
                minimum: None,
                maximum: None,
            },
        ),
        (
            json!({"type": "string", "ui:field": "OwnerPicker"}),
            Control::Picker {
                picker: Picker::Owner,
            },
        ),
        (
            json!({"type": "string", "ui:field": "RepoUrlPicker"}),
            Control::Picker {
                picker: Picker::RepoUrl,
            },
        ),
        (
            json!({"type": "array", "ui:field": "EntityTagsPicker"}),
            Control::Picker {
                picker: Picker::EntityTags,
            },
        ),
        // A custom field Runway does not have falls back to the control of its type.
        (
            json!({"type": "string", "ui:field": "MyCompanyPicker"}),
            text(false, None),
        ),
        (
            json!({"type": "array", "items": {"type": "string"}}),
            text(true, None),
        ),
    ];
    for (schema, expected) in cases {
        assert_eq!(control_of(schema.clone()), expected, "{schema}");
    }
}

#[test]
fn choices_with_their_labels() {
    let select = control_of(json!({"type": "string", "enum": ["go", "rust"], "enumNames": ["Go"]}));
    assert_eq!(
        select,
        Control::Choice {
            options: vec![
                Choice {
                    value: json!("go"),
                    label: "Go".into()
                },
                Choice {
                    value: json!("rust"),
                    label: "rust".into()
                },
            ],
            radio: false,
        }
    );
    let radio = control_of(json!({"enum": [1, 2], "ui:widget": "radio"}));
    assert!(
        matches!(radio, Control::Choice { radio: true, ref options } if options[1].label == "2")
    );
    let boxes =
        control_of(json!({"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": true}));
    assert!(matches!(boxes, Control::Checkboxes { ref options } if options.len() == 2));
}

#[test]
fn labels_hints_and_order() {
    let schema = json!({
        "required": ["name"],
        "ui:order": ["owner", "*", "name"],
        "properties": {
            "name": {"type": "string", "title": "Name", "description": "Unique", "ui:help": "lowercase",
                     "ui:placeholder": "my-service", "ui:autofocus": true},
            "description": {"type": "string"},
            "owner": {"type": "string", "ui:readonly": true, "ui:options": {"allowedKinds": ["Group"]}},
            "system": {"type": "string"}
        }
    });
    let got = form(schema, json!({}));
    assert_eq!(paths(&got), ["owner", "description", "system", "name"]);
    let name = &got[3];
    assert_eq!((name.label.as_str(), name.required), ("Name", true));
    assert_eq!(name.description.as_deref(), Some("Unique"));
    assert_eq!(name.hints.help.as_deref(), Some("lowercase"));
    assert_eq!(name.hints.placeholder.as_deref(), Some("my-service"));
    assert!(name.hints.autofocus && !name.hints.readonly);
    assert_eq!(got[0].label, "owner");
    assert!(got[0].hints.readonly);
    assert_eq!(got[0].hints.options["allowedKinds"], json!(["Group"]));
    // Without a `*`, the properties not named follow; names the form lacks are passed over.
    let partial = form(
        json!({"ui:order": ["b", "zzz"], "properties": {"a": {}, "b": {}, "c": {}}}),
        json!({}),
    );
    assert_eq!(paths(&partial), ["b", "a", "c"]);
}

#[test]
fn properties_keep_the_order_they_were_written_in() {
    let schema: Value =
        serde_json::from_str(r#"{"properties": {"zeta": {}, "alpha": {}, "mid": {}}}"#).unwrap();
    assert_eq!(paths(&form(schema, json!({}))), ["zeta", "alpha", "mid"]);
}

#[test]
fn conditions_add_and_remove_fields_as_values_change() {
    let schema = json!({
        "properties": {"kind": {"enum": ["service", "library"]}},
        "dependencies": {"kind": {"oneOf": [
            {"properties": {"kind": {"const": "service"}, "port": {"type": "integer"}}, "required": ["port"]},
            {"properties": {"kind": {"const": "library"}, "language": {"enum": ["go", "rust"]}}}
        ]}},
        "if": {"properties": {"kind": {"const": "service"}}, "required": ["kind"]},
        "then": {"properties": {"replicas": {"type": "integer", "default": 2}}}
    });
    assert_eq!(paths(&form(schema.clone(), json!({}))), ["kind"]);
    let service = form(schema.clone(), json!({"kind": "service"}));
    assert_eq!(paths(&service), ["kind", "replicas", "port"]);
    assert!(service[2].required);
    // The base schema's control wins over the branch's `const` for the field that decides.
    assert!(matches!(service[0].control, Control::Choice { .. }));
    assert_eq!(
        paths(&form(schema, json!({"kind": "library"}))),
        ["kind", "language"]
    );
}

#[test]
fn groups_and_lists_of_groups() {
    let schema = json!({"properties": {
        "service": {"type": "object", "properties": {"port": {"type": "integer", "default": 8080}}},
        "links": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["url"],
            "properties": {"url": {"type": "string", "format": "uri"}, "title": {"type": "string"}}}}
    }});
    let got = form(schema, json!({"links": [{"url": "https://a"}, {}]}));
    let Control::Group { fields } = &got[0].control else {
        panic!("{:?}", got[0])
    };
    assert_eq!(paths(fields), ["service.port"]);
    let Control::List {
        items,
        blank,
        min_items,
        max_items,
    } = &got[1].control
    else {
        panic!("{:?}", got[1])
    };
    assert_eq!(items.len(), 2);
    assert_eq!(paths(&items[1]), ["links[1].url", "links[1].title"]);
    assert!(items[1][0].required);
    assert_eq!(paths(blank), ["links[2].url", "links[2].title"]);
    assert_eq!((*min_items, *max_items), (Some(1), None));
}

#[test]
fn defaults_fill_what_is_absent_only() {
    let schema = json!({"properties": {
        "name": {"type": "string", "default": "svc"},
        "port": {"type": "integer", "default": 80},
        "service": {"type": "object", "properties": {"tier": {"default": "gold"}}},
        "empty": {"type": "object", "properties": {"x": {"type": "string"}}}
    }});
    let got = form(schema, json!({}));
    let mut values: Map<String, Value> = json!({"name": "mine"}).as_object().unwrap().clone();
    let mut seen = BTreeSet::new();
    assert!(with_defaults(&got, &mut values, &mut seen));
    assert_eq!(
        Value::Object(values.clone()),
        json!({"name": "mine", "port": 80, "service": {"tier": "gold"}})
    );
    // Once given, a default is not given again: a field the person cleared stays clear.
    values.remove("port");
    assert!(!with_defaults(&got, &mut values, &mut seen));
    assert!(!values.contains_key("port"));
}

#[test]
fn fields_know_where_their_values_live() {
    let schema = json!({"properties": {
        "service": {"type": "object", "properties": {"port": {"type": "integer"}}},
        "links": {"type": "array", "items": {"type": "object", "properties": {"url": {}}}}
    }});
    let got = form(schema, json!({"links": [{"url": "a"}]}));
    let Control::Group { fields } = &got[0].control else {
        panic!()
    };
    assert_eq!(
        fields[0].at,
        [Key::Name("service".into()), Key::Name("port".into())]
    );
    let Control::List { items, .. } = &got[1].control else {
        panic!()
    };
    let url = &items[0][0];
    assert_eq!(
        url.at,
        [
            Key::Name("links".into()),
            Key::Item(0),
            Key::Name("url".into())
        ]
    );

    let mut values = json!({"links": [{"url": "a"}]});
    assert_eq!(value_at(&values, &url.at), Some(&json!("a")));
    set_at(&mut values, &fields[0].at, Some(json!(8080)));
    set_at(
        &mut values,
        &[
            Key::Name("links".into()),
            Key::Item(2),
            Key::Name("url".into()),
        ],
        Some(json!("c")),
    );
    assert_eq!(
        values,
        json!({"links": [{"url": "a"}, {}, {"url": "c"}], "service": {"port": 8080}})
    );
    // Emptying removes: a field, then a whole item.
    set_at(&mut values, &fields[0].at, None);
    set_at(
        &mut values,
        &[Key::Name("links".into()), Key::Item(1)],
        None,
    );
    assert_eq!(
        values,
        json!({"links": [{"url": "a"}, {"url": "c"}], "service": {}})
    );
    // A value of the wrong shape on the way is replaced, not a panic.
    let mut odd = json!({"service": 3});
    set_at(&mut odd, &fields[0].at, Some(json!(1)));
    assert_eq!(odd, json!({"service": {"port": 1}}));
}

#[test]
fn a_fixed_value_is_hidden_and_sent() {
    let got = form(
        json!({"properties": {"kind": {"const": "service"}}}),
        json!({}),
    );
    assert_eq!(got[0].control, Control::Hidden);
    let mut values = Map::new();
    with_defaults(&got, &mut values, &mut BTreeSet::new());
    assert_eq!(Value::Object(values), json!({"kind": "service"}));
}
