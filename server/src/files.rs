//! The site's files (the wasm and its chunks, the scripts, the stylesheet, fonts and images),
//! served from the site folder by tower-http alone, and the not-found page for every other path.
//!
//! Files never pass through Leptos: leptos_axum's `file_and_error_handler` served a found file
//! inside an owner that could be the child of another request's page render, and applied that
//! render's `ResponseOptions` (its status, its headers) to the file (see `isolation` and
//! ARCHITECTURE.md, "One owner per request").

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::StatusCode;
use leptos::prelude::IntoView;
use leptos_axum::render_app_to_stream_in_order_with_context;
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;

/// The fallback of the router: a file of the site folder where one is at the path, with its
/// precompressed brotli or gzip copy as the request accepts; otherwise the not-found page.
pub fn site<IV: IntoView + 'static>(
    site_root: &str,
    context: impl Fn() + Clone + Send + Sync + 'static,
    page: impl Fn() -> IV + Clone + Send + Sync + 'static,
) -> ServeDir<BoxCloneSyncService<Request, Response, Infallible>> {
    ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        // A folder is no page: `/pkg/` is as missing as any other path.
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found_page(context, page))
}

/// Renders the application for a path no route and no file matched: the router shows its
/// not-found page, which sets 404 itself; an answer left at 200 is made 404 here, a redirect is
/// kept.
fn not_found_page<IV: IntoView + 'static>(
    context: impl Fn() + Clone + Send + Sync + 'static,
    page: impl Fn() -> IV + Clone + Send + Sync + 'static,
) -> BoxCloneSyncService<Request, Response, Infallible> {
    BoxCloneSyncService::new(service_fn(move |request: Request<Body>| {
        // Made per request (two closures) because the handler leptos_axum returns is not Sync.
        let answer =
            render_app_to_stream_in_order_with_context(context.clone(), page.clone())(request);
        async move {
            let mut response = answer.await;
            if response.status() == StatusCode::OK {
                *response.status_mut() = StatusCode::NOT_FOUND;
            }
            Ok(response)
        }
    }))
}
