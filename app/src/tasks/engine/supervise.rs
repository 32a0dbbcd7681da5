//! Supervising one action: it runs on its own tokio task, so that a panic fails the step and
//! not the worker, while the heartbeat goes on; a cancel, a timeout or a lost claim stops it
//! (dropping its future, which kills any process it started with `kill_on_drop`).

use std::sync::Arc;

use super::TaskEngine;
use crate::tasks::actions::Outcome;
use crate::tasks::store::{self, Beat};

/// How a step ended, short of completing.
pub(super) enum Stop {
    Failed(String),
    Cancelled,
    /// Another server took the task back: write nothing more.
    Lost,
}

/// Runs an action on its own task, so that a panic fails the step and not the worker, while
/// the heartbeat of task `beat_for` goes on (a dry run has none); stops it on a cancel, after
/// `timeout`, or on a lost claim.
pub(super) async fn supervise(
    engine: &Arc<TaskEngine>,
    beat_for: Option<&str>,
    timeout: std::time::Duration,
    work: crate::tasks::actions::ActionFuture,
) -> Result<Outcome, Stop> {
    let mut handle = tokio::spawn(work);
    let deadline = tokio::time::sleep(timeout);
    tokio::pin!(deadline);
    let mut beat = tokio::time::interval(engine.settings.heartbeat);
    beat.tick().await;
    loop {
        tokio::select! {
            joined = &mut handle => {
                return match joined {
                    Ok(outcome) => Ok(outcome),
                    Err(error) if error.is_panic() => {
                        let payload = error.into_panic();
                        let said = payload
                            .downcast_ref::<&str>()
                            .map(|s| (*s).to_owned())
                            .or_else(|| payload.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        Err(Stop::Failed(format!("the action failed unexpectedly: {said}")))
                    }
                    Err(_) => Err(Stop::Failed("the action was stopped".into())),
                };
            }
            () = &mut deadline => {
                handle.abort();
                return Err(Stop::Failed(format!(
                    "the step did not finish within {} s",
                    timeout.as_secs()
                )));
            }
            _ = beat.tick() => {
                let Some(id) = beat_for else { continue };
                match store::heartbeat(&engine.db, id, &engine.worker, crate::clock::now()).await {
                    Ok(Beat::Running) => {}
                    Ok(Beat::CancelRequested) => {
                        handle.abort();
                        return Err(Stop::Cancelled);
                    }
                    Ok(Beat::Lost) => {
                        handle.abort();
                        return Err(Stop::Lost);
                    }
                    Err(error) => tracing::warn!(%error, task = id, "a heartbeat failed"),
                }
            }
        }
    }
}
