//! The one error type that crosses the wire between the server and the browser.
//!
//! Server functions and the REST API return `AppError`; database and I/O details never reach the
//! browser. An internal failure is logged on the server with a short reference that the message
//! shows, so a user can quote it and an operator can find the log line.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Why a request failed, in terms a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("you do not have permission to {0}")]
    Forbidden(String),
    #[error("{}", summarize(.0))]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; the message says when to try again.
    #[error("{0}")]
    RateLimited(String),
    /// The request itself is malformed: arguments that do not parse, a body too large.
    #[error("the request is malformed: {0}")]
    BadRequest(String),
    #[error("something went wrong on the server (reference {0})")]
    Internal(String),
    /// The request did not reach the server function or its answer could not be read.
    #[error("the request could not be completed: {0}")]
    Transport(String),
}

/// A validation problem tied to one input field (a dotted path such as `metadata.name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A value's type in words, for messages.
pub fn describe(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "empty",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "text",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "a mapping",
    }
}

impl AppError {
    /// The HTTP status that carries this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden(_) => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited(_) => 429,
            AppError::BadRequest(_) => 400,
            AppError::Internal(_) => 500,
            AppError::Transport(_) => 502,
        }
    }

    /// Logs `error` with a fresh reference and returns an `Internal` error that shows only the
    /// reference, so server details stay in the server's log.
    #[cfg(feature = "ssr")]
    pub fn internal(error: impl std::fmt::Display) -> Self {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        tracing::error!(%reference, %error, "internal error");
        AppError::Internal(reference)
    }
}

fn summarize(errors: &[FieldError]) -> String {
    match errors {
        [] => "the input is invalid".to_owned(),
        [one] => format!("{}: {}", one.field, one.message),
        [first, rest @ ..] => format!(
            "{}: {} (and {} more problem{})",
            first.field,
            first.message,
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, arguments that cannot be read are the caller's mistake; in the browser,
        // any of these means the request did not complete.
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::Deserialization(message)
            | ServerFnErrorErr::MissingArg(message)
                if cfg!(feature = "ssr") =>
            {
                AppError::BadRequest(message)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// A database error: a unique key taken by a concurrent request is a conflict the caller can
/// act on; anything else is logged and shown by reference.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if error
            .as_database_error()
            .is_some_and(|e| e.is_unique_violation())
        {
            return AppError::Conflict(
                "that exists already (another request may have just created it); reload and check"
                    .into(),
            );
        }
        AppError::internal(error)
    }
}

/// The one place an error becomes an HTTP answer: its status and its JSON.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(error: AppError, status: u16, message: &str) {
        assert_eq!(error.status(), status);
        assert_eq!(error.to_string(), message);
    }

    #[test]
    fn statuses_and_messages() {
        check(
            AppError::NotFound("component:default/cart".into()),
            404,
            "component:default/cart was not found",
        );
        check(AppError::Unauthenticated, 401, "sign in to continue");
        check(
            AppError::Forbidden("update this entity".into()),
            403,
            "you do not have permission to update this entity",
        );
        check(
            AppError::Conflict("the name is taken".into()),
            409,
            "the name is taken",
        );
        check(
            AppError::RateLimited("try again in 5 minutes".into()),
            429,
            "try again in 5 minutes",
        );
        check(
            AppError::Internal("ab12cd34".into()),
            500,
            "something went wrong on the server (reference ab12cd34)",
        );
    }

    #[test]
    fn validation_messages_name_the_first_field_and_count_the_rest() {
        check(AppError::Validation(vec![]), 422, "the input is invalid");
        check(
            AppError::Validation(vec![FieldError::new("metadata.name", "must not be empty")]),
            422,
            "metadata.name: must not be empty",
        );
        check(
            AppError::Validation(vec![
                FieldError::new("metadata.name", "must not be empty"),
                FieldError::new("spec.owner", "is required"),
            ]),
            422,
            "metadata.name: must not be empty (and 1 more problem)",
        );
    }

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let error = AppError::Validation(vec![FieldError::new("spec.type", "is required")]);
        assert_eq!(AppError::de(error.ser()), error);
    }
}
