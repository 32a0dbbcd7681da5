//! Probes for orchestrators: liveness (`/healthz`) and readiness (`/readyz`).

use std::time::Duration;

use app::state::AppState;
use axum::extract::State;
use http::StatusCode;

/// The process is up and serving requests.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok\n")
}

/// The database answers within two seconds.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database did not answer in time\n",
        ),
    }
}
