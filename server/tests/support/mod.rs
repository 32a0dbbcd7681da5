//! Shared setup for the HTTP tests: a router over a fresh database and a tiny built site.

use std::sync::Arc;

use app::server::testing::{self, TestDb};
use app::server::{AppConfig, AppState};
use axum::Router;
use axum::body::Body;
use http::{Request, Response};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

/// A router over a fresh database of each engine, demo data seeded when `demo` is set.
pub async fn apps(demo: bool) -> Vec<(Router, TestDb)> {
    let mut out = Vec::new();
    for t in testing::databases().await {
        if demo {
            app::demo::seed(&t.db, 42, app::server::now())
                .await
                .expect("seed demo data");
        }
        out.push((runway_server::router(state(&t)), t));
    }
    out
}

pub fn state(t: &TestDb) -> AppState {
    AppState {
        leptos_options: LeptosOptions::builder()
            .output_name("runway")
            .site_root(site_root())
            .build(),
        db: t.db.clone(),
        config: Arc::new(AppConfig {
            public_url: "http://127.0.0.1:3000".into(),
        }),
    }
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

pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone()
        .oneshot(request)
        .await
        .expect("the router answers")
}

pub async fn get(app: &Router, path: &str) -> Response<Body> {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

/// Calls a server function with form-encoded arguments, as the browser does.
pub async fn call(app: &Router, path: &str, form: &str) -> Response<Body> {
    let request = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Body::from(form.to_owned()))
        .unwrap();
    send(app, request).await
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}
