//! Locations: descriptor files on disk or in a local git repository that Runway registers, reads,
//! and re-reads on a schedule and on demand. Entities a location stops supplying become orphans.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::import::substitute::Remote;
use super::import::{self, Options, files};
use super::report::{ImportProblem, ImportReport};
use super::rules::{Door, Rules, Writer};
use super::store::locations::{self, Location};
use super::store::{self, Placement};
use crate::access::decision::Principal;
use crate::access::permission::Permission;
use crate::db::Db;
use crate::error::{AppError, FieldError};
use crate::limits::LOCATION_READ_SECONDS;
use crate::server::ctx::Ctx;

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

/// Registers a location and reads it (or, as a dry run, only reports what it holds). Needs
/// `catalog.location.manage`.
pub async fn register(
    ctx: &Ctx,
    kind: &str,
    target: &str,
    dry_run: bool,
    remote: &Remote,
) -> Result<(Location, ImportReport, bool), AppError> {
    ctx.authorize(Permission::CatalogLocationManage, None)?;
    register_checked(ctx, kind, target, dry_run, remote).await
}

/// Registers the repository a template task just published, as the person who ran it: what
/// they need is `catalog.entity.create`, since the location only adds what they may add.
pub async fn register_published(
    ctx: &Ctx,
    kind: &str,
    target: &str,
    remote: &Remote,
) -> Result<(Location, ImportReport, bool), AppError> {
    ctx.authorize(Permission::CatalogEntityCreate, None)?;
    register_checked(ctx, kind, target, false, remote).await
}

async fn register_checked(
    ctx: &Ctx,
    kind: &str,
    target: &str,
    dry_run: bool,
    remote: &Remote,
) -> Result<(Location, ImportReport, bool), AppError> {
    let target = check(kind, target)?;
    if let Some(existing) = locations::by_target(&ctx.db, kind, &target).await? {
        // A location is read as the one who registered it: registering it again reads it
        // again only for them, or for those who manage locations, never as someone else's.
        if existing.created_by != ctx.login() {
            ctx.authorize(Permission::CatalogLocationManage, None)?;
        }
        let report = read_again(ctx, &existing, dry_run, remote).await?;
        return Ok((existing, report, true));
    }
    let location = Location {
        id: uuid::Uuid::new_v4().to_string(),
        kind: kind.to_owned(),
        target,
        created_by: ctx.login().to_owned(),
        refreshed_at: None,
        last_error: None,
    };
    if !dry_run {
        let mut tx = ctx.db.begin().await?;
        locations::insert(&mut tx, &location, ctx.at).await?;
        let summary =
            serde_json::json!({"after": {"type": location.kind, "target": location.target}});
        ctx.audited(
            &mut tx,
            "catalog.location.register",
            &format!("location:{}", location.id),
            summary,
        )
        .await?;
        tx.commit().await?;
    }
    match read_again(ctx, &location, dry_run, remote).await {
        Ok(report) => Ok((location, report, false)),
        // A location that could not be read at all is not kept: it would only stand there,
        // failing, in the registrant's name.
        Err(error) => {
            if !dry_run {
                let mut tx = ctx.db.begin().await?;
                locations::delete(&mut tx, &location.id).await?;
                ctx.audited(
                    &mut tx,
                    "catalog.location.remove",
                    &format!("location:{}", location.id),
                    serde_json::json!({"reason": "it could not be read when registered"}),
                )
                .await?;
                tx.commit().await?;
            }
            Err(error)
        }
    }
}

/// Reads a location again, now. Needs `catalog.location.manage`.
pub async fn refresh(
    ctx: &Ctx,
    location: &Location,
    remote: &Remote,
) -> Result<ImportReport, AppError> {
    ctx.authorize(Permission::CatalogLocationManage, None)?;
    read_again(ctx, location, false, remote).await
}

/// The locations the actor may see: all of them for those who manage locations (a location
/// names a path on the server), none for anyone else.
pub async fn visible(ctx: &Ctx) -> Result<Vec<Location>, AppError> {
    match ctx.may(Permission::CatalogLocationManage, None) {
        true => Ok(locations::list(&ctx.db).await?),
        false => Ok(Vec::new()),
    }
}

/// Reads a location: new and changed entities are saved (the valid ones; problems are kept as
/// the location's last error) and entities it no longer supplies become orphans.
///
/// The location writes as the person who registered it: whatever its files say, they cannot
/// change what that person may not (team membership needs `admin.teams.manage`), and they
/// cannot overwrite what another location or an import registered.
async fn read_again(
    ctx: &Ctx,
    location: &Location,
    dry_run: bool,
    remote: &Remote,
) -> Result<ImportReport, AppError> {
    let db = &ctx.db;
    let placement = Placement {
        location_id: (!dry_run).then(|| location.id.clone()),
        source_file: None,
    };
    let (sources, mut problems, _checkout) = read(location, &placement, remote).await?;
    let options = Options {
        dry_run,
        partial: true,
        action: "catalog.location.refresh".into(),
    };
    let registrant = registrant(db, &location.created_by).await?;
    let rules = Rules {
        writer: Writer::Person {
            policy: &ctx.policy,
            principal: &registrant,
        },
        door: Door::Location(&location.id),
    };
    let mut report = import::import(ctx, sources, &options, &rules).await?;
    problems.append(&mut report.errors);
    report.errors = problems;
    if dry_run {
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
    locations::refreshed(db, &location.id, ctx.at, error).await?;
    Ok(report)
}

/// The person a location writes as: its registrant, or nobody with any right when that
/// account is gone.
async fn registrant(db: &Db, login: &str) -> Result<Principal, AppError> {
    match crate::access::store::users::by_login(db, login).await? {
        Some(stored) => Ok(crate::access::store::users::principal_of(db, &stored.user).await?),
        None => Ok(Principal {
            user_id: String::new(),
            login: login.to_owned(),
            active: false,
            teams: Default::default(),
        }),
    }
}

/// Unregisters a location; its entities stay, as orphans, until someone deletes them. Needs
/// `catalog.location.manage`; `false` when there is no such location.
pub async fn unregister(ctx: &Ctx, id: &str) -> Result<bool, AppError> {
    ctx.authorize(Permission::CatalogLocationManage, None)?;
    let mut tx = ctx.db.begin().await?;
    let removed = locations::delete(&mut tx, id).await?;
    if removed {
        store::mark_orphans(&mut tx, id, &[]).await?;
        ctx.audited(
            &mut tx,
            "catalog.location.remove",
            &format!("location:{id}"),
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// Refreshes every location, as Runway itself (`ctx` is a system context); failures are
/// logged and kept on the location.
pub async fn refresh_all(ctx: &Ctx, remote: &Remote) {
    let Ok(all) = locations::list(&ctx.db).await else {
        return;
    };
    for location in all {
        if let Err(error) = read_again(ctx, &location, false, remote).await {
            tracing::warn!(location = %location.target, %error, "refreshing a location failed");
            let _ = locations::refreshed(
                &ctx.db,
                &location.id,
                crate::clock::now(),
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

/// Reads a location off the async threads, within [`LOCATION_READ_SECONDS`]: a slow disk or a
/// hostile tree stops the read, never the server.
async fn read(
    location: &Location,
    placement: &Placement,
    remote: &Remote,
) -> Result<Read, AppError> {
    let deadline = Instant::now() + Duration::from_secs(LOCATION_READ_SECONDS);
    let walk = |root: PathBuf| {
        let (placement, remote) = (placement.clone(), remote.clone());
        tokio::task::spawn_blocking(move || files::read_tree(&root, &placement, &remote, deadline))
    };
    if location.kind != "git" {
        let (sources, problems) = walk(PathBuf::from(&location.target))
            .await
            .map_err(AppError::internal)?;
        return Ok((sources, problems, None));
    }
    // A git location is read as committed at HEAD, not as the working tree happens to be.
    let checkout =
        Checkout(std::env::temp_dir().join(format!("runway-git-{}", uuid::Uuid::new_v4())));
    std::fs::create_dir_all(&checkout.0).map_err(AppError::internal)?;
    super::git::archive_head(Path::new(&location.target), &checkout.0, deadline).await?;
    let (mut sources, problems) = walk(checkout.0.clone()).await.map_err(AppError::internal)?;
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
#[path = "location_tests.rs"]
mod tests;
