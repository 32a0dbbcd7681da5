//! Review item 2 (issue 27): a template's expressions cannot take the server's memory or its
//! async workers. minijinja's fuel counts instructions, not bytes, and the review built 64 MB
//! with three `set`s; rendering on the async workers made `/healthz` take 46 s. Expressions now
//! run in a `runway __render` child with a memory limit, under the step's deadline.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use serde_json::{Value, json};

use crate::support::{self, get, json_call, sign_in};

/// An inline template whose one step logs `message`.
fn dry_run(message: &str) -> Value {
    json!({
        "template": {
            "apiVersion": "scaffolder.backstage.io/v1beta3", "kind": "Template",
            "metadata": {"name": "heavy"},
            "spec": {"type": "service", "parameters": [],
                "steps": [{"id": "say", "name": "Say", "action": "debug:log",
                           "input": {"message": message}}]}
        },
        "values": {}
    })
}

/// The review's attack, doubled past the limit: 1 MB, ×8 (8 MB), ×8 (64 MB), ×8 (512 MB).
const HEAVY: &str = "{% set a = 'x' * 1000000 %}{% set b = a~a~a~a~a~a~a~a %}\
    {% set c = b~b~b~b~b~b~b~b %}{% set d = c~c~c~c~c~c~c~c %}${{ d | length }}";

/// The most this process has held at once, in bytes (`VmHWM`).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

async fn setup(t: &app::server::testing::TestDb) -> (Router, String) {
    let state = support::state(t).await;
    app::demo::seed(&t.db, 42, app::server::now())
        .await
        .unwrap();
    let app = runway_server::router(state);
    let developer = sign_in(&app, "developer", "demo-password").await;
    (app, developer)
}

/// Two such dry runs at once, while `/healthz` is asked every 50 ms: each fails its step
/// naming the memory limit, the server's own peak memory grows by far less than one of the
/// strings, and `/healthz` always answers within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heavy_expressions_fail_their_step_and_leave_the_server_alone() {
    let t = app::server::testing::sqlite().await;
    let (app, developer) = setup(&t).await;
    let before = peak_memory();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (app, developer) = (app.clone(), developer.clone());
            tokio::spawn(async move {
                json_call(
                    &app,
                    "/api/scaffolder/v2/dry-run",
                    &dry_run(HEAVY),
                    &developer,
                )
                .await
            })
        })
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let probe = {
        let (app, done) = (app.clone(), done.clone());
        tokio::spawn(async move {
            let mut slowest = Duration::ZERO;
            let mut probes = 0;
            let until = Instant::now() + Duration::from_secs(30);
            while Instant::now() < until {
                let asked = Instant::now();
                assert_eq!(get(&app, "/healthz").await.status(), 200);
                slowest = slowest.max(asked.elapsed());
                probes += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
                if probes >= 10 && done.load(Ordering::Relaxed) {
                    break;
                }
            }
            (slowest, probes)
        })
    };
    for run in runs {
        let (status, answer) = run.await.unwrap();
        assert_eq!(status, 200, "{answer}");
        let answer: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["status"], "failed", "{answer}");
        let log = answer["log"].to_string();
        assert!(log.contains("needed more than 256 MiB of memory"), "{log}");
    }
    done.store(true, Ordering::Relaxed);
    let (slowest, probes) = probe.await.unwrap();
    assert!(probes >= 10, "only {probes} probes ran");
    assert!(
        slowest < Duration::from_secs(1),
        "/healthz took {slowest:?} while expressions rendered"
    );
    let grown = peak_memory().saturating_sub(before);
    assert!(
        grown < 48 << 20,
        "the server's peak memory grew by {} MiB",
        grown >> 20
    );
    t.close().await;
}

/// A value past the size limit fails its step saying so; one within it is logged whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_past_the_size_limit_fails_its_step() {
    let t = app::server::testing::sqlite().await;
    let (app, developer) = setup(&t).await;
    let too_large = format!("${{{{ 'x' * {} }}}}", app::limits::MAX_RENDERED_BYTES + 1);
    let (status, answer) = json_call(
        &app,
        "/api/scaffolder/v2/dry-run",
        &dry_run(&too_large),
        &developer,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["status"], "failed");
    assert!(
        answer["log"]
            .to_string()
            .contains("a value may have at most"),
        "{}",
        answer["log"]
    );
    let (_, answer) = json_call(
        &app,
        "/api/scaffolder/v2/dry-run",
        &dry_run("${{ 'ab' * 3 }} done"),
        &developer,
    )
    .await;
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["status"], "completed", "{answer}");
    assert!(answer["log"].to_string().contains("ababab done"));
    t.close().await;
}
