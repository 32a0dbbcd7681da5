//! The catalog over HTTP: `POST /api/v1/catalog/import` with its report, limits and refusals.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;
use support::{admin, create_user, send, sign_in, text};

const CART: &str = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n";

async fn import(
    app: &axum::Router,
    query: &str,
    body: impl Into<Vec<u8>>,
    cookie: &str,
) -> (StatusCode, String) {
    let body: Vec<u8> = body.into();
    let request = Request::post(format!("/api/v1/catalog/import{query}"))
        .header("content-type", "application/yaml")
        .header(header::CONTENT_LENGTH, body.len())
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(body.into())
        .unwrap();
    let response = send(app, request).await;
    let status = response.status();
    (status, text(response).await)
}

async fn components(t: &app::server::testing::TestDb) -> i64 {
    app::catalog::store::count_entities(&t.db, "component", None)
        .await
        .unwrap()
}

#[tokio::test]
async fn imports_yaml_with_a_report_and_dry_runs_change_nothing() {
    for (app, t) in support::apps(false).await {
        let admin = admin(&app).await;
        let (status, body) = import(&app, "?dryRun=true", CART, &admin).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let report: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (report["created"].as_i64(), report["applied"].as_bool()),
            (Some(1), Some(false))
        );
        assert_eq!(components(&t).await, 0);

        let (status, body) = import(&app, "", CART, &admin).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(components(&t).await, 1);
        let (_, body) = import(&app, "", CART, &admin).await;
        let report: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(report["unchanged"], 1, "importing again is a no-op");

        // The import is in the audit log, attributed to the caller.
        let audit = app::access::store::audit::recent(&t.db, 5).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.action == "catalog.import" && e.actor == "admin")
        );
        t.close().await;
    }
}

#[tokio::test]
async fn bad_bodies_are_refused_with_precise_errors_and_nothing_stored() {
    let (app, t) = support::apps(false).await.remove(0);
    let admin = admin(&app).await;
    let (status, body) = import(
        &app,
        "?file=cart.yaml",
        format!("{CART}---\nkind: [\n"),
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["errors"][0]["file"], "cart.yaml");
    assert_eq!(report["errors"][0]["document"], 2);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid YAML")
    );

    let (status, body) = import(&app, "", vec![0u8, 159, 146, 150], &admin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("binary data"), "{body}");

    let (status, body) = import(&app, "?dryrun=1", CART, &admin).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unknown parameters are refused: {body}"
    );

    let huge = "#".repeat(50 * 1024 * 1024);
    let (status, body) = import(&app, "", huge, &admin).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body,
        "the request body is larger than the limit of 16384 KiB"
    );
    // A body that does not announce its length is cut off at the limit all the same.
    let request = Request::post("/api/v1/catalog/import")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, &admin)
        .body(Body::from("#".repeat(17 * 1024 * 1024)))
        .unwrap();
    assert_eq!(
        send(&app, request).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(components(&t).await, 0);
    t.close().await;
}

#[tokio::test]
async fn importing_needs_the_create_permission() {
    let (app, t) = support::apps(false).await.remove(0);
    create_user(&t, "vera", "viewer-password", &["viewer"]).await;
    let viewer = sign_in(&app, "vera", "viewer-password").await;
    let (status, body) = import(&app, "", CART, &viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = import(&app, "", CART, "runway_session=forged").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(components(&t).await, 0);
    t.close().await;
}
