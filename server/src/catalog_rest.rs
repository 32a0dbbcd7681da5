//! `POST /api/v1/catalog/import`: descriptor files from automation, with the same validation and
//! report as the browser's import.

use app::catalog::api::service::import_sources;
use app::catalog::import::Source;
use app::error::{AppError, FieldError};
use app::server::ctx::Ctx;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

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
/// was a dry run without rejections; 422 with the report when documents were rejected. The
/// same service as the portal's import, with its checks and its audit row.
pub async fn import(ctx: Ctx, Query(params): Query<ImportParams>, body: Bytes) -> Response {
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return AppError::Validation(vec![FieldError::new("body", "binary data, not YAML text")])
            .into_response();
    };
    if text.trim().is_empty() {
        return AppError::Validation(vec![FieldError::new(
            "body",
            "send one or more YAML documents",
        )])
        .into_response();
    }
    let source = Source {
        file: params.file.unwrap_or_else(|| "request.yaml".to_owned()),
        text,
        ..Source::default()
    };
    match import_sources(&ctx, vec![source], params.dry_run, params.partial).await {
        Ok(report) => {
            let refused = report.rejected > 0 && !(params.partial || params.dry_run);
            let status = if refused {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (status, Json(report)).into_response()
        }
        Err(error) => error.into_response(),
    }
}
