//! Where a template's expressions are evaluated: never on the server's async workers, and, in
//! `runway serve`, never in the server's own memory.
//!
//! minijinja's fuel counts instructions, not bytes: eight `~` of a string made with `*` build
//! 64 MB in under a second, and doubling a few more times takes the whole machine. Rendering
//! on the async workers also stalled every request (`/healthz` took 46 s under two such dry
//! runs) and starved the database pool. So each batch of expressions (a step's `each`, its
//! inputs, its condition, a skeleton's files, the template's output) goes to a `runway __render`
//! child: at most [`RENDER_MEMORY_BYTES`] of memory and the step's time in CPU, killed at the
//! step's deadline, its answers capped ([`crate::limits::MAX_RENDERED_BYTES`] each,
//! [`crate::limits::MAX_RENDER_OUTPUT_BYTES`] in all). A runaway template ends its own step and
//! nothing else.

#[path = "render_job.rs"]
mod job;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub use job::{Answer, Job, JobError, Piece, WORKER_ARG, evaluate, worker_main};

use crate::limits::{MAX_RENDER_OUTPUT_BYTES, RENDER_MEMORY_BYTES};

/// How a server evaluates expressions.
#[derive(Debug, Clone, Default)]
pub enum Renderer {
    /// On this process's blocking pool, under the deadline: bounded in time (fuel, deadline)
    /// but not in memory. For the app's own tests, which have no `runway` binary to start.
    #[default]
    InProcess,
    /// In a child `runway __render` (this path) per batch, with memory and CPU limits.
    Worker(PathBuf),
}

impl Renderer {
    /// Every piece of `job` evaluated, before `deadline`.
    pub async fn run(&self, job: Job, deadline: Instant) -> Result<Vec<Answer>, JobError> {
        let left = deadline.saturating_duration_since(Instant::now());
        let work = async {
            match self {
                Renderer::InProcess => tokio::task::spawn_blocking(move || evaluate(job))
                    .await
                    .map_err(|e| JobError(format!("the expressions could not finish: {e}")))?,
                Renderer::Worker(exe) => in_worker(exe, &job, left).await,
            }
        };
        match tokio::time::timeout(left, work).await {
            Ok(answers) => answers,
            // Dropping the work kills the worker.
            Err(_) => Err(JobError(format!(
                "the expressions did not finish within the step's {} s",
                left.as_secs_f64().ceil()
            ))),
        }
    }

    /// One piece's answer, with its expression in the error.
    pub async fn one(
        &self,
        piece: Piece,
        scope: &Value,
        deadline: Instant,
    ) -> Result<Value, String> {
        let job = Job {
            scope: scope.clone(),
            pieces: vec![piece],
        };
        let mut answers = self.run(job, deadline).await.map_err(|e| e.0)?;
        match answers.pop() {
            Some(answer) => answer.map_err(|e| e.to_string()),
            None => Err("the expressions gave no answer".into()),
        }
    }

    /// Every string inside `template` rendered against `scope`.
    pub async fn value(
        &self,
        template: &Value,
        scope: &Value,
        deadline: Instant,
    ) -> Result<Value, String> {
        let piece = Piece::Value {
            template: template.clone(),
            each: None,
        };
        self.one(piece, scope, deadline).await
    }

    /// Whether `condition` holds in `scope`.
    pub async fn holds(
        &self,
        condition: &Value,
        scope: &Value,
        deadline: Instant,
    ) -> Result<bool, String> {
        let piece = Piece::Holds {
            condition: condition.clone(),
        };
        Ok(self.one(piece, scope, deadline).await? == Value::Bool(true))
    }
}

/// The batch in a `runway __render` child, which may use [`RENDER_MEMORY_BYTES`] and `left`
/// of CPU. Its standard error (the first 4 KiB) explains a failure.
async fn in_worker(
    exe: &std::path::Path,
    job: &Job,
    left: Duration,
) -> Result<Vec<Answer>, JobError> {
    let failed = |what: &str, error: &dyn std::fmt::Display| JobError(format!("{what}: {error}"));
    let input =
        serde_json::to_vec(job).map_err(|e| failed("the expressions cannot be sent", &e))?;
    let cpu_seconds = left.as_secs().saturating_add(1);
    let mut child = crate::child::limited(exe, RENDER_MEMORY_BYTES, cpu_seconds)
        .arg(WORKER_ARG)
        .env_clear()
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed("the render worker did not start", &e))?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(JobError("the render worker has no pipes".into()));
    };
    let send = async move {
        // A worker that dies early closes its end: what it says on exit explains why.
        let _ = stdin.write_all(&input).await;
    };
    // JSON may spell a byte as six (`\u0000`); anything longer is not an honest answer.
    let most = (MAX_RENDER_OUTPUT_BYTES as u64).saturating_mul(6) + (1 << 20);
    let mut out = Vec::new();
    let mut err = Vec::new();
    let (mut stdout, mut stderr) = (stdout.take(most), stderr.take(4096));
    let receive = stdout.read_to_end(&mut out);
    let explain = stderr.read_to_end(&mut err);
    let ((), received, _) = tokio::join!(send, receive, explain);
    received.map_err(|e| failed("the render worker's answer was cut", &e))?;
    let status = child
        .wait()
        .await
        .map_err(|e| failed("the render worker was lost", &e))?;
    if status.success() {
        return serde_json::from_slice::<Result<Vec<Answer>, JobError>>(&out)
            .map_err(|e| failed("the render worker's answer cannot be read", &e))?;
    }
    let said = String::from_utf8_lossy(&err);
    Err(JobError(explain_exit(status, &said, cpu_seconds)))
}

/// Why a worker ended without answering, in words for the step's log.
fn explain_exit(status: std::process::ExitStatus, said: &str, cpu_seconds: u64) -> String {
    use std::os::unix::process::ExitStatusExt;
    let mib = RENDER_MEMORY_BYTES >> 20;
    match status.signal() {
        Some(libc::SIGABRT) if said.contains("memory allocation") => {
            format!("the expressions needed more than {mib} MiB of memory, and were stopped")
        }
        Some(libc::SIGXCPU) | Some(libc::SIGKILL) => {
            format!("the expressions ran for more than {cpu_seconds} s of CPU, and were stopped")
        }
        _ => {
            let first = said.lines().next().unwrap_or("no reason given");
            format!("the render worker failed ({status}): {first}")
        }
    }
}
