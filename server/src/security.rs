//! Security headers on every response, a per-request CSP nonce, and request size limits.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use app::server::CspNonce;

pub use app::limits::{MAX_BODY_BYTES, MAX_IMPORT_BYTES, MAX_UPLOAD_BYTES};

/// The body limit of a path: the REST import takes YAML up to [`MAX_IMPORT_BYTES`]; the
/// browser's import sends its files (up to [`MAX_UPLOAD_BYTES`] of text) as JSON, whose escapes
/// may double them; a dry run's template folder comes in base64; everything else is small.
pub fn body_limit_of(path: &str) -> usize {
    match path {
        "/api/v1/catalog/import" | "/api/scaffolder/v2/dry-run" => MAX_IMPORT_BYTES,
        "/api/catalog/import" => 2 * MAX_UPLOAD_BYTES,
        _ => MAX_BODY_BYTES,
    }
}

/// The Content-Security-Policy for a response with `nonce`: only the portal's own scripts, styles,
/// images and connections; WebAssembly compilation for the hydrated app; no framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds a nonce to the request (the HTML shell puts it on Leptos's inline scripts) and the
/// security headers to the response.
pub async fn headers(mut request: Request, next: Next) -> Response {
    let nonce: String = rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    response
}

/// Refuses a body announced as larger than its path's limit before reading any of it, with a
/// message that says what the limit is, and stops bodies that grow past the limit without
/// announcing their length.
pub async fn body_limit(request: Request<Body>, next: Next) -> Response {
    let limit = body_limit_of(request.uri().path());
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        let message = format!(
            "the request body is larger than the limit of {} KiB",
            limit / 1024
        );
        return (StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
    }
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Caching: files whose name carries their content's hash (the release build's `pkg/` and the
/// fonts) never change, so browsers and proxies keep them a year without asking again; other
/// files under `pkg/` (a debug build's) are revalidated; images may be kept for a day; everything
/// else (pages, API answers, which show what one person may see) is never stored.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let is_asset = path.starts_with("/pkg/") || path.starts_with("/fonts/");
    let value = if is_asset && is_content_hashed(&path) {
        Some("public, max-age=31536000, immutable")
    } else if is_asset {
        Some("no-cache")
    } else if path.ends_with(".svg") || path.ends_with(".ico") {
        Some("public, max-age=86400")
    } else {
        None
    };
    if value.is_none() && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(value) = value.filter(|_| response.status().is_success()) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Whether a file name carries a content hash as cargo-leptos writes it: a dot-separated part of
/// 22 base64url characters (an MD5), as in `runway.3q2-7wEjRkq_ZbOR9tFe5A.wasm`.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 22
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_content_hashed("/pkg/runway.3q2-7wEjRkq_ZbOR9tFe5A.wasm"));
        assert!(is_content_hashed(
            "/pkg/__wasm_split.3q2-7wEjRkq_ZbOR9tFe5A.js"
        ));
        assert!(is_content_hashed(
            "/fonts/inter.3q2-7wEjRkq_ZbOR9tFe5A.woff2"
        ));
        assert!(!is_content_hashed("/pkg/runway.wasm"));
        assert!(!is_content_hashed("/pkg/runway_bg.wasm"));
        // Twenty-two characters, but not all of them base64url; or in a folder, not the name.
        assert!(!is_content_hashed(
            "/pkg/runway.3q2-7wEjRkq_ZbOR9tFe5!.wasm"
        ));
        assert!(!is_content_hashed(
            "/pkg/3q2-7wEjRkq_ZbOR9tFe5A.x/runway.wasm"
        ));
    }
}
