//! A task's log as actions and the engine write it: every line redacted, cut to a bounded
//! length, stored as an event, and announced to the pages that follow the task live.

use std::sync::Arc;

use crate::db::Db;
use crate::tasks::model::EventKind;
use crate::tasks::redact::Redactor;
use crate::tasks::store;

/// The longest line kept, in bytes; longer ones are cut.
pub const MAX_LINE: usize = 16 * 1024;

/// Where a task's lines go.
#[derive(Clone)]
pub struct Log {
    db: Db,
    task_id: String,
    step_id: Option<String>,
    redactor: Arc<Redactor>,
    announce: tokio::sync::broadcast::Sender<String>,
}

impl Log {
    pub fn new(
        db: Db,
        task_id: &str,
        redactor: Arc<Redactor>,
        announce: tokio::sync::broadcast::Sender<String>,
    ) -> Self {
        Log {
            db,
            task_id: task_id.to_owned(),
            step_id: None,
            redactor,
            announce,
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
        let written = store::event(
            &self.db,
            &self.task_id,
            self.step_id.as_deref(),
            kind,
            &text,
            crate::clock::now(),
        )
        .await;
        match written {
            Ok(()) => {
                let _ = self.announce.send(self.task_id.clone());
            }
            Err(error) => {
                tracing::warn!(%error, task = %self.task_id, "a task's log line was lost")
            }
        }
    }
}
