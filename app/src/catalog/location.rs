//! Locations: descriptor files on disk or in a local git repository that Runway registers, reads,
//! and re-reads on a schedule and on demand. Entities a location stops supplying become orphans.

use std::path::{Path, PathBuf};

use super::import::{self, Options, files};
use super::report::{ImportProblem, ImportReport};
use super::store::locations::{self, Location};
use super::store::{self, Placement};
use crate::error::{AppError, FieldError};
use crate::server::Db;

/// Location types Runway reads.
pub const TYPES: &[&str] = &["file", "git"];

/// How often every location is read again.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Checks a new location's type and target and returns the canonical target path.
pub fn check(kind: &str, target: &str) -> Result<String, AppError> {
    let problem =
        |field: &str, message: String| AppError::Validation(vec![FieldError::new(field, message)]);
    if !TYPES.contains(&kind) {
        return Err(problem(
            "type",
            format!(
                "Runway reads locations of type file (a file or directory) or git (a local repository), not {kind:?}"
            ),
        ));
    }
    let path = Path::new(target.strip_prefix("file:").unwrap_or(target));
    if !path.is_absolute() {
        return Err(problem(
            "target",
            format!("{target:?} must be an absolute path on the server"),
        ));
    }
    let canonical = path
        .canonicalize()
        .map_err(|e| problem("target", format!("{target}: {e}")))?;
    if kind == "git" && !canonical.join(".git").exists() && !canonical.join("HEAD").exists() {
        return Err(problem(
            "target",
            format!("{target} is not a git repository"),
        ));
    }
    Ok(canonical.display().to_string())
}

/// Registers a location and reads it (or, as a dry run, only reports what it holds).
pub async fn register(
    db: &Db,
    kind: &str,
    target: &str,
    options: &Options,
    allowed_hosts: &[String],
) -> Result<(Location, ImportReport, bool), AppError> {
    let target = check(kind, target)?;
    if let Some(existing) = locations::by_target(db, kind, &target).await? {
        let report = refresh(db, &existing, options, allowed_hosts).await?;
        return Ok((existing, report, true));
    }
    let location = Location {
        id: uuid::Uuid::new_v4().to_string(),
        kind: kind.to_owned(),
        target,
        created_by: options.actor.clone(),
        refreshed_at: None,
        last_error: None,
    };
    if !options.dry_run {
        let mut tx = db.begin().await?;
        locations::insert(&mut tx, &location, crate::server::now()).await?;
        tx.commit().await?;
    }
    let report = refresh(db, &location, options, allowed_hosts).await?;
    Ok((location, report, false))
}

/// Reads a location again: new and changed entities are saved (the valid ones; problems are
/// kept as the location's last error) and entities it no longer supplies become orphans.
pub async fn refresh(
    db: &Db,
    location: &Location,
    options: &Options,
    allowed_hosts: &[String],
) -> Result<ImportReport, AppError> {
    let placement = Placement {
        location_id: (!options.dry_run).then(|| location.id.clone()),
        source_file: None,
    };
    let (sources, mut problems, _checkout) = read(location, &placement, allowed_hosts)?;
    let options = Options {
        partial: true,
        action: if options.action.is_empty() {
            "catalog.location.refresh".into()
        } else {
            options.action.clone()
        },
        ..options.clone()
    };
    let mut report = import::import(db, sources, &options, &|_| true).await?;
    problems.append(&mut report.errors);
    report.errors = problems;
    if options.dry_run {
        return Ok(report);
    }
    let supplied: Vec<String> = report
        .entities
        .iter()
        .filter(|e| e.outcome != super::report::Outcome::Rejected)
        .map(|e| e.entity_ref.to_lowercase())
        .collect();
    let mut tx = db.begin().await?;
    let orphaned = store::mark_orphans(&mut tx, &location.id, &supplied).await?;
    tx.commit().await?;
    if !orphaned.is_empty() {
        tracing::info!(location = %location.target, orphans = orphaned.len(), "entities left their location");
    }
    let error = (!report.errors.is_empty()).then(|| {
        let shown: Vec<String> = report
            .errors
            .iter()
            .take(5)
            .map(ImportProblem::to_string)
            .collect();
        shown.join("; ")
    });
    locations::refreshed(db, &location.id, crate::server::now(), error).await?;
    Ok(report)
}

/// Unregisters a location; its entities stay, as orphans, until someone deletes them.
pub async fn unregister(db: &Db, id: &str) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let removed = locations::delete(&mut tx, id).await?;
    if removed {
        store::mark_orphans(&mut tx, id, &[]).await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// Refreshes every location; failures are logged and kept on the location.
pub async fn refresh_all(db: &Db, allowed_hosts: &[String]) {
    let Ok(all) = locations::list(db).await else {
        return;
    };
    let options = Options {
        actor: "system".into(),
        action: "catalog.location.refresh".into(),
        ..Options::default()
    };
    for location in all {
        if let Err(error) = refresh(db, &location, &options, allowed_hosts).await {
            tracing::warn!(location = %location.target, %error, "refreshing a location failed");
            let _ = locations::refreshed(
                db,
                &location.id,
                crate::server::now(),
                Some(error.to_string()),
            )
            .await;
        }
    }
}

/// A temporary checkout of a git repository's HEAD, removed when dropped.
struct Checkout(PathBuf);

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a location holds: its sources, problems reading it, and the checkout they live in.
type Read = (Vec<import::Source>, Vec<ImportProblem>, Option<Checkout>);

fn read(
    location: &Location,
    placement: &Placement,
    allowed_hosts: &[String],
) -> Result<Read, AppError> {
    if location.kind != "git" {
        let (sources, problems) =
            files::read_tree(Path::new(&location.target), placement, allowed_hosts);
        return Ok((sources, problems, None));
    }
    // A git location is read as committed at HEAD, not as the working tree happens to be.
    let checkout =
        Checkout(std::env::temp_dir().join(format!("runway-git-{}", uuid::Uuid::new_v4())));
    std::fs::create_dir_all(&checkout.0).map_err(AppError::internal)?;
    let archive = std::process::Command::new("git")
        .args(["-C", &location.target, "archive", "--format=tar", "HEAD"])
        .output()
        .map_err(|e| {
            AppError::Validation(vec![FieldError::new(
                "target",
                format!("cannot run git: {e}"),
            )])
        })?;
    if !archive.status.success() {
        let message = String::from_utf8_lossy(&archive.stderr).trim().to_owned();
        return Err(AppError::Validation(vec![FieldError::new(
            "target",
            format!("git archive failed: {message}"),
        )]));
    }
    let mut tar = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(&checkout.0)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(AppError::internal)?;
    use std::io::Write;
    tar.stdin
        .take()
        .map(|mut stdin| stdin.write_all(&archive.stdout))
        .transpose()
        .map_err(AppError::internal)?;
    tar.wait().map_err(AppError::internal)?;
    let (mut sources, problems) = files::read_tree(&checkout.0, placement, allowed_hosts);
    for source in &mut sources {
        let inside = source
            .placement
            .source_file
            .as_deref()
            .and_then(|f| f.strip_prefix(&format!("{}/", checkout.0.display())));
        let inside = inside.unwrap_or(&source.file).to_owned();
        source.managed_by = Some(format!("git:{}#{inside}", location.target));
        source.placement.source_file = None;
    }
    Ok((sources, problems, Some(checkout)))
}

#[cfg(test)]
mod tests;
