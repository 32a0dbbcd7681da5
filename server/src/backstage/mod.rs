//! Backstage's catalog REST API under `/api/catalog`, with its paths, parameters and JSON shapes,
//! so that Backstage tooling (`@backstage/catalog-client`, scripts, plugins) works unchanged.

mod entities;
mod locations;
mod routes;

pub use routes::routes;

use axum::Json;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A failure in Backstage's error shape, which `@backstage/catalog-client` turns into a
/// `ResponseError` with the name and message.
pub struct ApiError {
    pub status: StatusCode,
    pub name: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, name: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            name,
            message: message.into(),
        }
    }

    pub fn input(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "InputError", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "NotFoundError", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "NotAllowedError", message)
    }
}

impl From<app::error::AppError> for ApiError {
    fn from(error: app::error::AppError) -> Self {
        use app::error::AppError::*;
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let name = match &error {
            NotFound(_) => "NotFoundError",
            Unauthenticated => "AuthenticationError",
            Forbidden(_) => "NotAllowedError",
            Validation(_) => "InputError",
            Conflict(_) => "ConflictError",
            _ => "Error",
        };
        ApiError::new(status, name, error.to_string())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        app::error::AppError::internal(error).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {"name": self.name, "message": self.message},
            "response": {"statusCode": self.status.as_u16()},
        });
        (self.status, Json(body)).into_response()
    }
}

/// Repeated query parameters (`filter=a&filter=b`) as (name, decoded value) pairs.
pub fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (app::ui::url::decode(k), app::ui::url::decode(v))
        })
        .collect()
}

/// The values of one parameter; comma-separated lists are split when `split` is set.
pub fn values(pairs: &[(String, String)], name: &str, split: bool) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| {
            if split {
                v.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            } else {
                vec![v.clone()]
            }
        })
        .collect()
}
