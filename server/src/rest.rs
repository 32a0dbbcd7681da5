//! The REST API under `/api/v1`: for automation, with session cookies or bearer tokens.

use app::server::AppState;
use app::server::caller::CallerSlot;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Extension, Json};
use serde::Serialize;

use crate::auth::error_response;

/// Every REST route: the router is built from this list and the access test walks it, so no
/// route escapes the check that it is listed in `app::access::endpoints::ENDPOINTS`.
pub fn routes() -> Vec<(&'static str, http::Method, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/api/v1/me", http::Method::GET, get(me)),
        ("/api/v1/audit.csv", http::Method::GET, get(audit_csv)),
        (
            "/api/v1/catalog/import",
            http::Method::POST,
            post(crate::catalog_rest::import),
        ),
        (
            crate::openapi::PATH,
            http::Method::GET,
            get(crate::openapi::serve),
        ),
    ];
    routes.extend(crate::backstage::routes());
    routes
}

/// The body of `GET /api/v1/me`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeBody {
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub teams: Vec<String>,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
}

/// `GET /api/v1/me`: who is calling, with teams, roles and effective permissions.
pub async fn me(State(state): State<AppState>, Extension(slot): Extension<CallerSlot>) -> Response {
    let Some(caller) = slot.0 else {
        return error_response(app::error::AppError::Unauthenticated);
    };
    let policy = match state.auth.policy.get(&state.db).await {
        Ok(policy) => policy,
        Err(error) => return error_response(app::error::AppError::internal(error)),
    };
    let me = app::auth::api::service::describe(&caller, &policy);
    Json(MeBody {
        login: me.user.login,
        display_name: me.user.display_name,
        email: me.user.email,
        teams: me.teams,
        roles: me.roles,
        permissions: me.permissions,
    })
    .into_response()
}

/// `GET /api/v1/audit.csv?actor=&action=&target=&from=&to=`: the matching audit entries as a
/// CSV download, newest first (up to 100,000 rows). Needs `audit.read` (checked by the
/// authentication layer before this runs).
pub async fn audit_csv(
    State(state): State<AppState>,
    Query(filter): Query<app::access::model::AuditFilter>,
) -> Response {
    match app::access::store::audit::search(&state.db, &filter, 100_000, 0).await {
        Ok((entries, _)) => {
            let csv = app::access::model::audit_csv(&entries);
            let headers = [
                (http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"runway-audit.csv\"",
                ),
            ];
            (headers, csv).into_response()
        }
        Err(error) => error_response(app::error::AppError::internal(error)),
    }
}
