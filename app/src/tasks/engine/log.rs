//! A task's log as actions and the engine write it: every line redacted, cut to a bounded
//! length, and either stored as an event and announced to the pages that follow the task live,
//! or, for a dry run, kept in memory up to a bound.

use std::sync::{Arc, Mutex};

use crate::db::Db;
use crate::tasks::model::EventKind;
use crate::tasks::preview::DryRunLine;
use crate::tasks::redact::Redactor;
use crate::tasks::store;

/// The longest line kept, in bytes; longer ones are cut.
pub const MAX_LINE: usize = 16 * 1024;
/// The most lines a dry run keeps (a loop may log far more); the last one says so.
pub const MAX_DRY_RUN_LINES: usize = 1_000;

/// Where a task's lines go.
#[derive(Clone)]
pub struct Log {
    sink: Sink,
    task_id: String,
    step_id: Option<String>,
    redactor: Arc<Redactor>,
}

#[derive(Clone)]
enum Sink {
    Stored {
        db: Db,
        announce: tokio::sync::broadcast::Sender<String>,
        /// A run's lines are written only while its claim holds.
        fence: Option<store::Claim>,
    },
    Memory(Arc<Mutex<Vec<DryRunLine>>>),
}

impl Log {
    pub fn new(
        db: Db,
        task_id: &str,
        redactor: Arc<Redactor>,
        announce: tokio::sync::broadcast::Sender<String>,
    ) -> Self {
        Log {
            sink: Sink::Stored {
                db,
                announce,
                fence: None,
            },
            task_id: task_id.to_owned(),
            step_id: None,
            redactor,
        }
    }

    /// A dry run's log, kept in memory: the lines are in the answer.
    pub fn memory(redactor: Arc<Redactor>) -> (Self, Arc<Mutex<Vec<DryRunLine>>>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let log = Log {
            sink: Sink::Memory(lines.clone()),
            task_id: String::new(),
            step_id: None,
            redactor,
        };
        (log, lines)
    }

    /// The same log, written only while `claim` holds: a run that lost its task says nothing
    /// more in it.
    pub fn fenced(mut self, claim: &store::Claim) -> Log {
        if let Sink::Stored { fence, .. } = &mut self.sink {
            *fence = Some(claim.clone());
        }
        self
    }

    /// The same log, masking `derived` too (values computed from secrets).
    pub fn with_secrets(&self, derived: &[String]) -> Log {
        Log {
            redactor: Arc::new(self.redactor.with(derived)),
            ..self.clone()
        }
    }

    /// The same log, its lines marked as `step_id`'s.
    pub fn for_step(&self, step_id: &str) -> Log {
        Log {
            step_id: Some(step_id.to_owned()),
            ..self.clone()
        }
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// A line of the running step's output.
    pub async fn line(&self, text: &str) {
        self.write(EventKind::Log, text).await;
    }

    /// A change of a step's or the task's status, in words.
    pub async fn status(&self, text: &str) {
        self.write(EventKind::Status, text).await;
    }

    /// The task's last word.
    pub async fn completion(&self, text: &str) {
        self.write(EventKind::Completion, text).await;
    }

    async fn write(&self, kind: EventKind, text: &str) {
        let mut text = self.redactor.text(text);
        if text.len() > MAX_LINE {
            let mut cut = MAX_LINE;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push_str(" … (cut)");
        }
        let (db, announce, fence) = match &self.sink {
            Sink::Stored {
                db,
                announce,
                fence,
            } => (db, announce, fence),
            Sink::Memory(lines) => {
                let mut lines = lines.lock().unwrap_or_else(|e| e.into_inner());
                // The last word always goes in: it says how the run ended.
                let n = lines.len();
                if n < MAX_DRY_RUN_LINES || kind == EventKind::Completion {
                    lines.push(DryRunLine {
                        step_id: self.step_id.clone(),
                        kind,
                        message: text,
                    });
                } else if n == MAX_DRY_RUN_LINES {
                    lines.push(DryRunLine {
                        step_id: self.step_id.clone(),
                        kind: EventKind::Log,
                        message: format!(
                            "… more lines were left out (a dry run keeps {MAX_DRY_RUN_LINES})"
                        ),
                    });
                }
                return;
            }
        };
        let written = store::event(
            db,
            &self.task_id,
            fence.as_ref(),
            self.step_id.as_deref(),
            kind,
            &text,
            crate::clock::now(),
        )
        .await;
        match written {
            Ok(true) => {
                let _ = announce.send(self.task_id.clone());
            }
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(%error, task = %self.task_id, "a task's log line was lost")
            }
        }
    }
}
