//! HTTP behaviour of the whole router: probes, metrics, pages, errors, headers and limits,
//! on SQLite and (when configured) PostgreSQL.

mod support;

use app::error::AppError;
use axum::body::Body;
use http::{Request, StatusCode, header};
use support::{admin, apps, call_as, get, get_as, send, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probes_answer() {
    for (app, t) in apps(false).await {
        let health = get(&app, "/healthz").await;
        assert_eq!(health.status(), StatusCode::OK);
        assert_eq!(text(health).await, "ok\n");
        let ready = get(&app, "/readyz").await;
        assert_eq!(ready.status(), StatusCode::OK, "{:?}", t.backend());
        t.db.close().await;
        assert_eq!(
            get(&app, "/readyz").await.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "a closed pool is not ready"
        );
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_shows_figures_from_the_database() {
    for (app, t) in apps(true).await {
        let cookie = admin(&app).await;
        let response = get_as(&app, "/", Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::OK, "{:?}", t.backend());
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        // Without the hydration markers (`<!>`) that erased components put after text props.
        let html = text(response).await.replace("<!>", "");
        assert!(html.contains("<title>Overview · Runway</title>"), "{html}");
        let services = app::catalog::store::count_entities(&t.db, "component", Some("service"))
            .await
            .unwrap();
        assert!(services > 30);
        let at = html.find(">Services</dt>").expect("the Services card");
        assert!(
            html[at..].contains(&format!(">{services}</dd>")),
            "the card shows {services}"
        );
        assert!(html.contains("Recent deployments"));
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_fresh_nonce() {
    for (app, t) in apps(false).await {
        let nonce = |csp: &str| {
            csp.split("'nonce-")
                .nth(1)
                .and_then(|r| r.split('\'').next())
                .unwrap()
                .to_owned()
        };
        let cookie = admin(&app).await;
        let first = get_as(&app, "/catalog", Some(&cookie)).await;
        let headers = first.headers().clone();
        let csp = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{csp} has {directive}");
        }
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let html = text(first).await;
        assert!(
            html.contains("/pkg/runway.wasm") && !html.contains("runway_bg.wasm"),
            "the page loads the bundle cargo-leptos builds (LEPTOS_OUTPUT_NAME is set for cargo too)"
        );
        let n = nonce(&csp);
        assert!(
            html.contains(&format!(r#"nonce="{n}""#)),
            "the hydration script carries the CSP nonce"
        );
        let second = get_as(&app, "/catalog", Some(&cookie)).await;
        let csp2 = second.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert_ne!(nonce(&csp2), n, "each response has its own nonce");
        assert!(
            get(&app, "/healthz")
                .await
                .headers()
                .contains_key(header::CONTENT_SECURITY_POLICY)
        );
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_get_the_not_found_page() {
    for (app, t) in apps(false).await {
        let cookie = admin(&app).await;
        let response = get_as(&app, "/no/such/page", Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let html = text(response).await;
        assert!(html.contains("Page not found") && html.contains("Go to the overview"));
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_served_with_caching() {
    for (app, t) in apps(false).await {
        let response = get(&app, "/favicon.svg").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=86400"
        );
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route() {
    for (app, t) in apps(false).await {
        get(&app, "/healthz").await;
        let cookie = admin(&app).await;
        call_as(&app, "/api/home/stats", "", Some(&cookie)).await;
        let response = get(&app, "/metrics").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/plain; version=0.0.4")
        );
        let body = text(response).await;
        assert!(
            body.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"}"#),
            "{body}"
        );
        assert!(
            body.contains(r#"route="/api/home/stats""#),
            "server functions count under their own path"
        );
        assert!(body.contains("http_request_duration_seconds_bucket"));
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_json_and_errors_with_their_status() {
    for (app, t) in apps(true).await {
        let cookie = admin(&app).await;
        let call =
            |path: &'static str, form: &'static str| call_as(&app, path, form, Some(&cookie));
        let ok = call("/api/deployments/list", "environment=prod").await;
        assert_eq!(ok.status(), StatusCode::OK, "{:?}", t.backend());
        let page: serde_json::Value = serde_json::from_str(&text(ok).await).unwrap();
        assert_eq!(page["rows"].as_array().unwrap().len(), 50);
        assert!(
            page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["deployment"]["environment"] == "prod")
        );

        let bad = call("/api/deployments/list", "environment=moon").await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: AppError = serde_json::from_str(&text(bad).await).unwrap();
        assert_eq!(
            error.to_string(),
            r#"environment: there is no environment named "moon""#
        );

        let long = "x".repeat(201);
        let body = format!(
            r#"{{"filter": {{"facets": [["Kind", ["component"]]], "text": "{long}", "mine": false, "starred": false, "sort": "Name", "descending": false, "page": -1}}}}"#
        );
        let request = http::Request::post("/api/catalog/list")
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .header("origin", "http://127.0.0.1:3000")
            .header(http::header::COOKIE, &cookie)
            .body(axum::body::Body::from(body))
            .unwrap();
        let bad_filter = support::send(&app, request).await;
        assert_eq!(bad_filter.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let AppError::Validation(problems) = serde_json::from_str(&text(bad_filter).await).unwrap()
        else {
            panic!("a validation error")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["q", "page"]);

        let missing = call("/api/no/such/function", "").await;
        assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused_with_the_limit_named() {
    for (app, t) in apps(false).await {
        let big = "x".repeat(runway_server::security::MAX_BODY_BYTES + 1);
        let request = Request::post("/api/home/stats")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", big.len())
            .body(Body::from(big))
            .unwrap();
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            text(response).await,
            "the request body is larger than the limit of 1024 KiB"
        );
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_is_served_to_anyone() {
    for (app, t) in apps(false).await {
        let response = get(&app, "/api/v1/openapi.json").await;
        assert_eq!(response.status(), StatusCode::OK, "{:?}", t.backend());
        let document: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
        assert_eq!(document["openapi"], "3.1.0");
        let by_query = &document["paths"]["/api/catalog/entities/by-query"]["get"];
        assert_eq!(by_query["x-runway-requires"], "catalog.entity.read");
        // The route it describes refuses the same anonymous caller.
        assert_eq!(
            get(&app, "/api/catalog/entities/by-query").await.status(),
            StatusCode::UNAUTHORIZED
        );
        t.close().await;
    }
}
