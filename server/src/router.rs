//! The HTTP router: probes, metrics, server functions, pages and static files, behind the
//! middleware every response passes through. Tests call [`router`] without a socket.

use std::sync::{Arc, OnceLock};

use app::state::AppState;
use app::{App, shell};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use leptos::prelude::provide_context;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, handle_server_fns_with_context,
};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::route::{Requirements, Route};
use crate::{
    auth, backstage, files, health, isolation, observability, oidc, openapi, rest, scaffolder,
    security,
};

/// The page routes, found once per process by rendering the app with resources held back.
///
/// leptos_server holds them back with one process-wide flag (`SuppressResourceLoad`), and a
/// resource whose future is first polled while it is set waits for good
/// (leptos-rs/leptos#4773): a page rendering for one router while another router is built
/// never finished. `runway serve` builds one router, but the tests build one per database,
/// in parallel, and a home page hung about 1 run in 5 that way (issue 30). Every render needs a
/// router, every router waits here for the one generation, so none can overlap it.
pub fn pages() -> Vec<AxumRouteListing> {
    static PAGES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    PAGES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the application's router around `state`.
pub fn router(state: AppState) -> Router {
    observability::prometheus();
    let pages = pages();
    let context = {
        let shared = state.shared();
        move || provide_context(shared.clone())
    };
    let page_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let requirements = Arc::new(Requirements::of(&routes()));
    let document = openapi::Document(Arc::new(openapi::document(
        &state.config.public_url,
        routes(),
    )));
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler);
    }
    router
        .route("/healthz", get(health::healthz))
        .route("/auth/oidc/login", get(oidc::login))
        .route("/auth/oidc/callback", get(oidc::callback))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(observability::metrics))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(&state, pages, context.clone(), page_shell.clone())
        .fallback_service(files::site(
            &state.leptos_options.site_root,
            context,
            page_shell,
        ))
        .layer(middleware::from_fn(isolation::own_owner))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn_with_state(
            auth::Gate {
                state: state.clone(),
                requirements,
            },
            auth::authenticate,
        ))
        .layer(Extension(document))
        .layer(middleware::from_fn(security::cache_control))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(security::body_limit))
        // `security::body_limit` sets each path's limit; axum's own 2 MiB would cut imports short.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn(observability::record))
        .layer(middleware::from_fn(security::headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| observability::request_span(request))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// Every REST route, each declared once with its requirement and description: Runway's own
/// under `/api/v1`, then Backstage's catalog and scaffolder APIs.
pub fn routes() -> Vec<Route> {
    let mut routes = rest::routes();
    routes.extend(backstage::routes());
    routes.extend(scaffolder::routes());
    routes
}

/// Runs the server function the path names, with the application state in its context.
async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    let shared = state.shared();
    handle_server_fns_with_context(move || provide_context(shared.clone()), request).await
}

/// Errors raised before a server function runs (arguments that do not parse, a body cut off at
/// its limit) come back from Leptos as 500; the error in the body knows its status, so it is
/// put right here, once for every server function.
async fn error_status(request: Request<Body>, next: middleware::Next) -> Response {
    let response = next.run(request).await;
    if response.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (parts.status, "the answer could not be read").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
