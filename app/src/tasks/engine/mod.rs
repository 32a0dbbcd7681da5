//! The task engine every `runway serve` runs: workers claim open tasks from the database (so
//! that replicas share one queue), run their steps with a heartbeat, and take back the tasks of
//! a server that died: an interrupted step whose action is idempotent runs again, any other
//! fails the task with a clear "interrupted" event.

mod dry;
mod expressions;
pub mod log;
mod run;
mod scope;
mod supervise;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, broadcast};

pub use dry::{DryOutcome, DryRequest, DrySlot, ProducedFile, Scratch};

use super::actions::Registry;
use super::model::{StepStatus, TaskStatus};
use super::seal::Sealer;
use super::store;
use crate::db::Db;

/// How the engine paces itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Tasks this server runs at once; more wait, open, for a free worker here or elsewhere.
    pub workers: usize,
    /// How long one step may run.
    pub step_timeout: Duration,
    /// How often a running task tells the database it is alive (and learns of a cancel).
    pub heartbeat: Duration,
    /// A task whose heart has not beaten for this long belonged to a server that died.
    pub stale_after: Duration,
    /// How often to look for open tasks when nobody said there is one.
    pub poll: Duration,
    /// Where each task gets its working folder.
    pub workspaces: PathBuf,
    /// Where the publish actions may push.
    pub git_hosts: Vec<super::actions::publish::GitHost>,
    /// Where templates' expressions are evaluated (`runway serve`: a child worker).
    pub renderer: super::render::Renderer,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            workers: crate::limits::MAX_RUNNING_TASKS,
            step_timeout: Duration::from_secs(15 * 60),
            heartbeat: Duration::from_secs(2),
            stale_after: Duration::from_secs(30),
            poll: Duration::from_secs(2),
            workspaces: std::env::temp_dir().join("runway-tasks"),
            git_hosts: Vec::new(),
            renderer: super::render::Renderer::default(),
        }
    }
}

/// The engine of one server.
pub struct TaskEngine {
    db: Db,
    /// The policy actions are decided by, acting as the person who started the task.
    policy: Arc<crate::access::cache::PolicyCache>,
    sealer: Sealer,
    actions: Registry,
    settings: Settings,
    /// This server's name in `claimed_by`.
    worker: String,
    slots: Arc<Semaphore>,
    /// Dry runs happen in the request that asks for them, a few at once.
    dry_slots: Arc<Semaphore>,
    wake: Notify,
    /// The id of every task that wrote an event, for the pages that follow tasks live.
    announce: broadcast::Sender<String>,
}

impl std::fmt::Debug for TaskEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskEngine")
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

impl TaskEngine {
    /// An engine over `db` whose secrets are sealed with `key`; it runs nothing until
    /// [`TaskEngine::run_forever`] is spawned.
    pub fn new(
        db: Db,
        key: [u8; 32],
        policy: Arc<crate::access::cache::PolicyCache>,
        settings: Settings,
    ) -> Self {
        TaskEngine {
            db,
            policy,
            sealer: Sealer::new(key),
            actions: Registry::new(settings.git_hosts.clone()),
            slots: Arc::new(Semaphore::new(settings.workers.max(1))),
            dry_slots: Arc::new(Semaphore::new(dry::MAX_DRY_RUNS)),
            settings,
            worker: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            wake: Notify::new(),
            announce: broadcast::channel(1024).0,
        }
    }

    /// The same engine with other actions (tests stand actions in).
    #[cfg(test)]
    pub fn with_actions(mut self, actions: Registry) -> Self {
        self.actions = actions;
        self
    }

    pub fn sealer(&self) -> &Sealer {
        &self.sealer
    }

    pub fn actions(&self) -> &Registry {
        &self.actions
    }

    /// Tells the workers a task was opened, so that it starts now rather than at the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Task ids as they write events.
    pub fn follow(&self) -> broadcast::Receiver<String> {
        self.announce.subscribe()
    }

    /// Claims and runs tasks for the life of the server; takes back dead servers' tasks.
    pub async fn run_forever(self: Arc<Self>) {
        let mut last_recovery = tokio::time::Instant::now() - self.settings.stale_after;
        loop {
            if last_recovery.elapsed() >= self.settings.heartbeat * 5 {
                last_recovery = tokio::time::Instant::now();
                if let Err(error) = self.recover().await {
                    tracing::warn!(%error, "taking back interrupted tasks failed");
                }
            }
            self.claim_while_free().await;
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.settings.poll) => {}
            }
        }
    }

    /// Starts open tasks while this server has free workers.
    pub async fn claim_while_free(self: &Arc<Self>) {
        loop {
            let Ok(slot) = self.slots.clone().try_acquire_owned() else {
                return;
            };
            match store::claim(&self.db, &self.worker, crate::clock::now()).await {
                Ok(Some(claim)) => {
                    let engine = self.clone();
                    tokio::spawn(async move {
                        run::run(&engine, claim).await;
                        drop(slot);
                        engine.wake();
                    });
                }
                Ok(None) => return,
                Err(error) => {
                    tracing::warn!(%error, "claiming a task failed");
                    return;
                }
            }
        }
    }

    /// Takes back the tasks of servers that stopped beating: each runs again from its
    /// interrupted step when that step's action is idempotent, and fails otherwise. Also forgets
    /// the secrets of tasks that ended a day ago.
    pub async fn recover(&self) -> Result<usize, sqlx::Error> {
        let now = crate::clock::now();
        let before =
            now - chrono::Duration::from_std(self.settings.stale_after).unwrap_or_default();
        let mut taken = 0;
        for id in store::stale(&self.db, before).await? {
            let steps = store::steps(&self.db, &id).await?;
            let running = steps
                .iter()
                .find(|s| s.view.status == StepStatus::Processing);
            let again = running.is_none_or(|s| {
                self.actions
                    .find(&s.view.action)
                    .is_some_and(|a| a.idempotent())
            });
            let mut tx = self.db.begin().await?;
            if !store::take_stale(&mut tx, &id, before, &self.worker).await? {
                continue;
            }
            match again {
                true => {
                    store::reopen(&mut tx, &id, &[TaskStatus::Processing], now).await?;
                }
                false => store::fail_interrupted(&mut tx, &id, now).await?,
            }
            tx.commit().await?;
            taken += 1;
            let during = running.map_or(String::new(), |s| format!(" during step {}", s.view.name));
            let said = match again {
                true => format!(
                    "The server running this task stopped{during}; it runs again from there."
                ),
                false => format!(
                    "Interrupted: the server running this task stopped{during}, whose action \
                     cannot safely run twice. Check what it did, then retry the task from that step."
                ),
            };
            self.log(&id).status(&said).await;
        }
        if taken > 0 {
            self.wake();
        }
        store::forget_old_secrets(&self.db, now - chrono::Duration::days(1)).await?;
        Ok(taken)
    }

    /// A task's log, without secrets to redact (the engine's own words).
    fn log(&self, id: &str) -> log::Log {
        log::Log::new(self.db.clone(), id, Arc::default(), self.announce.clone())
    }
}

#[cfg(test)]
mod dry_tests;
#[cfg(test)]
mod recovery_tests;
#[cfg(test)]
mod sharing_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
