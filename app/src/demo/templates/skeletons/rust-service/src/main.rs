//! ${{ values.name }}: ${{ values.description | default('an HTTP service') }}

use axum::{Router, routing::get};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/", get(|| async { "${{ values.name }} is running" }))
        .route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:${{ values.port }}").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
