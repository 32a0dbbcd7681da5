//! A flood of parallel sign-ins (defect 3 of the security review): every try is counted before
//! its password is checked, and memory stays flat however many arrive. Its own test binary, so
//! that no other test's allocations blur the process's peak memory.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{Request, StatusCode};

/// A line of `/proc/self/status` in MiB: `VmHWM` (the peak since the last reset) or `VmRSS`.
fn memory_mib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

/// 100 sign-ins at once through a trusted proxy at 10.0.0.1, from `client(i)`, for `login(i)`.
async fn flood(
    app: &axum::Router,
    client: impl Fn(usize) -> String,
    login: impl Fn(usize) -> String,
) -> Vec<StatusCode> {
    let tries: Vec<_> = (0..100)
        .map(|i| {
            let mut request = Request::post("/api/auth/sign_in")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("origin", "http://127.0.0.1:3000")
                .header("x-forwarded-for", client(i))
                .body(Body::from(format!(
                    "login={}&password=wrong+password+x",
                    login(i)
                )))
                .unwrap();
            let proxy: SocketAddr = "10.0.0.1:40000".parse().unwrap();
            request.extensions_mut().insert(ConnectInfo(proxy));
            let app = app.clone();
            tokio::spawn(async move { support::send(&app, request).await.status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in tries {
        statuses.push(attempt.await.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_sign_ins_is_counted_exactly_and_memory_stays_flat() {
    let t = app::server::testing::sqlite().await;
    let mut state = support::state(&t).await;
    state.config = Arc::new(app::state::AppConfig {
        trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
        ..(*state.config).clone()
    });
    let app = runway_server::router(state);
    // Warm up: the decoy hash and the hashing threads exist before measuring.
    let _ = flood(&app, |_| "192.0.2.1".into(), |_| "warm".into()).await;
    let (checked_before, _) = app::auth::service::hashing::stats();

    // One login from one address: exactly the free tries are checked, the rest wait.
    let statuses = flood(&app, |_| "198.51.100.7".into(), |_| "admin".into()).await;
    let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        checked,
        app::limits::SIGN_IN_FREE_TRIES as usize,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        100 - checked
    );
    let (checked_after, _) = app::auth::service::hashing::stats();
    assert_eq!(
        checked_after - checked_before,
        checked as u64,
        "hashes actually run"
    );

    // A hundred addresses, a hundred logins: nothing throttles them, so every try wants a
    // hash. They queue for the hashing threads (or are told the server is busy), and memory
    // stays at a few hashes' worth instead of 100 × 19 MiB.
    reset_peak();
    let before = memory_mib("VmRSS:");
    let statuses = flood(
        &app,
        |i| format!("203.0.113.{i}"),
        |i| format!("someone{i}"),
    )
    .await;
    let grown = memory_mib("VmHWM:").saturating_sub(before);
    let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
    let busy = count(&statuses, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(checked + busy, 100, "{statuses:?}");
    assert!(
        checked >= app::limits::MAX_QUEUED_PASSWORD_CHECKS,
        "{checked} checked"
    );
    let (_, peak) = app::auth::service::hashing::stats();
    eprintln!("flood: {checked} checked, {busy} busy, {peak} at once, peak memory +{grown} MiB");
    assert!(peak <= app::auth::service::hashing::threads());
    assert!(grown < 200, "peak memory grew by {grown} MiB");
    t.close().await;
}
