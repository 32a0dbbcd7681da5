//! Supervising one action: it runs on its own tokio task, so that a panic fails the step and
//! not the worker, while the heartbeat goes on; a cancel, a timeout or a lost claim stops it
//! (dropping its future, which kills any process it started with `kill_on_drop`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::TaskEngine;
use crate::tasks::actions::Outcome;
use crate::tasks::store::{self, Beat, Claim};

/// How a step ended, short of completing.
pub(super) enum Stop {
    Failed(String),
    Cancelled,
    /// Another server took the task back: write nothing more.
    Lost,
}

/// Runs an action on its own task, so that a panic fails the step and not the worker, while
/// the heartbeat of the run `beat_for` holds goes on (a dry run has none); stops it on a cancel,
/// when the `left` of its step's `limit` has passed, on a lost claim, or when its heartbeats have failed for so long that another
/// server may take the task back (see [`beats_lost`]).
pub(super) async fn supervise(
    engine: &Arc<TaskEngine>,
    beat_for: Option<&Claim>,
    (left, limit): (Duration, Duration),
    work: crate::tasks::actions::ActionFuture,
) -> Result<Outcome, Stop> {
    let mut handle = Aborting(tokio::spawn(work));
    let handle = &mut handle.0;
    let deadline = tokio::time::sleep(left);
    tokio::pin!(deadline);
    let mut beat = tokio::time::interval(engine.settings.heartbeat);
    beat.tick().await;
    let mut last_beat = Instant::now();
    loop {
        tokio::select! {
            joined = &mut *handle => {
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
                    limit.as_secs()
                )));
            }
            _ = beat.tick() => {
                let Some(claim) = beat_for else { continue };
                match store::heartbeat(&engine.db, claim, crate::clock::now()).await {
                    Ok(Beat::Running) => last_beat = Instant::now(),
                    Ok(Beat::CancelRequested) => {
                        handle.abort();
                        return Err(Stop::Cancelled);
                    }
                    Ok(Beat::Lost) => {
                        handle.abort();
                        return Err(Stop::Lost);
                    }
                    Err(error) if beats_lost(last_beat.elapsed(), &engine.settings) => {
                        tracing::error!(%error, task = %claim.id, "heartbeats failed too long: stopping the step before another server takes the task back");
                        handle.abort();
                        return Err(Stop::Lost);
                    }
                    Err(error) => tracing::warn!(%error, task = %claim.id, "a heartbeat failed"),
                }
            }
        }
    }
}

/// A spawned action that is aborted when whoever waits for it goes away (a dry run whose
/// request was dropped): it must not go on writing into a folder that is being removed.
struct Aborting<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for Aborting<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Whether a step that has not beaten for `since` must stop: another server takes a task back
/// once its heart has not beaten for `stale_after`, so the step stops a heartbeat before that;
/// were it to go on, a recovered task could run the same step twice.
pub(super) fn beats_lost(since: Duration, settings: &super::Settings) -> bool {
    since + settings.heartbeat >= settings.stale_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_stops_a_heartbeat_before_others_may_take_its_task() {
        let settings = super::super::Settings {
            heartbeat: Duration::from_secs(2),
            stale_after: Duration::from_secs(30),
            ..Default::default()
        };
        assert!(!beats_lost(Duration::from_secs(2), &settings));
        assert!(!beats_lost(Duration::from_secs(27), &settings));
        assert!(beats_lost(Duration::from_secs(28), &settings));
        assert!(beats_lost(Duration::from_secs(40), &settings));
    }
}
