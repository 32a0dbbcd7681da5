//! Above the features, where requests meet them: the application state the router shares,
//! the caller of a request, the `Ctx` every use case runs in.

pub mod caller;
pub mod ctx;

use std::sync::Arc;

use leptos::prelude::*;

pub use crate::clock::now;
#[cfg(any(test, feature = "testing"))]
pub use crate::db::testing;
pub use crate::db::{Backend, Db, DbError};

use crate::error::AppError;

/// Everything a request handler needs, shared by the router, page renders and server functions.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub auth: Arc<crate::auth::service::runtime::AuthRuntime>,
    /// The catalog in memory, for lists, facets and search.
    pub catalog: Arc<crate::catalog::index::CatalogIndex>,
}

/// leptos_axum's handlers read the Leptos options out of the router state.
impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The settings that features read at request time.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Where users reach the portal, e.g. `https://runway.example.com`; links and redirects use it.
    pub public_url: String,
    /// Hosts that descriptors' `$text`/`$json`/`$yaml` may fetch from.
    pub catalog_allowed_hosts: Vec<String>,
    /// Whether those fetches may reach private, loopback and link-local addresses.
    pub catalog_private_networks: bool,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl AppConfig {
    /// What catalog placeholders may fetch.
    pub fn remote(&self) -> crate::catalog::import::substitute::Remote {
        crate::catalog::import::substitute::Remote {
            allowed_hosts: self.catalog_allowed_hosts.clone(),
            private_networks: self.catalog_private_networks,
        }
    }
}

/// Reads the state that the router provides to every page render and server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::internal("the application state is missing from the context"))
}

pub fn db() -> Result<Db, AppError> {
    Ok(state()?.db)
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
