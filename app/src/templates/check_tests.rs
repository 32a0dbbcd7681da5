//! The form check, keyword by keyword, with conditions, paths and the bound on what it reports.

use serde_json::{Value, json};

use super::check::{MAX_PROBLEMS, check, matches};

/// The problems of `values` under the form `schema`, as `path: message` lines.
fn problems(schema: Value, values: Value) -> Vec<String> {
    let schema = schema.as_object().expect("a schema object").clone();
    check(&schema, &values)
        .into_iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect()
}

fn one(schema: Value, value: Value) -> Vec<String> {
    problems(
        json!({"type": "object", "properties": {"x": schema}}),
        json!({ "x": value }),
    )
}

#[test]
fn required_fields_and_emptied_ones() {
    let form = json!({"required": ["name", "owner"], "properties": {
        "name": {"type": "string"}, "owner": {"type": "string"}, "note": {"type": "string"}}});
    assert_eq!(
        problems(form.clone(), json!({"name": "", "owner": null})),
        ["name: is required", "owner: is required"]
    );
    assert!(problems(form.clone(), json!({"name": "a", "owner": "b"})).is_empty());
    // Required without a property schema still counts.
    assert_eq!(
        problems(json!({"required": ["ghost"]}), json!({})),
        ["ghost: is required"]
    );
    // Values that are not a mapping are read as an empty form.
    assert_eq!(problems(form, json!([1, 2])).len(), 2);
}

#[test]
fn types() {
    let cases = [
        (json!({"type": "string"}), json!(3), Some("x: must be text")),
        (
            json!({"type": "number"}),
            json!("3"),
            Some("x: must be a number"),
        ),
        (
            json!({"type": "integer"}),
            json!(2.5),
            Some("x: must be a whole number"),
        ),
        (json!({"type": "integer"}), json!(2.0), None),
        (
            json!({"type": "boolean"}),
            json!("true"),
            Some("x: must be true or false"),
        ),
        (
            json!({"type": "array"}),
            json!({}),
            Some("x: must be a list"),
        ),
        (
            json!({"type": "object"}),
            json!([]),
            Some("x: must be a group of fields"),
        ),
        (
            json!({"type": ["string", "number"]}),
            json!(true),
            Some("x: must be text or a number"),
        ),
        (json!({"type": ["string", "number"]}), json!(4), None),
        (json!({"type": "boolean"}), json!(false), None),
    ];
    for (schema, value, expected) in cases {
        let expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        assert_eq!(
            one(schema.clone(), value.clone()),
            expected,
            "{schema} {value}"
        );
    }
}

#[test]
fn text_keywords() {
    let cases = [
        (
            json!({"minLength": 3}),
            json!("ab"),
            Some("must be at least 3 characters"),
        ),
        // Characters, not bytes.
        (json!({"maxLength": 2}), json!("éé"), None),
        (
            json!({"maxLength": 2}),
            json!("abc"),
            Some("must be at most 2 characters"),
        ),
        (json!({"pattern": "^[a-z-]+$"}), json!("my-svc"), None),
        (
            json!({"pattern": "^[a-z-]+$"}),
            json!("My svc"),
            Some("must match the pattern ^[a-z-]+$"),
        ),
        // Not anchored unless the pattern says so.
        (json!({"pattern": "b"}), json!("abc"), None),
        (
            json!({"pattern": "(?=x)"}),
            json!("x"),
            Some("cannot be checked: the pattern (?=x) is not one Runway can check"),
        ),
        (
            json!({"pattern": "("}),
            json!("x"),
            Some("cannot be checked"),
        ),
        (json!({"const": "a"}), json!("b"), Some("must be a")),
        (
            json!({"enum": ["go", "rust"], "enumNames": ["Go", "Rust"]}),
            json!("c"),
            Some("must be one of: Go, Rust"),
        ),
        (
            json!({"enum": ["go", 1]}),
            json!("c"),
            Some("must be one of: go, 1"),
        ),
        (json!({"enum": [1]}), json!(1.0), None),
    ];
    for (schema, value, expected) in cases {
        let got = one(schema.clone(), value.clone());
        match expected {
            None => assert!(got.is_empty(), "{schema} {value}: {got:?}"),
            Some(start) => assert!(
                got.len() == 1 && got[0].starts_with(&format!("x: {start}")),
                "{schema} {value}: {got:?}"
            ),
        }
    }
}

#[test]
fn formats() {
    let cases = [
        ("email", "dev@example.com", true),
        ("email", "first.last+tag@mail.example.org", true),
        ("email", "dev@localhost", false),
        ("email", "dev@@example.com", false),
        ("email", "de v@example.com", false),
        ("email", ".dev@example.com", false),
        ("email", "dev@-example.com", false),
        ("uri", "https://example.com/a?b=c#d", true),
        ("uri", "mailto:dev@example.com", true),
        ("uri", "example.com", false),
        ("uri", "https://exa mple.com", false),
        ("uri", "https://example.com/%zz", false),
        ("uri", "1http://x", false),
        ("date", "2026-02-28", true),
        ("date", "2026-02-30", false),
        ("date", "2026-2-3", false),
        ("date-time", "2026-12-03T09:30:00Z", true),
        ("date-time", "2026-12-03 09:30", false),
        (
            "data-url",
            "data:text/plain;name=a.txt;base64,SGVsbG8=",
            true,
        ),
        ("data-url", "data:,hello", true),
        ("data-url", "data:text/plain;base64,SGVsbG8", false),
        ("data-url", "data:text/plain;base64,SGV*bG8=", false),
        ("data-url", "text/plain,hello", false),
        // Unknown formats are hints, as JSON Schema has it.
        ("color", "not a colour", true),
    ];
    for (format, text, fits) in cases {
        let got = one(json!({"type": "string", "format": format}), json!(text));
        assert_eq!(got.is_empty(), fits, "{format} {text}: {got:?}");
    }
}

#[test]
fn numbers() {
    let schema = json!({"type": "number", "minimum": 1, "maximum": 10.5});
    assert_eq!(one(schema.clone(), json!(0)), ["x: must be at least 1"]);
    assert_eq!(one(schema.clone(), json!(11)), ["x: must be at most 10.5"]);
    assert!(one(schema, json!(10.5)).is_empty());
    let exclusive = json!({"exclusiveMinimum": 0, "exclusiveMaximum": 5});
    assert_eq!(one(exclusive.clone(), json!(0)), ["x: must be more than 0"]);
    assert_eq!(one(exclusive, json!(5)), ["x: must be less than 5"]);
}

#[test]
fn lists_and_their_items() {
    let schema = json!({"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true,
        "items": {"type": "object", "required": ["url"], "properties": {
            "url": {"type": "string", "format": "uri"}, "title": {"type": "string"}}}});
    assert_eq!(one(schema.clone(), json!([])), ["x: needs at least 1 item"]);
    assert_eq!(
        one(
            schema.clone(),
            json!([{"url": "https://a"}, {"title": "t"}, {"url": "b"}])
        ),
        [
            "x: takes at most 2 items",
            "x[1].url: is required",
            "x[2].url: must be an address with a scheme, such as https://example.com"
        ]
    );
    assert_eq!(
        one(schema, json!([{"url": "https://a"}, {"url": "https://a"}])),
        ["x[1]: repeats an earlier item"]
    );
    // Unique by value: 1 and 1.0 are the same, key order does not matter; and in one pass.
    let unique = json!({"type": "array", "uniqueItems": true});
    assert_eq!(
        one(unique.clone(), json!([1, 2, 1.0])),
        ["x[2]: repeats an earlier item"]
    );
    assert_eq!(
        one(unique.clone(), json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}])),
        ["x[1]: repeats an earlier item"]
    );
    assert!(one(unique.clone(), json!([{"a": 1}, {"a": "1"}, [1], "1"])).is_empty());
    let many: Vec<Value> = (0..200_000)
        .map(Value::from)
        .chain([Value::from(7)])
        .collect();
    assert_eq!(
        one(unique, Value::Array(many)),
        ["x[200000]: repeats an earlier item"]
    );
    let tags = json!({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}});
    assert_eq!(one(tags, json!(["a", "c"])), ["x[1]: must be one of: a, b"]);
}

#[test]
fn nested_groups_and_odd_names() {
    let schema = json!({"properties": {"service": {"type": "object", "required": ["port"],
        "properties": {"port": {"type": "integer"}, "a.b": {"type": "string"}}}}});
    assert_eq!(
        problems(schema, json!({"service": {"a.b": 1}})),
        [
            "service.port: is required",
            "service[\"a.b\"]: must be text"
        ]
    );
}

#[test]
fn if_then_else_picks_the_branch_by_the_values() {
    let schema = json!({
        "properties": {"kind": {"enum": ["service", "library"]}},
        "if": {"properties": {"kind": {"const": "service"}}},
        "then": {"required": ["port"], "properties": {"port": {"type": "integer"}}},
        "else": {"required": ["language"]}
    });
    assert_eq!(
        problems(schema.clone(), json!({"kind": "service"})),
        ["port: is required"]
    );
    assert_eq!(
        problems(schema.clone(), json!({"kind": "library"})),
        ["language: is required"]
    );
    assert!(problems(schema, json!({"kind": "service", "port": 8080})).is_empty());
}

#[test]
fn all_of_adds_up() {
    let schema = json!({"allOf": [
        {"required": ["a"], "properties": {"a": {"type": "string"}}},
        {"properties": {"a": {"maxLength": 2}}}
    ]});
    assert_eq!(problems(schema.clone(), json!({})), ["a: is required"]);
    assert_eq!(
        problems(schema, json!({"a": "abc"})),
        ["a: must be at most 2 characters"]
    );
    // On a plain value, every part applies.
    assert_eq!(
        one(
            json!({"allOf": [{"minLength": 2}, {"pattern": "^a"}]}),
            json!("b")
        ),
        [
            "x: must be at least 2 characters",
            "x: must match the pattern ^a"
        ]
    );
}

#[test]
fn dependencies_with_one_of_and_lists() {
    let schema = json!({
        "properties": {"database": {"type": "string", "enum": ["none", "postgres"]}},
        "dependencies": {
            "database": {"oneOf": [
                {"properties": {"database": {"const": "none"}}},
                {"properties": {"database": {"const": "postgres"},
                    "size": {"type": "integer", "minimum": 1}}, "required": ["size"]}
            ]},
            "email": ["name"]
        }
    });
    assert!(problems(schema.clone(), json!({"database": "none"})).is_empty());
    assert_eq!(
        problems(schema.clone(), json!({"database": "postgres"})),
        ["size: is required"]
    );
    assert_eq!(
        problems(schema.clone(), json!({"database": "postgres", "size": 0})),
        ["size: must be at least 1"]
    );
    assert_eq!(
        problems(schema.clone(), json!({"email": "a@b.co"})),
        ["name: is required"]
    );
    assert!(problems(schema, json!({})).is_empty());
}

#[test]
fn one_problem_per_field_and_a_bounded_list() {
    // The same rule reached twice (base and condition) is said once.
    let schema = json!({"properties": {"a": {"minLength": 3}}, "allOf": [{"properties": {"a": {"minLength": 3}}}]});
    assert_eq!(problems(schema, json!({"a": "x"})).len(), 1);
    let many = json!({"type": "array", "items": {"type": "string"}});
    let values: Vec<Value> = (0..100_000).map(Value::from).collect();
    let got = one(many, Value::Array(values));
    assert_eq!(got.len(), MAX_PROBLEMS + 1);
    assert_eq!(
        got[MAX_PROBLEMS],
        format!(": and {} more problems", 100_000 - MAX_PROBLEMS)
    );
}

#[test]
fn a_pattern_over_many_items_and_many_patterns() {
    // One pattern, a hundred thousand items: compiled once per thread, not once per item.
    let schema =
        json!({"type": "array", "items": {"type": "string", "pattern": "^(a|b)+[0-9]{2,4}$"}});
    let items: Vec<Value> = (0..100_000)
        .map(|i| json!(format!("ab{:02}", i % 100)))
        .collect();
    assert!(one(schema, Value::Array(items)).is_empty());
    // More distinct patterns than the cache holds still check each one right.
    for i in 0..200 {
        let schema = json!({"pattern": format!("^x{i}$")});
        assert!(one(schema.clone(), json!(format!("x{i}"))).is_empty());
        assert_eq!(one(schema, json!("y")).len(), 1);
    }
}

#[test]
fn matches_decides_conditions() {
    let schema = json!({"properties": {"a": {"const": 1}}, "required": ["a"]});
    let schema = schema.as_object().unwrap();
    assert!(matches(schema, &json!({"a": 1})));
    assert!(!matches(schema, &json!({"a": 2})));
    assert!(!matches(schema, &json!({})));
}
