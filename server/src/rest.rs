//! The REST API under `/api/v1`: for automation, with session cookies or bearer tokens.

use app::error::AppError;
use app::server::AppState;
use app::server::ctx::Ctx;
use axum::Json;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::Serialize;

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
pub async fn me(ctx: Ctx) -> Result<Json<MeBody>, AppError> {
    let me = app::auth::api::service::describe(ctx.caller()?, &ctx.policy);
    Ok(Json(MeBody {
        login: me.user.login,
        display_name: me.user.display_name,
        email: me.user.email,
        teams: me.teams,
        roles: me.roles,
        permissions: me.permissions,
    }))
}

/// `GET /api/v1/audit.csv?actor=&action=&target=&from=&to=`: the matching audit entries as a
/// CSV download, newest first (up to 100,000 rows). Needs `audit.read`.
pub async fn audit_csv(
    ctx: Ctx,
    Query(filter): Query<app::access::model::AuditFilter>,
) -> Result<Response, AppError> {
    let entries = app::access::api::audit::service::export(&ctx, filter).await?;
    let csv = app::access::model::audit_csv(&entries);
    let headers = [
        (http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (
            http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"runway-audit.csv\"",
        ),
    ];
    Ok((headers, csv).into_response())
}
