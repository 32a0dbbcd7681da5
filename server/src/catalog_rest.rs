//! `POST /api/v1/catalog/import`: descriptor files from automation, with the same validation and
//! report as the browser's import.

use app::catalog::api::service::{ImportRequest, import_with};
use app::catalog::import::Source;
use app::error::{AppError, FieldError};
use app::server::AppState;
use app::server::caller::{CallerSlot, ClientAddress};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use crate::auth::error_response;

/// Query parameters of the import.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportParams {
    /// Report what would happen; change nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Import the valid documents even when others are rejected.
    #[serde(default)]
    pub partial: bool,
    /// The name reports give the body (default `request.yaml`).
    pub file: Option<String>,
}

/// Imports the YAML body (one or more documents). 200 with the report when it was applied or
/// was a dry run without rejections; 422 with the report when documents were rejected.
pub async fn import(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
    address: Option<Extension<ClientAddress>>,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Response {
    let Some(caller) = slot.0 else {
        return error_response(AppError::Unauthenticated);
    };
    let policy = match state.auth.policy.get(&state.db).await {
        Ok(policy) => policy,
        Err(error) => return error_response(AppError::internal(error)),
    };
    let decision = policy.decide(
        &caller.principal,
        app::access::permission::Permission::CatalogEntityCreate,
        None,
    );
    if !decision.allowed {
        return error_response(AppError::Forbidden(
            "register new entities and import descriptor files (catalog.entity.create)".into(),
        ));
    }
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return error_response(AppError::Validation(vec![FieldError::new(
            "body",
            "binary data, not YAML text",
        )]));
    };
    if text.trim().is_empty() {
        return error_response(AppError::Validation(vec![FieldError::new(
            "body",
            "send one or more YAML documents",
        )]));
    }
    let source = Source {
        file: params.file.unwrap_or_else(|| "request.yaml".to_owned()),
        text,
        ..Source::default()
    };
    let request = ImportRequest {
        caller: &caller,
        address: address.map(|a| a.0.0),
        dry_run: params.dry_run,
        partial: params.partial,
    };
    match import_with(&state.db, policy, request, vec![source]).await {
        Ok(report) => {
            let refused = report.rejected > 0 && !(params.partial || params.dry_run);
            let status = if refused {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (status, Json(report)).into_response()
        }
        Err(error) => error_response(error),
    }
}
