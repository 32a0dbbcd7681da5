//! Defect 13's request handling: imports take their documented sizes, malformed server-function
//! arguments are the caller's error (400), authenticated answers are never cached, and an
//! imported uid cannot clash with another entity's.

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::{Value, json};

use super::import_bounds::import;
use crate::support::{self, admin, call_as, entity, get_as, json_call, send};

fn component(name: &str, description: &str) -> Value {
    json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
        "metadata": {"name": name, "description": description},
        "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_take_their_documented_sizes_and_say_when_too_large() {
    let (app, t) = support::apps(false).await.remove(0);
    let root = admin(&app).await;
    // 3 MiB: over axum's default of 2 MiB, inside both imports' limits.
    let big = "x".repeat(3 * 1024 * 1024);
    let (status, report) = import(&app, &component("big-rest", &big).to_string(), &root).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        &report.to_string()[..200.min(report.to_string().len())]
    );
    let files = json!({"files": [{"name": "big.yaml", "text": component("big-browser", &big).to_string()}],
        "dry_run": false, "partial": false});
    let (status, _) = json_call(&app, "/api/catalog/import", &files, &root).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        entity(&t, "component:default/big-browser")
            .await
            .entity
            .metadata
            .name,
        "big-browser"
    );
    // 9 MiB of files: the import itself says why.
    let files = json!({"files": [{"name": "huge.yaml", "text": "y".repeat(9 * 1024 * 1024)}],
        "dry_run": true, "partial": false});
    let (status, body) = json_call(&app, "/api/catalog/import", &files, &root).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("one import takes at most"),
        "{}",
        &body[..200.min(body.len())]
    );
    // Beyond what the HTTP layer takes: 413 with the limit named, never 500.
    let request = Request::post("/api/catalog/import")
        .header("content-type", "application/json")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, &root)
        .header(header::CONTENT_LENGTH, 17 * 1024 * 1024)
        .body(Body::from(vec![b' '; 17 * 1024 * 1024]))
        .unwrap();
    assert_eq!(
        send(&app, request).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_server_function_arguments_are_a_bad_request() {
    let (app, t) = support::apps(false).await.remove(0);
    let root = admin(&app).await;
    for (path, form) in [
        ("/api/catalog/delete", ""),
        ("/api/catalog/graph", "entity_ref=component:x&depth=deep"),
        ("/api/admin/users/list", "page=%FF%FE"),
    ] {
        let response = call_as(&app, path, form, Some(&root)).await;
        let status = response.status();
        let body = crate::support::text(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {form}: {body}");
    }
    // A forged Backstage cursor with a multi-byte character once panicked the handler.
    let forged = get_as(
        &app,
        "/api/catalog/entities/by-query?cursor=i%C2%8E%0F",
        Some(&root),
    )
    .await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let (status, body) = json_call(&app, "/api/catalog/list", &json!("not a filter"), &root).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("BadRequest"), "{body}");
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authenticated_answers_are_never_stored_by_caches() {
    let (app, t) = support::apps(false).await.remove(0);
    let root = admin(&app).await;
    for path in ["/", "/catalog", "/api/v1/me", "/api/catalog/entities"] {
        let response = get_as(&app, path, Some(&root)).await;
        let cache = response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(cache.as_deref(), Some("no-store"), "{path}");
    }
    let icon = get_as(&app, "/favicon.svg", None).await;
    assert_eq!(
        icon.headers()[header::CACHE_CONTROL],
        "public, max-age=86400"
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_uid_is_ignored_so_it_cannot_clash() {
    for (app, t) in support::apps(false).await {
        let root = admin(&app).await;
        let (status, _) = import(&app, &component("first", "").to_string(), &root).await;
        assert_eq!(status, StatusCode::OK);
        let uid = entity(&t, "component:default/first")
            .await
            .entity
            .metadata
            .uid
            .unwrap();
        let mut copy = component("second", "");
        copy["metadata"]["uid"] = json!(uid);
        let (status, report) = import(&app, &copy.to_string(), &root).await;
        assert_eq!(status, StatusCode::OK, "{:?}: {report}", t.backend());
        let second = entity(&t, "component:default/second").await;
        assert_ne!(second.entity.metadata.uid, Some(uid));
        t.close().await;
    }
}
