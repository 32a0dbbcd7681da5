//! Catalog store tests, run on SQLite and (when configured) PostgreSQL.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::catalog::filter::{CatalogFilter, Facet};
use crate::catalog::model::{API_VERSION, Metadata};
use crate::catalog::model::{EntitySummary, Relation};
use crate::db::testing;
use query::Viewer;

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
        status: None,
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

/// A page of the list from an index built afresh over `db`.
async fn list(
    db: &crate::db::Db,
    filter: &CatalogFilter,
    viewer: &Viewer,
    limit: i64,
) -> (Vec<EntitySummary>, i64) {
    let page = crate::catalog::index::CatalogIndex::new()
        .list(db, filter, viewer, limit, 10)
        .await
        .unwrap();
    (page.items, page.total)
}

fn filter(text: &str) -> CatalogFilter {
    CatalogFilter {
        text: text.into(),
        ..CatalogFilter::default()
    }
}

#[tokio::test]
async fn lists_filter_search_and_page() {
    let everyone = Viewer::default();
    for t in seeded().await {
        let db = &t.db;
        let (items, total) = list(db, &filter(""), &everyone, 50).await;
        assert_eq!(total, 6, "{:?}", t.backend());
        assert_eq!(
            names(&items),
            [
                "ada",
                "checkout",
                "checkout-api",
                "ledger",
                "payments",
                "web_100%"
            ]
        );

        let mut components = filter("");
        components.select(Facet::Kind, "component".into());
        components.page = 1;
        let (items, total) = list(db, &components, &everyone, 2).await;
        assert_eq!((names(&items), total), (vec!["web_100%"], 3));

        // Title matches, case-insensitively.
        let (items, _) = list(db, &filter("CHECKOUT api"), &everyone, 50).await;
        assert_eq!(names(&items), ["checkout-api"]);

        // LIKE wildcards in the search text match only themselves.
        let (items, _) = list(db, &filter("_100%"), &everyone, 50).await;
        assert_eq!(names(&items), ["web_100%"]);
        let (items, _) = list(db, &filter("%"), &everyone, 50).await;
        assert_eq!(names(&items), ["web_100%"]);

        // A reader limited to other owners sees nothing; one limited to payments sees its own.
        let outsider = Viewer {
            readable_owners: Some(["group:default/other".to_owned()].into()),
            ..Viewer::default()
        };
        assert_eq!(list(db, &filter(""), &outsider, 50).await.1, 0);
        let insider = Viewer {
            readable_owners: Some(["group:default/payments".to_owned()].into()),
            ..Viewer::default()
        };
        let (items, _) = list(db, &filter(""), &insider, 50).await;
        assert_eq!(
            names(&items),
            ["checkout", "checkout-api", "ledger", "payments", "web_100%"]
        );

        let checkout = &list(db, &filter("checkout-api"), &everyone, 50).await.0[0];
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
async fn saving_again_replaces_and_keeps_the_uid() {
    for t in seeded().await {
        let key = "component:default/ledger".to_owned();
        let before = query::get(&t.db, query::By::Refs(std::slice::from_ref(&key)))
            .await
            .unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let changed = entity(
            "Component",
            "Ledger",
            None,
            json!({"type": "library", "owner": "platform"}),
        );
        insert_entities(&mut tx, &[changed], at()).await.unwrap();
        tx.commit().await.unwrap();
        let after = query::get(&t.db, query::By::Refs(std::slice::from_ref(&key)))
            .await
            .unwrap();
        assert_eq!(after.len(), 1, "{:?}", t.backend());
        assert_eq!(after[0].entity.metadata.uid, before[0].entity.metadata.uid);
        assert_ne!(
            after[0].entity.metadata.etag,
            before[0].entity.metadata.etag
        );
        assert_eq!(
            after[0].owner_ref.as_deref(),
            Some("group:default/platform")
        );
        // The old owner no longer claims it; the new one does.
        let payments = relations_from(&t.db, "group:default/payments")
            .await
            .unwrap();
        assert!(!payments.iter().any(|(_, target)| target == &key));
        assert_eq!(
            after[0].entity.relations,
            vec![Relation {
                kind: "ownedBy".into(),
                target_ref: "group:default/platform".into()
            }]
        );
        assert_eq!(count_entities(&t.db, "component", None).await.unwrap(), 3);

        let mut tx = t.db.begin().await.unwrap();
        delete_entities(&mut tx, std::slice::from_ref(&key))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(
            query::get(&t.db, query::By::Refs(&[key]))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(count_entities(&t.db, "component", None).await.unwrap(), 2);
        t.close().await;
    }
}

#[tokio::test]
async fn facets_count_values_among_the_other_filters() {
    for t in seeded().await {
        let mut only_services = CatalogFilter::default();
        only_services.select(Facet::Type, "service".into());
        let page = crate::catalog::index::CatalogIndex::new()
            .list(&t.db, &only_services, &Viewer::default(), 10, 10)
            .await
            .unwrap();
        let facets = page.facets;
        let of = |facet: Facet| {
            facets
                .iter()
                .find(|f| f.facet == facet)
                .unwrap()
                .values
                .clone()
        };
        // Kinds among services; types ignore their own selection.
        assert_eq!(
            of(Facet::Kind),
            vec![("component".to_owned(), 2)],
            "{:?}",
            t.backend()
        );
        assert_eq!(of(Facet::Type)[0], ("service".to_owned(), 2));
        assert_eq!(of(Facet::Type).len(), 4);
        assert_eq!(
            of(Facet::Owner),
            vec![("group:default/payments".to_owned(), 2)]
        );
        t.close().await;
    }
}

#[tokio::test]
async fn statistics_are_refreshed_after_a_bulk_write() {
    for t in seeded().await {
        refresh_statistics(&t.db).await.unwrap();
        if t.backend() == crate::db::Backend::Postgres {
            let analysed: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE schemaname = current_schema() \
                 AND relname IN ('entities', 'entity_relations', 'entity_search') AND last_analyze IS NOT NULL",
            )
            .fetch_one(t.db.reader())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
            assert_eq!(analysed, 3);
        }
        t.close().await;
    }
}

#[test]
fn etags_are_stable_fingerprints() {
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(fnv1a(b"ab"), fnv1a(b"ba"));
}

/// A row whose body no reader can take (written before bodies were bounded): it is left out and
/// logged, while the index, lists and lookups keep answering for everything else.
#[tokio::test]
async fn an_unreadable_row_is_skipped_not_fatal() {
    for t in seeded().await {
        let warm = crate::catalog::index::CatalogIndex::new();
        let list = async |index: &crate::catalog::index::CatalogIndex| {
            index
                .list(&t.db, &CatalogFilter::default(), &Viewer::default(), 50, 10)
                .await
                .unwrap()
        };
        let before = list(&warm).await.total;
        let deep = format!("{}1{}", "[".repeat(130), "]".repeat(130));
        let body = format!(
            r#"{{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{{"name":"deep"}},"spec":{{"x":{deep}}}}}"#
        );
        let mut tx = t.db.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO entities (uid, entity_ref, kind, namespace, name, body, etag, created_at, updated_at) \
             VALUES ('u-deep', 'component:default/deep', 'component', 'default', 'deep', $1, 'e', 0, 0)",
        )
        .bind(body)
        .execute(&mut *tx)
        .await
        .unwrap();
        changes::record(&mut tx, &["component:default/deep".to_owned()], 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // An index catching up on the change, and a fresh one (as at start-up), both answer.
        let fresh = crate::catalog::index::CatalogIndex::new();
        for index in [&warm, &fresh] {
            let page = list(index).await;
            assert_eq!(page.total, before, "{:?}", t.backend());
            assert!(!page.items.iter().any(|i| i.name == "deep"));
        }
        let keys = [
            "component:default/deep".to_owned(),
            "component:default/ledger".to_owned(),
        ];
        let found = query::get(&t.db, query::By::Refs(&keys)).await.unwrap();
        assert_eq!(found.len(), 1, "{:?}", t.backend());
        assert_eq!(found[0].entity.metadata.name, "ledger");
        t.close().await;
    }
}
