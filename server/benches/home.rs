//! Server-side rendering cost of the home page through the whole router, in process, on SQLite
//! with the demo organisation (`make bench` also measures it over HTTP on a release server).

#[path = "../tests/support/mod.rs"]
mod support;

use axum::body::Body;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use tower::ServiceExt;

fn home(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (app, cookie, _db) = runtime.block_on(async {
        let t = app::server::testing::sqlite().await;
        let state = support::state(&t).await;
        app::demo::seed(&t.db, 42, app::server::now())
            .await
            .expect("seed demo data");
        let app = runway_server::router(state);
        let cookie = support::admin(&app).await;
        (app, cookie, t)
    });
    let mut group = c.benchmark_group("ssr");
    group.sample_size(200);
    for path in ["/", "/deployments", "/catalog"] {
        group.bench_function(format!("GET {path}"), |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let request = Request::get(path)
                        .header(http::header::COOKIE, cookie.as_str())
                        .body(Body::empty())
                        .unwrap();
                    let response = app.clone().oneshot(request).await.unwrap();
                    assert!(response.status().is_success());
                    support::text(response).await.len()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, home);
criterion_main!(benches);
