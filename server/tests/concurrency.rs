//! What one request does must never reach another: static files fetched while pages render on
//! the same worker threads keep their own status and headers, and colleagues signing in at once
//! from one address all get in. Both faults failed CI at random before (issue 29).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use support::{ADMIN_PASSWORD, call, create_user, get_as, send, sign_in, text};

/// One file of the test site, as the release build writes it: a hashed name, and its brotli
/// copy beside it (these bytes only stand in for brotli; the answer is checked byte for byte).
const CHUNK: &str = "/pkg/chunk_7.AAAAAAAAAAAAAAAAAAAAAA.wasm";

/// Static files fetched on every worker while signed-in pages, a page refused to a developer
/// (403) and the not-found page (404) render for a few seconds: each file comes back 200 with
/// its own headers, and none carries what a page render set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_keep_their_own_answer_while_pages_render() {
    for t in app::server::testing::databases().await {
        let state = support::state(&t).await;
        let site = std::path::PathBuf::from(&*state.leptos_options.site_root);
        let brotli = write_chunk(&site);
        let app = runway_server::router(state);
        create_user(&t, "dev", "developer-password", &["developer"]).await;
        let developer = sign_in(&app, "dev", "developer-password").await;
        let admin = sign_in(&app, "admin", ADMIN_PASSWORD).await;

        let until = Instant::now() + Duration::from_secs(3);
        let mut pages = Vec::new();
        // What each page shows. (The refused page's 403 is set when its data arrives, which may
        // be after the status has gone out with the first chunk: its status is not checked.)
        for (path, cookie, shows) in [
            ("/catalog", &developer, "Catalog"),
            ("/", &admin, "Runway"),
            ("/admin/roles", &developer, "you do not have permission"),
            ("/no/such/page", &developer, "Page not found"),
        ] {
            let (app, cookie) = (app.clone(), cookie.clone());
            pages.push(tokio::spawn(async move {
                let mut rendered = 0;
                while Instant::now() < until || rendered < 3 {
                    let response = get_as(&app, path, Some(&cookie)).await;
                    if path == "/no/such/page" {
                        assert_eq!(response.status(), StatusCode::NOT_FOUND);
                    }
                    assert!(text(response).await.contains(shows), "{path}");
                    rendered += 1;
                }
                rendered
            }));
        }
        let rendering = Arc::new(AtomicBool::new(true));
        let files: Vec<_> = (0..8)
            .map(|_| {
                let (app, brotli, rendering) = (app.clone(), brotli.clone(), rendering.clone());
                tokio::spawn(async move { fetch_while(&app, &rendering, &brotli).await })
            })
            .collect();
        let mut rendered = 0;
        for page in pages {
            rendered += page.await.unwrap();
        }
        rendering.store(false, Ordering::Relaxed);
        let mut fetched = 0;
        for file in files {
            fetched += file.await.unwrap();
        }
        assert!(
            fetched >= 100,
            "{:?}: too little ran side by side to tell ({rendered} pages, {fetched} files)",
            t.backend()
        );
        t.close().await;
    }
}

/// Writes the chunk's brotli copy (and a plain one) into the test site; the brotli bytes.
fn write_chunk(site: &std::path::Path) -> Vec<u8> {
    let path = site.join(CHUNK.trim_start_matches('/'));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let brotli: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(path.with_extension("wasm.br"), &brotli).unwrap();
    brotli
}

/// Fetches the chunk while pages render, checking every answer; how many it fetched.
async fn fetch_while(app: &Router, rendering: &AtomicBool, brotli: &[u8]) -> usize {
    let mut fetched = 0;
    while rendering.load(Ordering::Relaxed) {
        let request = Request::get(CHUNK)
            .header(header::ACCEPT_ENCODING, "br, gzip")
            .body(Body::empty())
            .unwrap();
        let response = send(app, request).await;
        let headers = response.headers().clone();
        assert_eq!(response.status(), StatusCode::OK, "{headers:?}");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert!(
            !headers.contains_key(header::SET_COOKIE),
            "a file set a cookie: {headers:?}"
        );
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(&body[..], brotli, "the file's own bytes");
        fetched += 1;
    }
    fetched
}

/// Twenty colleagues sign in at once from one address (an office behind one NAT): all get in,
/// and so do twenty more right after, because successful sign-ins leave no wait behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colleagues_signing_in_together_from_one_address_all_get_in() {
    for t in app::server::testing::databases().await {
        let app = runway_server::router(support::state(&t).await);
        for i in 0..40 {
            create_user(&t, &format!("person{i}"), "their-own-password", &["viewer"]).await;
        }
        for wave in [0..20, 20..40] {
            let tries: Vec<_> = wave
                .map(|i| {
                    let app = app.clone();
                    tokio::spawn(async move {
                        let form = format!("login=person{i}&password=their-own-password");
                        let response = call(&app, "/api/auth/sign_in", &form).await;
                        let status = response.status();
                        (i, status, text(response).await)
                    })
                })
                .collect();
            for attempt in tries {
                let (i, status, body) = attempt.await.unwrap();
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{:?} person{i}: {body}",
                    t.backend()
                );
            }
        }
        t.close().await;
    }
}

/// The not-found page and a missing file are the fallback's 404 page; a folder of the site is
/// no page either, and a file keeps answering conditional requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_files_folders_and_other_methods_get_the_not_found_page() {
    for (app, t) in support::apps(false).await {
        let cookie = support::admin(&app).await;
        for path in ["/pkg/missing.wasm", "/pkg/", "/pkg"] {
            let response = get_as(&app, path, Some(&cookie)).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(text(response).await.contains("Page not found"), "{path}");
        }
        let post = Request::post("/favicon.svg")
            .header(header::COOKIE, &cookie)
            .header("origin", "http://127.0.0.1:3000")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, post).await.status(), StatusCode::NOT_FOUND);
        let first = get_as(&app, "/favicon.svg", None).await;
        let modified = first.headers()[header::LAST_MODIFIED].clone();
        let again = Request::get("/favicon.svg")
            .header(header::IF_MODIFIED_SINCE, modified)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, again).await.status(), StatusCode::NOT_MODIFIED);
        t.close().await;
    }
}

/// Pages rendered while other routers are built all end. Building a router rendered the app
/// with every resource held back by one process-wide flag, and a page whose data was first asked
/// for meanwhile never ended (leptos-rs/leptos#4773): the home page test hung 1 run in 5.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_end_while_other_routers_are_built() {
    for t in app::server::testing::databases().await {
        let state = support::state(&t).await;
        let app = runway_server::router(state.clone());
        let admin = sign_in(&app, "admin", ADMIN_PASSWORD).await;
        let building = Arc::new(AtomicBool::new(true));
        let builder = {
            let building = building.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    drop(runway_server::router(state.clone()));
                }
                building.store(false, Ordering::Relaxed);
            })
        };
        let mut rendered = 0;
        while building.load(Ordering::Relaxed) || rendered < 20 {
            let page = async {
                let response = get_as(&app, "/", Some(&admin)).await;
                text(response).await
            };
            let html = tokio::time::timeout(Duration::from_secs(10), page)
                .await
                .unwrap_or_else(|_| panic!("{:?}: page {rendered} never ended", t.backend()));
            assert!(html.contains("Overview"));
            rendered += 1;
        }
        builder.join().unwrap();
        t.close().await;
    }
}
