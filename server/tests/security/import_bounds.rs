//! Defects 1 and 2: documents that nest to the readers' limit or expand through YAML aliases are
//! refused at the door, and nothing an import stores can stop the catalog from answering.

use std::time::Duration;

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;

use crate::support::{self, get_as, send, sign_in, text};

pub async fn import(app: &axum::Router, body: &str, cookie: &str) -> (StatusCode, Value) {
    let request = Request::post("/api/v1/catalog/import")
        .header("content-type", "application/yaml")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap();
    let response = send(app, request).await;
    let status = response.status();
    let body = text(response).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

fn component(name: &str, extra: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: checkout\n{extra}"
    )
}

// Two worker threads, as `runway serve` runs on this machine: on one thread, Leptos' streamed
// server rendering can stall for good when Suspense boundaries share a resource (leptos-rs/leptos
// #4647, #4578, open), which hung this test in CI twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nesting_at_the_json_readers_limit_is_refused_and_the_catalog_keeps_answering() {
    for (app, t) in support::apps(true).await {
        let developer = sign_in(&app, "developer", "demo-password").await;
        // 412 bytes in the review: 126 levels under `spec`, within the YAML parser's 128.
        let deep = format!("  x: {}1{}\n", "[".repeat(126), "]".repeat(126));
        let (status, report) = import(&app, &component("deep", &deep), &developer).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
        let message = report["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("nest more than 64"), "{report}");
        // Just inside the limit is fine, and everything still answers.
        let fine = format!("  x: {}1{}\n", "[".repeat(60), "]".repeat(60));
        let (status, report) = import(&app, &component("fine", &fine), &developer).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        for path in [
            "/catalog?q=fine",
            "/api/catalog/entities?filter=kind=component",
            "/api/catalog/entity-facets?facet=kind",
            "/catalog/default/component/fine",
        ] {
            let response = get_as(&app, path, Some(&developer)).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let backend = t.db.backend();
            let body = tokio::time::timeout(Duration::from_secs(45), text(response))
                .await
                .unwrap_or_else(|_| panic!("{path} on {backend:?} did not finish within 45 s"));
            assert!(!body.contains("could not be loaded"), "{path}");
            assert!(body.contains("fine") || path.contains("facets"), "{path}");
        }
        t.close().await;
    }
}

/// Each level refers to the one before ten times; `padding` plain list items make the document
/// look large, which bought serde_norway's limit (100 jumps per event) more room.
fn laughs(levels: usize, padding: usize) -> String {
    let mut extra = format!(
        "  pad: [{}]\n  l0: &l0 [lol]\n",
        vec!["x"; padding].join(",")
    );
    for level in 1..=levels {
        let refs = vec![format!("*l{}", level - 1); 10].join(", ");
        extra.push_str(&format!("  l{level}: &l{level} [{refs}]\n"));
    }
    component("laughs", &extra)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// Expanded, eight levels of aliases would make billions of nodes: the import is refused, saying
/// why, however much padding hides them. (A reader that expanded them would not finish, and
/// cargo-nextest would stop the test after its 2 minutes; a time limit inside the test only
/// measured how busy the machine was.)
async fn alias_expansion_is_refused_whatever_the_padding() {
    let (app, t) = support::apps(true).await.remove(0);
    let developer = sign_in(&app, "developer", "demo-password").await;
    for padding in [10_000, 500_000] {
        let (status, report) = import(&app, &laughs(8, padding), &developer).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
        let message = report["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("aliases expand"), "{message}");
    }
    let stored = app::catalog::store::owner_of(&t.db, "component:default/laughs")
        .await
        .unwrap();
    assert_eq!(stored, None, "nothing was stored");
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_openapi_definition_is_parsed_once_when_written() {
    let (app, t) = support::apps(true).await.remove(0);
    let admin = support::admin(&app).await;
    let definition =
        "openapi: 3.0.0\\npaths:\\n  /carts:\\n    get:\\n      summary: List carts\\n";
    let api = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: carts\nspec:\n  type: openapi\n  lifecycle: production\n  owner: checkout\n  definition: \"{definition}\"\n"
    );
    let (status, report) = import(&app, &api, &admin).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let operations = app::catalog::store::definitions::of(&t.db, "api:default/carts")
        .await
        .unwrap();
    assert_eq!(operations.len(), 1);
    assert_eq!(
        (operations[0].method.as_str(), operations[0].path.as_str()),
        ("GET", "/carts")
    );
    let page = get_as(&app, "/catalog/default/api/carts?tab=api", Some(&admin)).await;
    let html = text(page).await;
    assert!(
        html.contains("List carts"),
        "{}",
        &html[html.len().saturating_sub(3000)..]
    );
    t.close().await;
}
