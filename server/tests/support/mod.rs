//! Shared setup for the HTTP tests: a router over a fresh database, built the way `runway serve`
//! builds it (first administrator included), and helpers to call it as someone.

// Each test binary includes this module and uses only part of it.
#![allow(dead_code)]

use app::server::testing::{self, TestDb};
use app::state::AppState;
use axum::Router;
use axum::body::Body;
use http::{Request, Response, header};
use http_body_util::BodyExt;
use runway_server::config::RawSettings;
use tower::ServiceExt;

/// The first administrator's password in every test database.
pub const ADMIN_PASSWORD: &str = "test-admin-password";

/// A router over a fresh database of each engine, demo data seeded when `demo` is set.
pub async fn apps(demo: bool) -> Vec<(Router, TestDb)> {
    let mut out = Vec::new();
    for t in testing::databases().await {
        let state = state(&t).await;
        if demo {
            app::demo::seed(&t.db, 42, app::server::now())
                .await
                .expect("seed demo data");
        }
        out.push((runway_server::router(state), t));
    }
    out
}

/// The state `runway serve` would build for this database.
pub async fn state(t: &TestDb) -> AppState {
    let settings = RawSettings {
        admin_password: Some(ADMIN_PASSWORD.into()),
        site_root: Some(site_root()),
        // Tasks' working folders and the like, apart for every test and out of the checkout.
        data_dir: Some(
            std::env::temp_dir()
                .join(format!(
                    "runway-http-tests-data-{}",
                    uuid::Uuid::new_v4().simple()
                ))
                .display()
                .to_string(),
        ),
        ..RawSettings::default()
    }
    .check()
    .expect("valid test settings");
    // Templates' expressions are evaluated by the runway binary (`runway __render`), as in
    // production; the tests' own binary is not it.
    let settings = runway_server::config::Settings {
        render_worker: Some(env!("CARGO_BIN_EXE_runway").into()),
        ..settings
    };
    let bootstrap = app::auth::service::bootstrap::bootstrap(
        &t.db,
        settings.admin_password.as_deref(),
        app::server::now(),
    );
    bootstrap.await.expect("bootstrap");
    runway_server::serve::app_state(&settings, t.db.clone())
        .await
        .expect("application state")
}

/// A site directory with one static file, standing in for cargo-leptos's output.
fn site_root() -> String {
    let dir = std::env::temp_dir().join("runway-http-tests-site");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    dir.display().to_string()
}

/// How long one request, or reading one body, may take before the test fails naming it: a hang
/// must fail one test in a minute, not stall the whole run until CI gives up.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    let what = format!("{} {}", request.method(), request.uri());
    tokio::time::timeout(PATIENCE, app.clone().oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within {PATIENCE:?}"))
        .expect("the router answers")
}

/// A GET, with a session cookie when `cookie` is set.
pub async fn get_as(app: &Router, path: &str, cookie: Option<&str>) -> Response<Body> {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

pub async fn get(app: &Router, path: &str) -> Response<Body> {
    get_as(app, path, None).await
}

/// Calls a server function with form-encoded arguments, as the portal's pages do (same origin).
pub async fn call_as(app: &Router, path: &str, form: &str, cookie: Option<&str>) -> Response<Body> {
    let mut request = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("origin", "http://127.0.0.1:3000");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::from(form.to_owned())).unwrap()).await
}

pub async fn call(app: &Router, path: &str, form: &str) -> Response<Body> {
    call_as(app, path, form, None).await
}

/// Signs in and returns the `Cookie` header value that carries the session.
pub async fn sign_in(app: &Router, login: &str, password: &str) -> String {
    let response = call(
        app,
        "/api/auth/sign_in",
        &format!("login={login}&password={}", password.replace(' ', "+")),
    )
    .await;
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("runway_session="))
        .map(|v| v.split(';').next().unwrap().to_owned());
    cookie.unwrap_or_else(|| panic!("signing in as {login} failed with {}", response.status()))
}

pub async fn admin(app: &Router) -> String {
    sign_in(app, "admin", ADMIN_PASSWORD).await
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = tokio::time::timeout(PATIENCE, response.into_body().collect())
        .await
        .unwrap_or_else(|_| panic!("the body did not end within {PATIENCE:?}"))
        .expect("a body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// Creates an active user with a password and the given global roles.
pub async fn create_user(
    t: &TestDb,
    login: &str,
    password: &str,
    roles: &[&str],
) -> app::access::identity::User {
    use app::access::decision::{RoleBinding, Subject};
    use app::access::store::{roles as role_store, users};
    let hash = app::auth::service::credentials::hash_password(password.to_owned())
        .await
        .unwrap();
    let now = app::server::now();
    let mut tx = t.db.begin().await.unwrap();
    let new = users::NewUser {
        login: login.into(),
        display_name: login.into(),
        password_hash: Some(hash),
        ..users::NewUser::default()
    };
    let user = users::insert(&mut tx, &new, now).await.unwrap();
    for role in roles {
        let binding = RoleBinding {
            id: uuid_like(login, role),
            subject: Subject::User(user.id.clone()),
            role: role.to_string(),
            scope: None,
            source: "admin".into(),
        };
        role_store::create_binding(&mut tx, &binding, "test", now)
            .await
            .unwrap();
    }
    role_store::bump_version(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    user
}

fn uuid_like(login: &str, role: &str) -> String {
    format!("binding-{login}-{role}")
}

/// Calls a JSON-encoded server function (or any JSON endpoint) with a session cookie, as the
/// portal's pages do; the status and the body.
pub async fn json_call(
    app: &Router,
    path: &str,
    body: &serde_json::Value,
    cookie: &str,
) -> (http::StatusCode, String) {
    let request = Request::post(path)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = send(app, request).await;
    let status = response.status();
    (status, text(response).await)
}

/// The stored entity with lowercase ref `key`.
pub async fn entity(t: &TestDb, key: &str) -> app::catalog::store::query::Stored {
    let keys = [key.to_owned()];
    app::catalog::store::query::get(&t.db, app::catalog::store::query::By::Refs(&keys))
        .await
        .unwrap()
        .remove(0)
}

/// Creates a custom role with `grants` and binds it to `user`.
pub async fn grant_custom_role(
    t: &TestDb,
    user: &app::access::identity::User,
    name: &str,
    grants: &[(
        app::access::permission::Permission,
        app::access::decision::Reach,
    )],
) {
    use app::access::decision::{Role, RoleBinding, Subject};
    use app::access::store::roles;
    let now = app::server::now();
    let role = Role {
        name: name.into(),
        description: name.into(),
        builtin: false,
        grants: grants.iter().copied().collect(),
    };
    let mut tx = t.db.begin().await.unwrap();
    roles::create(&mut tx, &role, now).await.unwrap();
    let binding = RoleBinding {
        id: format!("binding-{}-{name}", user.login),
        subject: Subject::User(user.id.clone()),
        role: name.into(),
        scope: None,
        source: "admin".into(),
    };
    roles::create_binding(&mut tx, &binding, "test", now)
        .await
        .unwrap();
    roles::bump_version(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// Imports catalog YAML through the REST API as the person with `cookie`; the import must succeed.
pub async fn import_yaml(app: &Router, yaml: &str, cookie: &str) {
    let request = Request::post("/api/v1/catalog/import")
        .header("content-type", "application/yaml")
        .header("origin", "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(yaml.to_owned()))
        .unwrap();
    let response = send(app, request).await;
    let status = response.status();
    assert_eq!(status, http::StatusCode::OK, "{}", text(response).await);
}
