//! Logs (human or JSON), a span per request, and Prometheus metrics by route.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Span;

use crate::config::LogFormat;

/// Installs the global log subscriber, writing to stderr so that stdout carries only what a
/// command prints. `filter` has been checked by the settings.
pub fn init_tracing(format: LogFormat, filter: &str) {
    let filter = tracing_subscriber::EnvFilter::new(filter);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}

/// The process-wide Prometheus recorder, installed on first use.
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            )
            .and_then(PrometheusBuilder::install_recorder)
            .expect("the Prometheus recorder is installed once")
    })
}

/// `GET /metrics` in Prometheus's text format.
pub async fn metrics() -> Response {
    let mut response = prometheus().render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// The route a request counts under: the router's pattern, each server function's own path,
/// and two buckets for everything else, so that metrics keep a bounded set of labels.
pub fn route_label(request: &Request) -> String {
    static SERVER_FNS: OnceLock<HashSet<String>> = OnceLock::new();
    let path = request.uri().path();
    let server_fns = SERVER_FNS.get_or_init(|| {
        server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.to_owned())
            .collect()
    });
    if server_fns.contains(path) {
        return path.to_owned();
    }
    match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None if path.starts_with("/pkg/")
            || path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.')) =>
        {
            "static".to_owned()
        }
        None => "other".to_owned(),
    }
}

/// The span every request's logs belong to.
pub fn request_span(request: &Request) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        route = %route_label(request),
        status = tracing::field::Empty,
    )
}

/// Counts requests and records their latency by method, route and status.
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = route_label(&request);
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    Span::current().record("status", response.status().as_u16());
    response
}
