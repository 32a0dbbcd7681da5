//! One service per use case, whichever door calls it (issue 9): the portal's server functions
//! and the REST API run the same checks and write the same audit rows, and races on unique
//! keys are conflicts, not failures.

#[path = "../support/mod.rs"]
mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::{Value, json};

use support::{admin, json_call, send, text};

/// The newest audit entry with `action`, as (actor, action, target, the summary's keys).
async fn last(t: &app::server::testing::TestDb, action: &str) -> (String, String, Vec<String>) {
    let recent = app::access::store::audit::recent(&t.db, 50).await.unwrap();
    let entry = recent
        .into_iter()
        .find(|e| e.action == action)
        .unwrap_or_else(|| panic!("no {action} entry"));
    let mut keys: Vec<String> = entry
        .summary
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    (entry.actor, entry.target, keys)
}

fn component(name: &str) -> Value {
    json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": name},
        "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"}})
}

async fn rest_import(app: &axum::Router, body: String, cookie: &str) -> StatusCode {
    let request = Request::post("/api/v1/catalog/import")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    send(app, request).await.status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_through_either_door_writes_the_same_audit_row() {
    for (app, t) in support::apps(false).await {
        let root = admin(&app).await;
        let two = format!("{}\n---\n{}", component("one"), component("two"));
        assert_eq!(rest_import(&app, two, &root).await, StatusCode::OK);
        let form = "entity_ref=component:default/one";
        let response = support::call_as(&app, "/api/catalog/delete", form, Some(&root)).await;
        assert!(response.status().is_success(), "{}", response.status());
        let portal = last(&t, "catalog.entity.delete").await;
        let uid = support::entity(&t, "component:default/two")
            .await
            .entity
            .metadata
            .uid
            .unwrap();
        let request = Request::delete(format!("/api/catalog/entities/by-uid/{uid}"))
            .header("origin", "http://127.0.0.1:3000")
            .header(header::COOKIE, &root)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, request).await.status(), StatusCode::NO_CONTENT);
        let rest = last(&t, "catalog.entity.delete").await;
        assert_eq!(portal.0, rest.0, "{:?}", t.backend());
        assert_eq!(
            (portal.1.as_str(), rest.1.as_str()),
            ("component:default/one", "component:default/two")
        );
        assert_eq!(portal.2, rest.2, "the same summary shape");
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_through_either_door_writes_the_same_audit_row() {
    for (app, t) in support::apps(false).await {
        let root = admin(&app).await;
        let files = json!({"files": [{"name": "a.yaml", "text": component("from-portal").to_string()}],
            "dry_run": false, "partial": false});
        let (status, body) = json_call(&app, "/api/catalog/import", &files, &root).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let portal = last(&t, "catalog.import").await;
        let body = component("from-rest").to_string();
        assert_eq!(rest_import(&app, body, &root).await, StatusCode::OK);
        let rest = last(&t, "catalog.import").await;
        assert_eq!(portal, rest, "{:?}", t.backend());
        assert_eq!(portal.1, "1 entities");
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_admins_creating_one_login_at_once_get_one_success_and_one_conflict() {
    for (app, t) in support::apps(false).await {
        let root = admin(&app).await;
        let form = "login=twin&display_name=Twin&password=twin-password-123";
        let create = || {
            let (app, root) = (app.clone(), root.clone());
            tokio::spawn(async move {
                let response =
                    support::call_as(&app, "/api/admin/users/create", form, Some(&root)).await;
                let status = response.status();
                (status, text(response).await)
            })
        };
        let attempts: Vec<_> = (0..6).map(|_| create()).collect();
        let mut statuses = Vec::new();
        for attempt in attempts {
            statuses.push(attempt.await.unwrap());
        }
        let created = statuses.iter().filter(|(s, _)| s.is_success()).count();
        assert_eq!(created, 1, "{:?}: {statuses:?}", t.backend());
        for (status, body) in statuses.iter().filter(|(s, _)| !s.is_success()) {
            // Either the check before the write saw it, or the unique key did: never a 500.
            assert!(
                *status == StatusCode::CONFLICT || *status == StatusCode::UNPROCESSABLE_ENTITY,
                "{status} {body}"
            );
        }
        t.close().await;
    }
}
