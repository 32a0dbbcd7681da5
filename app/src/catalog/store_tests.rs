//! Catalog store tests, run on SQLite and (when configured) PostgreSQL.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::catalog::model::{API_VERSION, Metadata};
use crate::server::testing;

fn entity(kind: &str, name: &str, title: Option<&str>, spec: serde_json::Value) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: kind.into(),
        metadata: Metadata {
            name: name.into(),
            title: title.map(str::to_owned),
            ..Metadata::default()
        },
        spec: spec.as_object().cloned().unwrap_or_default(),
        relations: vec![],
    }
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn sample() -> Vec<Entity> {
    vec![
        entity(
            "Group",
            "payments",
            Some("Payments"),
            json!({"type": "team", "members": ["ada"]}),
        ),
        entity("User", "ada", None, json!({"memberOf": ["payments"]})),
        entity(
            "Component",
            "checkout-api",
            Some("Checkout API"),
            json!({"type": "service", "lifecycle": "production", "owner": "payments", "system": "shop"}),
        ),
        entity(
            "Component",
            "ledger",
            None,
            json!({"type": "service", "owner": "group:payments"}),
        ),
        entity(
            "Component",
            "web_100%",
            None,
            json!({"type": "website", "owner": "payments"}),
        ),
        entity(
            "API",
            "checkout",
            None,
            json!({"type": "openapi", "owner": "payments"}),
        ),
    ]
}

async fn seeded() -> Vec<testing::TestDb> {
    let mut all = testing::databases().await;
    for t in &mut all {
        let mut tx = t.db.begin().await.unwrap();
        insert_entities(&mut tx, &sample(), at()).await.unwrap();
        tx.commit().await.unwrap();
    }
    all
}

fn names(items: &[EntitySummary]) -> Vec<&str> {
    items.iter().map(|e| e.name.as_str()).collect()
}

#[tokio::test]
async fn counts_by_kind_and_type() {
    for t in seeded().await {
        let db = &t.db;
        assert_eq!(
            count_entities(db, "Component", None).await.unwrap(),
            3,
            "{:?}",
            t.backend()
        );
        assert_eq!(
            count_entities(db, "component", Some("service"))
                .await
                .unwrap(),
            2
        );
        assert_eq!(count_entities(db, "group", Some("team")).await.unwrap(), 1);
        assert_eq!(count_entities(db, "system", None).await.unwrap(), 0);
        t.close().await;
    }
}

#[tokio::test]
async fn lists_filter_search_and_page() {
    for t in seeded().await {
        let db = &t.db;
        let all = EntityQuery {
            limit: 50,
            ..EntityQuery::default()
        };
        let (items, total) = list_entities(db, &all).await.unwrap();
        assert_eq!(total, 6, "{:?}", t.backend());
        assert_eq!(
            names(&items),
            [
                "checkout",
                "checkout-api",
                "ledger",
                "web_100%",
                "payments",
                "ada"
            ]
        );

        let components = EntityQuery {
            kind: "component".into(),
            limit: 2,
            offset: 1,
            ..all.clone()
        };
        let (items, total) = list_entities(db, &components).await.unwrap();
        assert_eq!((names(&items), total), (vec!["ledger", "web_100%"], 3));

        // Title matches, case-insensitively.
        let (items, _) = list_entities(
            db,
            &EntityQuery {
                text: "CHECKOUT api".into(),
                ..all.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(names(&items), ["checkout-api"]);

        // LIKE wildcards in the search text match only themselves.
        let (items, _) = list_entities(
            db,
            &EntityQuery {
                text: "_100%".into(),
                ..all.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(names(&items), ["web_100%"]);
        let (items, _) = list_entities(
            db,
            &EntityQuery {
                text: "%".into(),
                ..all.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(names(&items), ["web_100%"]);

        let checkout = &list_entities(
            db,
            &EntityQuery {
                text: "checkout-api".into(),
                ..all
            },
        )
        .await
        .unwrap()
        .0[0];
        assert_eq!(checkout.entity_ref, "component:default/checkout-api");
        assert_eq!(
            checkout.owner_ref.as_deref(),
            Some("group:default/payments")
        );
        assert_eq!(checkout.system_ref.as_deref(), Some("system:default/shop"));
        assert_eq!(checkout.lifecycle.as_deref(), Some("production"));
        assert_eq!(checkout.display_name(), "Checkout API");
        t.close().await;
    }
}

#[tokio::test]
async fn stores_both_directions_of_each_relation_once() {
    for t in seeded().await {
        let db = &t.db;
        let group = relations_from(db, "group:default/payments").await.unwrap();
        let expected: Vec<(String, String)> = [
            ("hasMember", "user:default/ada"),
            ("ownerOf", "api:default/checkout"),
            ("ownerOf", "component:default/checkout-api"),
            ("ownerOf", "component:default/ledger"),
            ("ownerOf", "component:default/web_100%"),
        ]
        .iter()
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .collect();
        assert_eq!(group, expected, "{:?}", t.backend());
        let user = relations_from(db, "User:default/ADA").await.unwrap();
        assert_eq!(
            user,
            vec![("memberOf".to_owned(), "group:default/payments".to_owned())]
        );
        t.close().await;
    }
}

#[tokio::test]
async fn an_entity_ref_is_stored_once() {
    for t in seeded().await {
        let mut tx = t.db.begin().await.unwrap();
        let again = insert_entities(
            &mut tx,
            &[entity("Component", "Ledger", None, json!({}))],
            at(),
        )
        .await;
        assert!(
            again.is_err(),
            "a second component:default/ledger must be refused on {:?}",
            t.backend()
        );
        drop(tx);
        assert_eq!(count_entities(&t.db, "component", None).await.unwrap(), 3);
        t.close().await;
    }
}

#[test]
fn etags_are_stable_fingerprints() {
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(fnv1a(b"ab"), fnv1a(b"ba"));
}
