//! Unit tests of entity refs and relation pairs.

use super::*;
use serde_json::json;

fn check_ref(text: &str, default_kind: Option<&str>, expected: Result<&str, RefError>) {
    let parsed = EntityRef::parse(text, default_kind, "default").map(|r| r.to_string());
    assert_eq!(parsed, expected.map(str::to_owned), "parsing {text:?}");
}

#[test]
fn refs_parse_with_defaults() {
    check_ref("component:default/cart", None, Ok("component:default/cart"));
    check_ref("Component:Default/cart", None, Ok("component:default/cart"));
    check_ref("payments", Some("group"), Ok("group:default/payments"));
    check_ref("ops/payments", Some("Group"), Ok("group:ops/payments"));
    check_ref("user:jdoe", Some("group"), Ok("user:default/jdoe"));
    check_ref("  api:petstore  ", None, Ok("api:default/petstore"));
    check_ref(
        "Cart-Service",
        Some("component"),
        Ok("component:default/Cart-Service"),
    );
}

#[test]
fn refs_reject_malformed_text() {
    check_ref("", None, Err(RefError::Empty));
    check_ref("cart", None, Err(RefError::MissingKind("cart".into())));
    check_ref(
        "component:",
        None,
        Err(RefError::Malformed("component:".into())),
    );
    check_ref(":cart", None, Err(RefError::Malformed(":cart".into())));
    check_ref(
        "a/b/c",
        Some("component"),
        Err(RefError::Malformed("a/b/c".into())),
    );
    check_ref(
        "component:ns/",
        None,
        Err(RefError::Malformed("component:ns/".into())),
    );
}

#[test]
fn keys_ignore_case() {
    let r = EntityRef::parse("Component:default/Cart", None, "default").unwrap();
    assert_eq!(r.to_string(), "component:default/Cart");
    assert_eq!(r.key(), "component:default/cart");
}

fn entity(kind: &str, name: &str, namespace: Option<&str>, spec: Value) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: kind.into(),
        metadata: Metadata {
            name: name.into(),
            namespace: namespace.map(str::to_owned),
            ..Metadata::default()
        },
        spec: spec.as_object().cloned().unwrap_or_default(),
        relations: vec![],
        status: None,
    }
}

fn check_relations(entity: &Entity, expected: &[(&str, &str, &str)]) {
    let mut actual: Vec<(String, &str, String)> = relations_of(entity)
        .into_iter()
        .map(|e| (e.source.to_string(), e.kind, e.target.to_string()))
        .collect();
    actual.sort();
    let mut expected: Vec<(String, &str, String)> = expected
        .iter()
        .map(|(s, k, t)| (s.to_string(), *k, t.to_string()))
        .collect();
    expected.sort();
    assert_eq!(actual, expected);
}

#[test]
fn component_relations_come_in_pairs() {
    let cart = entity(
        "Component",
        "cart",
        None,
        json!({
            "type": "service", "lifecycle": "production", "owner": "team-a", "system": "shop",
            "providesApis": ["cart-api"], "consumesApis": ["api:payments/pay-api"],
            "dependsOn": ["resource:cart-db"], "subcomponentOf": "storefront"
        }),
    );
    check_relations(
        &cart,
        &[
            ("component:default/cart", "ownedBy", "group:default/team-a"),
            ("group:default/team-a", "ownerOf", "component:default/cart"),
            ("component:default/cart", "partOf", "system:default/shop"),
            ("system:default/shop", "hasPart", "component:default/cart"),
            (
                "component:default/cart",
                "providesApi",
                "api:default/cart-api",
            ),
            (
                "api:default/cart-api",
                "apiProvidedBy",
                "component:default/cart",
            ),
            (
                "component:default/cart",
                "consumesApi",
                "api:payments/pay-api",
            ),
            (
                "api:payments/pay-api",
                "apiConsumedBy",
                "component:default/cart",
            ),
            (
                "component:default/cart",
                "dependsOn",
                "resource:default/cart-db",
            ),
            (
                "resource:default/cart-db",
                "dependencyOf",
                "component:default/cart",
            ),
            (
                "component:default/cart",
                "subcomponentOf",
                "component:default/storefront",
            ),
            (
                "component:default/storefront",
                "hasSubcomponent",
                "component:default/cart",
            ),
        ],
    );
}

#[test]
fn targets_default_to_the_entity_namespace() {
    let api = entity("API", "orders", Some("shop"), json!({"owner": "team-a"}));
    check_relations(
        &api,
        &[
            ("api:shop/orders", "ownedBy", "group:shop/team-a"),
            ("group:shop/team-a", "ownerOf", "api:shop/orders"),
        ],
    );
}

#[test]
fn org_relations() {
    let group = entity(
        "Group",
        "team-a",
        None,
        json!({"type": "team", "parent": "backstage", "children": ["team-a1"], "members": ["jdoe"]}),
    );
    check_relations(
        &group,
        &[
            ("group:default/team-a", "childOf", "group:default/backstage"),
            (
                "group:default/backstage",
                "parentOf",
                "group:default/team-a",
            ),
            ("group:default/team-a", "parentOf", "group:default/team-a1"),
            ("group:default/team-a1", "childOf", "group:default/team-a"),
            ("group:default/team-a", "hasMember", "user:default/jdoe"),
            ("user:default/jdoe", "memberOf", "group:default/team-a"),
        ],
    );
    let user = entity(
        "User",
        "jdoe",
        None,
        json!({"memberOf": ["team-a", "team-a"]}),
    );
    check_relations(
        &user,
        &[
            ("user:default/jdoe", "memberOf", "group:default/team-a"),
            ("group:default/team-a", "hasMember", "user:default/jdoe"),
        ],
    );
}

#[test]
fn systems_and_domains() {
    let system = entity(
        "System",
        "shop",
        None,
        json!({"owner": "team-a", "domain": "commerce"}),
    );
    check_relations(
        &system,
        &[
            ("system:default/shop", "ownedBy", "group:default/team-a"),
            ("group:default/team-a", "ownerOf", "system:default/shop"),
            ("system:default/shop", "partOf", "domain:default/commerce"),
            ("domain:default/commerce", "hasPart", "system:default/shop"),
        ],
    );
}

#[test]
fn fields_of_other_kinds_and_bad_refs_make_no_relations() {
    check_relations(
        &entity("Location", "l", None, json!({"owner": "team-a"})),
        &[],
    );
    check_relations(
        &entity(
            "Component",
            "c",
            None,
            json!({"owner": "a/b/c", "system": 3}),
        ),
        &[],
    );
}

#[test]
fn envelope_round_trips_in_backstage_json() {
    let text = r#"{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"cart","tags":["go"],"links":[{"url":"https://x","title":"Docs"}]},"spec":{"type":"service"},"relations":[{"type":"ownedBy","targetRef":"group:default/a"}]}"#;
    let entity: Entity = serde_json::from_str(text).unwrap();
    assert_eq!(entity.relations[0].target_ref, "group:default/a");
    assert_eq!(entity.spec_str("type"), Some("service"));
    assert_eq!(serde_json::to_string(&entity).unwrap(), text);
}

#[test]
fn short_refs_drop_kind_and_the_default_namespace() {
    assert_eq!(short_ref("group:default/payments"), "payments");
    assert_eq!(short_ref("group:ops/payments"), "ops/payments");
    assert_eq!(short_ref("payments"), "payments");
}
