//! What the engine's tests share: fast settings, an engine on a test database, a probe action
//! that counts, fails or panics on demand, and readers of a task's rows.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use crate::db::testing::TestDb;
use crate::tasks::actions::{Action, ActionContext, ActionFuture};
use crate::tasks::store::NewTask;

pub(super) fn settings() -> Settings {
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
        renderer: crate::tasks::render::Renderer::InProcess,
    }
}

pub(super) fn policy() -> Arc<crate::access::cache::PolicyCache> {
    Arc::new(crate::access::cache::PolicyCache::new(Duration::from_secs(
        1,
    )))
}

pub(super) fn engine(t: &TestDb, settings: Settings) -> Arc<TaskEngine> {
    Arc::new(TaskEngine::new(t.db.clone(), [3; 32], policy(), settings))
}

/// An action standing in for one of Runway's (by id), that counts its runs, gives an output,
/// and fails on its first `fail_first` runs or panics when asked.
pub(super) struct Probe {
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

pub(super) fn probe(
    id: &'static str,
    fail_first: usize,
    idempotent: bool,
) -> (Arc<Probe>, Arc<AtomicUsize>) {
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

pub(super) async fn create(
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
            "links": [{"title": "Repository", "url": "${{ steps.one.output.echo.url }}"},
                      {"title": "Trap", "url": "javascript:alert(document.cookie)"}],
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
pub(super) async fn settle(engine: &Arc<TaskEngine>, id: &str) -> store::Stored {
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

pub(super) async fn log_of(db: &crate::db::Db, id: &str) -> Vec<String> {
    store::events_after(db, id, 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.message)
        .collect()
}

pub(super) async fn statuses(db: &crate::db::Db, id: &str) -> Vec<StepStatus> {
    store::steps(db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.view.status)
        .collect()
}
