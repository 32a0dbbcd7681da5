//! Unit tests of descriptor validation: one case per rule, each naming the field at fault.

use super::*;
use serde_json::json;

fn component() -> Value {
    json!({
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": "cart", "tags": ["java", "c++"], "links": [{"url": "https://x", "title": "Docs"}]},
        "spec": {"type": "service", "lifecycle": "production", "owner": "team-a", "providesApis": ["cart-api"]}
    })
}

/// Applies `change` to a valid component and expects exactly the problems at `paths`.
fn check(change: impl FnOnce(&mut Value), expected: &[(&str, &str)]) {
    let mut document = component();
    change(&mut document);
    let problems = validate(&document).expect_err("expected problems");
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.field.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for ((field, message), (want_field, want_text)) in found.iter().zip(expected) {
        assert_eq!(field, want_field, "{found:?}");
        assert!(
            message.contains(want_text),
            "{message:?} lacks {want_text:?}"
        );
    }
}

#[test]
fn a_valid_component_becomes_an_entity() {
    let entity = validate(&component()).unwrap();
    assert_eq!(entity.entity_ref().to_string(), "component:default/cart");
    assert_eq!(entity.metadata.tags, ["java", "c++"]);
}

#[test]
fn envelope_problems() {
    check(
        |d| d["kind"] = json!("Widget"),
        &[("kind", "unknown kind \"Widget\"")],
    );
    check(
        |d| d["kind"] = json!("component"),
        &[("kind", "write \"Component\"")],
    );
    check(
        |d| {
            d.as_object_mut().unwrap().remove("kind");
        },
        &[("kind", "required")],
    );
    check(
        |d| d["apiVersion"] = json!("backstage.io/v2"),
        &[("apiVersion", "does not support")],
    );
    check(
        |d| {
            d.as_object_mut().unwrap().remove("apiVersion");
        },
        &[("apiVersion", "required")],
    );
    check(|d| d["extra"] = json!(1), &[("extra", "unknown field")]);
    check(
        |d| d["spec"] = json!("text"),
        &[("spec", "must be a mapping, not text")],
    );
    assert_eq!(
        validate(&json!(["a"])).unwrap_err()[0].message,
        "an entity must be a mapping, not a list"
    );
}

#[test]
fn metadata_problems() {
    check(
        |d| {
            d["metadata"].as_object_mut().unwrap().remove("name");
        },
        &[("metadata.name", "required")],
    );
    check(
        |d| d["metadata"]["name"] = json!("-cart"),
        &[("metadata.name", "not a valid name")],
    );
    check(
        |d| d["metadata"]["name"] = json!("a".repeat(64)),
        &[("metadata.name", "not a valid name")],
    );
    check(
        |d| d["metadata"]["name"] = json!(42),
        &[("metadata.name", "must be text, not a number")],
    );
    check(
        |d| d["metadata"]["namespace"] = json!("Team_A"),
        &[("metadata.namespace", "not a valid namespace")],
    );
    check(
        |d| d["metadata"]["title"] = json!(["x"]),
        &[("metadata.title", "must be text")],
    );
    check(
        |d| d["metadata"]["tags"] = json!(["Java"]),
        &[("metadata.tags[0]", "not a valid tag")],
    );
    check(
        |d| d["metadata"]["tags"] = json!(["a--b"]),
        &[("metadata.tags[0]", "not a valid tag")],
    );
    check(
        |d| d["metadata"]["tags"] = json!("java"),
        &[("metadata.tags", "list of tags")],
    );
    check(
        |d| d["metadata"]["labels"] = json!({"-x": "a"}),
        &[("metadata.labels.-x", "not a valid key")],
    );
    check(
        |d| d["metadata"]["labels"] = json!({"x": "a b"}),
        &[("metadata.labels.x", "not a valid label value")],
    );
    check(
        |d| d["metadata"]["annotations"] = json!({"backstage.io/source-location": 3}),
        &[(
            "metadata.annotations.backstage.io/source-location",
            "must be text",
        )],
    );
    check(
        |d| d["metadata"]["links"] = json!([{"title": "x"}]),
        &[("metadata.links[0].url", "required")],
    );
    check(
        |d| d["metadata"]["links"] = json!(["x"]),
        &[("metadata.links[0]", "mapping with a url")],
    );
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example.com",
    ] {
        check(
            |d| d["metadata"]["links"] = json!([{"url": url}]),
            &[("metadata.links[0].url", "http:, https: or mailto:")],
        );
    }
    for url in ["https://x.example", "HTTP://x", "mailto:team@example.com"] {
        let mut document = component();
        document["metadata"]["links"] = json!([{"url": url}]);
        assert!(validate(&document).is_ok(), "{url}");
    }
}

#[test]
fn nesting_and_size_are_bounded_for_every_door() {
    let mut deep = json!(1);
    for _ in 0..crate::limits::MAX_NESTING_DEPTH {
        deep = Value::Array(vec![deep]);
    }
    check(
        |d| d["spec"]["x"] = deep.clone(),
        &[("", "an entity may nest at most 64")],
    );
    let mut shallow = json!(1);
    for _ in 0..crate::limits::MAX_NESTING_DEPTH - 3 {
        shallow = Value::Array(vec![shallow]);
    }
    let mut document = component();
    document["spec"]["x"] = shallow;
    assert!(validate(&document).is_ok());
    check(
        |d| d["spec"]["x"] = json!("x".repeat(crate::limits::MAX_ENTITY_BYTES)),
        &[("", "an entity may have at most")],
    );
}

#[test]
fn spec_problems() {
    check(
        |d| {
            d["spec"].as_object_mut().unwrap().remove("owner");
        },
        &[("spec.owner", "required for a Component")],
    );
    check(
        |d| d["spec"]["lifecycle"] = json!(""),
        &[("spec.lifecycle", "must not be empty")],
    );
    check(
        |d| d["spec"]["type"] = json!(3),
        &[("spec.type", "must be text, not a number")],
    );
    check(
        |d| d["spec"]["providesApis"] = json!("cart-api"),
        &[("spec.providesApis", "must be a list")],
    );
    check(
        |d| d["spec"]["providesApis"] = json!(["ok", "a/b/c"]),
        &[("spec.providesApis[1]", "not of the form")],
    );
    check(
        |d| d["spec"]["owner"] = json!("group:-bad"),
        &[("spec.owner", "invalid name")],
    );
    let api = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "API", "metadata": {"name": "a"},
        "spec": {"type": "openapi", "lifecycle": "production", "owner": "t"}});
    assert_eq!(validate(&api).unwrap_err()[0].field, "spec.definition");
    let location = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Location", "metadata": {"name": "l"}, "spec": {}});
    assert_eq!(validate(&location).unwrap_err()[0].field, "spec.target");
    let group = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "g"}, "spec": {"type": "team"}});
    assert_eq!(validate(&group).unwrap_err()[0].field, "spec.children");
}

#[test]
fn name_rules() {
    for (name, valid) in [
        ("a", true),
        ("A1", true),
        ("my.service_v2-x", true),
        ("", false),
        ("a-", false),
        ("_a", false),
        ("a b", false),
        ("ä", false),
    ] {
        assert_eq!(is_valid_name(name), valid, "{name:?}");
    }
    for (tag, valid) in [
        ("c++", true),
        ("c#", true),
        ("k8s:v1", true),
        ("a-b", true),
        ("-a", false),
        ("a_b", false),
    ] {
        assert_eq!(is_valid_tag(tag), valid, "{tag:?}");
    }
    for (key, valid) in [
        ("backstage.io/techdocs-ref", true),
        ("simple", true),
        ("Bad.Prefix/x", false),
        ("a/b/c", false),
    ] {
        assert_eq!(is_valid_key(key), valid, "{key:?}");
    }
}

#[test]
fn a_template_is_checked_by_the_scaffolder_schema() {
    let template = |steps: Value| {
        json!({
            "apiVersion": "scaffolder.backstage.io/v1beta3",
            "kind": "Template",
            "metadata": {"name": "new-service"},
            "spec": {"type": "service", "owner": "platform", "steps": steps}
        })
    };
    let entity = validate(&template(json!([{"id": "log", "action": "debug:log"}]))).unwrap();
    assert_eq!(
        entity.entity_ref().to_string(),
        "template:default/new-service"
    );
    let problems = validate(&template(json!([{"id": "go", "action": "shell:run"}]))).unwrap_err();
    let found: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(found, ["spec.steps[0].action"]);
    assert!(problems[0].message.contains("`go`"));
    // `type` is reported once, by the kind's rules, not again by the template's.
    let mut untyped = template(json!([]));
    untyped["spec"].as_object_mut().unwrap().remove("type");
    let found: Vec<String> = validate(&untyped)
        .unwrap_err()
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(found, ["spec.type"]);
}
