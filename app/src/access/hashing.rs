//! Password hashing off the async threads, on one thread per core behind a bounded queue.
//!
//! Each argon2id check holds ~19 MiB for tens of milliseconds. Run on tokio's blocking pool
//! (up to 512 threads), a flood of sign-ins held gigabytes at once; here at most one check per
//! core runs, a few dozen wait, and the rest are told the server is busy. Memory stays flat and
//! the async threads keep serving pages.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};

use crate::limits::MAX_QUEUED_PASSWORD_CHECKS;

/// Too many checks are waiting; the caller should say "try again in a moment".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send>;

static QUEUE: OnceLock<SyncSender<Job>> = OnceLock::new();
static DONE: AtomicU64 = AtomicU64::new(0);
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Hashing threads: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Hashes run so far, and the most that ever ran at once (for `/metrics` and tests).
pub fn stats() -> (u64, usize) {
    (DONE.load(Ordering::Relaxed), PEAK.load(Ordering::Relaxed))
}

/// Runs `work` on a hashing thread and waits for it, or answers [`Busy`] at once when the queue
/// is full.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(running, Ordering::SeqCst);
        let value = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        DONE.fetch_add(1, Ordering::Relaxed);
        let _ = done.send(value);
    });
    match queue().try_send(job) {
        Ok(()) => result.await.map_err(|_| Busy),
        Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Busy),
    }
}

fn queue() -> &'static SyncSender<Job> {
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::sync_channel::<Job>(MAX_QUEUED_PASSWORD_CHECKS);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads() {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("runway-hash-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job, not running it.
                        let job = match receiver.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        sender
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_at_most_one_job_per_thread_and_refuses_beyond_the_queue() {
        let (before, _) = stats();
        let jobs: Vec<_> = (0..threads() + MAX_QUEUED_PASSWORD_CHECKS + 40)
            .map(|n| {
                tokio::spawn(run(move || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    n
                }))
            })
            .collect();
        let mut finished = 0;
        let mut busy = 0;
        for job in jobs {
            match job.await.unwrap() {
                Ok(_) => finished += 1,
                Err(Busy) => busy += 1,
            }
        }
        let (after, peak) = stats();
        assert!(busy > 0, "a flood beyond the queue is refused");
        assert!(finished >= MAX_QUEUED_PASSWORD_CHECKS);
        assert!(after - before >= finished as u64);
        assert!(peak <= threads(), "{peak} ran at once");
    }
}
