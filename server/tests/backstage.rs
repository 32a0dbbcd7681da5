//! Backstage's catalog API over HTTP: reads limited to what the caller may see, deletes that need
//! their permission, Backstage's error shape and parameter checks. (`end2end/tests/api` drives
//! the same routes with Backstage's own client.)

mod support;

use app::access::decision::{RoleBinding, Subject};
use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use serde_json::Value;
use support::{admin, create_user, send, sign_in, text};

async fn call(
    app: &axum::Router,
    method: Method,
    path: &str,
    body: Option<&str>,
    cookie: &str,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie);
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let response = send(
        app,
        request
            .body(Body::from(body.unwrap_or_default().to_owned()))
            .unwrap(),
    )
    .await;
    let status = response.status();
    let text = text(response).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A reader who may see only what the payments team owns.
async fn payments_reader(t: &app::server::testing::TestDb) {
    let user = create_user(t, "pat", "pat-password", &[]).await;
    let mut tx = t.db.begin().await.unwrap();
    let binding = RoleBinding {
        id: "binding-pat".into(),
        subject: Subject::User(user.id),
        role: "viewer".into(),
        scope: Some("group:default/payments".into()),
        source: "admin".into(),
    };
    app::access::store::roles::create_binding(&mut tx, &binding, "test", app::server::now())
        .await
        .unwrap();
    app::access::store::roles::bump_version(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn count(t: &app::server::testing::TestDb, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(t.db.reader())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_see_only_what_they_may_read_everywhere() {
    for (app, t) in support::apps(true).await {
        payments_reader(&t).await;
        let pat = sign_in(&app, "pat", "pat-password").await;
        let owned = count(
            &t,
            "SELECT COUNT(*) FROM entities WHERE owner_ref = 'group:default/payments'",
        )
        .await;
        let (status, page) = call(
            &app,
            Method::GET,
            "/api/catalog/entities/by-query?limit=500",
            None,
            &pat,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["totalItems"], owned, "{:?}", t.backend());
        assert_eq!(page["items"].as_array().unwrap().len() as i64, owned);

        // Another team's entity is "not found", by name, by ref and in facets.
        let (status, error) = call(
            &app,
            Method::GET,
            "/api/catalog/entities/by-name/component/default/cart-service",
            None,
            &pat,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(error["error"]["name"], "NotFoundError");
        let body = r#"{"entityRefs": ["component:default/cart-service", "component:default/ledger-service"]}"#;
        let (_, found) = call(
            &app,
            Method::POST,
            "/api/catalog/entities/by-refs",
            Some(body),
            &pat,
        )
        .await;
        assert_eq!(found["items"][0], Value::Null);
        assert_eq!(found["items"][1]["metadata"]["name"], "ledger-service");
        let (_, facets) = call(
            &app,
            Method::GET,
            "/api/catalog/entity-facets?facet=kind",
            None,
            &pat,
        )
        .await;
        let total: i64 = facets["facets"]["kind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["count"].as_i64().unwrap())
            .sum();
        assert_eq!(total, owned);

        // The same questions from an admin see everything.
        let admin = admin(&app).await;
        let all = count(&t, "SELECT COUNT(*) FROM entities").await;
        let (_, page) = call(
            &app,
            Method::GET,
            "/api/catalog/entities/by-query?limit=1",
            None,
            &admin,
        )
        .await;
        assert_eq!(page["totalItems"], all);
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_order_and_fields_follow_backstage() {
    let (app, t) = support::apps(true).await.remove(0);
    let admin = admin(&app).await;
    let services = count(
        &t,
        "SELECT COUNT(*) FROM entities WHERE kind = 'component' AND spec_type = 'service'",
    )
    .await;
    let apis = count(&t, "SELECT COUNT(*) FROM entities WHERE kind = 'api'").await;
    let path = "/api/catalog/entities?filter=kind=component,spec.type=service&filter=kind=API&fields=kind,metadata.name&order=desc:metadata.name";
    let (status, items) = call(&app, Method::GET, path, None, &admin).await;
    assert_eq!(status, StatusCode::OK);
    let items = items.as_array().unwrap();
    assert_eq!(items.len() as i64, services + apis);
    assert_eq!(
        items[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["kind", "metadata"]
    );
    let names: Vec<&str> = items
        .iter()
        .map(|e| e["metadata"]["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, sorted);

    let owned_by = count(&t, "SELECT COUNT(DISTINCT source_ref) FROM entity_relations WHERE type = 'ownedBy' AND target_ref = 'group:default/payments'").await;
    let (_, page) = call(
        &app,
        Method::GET,
        "/api/catalog/entities/by-query?filter=relations.ownedBy=group:default/payments",
        None,
        &admin,
    )
    .await;
    assert_eq!(page["totalItems"], owned_by);

    let (status, error) = call(
        &app,
        Method::GET,
        "/api/catalog/entities/by-query?limit=lots",
        None,
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["name"], "InputError");
    assert_eq!(
        error["error"]["message"],
        "limit must be a whole number of 0 or more, not \"lots\""
    );
    let (status, _) = call(
        &app,
        Method::GET,
        "/api/catalog/entities/by-query?cursor=zz",
        None,
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_needs_the_permission_on_that_entity_and_is_audited() {
    let (app, t) = support::apps(true).await.remove(0);
    let developer = sign_in(&app, "developer", "demo-password").await;
    let uid = |name: &'static str| {
        let t = &t;
        async move {
            use sqlx::Row;
            sqlx::query("SELECT uid FROM entities WHERE entity_ref = $1")
                .bind(format!("component:default/{name}"))
                .fetch_one(t.db.reader())
                .await
                .unwrap()
                .get::<String, _>("uid")
        }
    };
    // The demo developer is on the checkout team; the ledger belongs to payments.
    let ledger = uid("ledger-service").await;
    let (status, error) = call(
        &app,
        Method::DELETE,
        &format!("/api/catalog/entities/by-uid/{ledger}"),
        None,
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(error["error"]["name"], "NotAllowedError");
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/catalog/entities/by-uid/{ledger}"),
        None,
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "still there");

    let cart = uid("cart-service").await;
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("/api/catalog/entities/by-uid/{cart}"),
        None,
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/catalog/entities/by-uid/{cart}"),
        None,
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let audit = app::access::store::audit::recent(&t.db, 3).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "catalog.entity.delete"
        && e.target == "component:default/cart-service"
        && e.actor == "developer"));
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_answers_in_backstage_shape() {
    let (app, t) = support::apps(false).await.remove(0);
    let admin = admin(&app).await;
    let valid = r#"{"entity": {"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "g"}, "spec": {"type": "team", "children": []}}, "location": "url:x"}"#;
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/catalog/validate-entity",
        Some(valid),
        &admin,
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!({})));
    let invalid = r#"{"entity": {"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "g g"}}, "location": "url:x"}"#;
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/catalog/validate-entity",
        Some(invalid),
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let messages: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("metadata.name: \"g g\" is not a valid name")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"spec.type: required for a Group"),
        "{messages:?}"
    );
    t.close().await;
}
