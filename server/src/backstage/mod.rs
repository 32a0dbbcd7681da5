//! Backstage's catalog REST API under `/api/catalog`, with its paths, parameters and JSON shapes,
//! so that Backstage tooling (`@backstage/catalog-client`, scripts, plugins) works unchanged.

mod entities;
mod locations;

use app::server::AppState;
use axum::Json;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use serde_json::json;

/// Every route of the catalog API: (path, method, handler).
pub fn routes() -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    vec![
        ("/api/catalog/entities", Method::GET, get(entities::list)),
        (
            "/api/catalog/entities/by-query",
            Method::GET,
            get(entities::by_query),
        ),
        (
            "/api/catalog/entities/by-refs",
            Method::POST,
            post(entities::by_refs),
        ),
        (
            "/api/catalog/entities/by-name/{kind}/{namespace}/{name}",
            Method::GET,
            get(entities::by_name),
        ),
        (
            "/api/catalog/entities/by-uid/{uid}",
            Method::GET,
            get(entities::by_uid),
        ),
        (
            "/api/catalog/entities/by-uid/{uid}",
            Method::DELETE,
            delete(entities::delete_by_uid),
        ),
        (
            "/api/catalog/entity-facets",
            Method::GET,
            get(entities::facets),
        ),
        (
            "/api/catalog/validate-entity",
            Method::POST,
            post(entities::validate),
        ),
        ("/api/catalog/locations", Method::GET, get(locations::list)),
        (
            "/api/catalog/locations",
            Method::POST,
            post(locations::create),
        ),
        (
            "/api/catalog/locations/{id}",
            Method::GET,
            get(locations::one),
        ),
        (
            "/api/catalog/locations/{id}",
            Method::DELETE,
            delete(locations::remove),
        ),
        (
            "/api/catalog/refresh",
            Method::POST,
            post(locations::refresh),
        ),
    ]
}

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
