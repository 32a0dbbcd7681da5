//! Reading a git location: its HEAD, as committed, unpacked into a directory, with a deadline
//! and a size limit, so that a huge or stuck repository costs a refused refresh, not a hung
//! server.

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{AppError, FieldError};
use crate::limits::MAX_GIT_ARCHIVE_BYTES;

/// Unpacks the tree at `repository`'s HEAD into `into` by `git archive | tar -x`, counting the
/// bytes that pass. Both processes are killed at `deadline` or past the size limit.
pub async fn archive_head(
    repository: &Path,
    into: &Path,
    deadline: Instant,
) -> Result<(), AppError> {
    let problem = |message: String| AppError::Validation(vec![FieldError::new("target", message)]);
    let too_slow = || {
        problem(format!(
            "reading the repository took longer than {} seconds",
            crate::limits::LOCATION_READ_SECONDS
        ))
    };
    if Instant::now() >= deadline {
        return Err(too_slow());
    }
    let mut git = crate::child::git(None)
        .arg("-C")
        .arg(repository)
        .args(["archive", "--format=tar", "HEAD"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| problem(format!("cannot run git: {e}")))?;
    let mut tar = crate::child::command("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(AppError::internal)?;
    let (Some(mut from), Some(mut to)) = (git.stdout.take(), tar.stdin.take()) else {
        return Err(AppError::internal("the git and tar pipes are missing"));
    };
    let copy = async {
        let mut buffer = vec![0u8; 64 * 1024];
        let mut copied: u64 = 0;
        loop {
            let n = from.read(&mut buffer).await.map_err(AppError::internal)?;
            if n == 0 {
                break;
            }
            copied += n as u64;
            if copied > MAX_GIT_ARCHIVE_BYTES {
                return Err(problem(format!(
                    "the repository's files at HEAD add up to more than {} MiB; register the directory that holds the descriptors",
                    MAX_GIT_ARCHIVE_BYTES / (1024 * 1024)
                )));
            }
            to.write_all(&buffer[..n])
                .await
                .map_err(AppError::internal)?;
        }
        drop(to);
        let status = git.wait().await.map_err(AppError::internal)?;
        if !status.success() {
            let mut stderr = String::new();
            if let Some(mut err) = git.stderr.take() {
                let _ = err.read_to_string(&mut stderr).await;
            }
            return Err(problem(format!("git archive failed: {}", stderr.trim())));
        }
        let unpacked = tar.wait().await.map_err(AppError::internal)?;
        if !unpacked.success() {
            return Err(AppError::internal("tar could not unpack the git archive"));
        }
        Ok(())
    };
    let left = deadline.saturating_duration_since(Instant::now());
    match tokio::time::timeout(left, copy).await {
        Ok(result) => result,
        // Dropping the future kills both processes (kill_on_drop).
        Err(_) => Err(too_slow()),
    }
}
