//! The catalog over HTTP: `POST /api/v1/catalog/import` with its report, limits and refusals.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;
use support::{admin, create_user, entity, json_call, send, sign_in, text};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_checks_ownership_concurrency_and_validity_and_is_audited() {
    let (app, t) = support::apps(true).await.remove(0);
    let developer = sign_in(&app, "developer", "demo-password").await;
    let cart = entity(&t, "component:default/cart-service").await;
    let mut draft = app::catalog::api::edit::descriptor(&cart.entity);
    draft.metadata.title = Some("Cart".into());
    let (status, body) = json_call(
        &app,
        "/api/catalog/preview",
        &serde_json::json!({"draft": draft}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let preview: serde_json::Value = serde_json::from_str(&body).unwrap();
    let diff: Vec<String> = preview["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["tag"] != " ")
        .map(|l| {
            format!(
                "{}{}",
                l["tag"].as_str().unwrap(),
                l["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(diff, ["+  title: Cart"], "only the title is new");
    let etag = preview["etag"].clone();

    // Someone else's change in between makes the save a conflict; nothing is lost.
    let (status, body) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": draft, "etag": "stale"}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": draft, "etag": etag}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        entity(&t, "component:default/cart-service")
            .await
            .entity
            .metadata
            .title
            .as_deref(),
        Some("Cart")
    );
    let audit = app::access::store::audit::recent(&t.db, 3).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "catalog.entity.update"
        && e.target == "component:default/cart-service"
        && e.summary["before"]["metadata"]["title"].is_null()));

    // Invalid drafts are refused with the field at fault.
    let mut bad = draft.clone();
    bad.spec.remove("owner");
    let etag = entity(&t, "component:default/cart-service")
        .await
        .entity
        .metadata
        .etag;
    let (status, body) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": bad, "etag": etag}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("spec.owner"), "{body}");
    // Giving it to a team the developer may not change is refused.
    let mut away = draft.clone();
    away.spec.insert("owner".into(), "payments".into());
    let (status, _) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": away, "etag": etag}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another team's entity: no edit, no delete, even when called directly.
    let ledger = entity(&t, "component:default/ledger-service").await;
    let mut theirs = app::catalog::api::edit::descriptor(&ledger.entity);
    theirs.metadata.title = Some("Mine now".into());
    let (status, body) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": theirs, "etag": ledger.entity.metadata.etag}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let deleted = support::call_as(
        &app,
        "/api/catalog/delete",
        "entity_ref=component:default/ledger-service",
        Some(&developer),
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        entity(&t, "component:default/ledger-service")
            .await
            .entity
            .metadata
            .title,
        ledger.entity.metadata.title
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_a_file_backed_entity_writes_its_document_back() {
    let (app, t) = support::apps(false).await.remove(0);
    let dir = std::env::temp_dir().join(format!("runway-writeback-{}", uuid_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("catalog-info.yaml");
    let other = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: shop\nspec:\n  owner: team-a\n";
    std::fs::write(&file, format!("# the shop\n{other}---\n{CART}")).unwrap();
    let ctx = app::server::ctx::Ctx::system(&t.db, Default::default(), "admin");
    let remote = Default::default();
    app::catalog::location::register(&ctx, "file", dir.to_str().unwrap(), false, &remote)
        .await
        .unwrap();
    let admin = admin(&app).await;
    let cart = entity(&t, "component:default/cart").await;
    let mut draft = app::catalog::api::edit::descriptor(&cart.entity);
    draft.metadata.description = Some("Shopping carts".into());
    let (status, body) = json_call(
        &app,
        "/api/catalog/save",
        &serde_json::json!({"draft": draft, "etag": cart.entity.metadata.etag}),
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with("# the shop\n"),
        "the other document is kept as written:\n{written}"
    );
    assert!(written.contains("description: Shopping carts"), "{written}");
    assert!(!written.contains("managed-by-location"), "{written}");
    // Reading the location again finds the same entity: nothing changes.
    let location = app::catalog::store::locations::list(&t.db)
        .await
        .unwrap()
        .remove(0);
    let report = app::catalog::location::refresh(&ctx, &location, &remote)
        .await
        .unwrap();
    assert_eq!(
        (report.unchanged, report.updated),
        (2, 0),
        "{:?}",
        report.entities
    );
    std::fs::remove_dir_all(dir).unwrap();
    t.close().await;
}

fn uuid_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_needs_the_create_permission_refuses_taken_names_and_is_audited() {
    for (app, t) in support::apps(false).await {
        use app::access::decision::{Reach, Role};
        use app::access::permission::Permission;
        // A role that may register entities but change none.
        let mut tx = t.db.begin().await.unwrap();
        let registrar = Role {
            name: "registrar".into(),
            description: "Registers entities".into(),
            builtin: false,
            grants: [
                (Permission::CatalogEntityRead, Reach::Any),
                (Permission::CatalogEntityCreate, Reach::Any),
            ]
            .into_iter()
            .collect(),
        };
        app::access::store::roles::create(&mut tx, &registrar, app::server::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        create_user(&t, "rita", "registrar-password", &["registrar"]).await;
        create_user(&t, "vera", "viewer-password", &["viewer"]).await;
        let rita = sign_in(&app, "rita", "registrar-password").await;
        let vera = sign_in(&app, "vera", "viewer-password").await;
        let draft = serde_json::json!({
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {"name": "cart"},
            "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"},
        });

        let (status, body) = json_call(
            &app,
            "/api/catalog/preview_new",
            &serde_json::json!({"draft": draft}),
            &rita,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body} {:?}", t.backend());
        let preview: Value = serde_json::from_str(&body).unwrap();
        assert!(
            preview["diff"]
                .as_array()
                .unwrap()
                .iter()
                .all(|l| l["tag"] == "+")
        );
        assert!(preview["etag"].is_null());

        let (status, body) = json_call(
            &app,
            "/api/catalog/create",
            &serde_json::json!({"draft": draft}),
            &vera,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("catalog.entity.create"), "{body}");
        assert_eq!(components(&t).await, 0);

        let mut nameless = draft.clone();
        nameless["metadata"]["name"] = "Not a name!".into();
        let (status, body) = json_call(
            &app,
            "/api/catalog/create",
            &serde_json::json!({"draft": nameless}),
            &rita,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("metadata.name"), "{body}");

        let (status, body) = json_call(
            &app,
            "/api/catalog/create",
            &serde_json::json!({"draft": draft}),
            &rita,
        )
        .await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "\"component:default/cart\"")
        );
        let audit = app::access::store::audit::recent(&t.db, 5).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "catalog.entity.create"
            && e.actor == "rita"
            && e.target == "component:default/cart"));
        let (status, body) = json_call(
            &app,
            "/api/catalog/create",
            &serde_json::json!({"draft": draft}),
            &rita,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        // Creating is not editing: the registrar may not save over it.
        let etag = entity(&t, "component:default/cart")
            .await
            .entity
            .metadata
            .etag;
        let (status, _) = json_call(
            &app,
            "/api/catalog/save",
            &serde_json::json!({"draft": draft, "etag": etag}),
            &rita,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(components(&t).await, 1);
        t.close().await;
    }
}
