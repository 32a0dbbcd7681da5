//! The REST API under `/api/v1`: for automation, with session cookies or bearer tokens.

use app::error::AppError;
use app::server::ctx::Ctx;
use axum::Json;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::openapi::operations::{Operation, string};
use crate::openapi::schemas::{RUNWAY_ERROR, reference};
use crate::route::Route;
use app::access::endpoints::Requirement::{Permission, Public, SignedIn};
use app::access::permission::Permission::{AuditRead, CatalogEntityCreate};

/// Runway's own REST routes, each declared once (see `crate::route`).
pub fn routes() -> Vec<Route> {
    vec![
        Route::get(
            "/api/v1/me",
            SignedIn,
            me,
            Operation::new("runway", "Who is calling")
                .answers(200, "The caller with teams, roles and effective permissions", Some(reference("Me"))),
        ),
        Route::get(
            "/api/v1/audit.csv",
            Permission(AuditRead),
            audit_csv,
            Operation::new("runway", "The audit log as CSV")
                .query("actor", string(), "Only entries by this login")
                .query("action", string(), "Only this action, e.g. catalog.entity.update")
                .query("target", string(), "Only entries whose target contains this")
                .query("from", string(), "From this day (YYYY-MM-DD, UTC)")
                .query("to", string(), "Up to this day (YYYY-MM-DD, UTC)")
                .answers(200, "Newest first, up to 100,000 rows", None),
        ),
        Route::post(
            "/api/v1/catalog/import",
            Permission(CatalogEntityCreate),
            crate::catalog_rest::import,
            Operation::new("runway", "Import descriptor files")
                .describe("The body is one YAML file of one or more documents (`---`). All of it is \
                    imported in one transaction, or nothing is; `partial` imports the valid documents \
                    anyway. Imports are idempotent. Bodies over 16 MiB are refused with 413.")
                .query("dryRun", json!({"type": "boolean"}), "Report what would happen; change nothing")
                .query("partial", json!({"type": "boolean"}), "Import the valid documents even when others are rejected")
                .query("file", string(), "The name reports give the body (default request.yaml)")
                .answers(200, "Applied, or a dry run", Some(reference("ImportReport")))
                .answers(422, "Documents were rejected and nothing was stored (the report), or the body is not YAML (an error)",
                    Some(json!({"oneOf": [reference("ImportReport"), reference(RUNWAY_ERROR)]}))),
        ),
        Route::get(
            crate::openapi::PATH,
            Public,
            crate::openapi::serve,
            Operation::new("runway", "This document")
                .answers(200, "The OpenAPI 3.1 document of /api", Some(json!({"type": "object"}))),
        ),
    ]
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
    let entries = app::admin::api::audit::service::export(&ctx, filter).await?;
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
