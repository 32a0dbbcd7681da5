//! The index against real databases: every write is seen by the next query of every index
//! (replica) over the same database, and lost positions lead to a rebuild, not to stale answers.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::catalog::filter::{CatalogFilter, Facet};
use crate::catalog::model::{API_VERSION, Entity, Metadata};
use crate::catalog::store::query::Viewer;
use crate::catalog::store::{self, search::SearchQuery};
use crate::db::testing;

fn component(name: &str, owner: &str, tags: &[&str]) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: "Component".into(),
        metadata: Metadata {
            name: name.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            annotations: [(
                "runway.dev/tier".to_owned(),
                format!("tier-{}", name.len() % 2),
            )]
            .into(),
            ..Metadata::default()
        },
        spec: json!({"type": "service", "lifecycle": "production", "owner": owner})
            .as_object()
            .cloned()
            .unwrap(),
        relations: vec![],
        status: None,
    }
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn save(db: &Db, entities: &[Entity]) {
    let mut tx = db.begin().await.unwrap();
    store::insert_entities(&mut tx, entities, at())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn delete(db: &Db, key: &str) {
    let mut tx = db.begin().await.unwrap();
    store::delete_entities(&mut tx, &[key.to_owned()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Names on the first page of the unfiltered list, and the tag facet.
async fn seen(index: &CatalogIndex, db: &Db) -> (Vec<String>, Vec<(String, i64)>) {
    let page = index
        .list(db, &CatalogFilter::default(), &Viewer::default(), 50, 10)
        .await
        .unwrap();
    let tags = page
        .facets
        .iter()
        .find(|f| f.facet == Facet::Tag)
        .unwrap()
        .values
        .clone();
    (page.items.into_iter().map(|e| e.name).collect(), tags)
}

fn counts(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
}

#[tokio::test]
async fn every_replica_sees_each_write_on_its_next_query() {
    for t in testing::databases().await {
        let db = &t.db;
        save(db, &[component("cart", "team-a", &["java"])]).await;
        let (one, two) = (CatalogIndex::new(), CatalogIndex::new());
        assert_eq!(seen(&one, db).await.0, ["cart"], "{:?}", t.backend());

        save(db, &[component("checkout", "team-a", &["java", "rust"])]).await;
        for index in [&one, &two] {
            assert_eq!(
                seen(index, db).await,
                (
                    vec!["cart".to_owned(), "checkout".to_owned()],
                    counts(&[("java", 2), ("rust", 1)])
                )
            );
        }

        // A change of tags moves the counts; a delete removes the entity and its values.
        save(db, &[component("cart", "team-a", &["go"])]).await;
        assert_eq!(
            seen(&one, db).await.1,
            counts(&[("go", 1), ("java", 1), ("rust", 1)])
        );
        delete(db, "component:default/checkout").await;
        for index in [&one, &two] {
            assert_eq!(
                seen(index, db).await,
                (vec!["cart".to_owned()], counts(&[("go", 1)]))
            );
        }
        assert_eq!(one.read().table.live(), 1);
        t.close().await;
    }
}

#[tokio::test]
async fn a_large_write_or_a_pruned_position_rebuilds_the_index() {
    for t in testing::databases().await {
        let db = &t.db;
        save(db, &[component("cart", "team-a", &[])]).await;
        let index = CatalogIndex::new();
        assert_eq!(seen(&index, db).await.0, ["cart"]);

        // An entity written without a log entry is only found by a rebuild, which an
        // EVERYTHING entry (what a large write logs) asks for.
        let mut tx = db.begin().await.unwrap();
        let mut sneaked = component("sneaked", "team-a", &[]);
        sneaked.metadata.uid = Some("u-1".into());
        sqlx::query("INSERT INTO entities (uid, entity_ref, kind, namespace, name, body, etag, created_at, updated_at) VALUES ('u-1', 'component:default/sneaked', 'component', 'default', 'sneaked', $1, 'e', 0, 0)")
            .bind(serde_json::to_string(&sneaked).unwrap())
            .execute(&mut *tx)
            .await
            .unwrap();
        let many: Vec<String> = (0..=store::changes::MAX_LOGGED_REFS)
            .map(|i| format!("x:{i}"))
            .collect();
        store::changes::record(&mut tx, &many, 1).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            seen(&index, db).await.0,
            ["cart", "sneaked"],
            "{:?}",
            t.backend()
        );

        // Two writes, then the log is pruned down to its newest entry: the index's position
        // is gone, so it rebuilds and sees both.
        save(db, &[component("ledger", "team-a", &[])]).await;
        save(db, &[component("web", "team-a", &[])]).await;
        assert!(store::changes::prune(db, i64::MAX).await.unwrap() > 0);
        assert_eq!(
            seen(&index, db).await.0,
            ["cart", "ledger", "sneaked", "web"]
        );
        t.close().await;
    }
}

#[tokio::test]
async fn renames_leave_dead_values_that_compaction_gives_back() {
    for t in testing::databases().await {
        let db = &t.db;
        save(db, &[component("cart", "team-a", &["java"])]).await;
        let index = CatalogIndex::new();
        assert_eq!(seen(&index, db).await.1, counts(&[("java", 1)]));
        // Each change seen on its own leaves the tag before it behind.
        for i in 0..5 {
            save(db, &[component("cart", "team-a", &[&format!("tag-{i}")])]).await;
            assert_eq!(
                seen(&index, db).await.1,
                counts(&[(&format!("tag-{i}"), 1)])
            );
        }
        assert_eq!(index.read().table.dead_values(), 5);
        assert!(!index.compact(db, 100).await.unwrap(), "not worth it yet");
        assert!(index.compact(db, 0).await.unwrap());
        assert_eq!(index.read().table.dead_values(), 0, "{:?}", t.backend());
        assert_eq!(
            seen(&index, db).await,
            (vec!["cart".to_owned()], counts(&[("tag-4", 1)]))
        );
        t.close().await;
    }
}

#[tokio::test]
async fn backstage_queries_mix_held_fields_with_the_search_table() {
    for t in testing::databases().await {
        let db = &t.db;
        save(
            db,
            &[
                component("cart", "team-a", &["java"]),
                component("checkout", "team-b", &["java"]),
                component("web", "team-b", &["react"]),
            ],
        )
        .await;
        let index = CatalogIndex::new();
        let query = |filter: &str, order: &[(&str, bool)]| SearchQuery {
            filter: crate::catalog::entity_query::parse_filter([filter]).unwrap(),
            order: order.iter().map(|(f, d)| ((*f).to_owned(), *d)).collect(),
            limit: 10,
            ..SearchQuery::default()
        };
        let find = |q: SearchQuery| {
            let index = &index;
            async move { index.find(db, &q, &Viewer::default()).await.unwrap() }
        };
        // Held (kind, tags) and not held (annotations) conditions together.
        let page = find(query("kind=component,metadata.tags=java,spec.owner=team-b,metadata.annotations.runway.dev/tier=tier-0", &[])).await;
        assert_eq!(
            page.refs,
            ["component:default/checkout"],
            "{:?}",
            t.backend()
        );
        // Relations come from the relations table; order by a field the index does not hold.
        let page = find(query(
            "relations.ownedby=group:default/team-b",
            &[
                ("metadata.annotations.runway.dev/tier", true),
                ("metadata.name", false),
            ],
        ))
        .await;
        assert_eq!(
            page.refs,
            ["component:default/web", "component:default/checkout"]
        );
        assert_eq!(page.total, 2);
        let page = find(query("relations.nonsense=x", &[])).await;
        assert_eq!(page.total, 0);

        // Full text in named fields: held ones in memory, the others in the search table.
        let text = |term: &str, fields: &[&str]| SearchQuery {
            full_text: Some((
                term.into(),
                fields.iter().map(|f| (*f).to_owned()).collect(),
            )),
            order: vec![("metadata.name".into(), false)],
            limit: 10,
            ..SearchQuery::default()
        };
        assert_eq!(
            find(text("car", &["metadata.name"])).await.refs,
            ["component:default/cart"]
        );
        assert_eq!(
            find(text(
                "tier-1",
                &["metadata.name", "metadata.annotations.runway.dev/tier"]
            ))
            .await
            .refs,
            ["component:default/web"]
        );
        assert_eq!(
            find(text(
                "c",
                &["metadata.name", "metadata.annotations.runway.dev/tier"]
            ))
            .await
            .refs,
            ["component:default/cart", "component:default/checkout"]
        );
        assert_eq!(
            find(text("react", &[])).await.refs,
            ["component:default/web"]
        );

        let facets = index
            .facets(
                db,
                &query("spec.owner=team-b", &[]),
                &Viewer::default(),
                &[
                    "metadata.tags".into(),
                    "metadata.annotations.runway.dev/tier".into(),
                    "relations.ownedBy".into(),
                ],
            )
            .await
            .unwrap();
        let of = |i: usize| {
            facets[i]
                .1
                .iter()
                .map(|(v, n)| (v.as_str(), *n))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(0), [("java", 1), ("react", 1)]);
        assert_eq!(of(1), [("tier-0", 1), ("tier-1", 1)]);
        assert_eq!(of(2), [("group:default/team-b", 2)]);
        t.close().await;
    }
}
