//! Defect 13's credential items: a token cannot mint a longer-lived one, a password change ends
//! API tokens, the current-password check is throttled, and sessions have an absolute end.

use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;

use app::server::testing::TestDb;

use crate::support::{self, call_as, create_user, get_as, send, sign_in, text};

async fn bearer_post(
    app: &axum::Router,
    path: &str,
    form: &str,
    secret: &str,
) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Body::from(form.to_owned()))
        .unwrap();
    let response = send(app, request).await;
    let status = response.status();
    (
        status,
        serde_json::from_str(&text(response).await).unwrap_or_default(),
    )
}

async fn me(app: &axum::Router, secret: &str) -> StatusCode {
    let request = Request::get("/api/v1/me")
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .body(Body::empty())
        .unwrap();
    send(app, request).await.status()
}

/// A fresh portal with one user, signed in: the router, the database and the session cookie.
async fn portal(login: &str, password: &str, role: &str) -> (axum::Router, TestDb, String) {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    create_user(&t, login, password, &[role]).await;
    let session = sign_in(&app, login, password).await;
    (app, t, session)
}

/// A token made from a session: its JSON (`secret`, `token`).
async fn new_token(app: &axum::Router, form: &str, session: &str) -> Value {
    let created = call_as(app, "/api/tokens/create", form, Some(session)).await;
    serde_json::from_str(&text(created).await).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_cannot_mint_a_token_that_outlives_it() {
    let (app, t, session) = portal("bot", "bot-password-123", "developer").await;
    let created = new_token(&app, "name=short&expires_days=7", &session).await;
    let short = created["secret"].as_str().unwrap().to_owned();

    for form in ["name=forever", "name=longer&expires_days=8"] {
        let (status, body) = bearer_post(&app, "/api/tokens/create", form, &short).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form}: {body}");
        assert!(
            body.to_string()
                .contains("must expire no later than that token")
        );
    }
    let (status, body) =
        bearer_post(&app, "/api/tokens/create", "name=ok&expires_days=7", &short).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_api_tokens_and_its_check_is_throttled() {
    let (app, t, session) = portal("ada", "ada-old-password", "viewer").await;
    let token = new_token(&app, "name=ci", &session).await["secret"].to_string();
    let token = token.trim_matches('"').to_owned();
    assert_eq!(me(&app, &token).await, StatusCode::OK);

    // Guessing the current password with a borrowed session is throttled like sign-in.
    let mut statuses = Vec::new();
    for n in 0..app::limits::SIGN_IN_FREE_TRIES + 1 {
        let form = format!("current=guess-{n}-guess-guess&new=ada-new-password");
        statuses.push(
            call_as(&app, "/api/auth/change_password", &form, Some(&session))
                .await
                .status(),
        );
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert!(
        statuses[..statuses.len() - 1]
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY)
    );

    // Where nobody guessed, the right password changes it, and the API token ends with it.
    let (app2, t2, session) = portal("ada", "ada-old-password", "viewer").await;
    let token = new_token(&app2, "name=ci", &session).await["secret"].to_string();
    let token = token.trim_matches('"').to_owned();
    let done = call_as(
        &app2,
        "/api/auth/change_password",
        "current=ada-old-password&new=ada-new-password",
        Some(&session),
    )
    .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(
        me(&app2, &token).await,
        StatusCode::UNAUTHORIZED,
        "the token ended"
    );
    assert_eq!(
        get_as(&app2, "/api/v1/me", Some(&session)).await.status(),
        StatusCode::OK
    );
    t.close().await;
    t2.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_at_its_absolute_lifetime_however_active() {
    use app::auth::service::resolve::resolve;
    let t = app::server::testing::sqlite().await;
    let state = support::state(&t).await;
    let auth = &state.auth;
    let user = create_user(&t, "ada", "ada-old-password", &["viewer"]).await;
    let start = app::server::now();
    let origin = app::auth::service::session::Origin::default();
    let method = app::access::identity::SignInMethod::Password;
    let (_, mut cookie) =
        app::auth::service::session::start(&t.db, auth, &user, method, &origin, start)
            .await
            .unwrap();
    // Active every hour: the session is renewed again and again...
    let mut hour = 1;
    let resolved_at = |cookie: &str, hours: i64| {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            cookie.split(';').next().unwrap().parse().unwrap(),
        );
        let at = start + chrono::Duration::hours(hours);
        let db = t.db.clone();
        async move { resolve(&db, auth, &headers, at).await.unwrap() }
    };
    while hour < auth.session_max_lifetime.num_hours() {
        let resolved = resolved_at(&cookie, hour).await;
        assert!(resolved.caller.is_some(), "hour {hour}");
        if let Some(renewed) = resolved.set_cookie {
            cookie = renewed;
        }
        hour += 1;
    }
    // ...until its absolute end, renewals or not.
    let resolved = resolved_at(&cookie, hour).await;
    assert!(resolved.caller.is_none(), "ended after {hour} hours");
    assert_eq!(hour, 24);
    t.close().await;
}
