//! Dry runs: a template's steps run with given values in a throw-away folder, in the request
//! that asks (nothing is stored), with the same rendering, conditions, loops and actions as a
//! task; actions that reach beyond the folder check what they can and say what they would do.
//! The answer is the log, each step's end, the files written and the output.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::TaskEngine;
use super::expressions::{render_deadline, step_holds};
use super::log::Log;
use super::run::{Place, run_step};
use super::scope;
use super::supervise::Stop;
use crate::error::AppError;
use crate::server::ctx::Ctx;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::expr;
use crate::tasks::model::{StepStatus, TaskOutput, TaskStatus};
use crate::tasks::preview::{
    DryRunFile, DryRunReport, DryRunStep, MAX_PREVIEW_FILES, MAX_PREVIEW_TEXT,
};
use crate::tasks::redact::Redactor;
use crate::templates::spec::TemplateSpec;

/// Dry runs one server runs at once; more are refused with "try again".
pub const MAX_DRY_RUNS: usize = 2;
/// The longest one step of a dry run may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);
/// After this long no further step starts.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// The most bytes of produced files an answer carries.
pub const MAX_PRODUCED_BYTES: u64 = 20 * 1024 * 1024;

/// What to dry-run: the template, where its files are, the values (secrets apart), and the
/// person running it (their permissions decide what register would do).
pub struct DryRequest {
    pub spec: TemplateSpec,
    pub base: TemplateBase,
    pub parameters: Map<String, Value>,
    pub secrets: Map<String, Value>,
    pub person: Ctx,
    pub user_entity: Option<Value>,
}

/// One file the run wrote, as bytes (the scaffolder API answers them in base64).
pub struct ProducedFile {
    pub path: String,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

pub struct DryOutcome {
    pub report: DryRunReport,
    pub files: Vec<ProducedFile>,
}

/// A dry run's folder, removed however the run ends: also when the request that asked for it
/// is dropped half-way (a client that hangs up), which left ~10 MB behind each time.
pub struct Scratch(std::path::PathBuf);

impl Scratch {
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

/// One of the few dry runs a server runs at once, taken before anything else of the request is
/// read (a large body is parsed and checked only once it has its turn).
pub struct DrySlot(#[allow(dead_code)] tokio::sync::OwnedSemaphorePermit);

impl Drop for Scratch {
    fn drop(&mut self) {
        let path = std::mem::take(&mut self.0);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn_blocking(move || std::fs::remove_dir_all(path));
            }
            Err(_) => {
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
}

impl TaskEngine {
    /// A turn for a dry run, or "try again" when [`MAX_DRY_RUNS`] are running.
    pub fn dry_slot(&self) -> Result<DrySlot, AppError> {
        self.dry_slots
            .clone()
            .try_acquire_owned()
            .map(DrySlot)
            .map_err(|_| {
                AppError::RateLimited(format!(
                    "{MAX_DRY_RUNS} dry runs are running on this server; try again in a moment"
                ))
            })
    }

    /// A folder of this installation's for a dry run's own files, removed when dropped.
    pub fn scratch(&self, what: &str) -> Scratch {
        Scratch(
            self.settings
                .workspaces
                .join(format!("{what}-{}", uuid::Uuid::new_v4().simple())),
        )
    }

    /// Runs `request`, in its turn, in a folder of its own, deleted afterwards.
    pub async fn dry_run(
        self: &Arc<Self>,
        _slot: DrySlot,
        request: DryRequest,
    ) -> Result<DryOutcome, AppError> {
        let id = format!("dry-{}", uuid::Uuid::new_v4().simple());
        let workspace = self.settings.workspaces.join(&id);
        let _scratch = Scratch(workspace.clone());
        tokio::fs::create_dir_all(&workspace)
            .await
            .map_err(AppError::internal)?;
        let secrets = Value::Object(request.secrets.clone());
        let redactor = Arc::new(Redactor::new(&secrets));
        let (log, lines) = Log::memory(redactor.clone());
        let (status, steps, output) = run(self, &request, &id, &workspace, &log, secrets).await;
        let root = workspace.clone();
        let read = tokio::task::spawn_blocking(move || produced(&root)).await;
        let _ = tokio::fs::remove_dir_all(&workspace).await;
        let (files, left_out) = read.map_err(AppError::internal)?;
        let report = DryRunReport {
            status,
            steps,
            log: std::mem::take(&mut *lines.lock().unwrap_or_else(|e| e.into_inner())),
            files: files
                .iter()
                .map(|f| DryRunFile {
                    path: f.path.clone(),
                    size: f.bytes.len() as u64,
                    executable: f.executable,
                    text: (f.bytes.len() <= MAX_PREVIEW_TEXT)
                        .then(|| std::str::from_utf8(&f.bytes).ok())
                        .flatten()
                        .map(|text| redactor.text(text)),
                })
                .collect(),
            files_left_out: left_out,
            output,
        };
        Ok(DryOutcome { report, files })
    }
}

/// The steps in order, as a task runs them, stopping at the first that fails.
async fn run(
    engine: &Arc<TaskEngine>,
    request: &DryRequest,
    id: &str,
    workspace: &Path,
    log: &Log,
    secrets: Value,
) -> (TaskStatus, Vec<DryRunStep>, TaskOutput) {
    let spec = &request.spec;
    let user_ref = format!("user:default/{}", request.person.login().to_lowercase());
    let mut scope = json!({
        "parameters": request.parameters,
        "secrets": secrets,
        "steps": {},
        "user": {"ref": user_ref, "entity": request.user_entity},
    });
    scope::place_secrets(&mut scope);
    scope[expr::KNOWN] = Value::from(scope::declared(spec));
    let mut steps: Vec<DryRunStep> = spec
        .steps
        .iter()
        .map(|s| DryRunStep {
            id: s.id.clone(),
            name: s.name.clone(),
            action: s.action.clone(),
            status: StepStatus::Pending,
        })
        .collect();
    let person = Some(request.person.clone());
    let place = Place {
        task_id: id,
        workspace,
        base: &request.base,
        person: &person,
        claim: None,
        steps: &spec.steps,
        deadline: Some(Instant::now() + RUN_TIMEOUT),
        dry_run: true,
    };
    let started = Instant::now();
    log.status("Started a dry run: files are written to a throw-away folder, nothing else changes")
        .await;
    for (at, step) in spec.steps.iter().enumerate() {
        let step_log = log.for_step(&step.id);
        let failed = |reason: String| format!("Failed at step {}: {reason}", step.name);
        if started.elapsed() > RUN_TIMEOUT {
            step_log
                .completion(&failed(format!(
                    "the dry run took longer than {} s",
                    RUN_TIMEOUT.as_secs()
                )))
                .await;
            return (TaskStatus::Failed, steps, TaskOutput::default());
        }
        match step_holds(engine, step, &scope, place.deadline, true).await {
            Ok(true) => {}
            Ok(false) => {
                steps[at].status = StepStatus::Skipped;
                step_log
                    .status(&format!("Skipped {}: its condition is false", step.name))
                    .await;
                continue;
            }
            Err(reason) => {
                steps[at].status = StepStatus::Failed;
                step_log.completion(&failed(reason)).await;
                return (TaskStatus::Failed, steps, TaskOutput::default());
            }
        }
        step_log
            .status(&format!("Beginning step {}", step.name))
            .await;
        match run_step(engine, &place, step, &scope, &step_log).await {
            Ok(output) => {
                let output = log.redactor().value(&Value::Object(output));
                steps[at].status = StepStatus::Completed;
                step_log
                    .status(&format!("Finished step {}", step.name))
                    .await;
                scope["steps"][&step.id] = json!({"output": output});
            }
            Err(stop) => {
                let reason = match stop {
                    Stop::Failed(reason) => reason,
                    Stop::Cancelled | Stop::Lost => "the step was stopped".to_owned(),
                };
                steps[at].status = StepStatus::Failed;
                step_log.completion(&failed(reason)).await;
                return (TaskStatus::Failed, steps, TaskOutput::default());
            }
        }
    }
    let deadline = render_deadline(engine, place.deadline, true);
    let output = scope::output_of(engine, spec, &scope, log, deadline).await;
    let output = log
        .redactor()
        .value(&serde_json::to_value(&output).unwrap_or_default());
    log.completion("Completed: nothing was published or registered (a dry run)")
        .await;
    (
        TaskStatus::Completed,
        steps,
        serde_json::from_value(output).unwrap_or_default(),
    )
}

/// The files under `root`, sorted by path, up to [`MAX_PREVIEW_FILES`] and
/// [`MAX_PRODUCED_BYTES`]; and how many more there were. Links are not followed.
fn produced(root: &Path) -> (Vec<ProducedFile>, usize) {
    let found = crate::tasks::actions::files_under(root);
    let mut files = Vec::new();
    let mut bytes = 0;
    let mut left_out = 0;
    for path in found {
        let meta = std::fs::symlink_metadata(&path).ok();
        let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
        if files.len() >= MAX_PREVIEW_FILES || bytes + size > MAX_PRODUCED_BYTES {
            left_out += 1;
            continue;
        }
        let Ok(content) = std::fs::read(&path) else {
            left_out += 1;
            continue;
        };
        bytes += size;
        let relative = path.strip_prefix(root).unwrap_or(&path);
        files.push(ProducedFile {
            path: relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            bytes: content,
            executable: meta.is_some_and(|m| {
                use std::os::unix::fs::PermissionsExt;
                m.permissions().mode() & 0o111 != 0
            }),
        });
    }
    (files, left_out)
}
