//! Administration over HTTP: users, roles and bindings, teams, explain access, tokens and the
//! audit log, each change taking effect at once and leaving an audit entry.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use support::{admin, call_as, create_user, get_as, send, sign_in, text};

async fn setup() -> (axum::Router, app::server::testing::TestDb) {
    let t = app::server::testing::sqlite().await;
    let state = support::state(&t).await;
    app::demo::seed(&t.db, 42, app::server::now())
        .await
        .unwrap();
    (runway_server::router(state), t)
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivating_a_user_ends_their_sessions_and_sign_ins() {
    let (app, t) = setup().await;
    let root = admin(&app).await;
    let dev = sign_in(&app, "developer", "demo-password").await;
    let list = call_as(&app, "/api/admin/users/list", "text=developer", Some(&root)).await;
    let page = json(&text(list).await);
    assert_eq!(page["total"], 1);
    let row = &page["rows"][0];
    assert_eq!(row["roles"], serde_json::json!(["developer"]));
    assert_eq!(row["teams"], serde_json::json!(["group:default/checkout"]));
    let id = row["user"]["id"].as_str().unwrap().to_owned();

    let done = call_as(
        &app,
        "/api/admin/users/set_active",
        &format!("user_id={id}&active=false"),
        Some(&root),
    )
    .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(
        get_as(&app, "/api/v1/me", Some(&dev)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = call_as(
        &app,
        "/api/auth/sign_in",
        "login=developer&password=demo-password",
        None,
    )
    .await;
    assert!(text(again).await.contains("this account is deactivated"));

    let me = json(&text(get_as(&app, "/api/v1/me", Some(&root)).await).await);
    let root_id = app::access::store::users::by_login(&t.db, "admin")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    assert_eq!(me["login"], "admin");
    let selfish = call_as(
        &app,
        "/api/admin/users/set_active",
        &format!("user_id={root_id}&active=false"),
        Some(&root),
    )
    .await;
    assert_eq!(selfish.status(), StatusCode::CONFLICT);
    let audit = app::access::store::audit::recent(&t.db, 5).await.unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].target.as_str()),
        ("admin.user.deactivate", "user:developer")
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_role_bound_to_a_user_changes_their_access_at_once() {
    let (app, t) = setup().await;
    let root = admin(&app).await;
    let vic = sign_in(&app, "viewer", "demo-password").await;
    assert_eq!(
        get_as(&app, "/api/v1/audit.csv", Some(&vic)).await.status(),
        StatusCode::FORBIDDEN
    );

    let ok = |r: http::Response<Body>| async move {
        let status = r.status();
        assert_eq!(status, StatusCode::OK, "{}", text(r).await);
    };
    ok(call_as(
        &app,
        "/api/admin/roles/create",
        "name=Auditor&description=Reads+the+audit+log",
        Some(&root),
    )
    .await)
    .await;
    ok(call_as(
        &app,
        "/api/admin/roles/set_grant",
        "role=auditor&permission=audit.read&granted=true",
        Some(&root),
    )
    .await)
    .await;
    let builtin = call_as(
        &app,
        "/api/admin/roles/set_grant",
        "role=viewer&permission=audit.read&granted=true",
        Some(&root),
    )
    .await;
    assert_eq!(
        builtin.status(),
        StatusCode::CONFLICT,
        "built-in roles do not change"
    );
    ok(call_as(
        &app,
        "/api/admin/bindings/create",
        "subject_kind=user&subject=viewer&role=auditor",
        Some(&root),
    )
    .await)
    .await;

    let csv = get_as(&app, "/api/v1/audit.csv?action=admin.", Some(&vic)).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(
        csv.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let body = text(csv).await;
    assert!(body.starts_with("id,at,actor,action,target,address,summary\r\n"));
    assert_eq!(
        body.lines().count(),
        4,
        "role.create, role.grant, binding.create: {body}"
    );

    let roles = json(&text(call_as(&app, "/api/admin/roles/list", "", Some(&root)).await).await);
    let binding = roles["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["binding"]["role"] == "auditor")
        .unwrap();
    assert_eq!(binding["subject"], "viewer");
    let delete_bound = call_as(&app, "/api/admin/roles/delete", "name=auditor", Some(&root)).await;
    assert_eq!(delete_bound.status(), StatusCode::CONFLICT);
    let id = binding["binding"]["id"].as_str().unwrap();
    ok(call_as(
        &app,
        "/api/admin/bindings/delete",
        &format!("binding_id={id}"),
        Some(&root),
    )
    .await)
    .await;
    assert_eq!(
        get_as(&app, "/api/v1/audit.csv", Some(&vic)).await.status(),
        StatusCode::FORBIDDEN,
        "unbound at once"
    );
    ok(call_as(&app, "/api/admin/roles/delete", "name=auditor", Some(&root)).await).await;

    let bad = call_as(
        &app,
        "/api/admin/bindings/create",
        "subject_kind=team&subject=no-such-team&role=viewer",
        Some(&root),
    )
    .await;
    assert_eq!(
        text(bad).await,
        r#"{"Validation":[{"field":"subject","message":"there is no team group:default/no-such-team"}]}"#
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_access_says_which_binding_or_rule_decided() {
    let (app, t) = setup().await;
    let root = admin(&app).await;
    let explain = |form: &'static str| call_as(&app, "/api/admin/explain", form, Some(&root));
    let own = json(&text(explain("login=developer&permission=catalog.entity.update&entity_ref=component:checkout-api").await).await);
    assert_eq!(own["allowed"], true);
    assert!(
        own["headline"]
            .as_str()
            .unwrap()
            .starts_with("Allowed: role developer given to developer everywhere"),
        "{own}"
    );
    let other = json(&text(explain("login=developer&permission=catalog.entity.update&entity_ref=component:ledger-service").await).await);
    assert_eq!(other["allowed"], false);
    assert_eq!(
        other["details"][1],
        "component:default/ledger-service is owned by payments"
    );
    let bad =
        explain("login=nobody&permission=catalog.entity.fly&entity_ref=component:nothing").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let AppErrorShape::Validation(problems) = serde_json::from_str(&text(bad).await).unwrap();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["login", "permission", "entity_ref"]);
    t.close().await;
}

#[derive(serde::Deserialize)]
enum AppErrorShape {
    Validation(Vec<app::error::FieldError>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_memberships_granted_here_change_ownership_rules() {
    let (app, t) = setup().await;
    let root = admin(&app).await;
    let explain = || {
        call_as(
            &app,
            "/api/admin/explain",
            "login=developer&permission=catalog.entity.update&entity_ref=component:ledger-service",
            Some(&root),
        )
    };
    assert_eq!(json(&text(explain().await).await)["allowed"], false);
    let added = call_as(
        &app,
        "/api/admin/teams/add_member",
        "team_ref=group:default/payments&login=developer",
        Some(&root),
    )
    .await;
    assert_eq!(added.status(), StatusCode::OK);
    assert_eq!(
        json(&text(explain().await).await)["allowed"],
        true,
        "a payments member may change payments' entities"
    );
    let teams = json(&text(call_as(&app, "/api/admin/teams/list", "", Some(&root)).await).await);
    let payments = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team_ref"] == "group:default/payments")
        .unwrap();
    assert!(
        payments["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["login"] == "developer" && m["source"] == "admin")
    );
    assert!(
        payments["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["login"] == "manager" && m["source"] == "catalog")
    );
    let catalog = call_as(
        &app,
        "/api/admin/teams/remove_member",
        "team_ref=group:default/payments&login=manager",
        Some(&root),
    )
    .await;
    assert_eq!(
        catalog.status(),
        StatusCode::CONFLICT,
        "catalog memberships change in the catalog"
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_act_as_their_user_until_revoked() {
    let (app, t) = setup().await;
    create_user(&t, "bot", "bot-password-123", &["viewer"]).await;
    let bot = sign_in(&app, "bot", "bot-password-123").await;
    let created = json(
        &text(
            call_as(
                &app,
                "/api/tokens/create",
                "name=CI+pipeline&expires_days=30",
                Some(&bot),
            )
            .await,
        )
        .await,
    );
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("rwt_"));
    let bearer = |secret: String| {
        Request::get("/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::empty())
            .unwrap()
    };
    let me = send(&app, bearer(secret.clone())).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(json(&text(me).await)["login"], "bot");
    // A bearer token is no browser session: state changes need no Origin.
    let post = Request::post("/api/tokens/mine")
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, post).await.status(), StatusCode::OK);

    let mine = json(&text(call_as(&app, "/api/tokens/mine", "", Some(&bot)).await).await);
    assert_eq!(mine[0]["name"], "CI pipeline");
    assert!(mine[0]["last_used_at"].is_string(), "use is recorded");
    let id = mine[0]["id"].as_str().unwrap().to_owned();
    let dev = sign_in(&app, "developer", "demo-password").await;
    let theirs = call_as(
        &app,
        "/api/tokens/revoke",
        &format!("token_id={id}"),
        Some(&dev),
    )
    .await;
    assert_eq!(
        theirs.status(),
        StatusCode::NOT_FOUND,
        "someone else's token is not there"
    );
    assert_eq!(
        call_as(
            &app,
            "/api/tokens/revoke",
            &format!("token_id={id}"),
            Some(&bot)
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        send(&app, bearer(secret)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, bearer("rwt_forged".into())).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let bad = call_as(
        &app,
        "/api/tokens/create",
        "name=&expires_days=0",
        Some(&bot),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_admin_binding_cannot_be_removed() {
    let (app, t) = setup().await;
    let root = admin(&app).await;
    let roles = json(&text(call_as(&app, "/api/admin/roles/list", "", Some(&root)).await).await);
    let only = roles["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["binding"]["role"] == "admin")
        .unwrap()["binding"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = call_as(
        &app,
        "/api/admin/bindings/delete",
        &format!("binding_id={only}"),
        Some(&root),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(
        get_as(&app, "/api/v1/audit.csv", Some(&root))
            .await
            .status(),
        StatusCode::OK,
        "still an administrator"
    );
    let second = call_as(
        &app,
        "/api/admin/bindings/create",
        "subject_kind=user&subject=manager&role=admin",
        Some(&root),
    )
    .await;
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(
        call_as(
            &app,
            "/api/admin/bindings/delete",
            &format!("binding_id={only}"),
            Some(&root)
        )
        .await
        .status(),
        StatusCode::OK
    );
    t.close().await;
}
