//! The engine on both databases: claiming once, running steps with conditions, loops and
//! outputs, failing, retrying from the failed step, cancelling, timing out, surviving a panic,
//! taking back a dead server's task, and keeping secrets out of everything it writes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use crate::db::testing::{self, TestDb};
use crate::tasks::actions::{Action, ActionContext, ActionFuture};
use crate::tasks::model::EventKind;
use crate::tasks::store::NewTask;

fn settings() -> Settings {
    Settings {
        workers: 4,
        step_timeout: Duration::from_secs(20),
        heartbeat: Duration::from_millis(50),
        stale_after: Duration::from_millis(400),
        poll: Duration::from_millis(50),
        workspaces: std::env::temp_dir().join(format!(
            "runway-task-tests-{}",
            uuid::Uuid::new_v4().simple()
        )),
        git_hosts: Vec::new(),
    }
}

fn policy() -> Arc<crate::access::cache::PolicyCache> {
    Arc::new(crate::access::cache::PolicyCache::new(Duration::from_secs(
        1,
    )))
}

fn engine(t: &TestDb, settings: Settings) -> Arc<TaskEngine> {
    Arc::new(TaskEngine::new(t.db.clone(), [3; 32], policy(), settings))
}

/// An action standing in for one of Runway's (by id), that counts its runs, gives an output,
/// and fails on its first `fail_first` runs or panics when asked.
struct Probe {
    id: &'static str,
    runs: Arc<AtomicUsize>,
    fail_first: usize,
    idempotent: bool,
}

impl Action for Probe {
    fn id(&self) -> &'static str {
        self.id
    }
    fn description(&self) -> &'static str {
        "test probe"
    }
    fn input_schema(&self) -> Value {
        json!({"type": "object"})
    }
    fn idempotent(&self) -> bool {
        self.idempotent
    }
    fn run(&self, context: ActionContext) -> ActionFuture {
        let run = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        let fail = run <= self.fail_first;
        Box::pin(async move {
            if context.input.get("panic") == Some(&json!(true)) {
                panic!("the probe panicked on purpose");
            }
            if let Some(ms) = context.input.get("sleepMs").and_then(Value::as_u64) {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            context
                .log
                .line(&format!("probe saw {}", context.input))
                .await;
            match fail {
                true => Err(format!("run {run} failed on purpose")),
                false => Ok(serde_json::Map::from_iter([(
                    "echo".to_owned(),
                    context.input.clone(),
                )])),
            }
        })
    }
}

fn probe(id: &'static str, fail_first: usize, idempotent: bool) -> (Arc<Probe>, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    (
        Arc::new(Probe {
            id,
            runs: runs.clone(),
            fail_first,
            idempotent,
        }),
        runs,
    )
}

async fn create(
    t: &TestDb,
    engine: &TaskEngine,
    steps: Value,
    parameters: Value,
    secrets: Option<Value>,
) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let spec = json!({
        "type": "service",
        "parameters": [],
        "steps": steps,
        "output": {
            "links": [{"title": "Repository", "url": "${{ steps.one.output.echo.url }}"}],
            "text": [{"title": "Token", "content": "used ${{ secrets.token | default('none') }}"}]
        }
    });
    let step_rows: Vec<(String, String, String)> = spec["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().into(),
                s["name"].as_str().unwrap().into(),
                s["action"].as_str().unwrap().into(),
            )
        })
        .collect();
    let sealed = secrets.map(|s| engine.sealer().seal(&id, &s).unwrap());
    let mut tx = t.db.begin().await.unwrap();
    store::create(
        &mut tx,
        &NewTask {
            id: &id,
            template_ref: "template:default/probe",
            template_title: "Probe",
            template_etag: "e1",
            spec: &spec,
            parameters: &parameters,
            created_by: "ada",
            steps: &step_rows,
            sealed_secrets: sealed.as_deref(),
            template_base: &Default::default(),
        },
        crate::clock::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Runs what is open until task `id` ends (or fails the test after 20 s).
async fn settle(engine: &Arc<TaskEngine>, id: &str) -> store::Stored {
    let started = std::time::Instant::now();
    loop {
        engine.claim_while_free().await;
        let task = store::get(&engine.db, id).await.unwrap().unwrap();
        if task.summary.status.is_final() {
            // Let the spawned run drop its slot and folder.
            tokio::time::sleep(Duration::from_millis(20)).await;
            return task;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "task {id} never ended"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn log_of(db: &crate::db::Db, id: &str) -> Vec<String> {
    store::events_after(db, id, 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.message)
        .collect()
}

async fn statuses(db: &crate::db::Db, id: &str) -> Vec<StepStatus> {
    store::steps(db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.view.status)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_open_task_is_claimed_by_exactly_one_worker() {
    for t in testing::databases().await {
        let a = engine(&t, settings());
        let ids = [
            create(&t, &a, json!([]), json!({}), None).await,
            create(&t, &a, json!([]), json!({}), None).await,
            create(&t, &a, json!([]), json!({}), None).await,
        ];
        let claims: Vec<_> = (0..8)
            .map(|n| {
                let db = t.db.clone();
                tokio::spawn(async move {
                    store::claim(&db, &format!("w{n}"), crate::clock::now())
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut claimed = Vec::new();
        for claim in claims {
            claimed.extend(claim.await.unwrap());
        }
        claimed.sort();
        let mut expected = ids.to_vec();
        expected.sort();
        assert_eq!(claimed, expected, "{}", t.backend().name());
        assert_eq!(
            store::claim(&t.db, "late", crate::clock::now())
                .await
                .unwrap(),
            None
        );
        t.close().await;
    }
}

#[tokio::test]
async fn steps_run_in_order_with_conditions_loops_outputs_and_redacted_secrets() {
    for t in testing::databases().await {
        let (probe, runs) = probe("catalog:fetch", 0, true);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(probe)),
        );
        let steps = json!([
            {"id": "one", "name": "Echo", "action": "catalog:fetch",
             "input": {"url": "https://git.example/${{ parameters.name }}", "token": "${{ secrets.token }}"}},
            {"id": "skip", "name": "Never", "action": "debug:log", "if": "${{ parameters.public }}",
             "input": {"message": "not shown"}},
            {"id": "loop", "name": "Each", "action": "catalog:fetch", "each": "${{ parameters.tags }}",
             "input": {"tag": "${{ each.value }}"}},
            {"id": "say", "name": "Say", "action": "debug:log",
             "input": {"message": "made ${{ steps.one.output.echo.url }} with ${{ secrets.token }}"}}
        ]);
        let params = json!({"name": "checkout", "public": false, "tags": ["a", "b"]});
        let id = create(
            &t,
            &engine,
            steps,
            params,
            Some(json!({"token": "tok-SECRET-42"})),
        )
        .await;
        let task = settle(&engine, &id).await;
        assert_eq!(
            task.summary.status,
            TaskStatus::Completed,
            "{:?}",
            log_of(&t.db, &id).await
        );
        assert_eq!(runs.load(Ordering::SeqCst), 3, "once, then once per tag");
        assert_eq!(
            statuses(&t.db, &id).await,
            [
                StepStatus::Completed,
                StepStatus::Skipped,
                StepStatus::Completed,
                StepStatus::Completed
            ]
        );
        let steps = store::steps(&t.db, &id).await.unwrap();
        assert_eq!(steps[0].output.as_ref().unwrap()["echo"]["token"], "***");
        assert_eq!(
            steps[2].output.as_ref().unwrap()["echo"],
            json!([{"tag": "a"}, {"tag": "b"}])
        );
        let output = task.output.unwrap();
        assert_eq!(output["links"][0]["url"], "https://git.example/checkout");
        assert_eq!(output["text"][0]["content"], "used ***");
        let log = log_of(&t.db, &id).await;
        assert!(
            log.iter()
                .any(|l| l == "made https://git.example/checkout with ***"),
            "{log:?}"
        );
        assert!(log.iter().any(|l| l.contains("Skipped Never")), "{log:?}");
        let everything = format!(
            "{log:?}{:?}{:?}",
            steps.iter().map(|s| &s.output).collect::<Vec<_>>(),
            store::get(&t.db, &id).await.unwrap()
        );
        assert!(
            !everything.contains("SECRET"),
            "a secret was written: {everything}"
        );
        assert_eq!(
            store::sealed_secrets(&t.db, &id).await.unwrap(),
            None,
            "gone once completed"
        );
        assert!(
            !engine.settings.workspaces.join(&id).exists(),
            "its folder is removed"
        );
        t.close().await;
    }
}

#[tokio::test]
async fn a_failed_step_names_its_cause_and_a_retry_resumes_there_keeping_earlier_outputs() {
    for t in testing::databases().await {
        let (first, first_runs) = probe("catalog:fetch", 0, true);
        let (flaky, flaky_runs) = probe("catalog:write", 1, true);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(first).with(flaky)),
        );
        let steps = json!([
            {"id": "one", "name": "First", "action": "catalog:fetch", "input": {"url": "u"}},
            {"id": "two", "name": "Flaky", "action": "catalog:write", "input": {"from": "${{ steps.one.output.echo.url }}"}}
        ]);
        let id = create(
            &t,
            &engine,
            steps,
            json!({}),
            Some(json!({"token": "kept-for-retry"})),
        )
        .await;
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Failed);
        assert_eq!(
            statuses(&t.db, &id).await,
            [StepStatus::Completed, StepStatus::Failed]
        );
        let log = log_of(&t.db, &id).await;
        assert!(
            log.iter()
                .any(|l| l == "Failed at step Flaky: run 1 failed on purpose"),
            "{log:?}"
        );
        assert!(
            store::sealed_secrets(&t.db, &id).await.unwrap().is_some(),
            "kept for a retry"
        );

        let mut tx = t.db.begin().await.unwrap();
        let reopened = store::reopen(
            &mut tx,
            &id,
            &[TaskStatus::Failed, TaskStatus::Cancelled],
            crate::clock::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(reopened);
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Completed);
        assert_eq!(
            first_runs.load(Ordering::SeqCst),
            1,
            "the finished step did not run again"
        );
        assert_eq!(flaky_runs.load(Ordering::SeqCst), 2);
        let steps = store::steps(&t.db, &id).await.unwrap();
        assert_eq!(
            steps[1].output.as_ref().unwrap()["echo"]["from"],
            "u",
            "the earlier output was kept"
        );
        // A completed task cannot be reopened.
        let mut tx = t.db.begin().await.unwrap();
        assert!(
            !store::reopen(&mut tx, &id, &[TaskStatus::Failed], crate::clock::now())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        t.close().await;
    }
}

#[tokio::test]
async fn an_undefined_name_fails_the_step_naming_the_expression() {
    let t = testing::sqlite().await;
    let engine = engine(&t, settings());
    let steps = json!([{"id": "say", "name": "Say", "action": "debug:log", "input": {"message": "hi ${{ parameters.nmae }}"}}]);
    let id = create(&t, &engine, steps, json!({"name": "x"}), None).await;
    assert_eq!(
        settle(&engine, &id).await.summary.status,
        TaskStatus::Failed
    );
    let log = log_of(&t.db, &id).await;
    assert!(
        log.iter().any(|l| l
            == "Failed at step Say: hi ${{ parameters.nmae }}: parameters.nmae is not defined"),
        "{log:?}"
    );
    t.close().await;
}

#[tokio::test]
async fn a_panicking_action_fails_its_step_and_the_worker_goes_on() {
    let t = testing::sqlite().await;
    let (probe, _) = probe("catalog:fetch", 0, true);
    let engine = Arc::new(
        TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
            .with_actions(Registry::default().with(probe)),
    );
    let bad = create(
        &t,
        &engine,
        json!([{"id": "p", "name": "Boom", "action": "catalog:fetch", "input": {"panic": true}}]),
        json!({}),
        None,
    )
    .await;
    let good = create(
        &t,
        &engine,
        json!([{"id": "s", "name": "Say", "action": "debug:log", "input": {"message": "fine"}}]),
        json!({}),
        None,
    )
    .await;
    assert_eq!(
        settle(&engine, &bad).await.summary.status,
        TaskStatus::Failed
    );
    assert!(
        log_of(&t.db, &bad)
            .await
            .iter()
            .any(|l| l.contains("failed unexpectedly: the probe panicked on purpose"))
    );
    assert_eq!(
        settle(&engine, &good).await.summary.status,
        TaskStatus::Completed,
        "{:?}",
        log_of(&t.db, &good).await
    );
    t.close().await;
}

#[tokio::test]
async fn cancel_stops_the_running_step_and_timeouts_fail_it() {
    for t in testing::databases().await {
        let engine = engine(&t, settings());
        let id = create(
            &t,
            &engine,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {"seconds": 30}}]),
            json!({}),
            None,
        )
        .await;
        engine.claim_while_free().await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            store::request_cancel(&mut tx, &id, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::Requested
        );
        tx.commit().await.unwrap();
        let started = std::time::Instant::now();
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Cancelled);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stopped at the next heartbeat"
        );
        assert_eq!(statuses(&t.db, &id).await, [StepStatus::Cancelled]);
        // An open task is cancelled at once; an ended one stays as it was.
        let waiting = create(
            &t,
            &engine,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {}}]),
            json!({}),
            None,
        )
        .await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            store::request_cancel(&mut tx, &waiting, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::Cancelled
        );
        assert_eq!(
            store::request_cancel(&mut tx, &id, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::AlreadyOver
        );
        tx.commit().await.unwrap();

        let hasty = Arc::new(TaskEngine::new(
            t.db.clone(),
            [3; 32],
            policy(),
            Settings {
                step_timeout: Duration::from_millis(200),
                ..settings()
            },
        ));
        let slow = create(
            &t,
            &hasty,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {"seconds": 5}}]),
            json!({}),
            None,
        )
        .await;
        assert_eq!(
            settle(&hasty, &slow).await.summary.status,
            TaskStatus::Failed
        );
        assert!(
            log_of(&t.db, &slow)
                .await
                .iter()
                .any(|l| l.contains("did not finish within"))
        );
        t.close().await;
    }
}

/// A task left `processing` by a server that died (`dead` claimed it and stopped beating).
async fn orphan(t: &TestDb, engine: &TaskEngine, action: &str) -> String {
    let id = create(
        t,
        engine,
        json!([{"id": "s", "name": "Interrupted", "action": action, "input": {}}]),
        json!({}),
        None,
    )
    .await;
    let long_ago = crate::clock::now() - chrono::Duration::minutes(5);
    assert_eq!(
        store::claim(&t.db, "dead", long_ago)
            .await
            .unwrap()
            .as_deref(),
        Some(id.as_str())
    );
    store::set_step(&t.db, &id, 0, StepStatus::Processing, None, long_ago)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_dead_servers_task_runs_again_when_idempotent_and_fails_clearly_otherwise() {
    for t in testing::databases().await {
        let (once, once_runs) = probe("catalog:register", 0, false);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(once)),
        );
        let again = orphan(&t, &engine, "debug:log").await;
        let not_again = orphan(&t, &engine, "catalog:register").await;
        // Two servers recovering at once take each task once.
        let (a, b) = tokio::join!(engine.recover(), engine.recover());
        assert_eq!(a.unwrap() + b.unwrap(), 2, "{}", t.backend().name());
        assert_eq!(
            settle(&engine, &again).await.summary.status,
            TaskStatus::Completed,
            "{:?}",
            log_of(&t.db, &again).await
        );
        let log = log_of(&t.db, &again).await;
        assert!(
            log.iter()
                .any(|l| l.contains("stopped during step Interrupted; it runs again")),
            "{log:?}"
        );
        let failed = store::get(&t.db, &not_again).await.unwrap().unwrap();
        assert_eq!(failed.summary.status, TaskStatus::Failed);
        assert_eq!(statuses(&t.db, &not_again).await, [StepStatus::Failed]);
        assert!(
            log_of(&t.db, &not_again)
                .await
                .iter()
                .any(|l| l.starts_with("Interrupted: "))
        );
        assert_eq!(once_runs.load(Ordering::SeqCst), 0);
        // A task whose heart still beats is left alone.
        let alive = create(&t, &engine, json!([]), json!({}), None).await;
        store::claim(&t.db, "alive", crate::clock::now())
            .await
            .unwrap();
        assert_eq!(engine.recover().await.unwrap(), 0);
        assert_eq!(
            store::get(&t.db, &alive)
                .await
                .unwrap()
                .unwrap()
                .claimed_by
                .as_deref(),
            Some("alive")
        );
        let events = store::events_after(&t.db, &again, 0, 100).await.unwrap();
        assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
        assert!(events.iter().any(|e| e.kind == EventKind::Completion));
        t.close().await;
    }
}
