//! Where requests meet the features: the caller of a request, the `Ctx` every use case runs in
//! and what it is built from, and the adapter that runs a server function's use case. It knows
//! access control (a `Ctx` authorizes) and no other feature; the application's state, which
//! knows them all, sits above the features in `crate::state`.

pub mod caller;
pub mod ctx;
pub mod extensions;

use std::sync::Arc;

use leptos::prelude::*;

pub use crate::clock::now;
#[cfg(any(test, feature = "testing"))]
pub use crate::db::testing;
pub use crate::db::{Backend, Db, DbError};

use crate::access::cache::PolicyCache;
use crate::error::AppError;

/// What every `Ctx` is built from, shared by all requests: the database, the policy cache and
/// what features keep for the life of the server. The router provides it to every page render
/// and server function; REST handlers extract it from the router's state.
#[derive(Clone, Debug)]
pub struct Shared {
    pub db: Db,
    pub policy: Arc<PolicyCache>,
    pub extensions: extensions::Extensions,
}

/// Reads what the router provides to every page render and server function.
pub fn shared() -> Result<Shared, AppError> {
    use_context::<Shared>()
        .ok_or_else(|| AppError::internal("the shared state is missing from the context"))
}

/// A per-request nonce that the Content-Security-Policy allows for inline scripts; the security
/// middleware puts it in the request's extensions and the HTML shell hands it to Leptos.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Runs a use case for the current server function: builds its [`ctx::Ctx`] (the caller must be
/// signed in), runs `service` with it, and answers with the error's HTTP status.
pub async fn run<T, Fut>(service: impl FnOnce(ctx::Ctx) -> Fut) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let result = match ctx::Ctx::of_request().await {
        Ok(ctx) => service(ctx).await,
        Err(error) => Err(error),
    };
    respond(result)
}

/// Wraps a server function's result so that the HTTP status matches the error: server functions
/// otherwise answer every error with 500, and API clients need 401, 403, 404 and 422.
///
/// A plain HTML form post (JavaScript off) is left alone: Leptos answers it with a redirect back
/// to the form, the error in the URL, and the form shows it; an error status would stop the
/// browser from following that redirect.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let from_html_form = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)?
                .to_str()
                .ok()
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false);
    if from_html_form {
        return result;
    }
    if let (Err(error), Some(response)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        let status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }
    result
}
