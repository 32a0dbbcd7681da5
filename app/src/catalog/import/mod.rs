//! Importing descriptor files: parse, substitute, validate, compare with the catalog, then write
//! all of it in one transaction (or, when asked, only the valid part), with one audit entry.
//!
//! The browser preview, `POST /api/v1/catalog/import`, `runway import` and location refreshes all
//! come through [`import`], so they agree on every rule and message.

pub mod files;
pub mod substitute;
pub mod yaml;

use std::collections::HashMap;

use serde_json::json;

use super::model::Entity;
use super::report::{ImportProblem, ImportReport, ImportedEntity, Outcome};
use super::rules::Rules;
use super::store::{self, Existing, Placement};
use super::validate::validate;
use crate::error::AppError;
use crate::limits::MAX_CONCURRENT_IMPORTS;
use crate::server::ctx::Ctx;
use substitute::{Resolver, Unresolved};

/// One descriptor file to import.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The name shown in reports: a path relative to what the user gave, or an upload's name.
    pub file: String,
    pub text: String,
    pub resolver: Resolver,
    pub placement: Placement,
    /// `backstage.io/managed-by-location` for entities from a location, e.g. `file:/srv/x.yaml`.
    pub managed_by: Option<String>,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Report what would happen and change nothing.
    pub dry_run: bool,
    /// Import the valid documents even when others are rejected.
    pub partial: bool,
    /// The audit action, e.g. `catalog.import` or `catalog.location.refresh`.
    pub action: String,
}

/// A document that became a valid entity, with where it came from.
struct Candidate {
    file: String,
    document: i64,
    entity: Entity,
    placement: Placement,
}

/// Imports `sources` under `rules` and reports what happened to every document; audited as
/// done by `ctx`'s actor.
pub async fn import(
    ctx: &Ctx,
    sources: Vec<Source>,
    options: &Options,
    rules: &Rules<'_>,
) -> Result<ImportReport, AppError> {
    let db = &ctx.db;
    let _turn = turn().await?;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    let candidates = parse(sources, &mut report).await?;
    let candidates = reject_duplicates(candidates, &mut report);
    let mut tx = db.begin().await?;
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| c.entity.entity_ref().key())
        .collect();
    let before = store::existing(&mut tx, &keys).await?;
    let mut writes = Vec::new();
    for (candidate, key) in candidates.into_iter().zip(keys) {
        let existing = before.get(&key);
        let outcome = match existing {
            None => Outcome::Created,
            Some(existing)
                if existing.etag == store::fingerprint(&candidate.entity)
                    && existing.location_id == candidate.placement.location_id
                    && !existing.orphan =>
            {
                Outcome::Unchanged
            }
            Some(_) => Outcome::Updated,
        };
        let checked = match outcome {
            Outcome::Unchanged => Ok(()),
            _ => rules.check(
                &key,
                existing.map(Existing::before),
                Some(&candidate.entity),
            ),
        };
        if let Err(refusal) = checked {
            let (file, document) = (&candidate.file, candidate.document);
            let entity = &candidate.entity;
            reject(
                &mut report,
                file,
                document,
                refusal.field,
                refusal.message,
                entity,
            );
            continue;
        }
        report.entities.push(entry(
            &candidate.file,
            candidate.document,
            &candidate.entity,
            outcome,
        ));
        match outcome {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            _ => report.unchanged += 1,
        }
        if outcome != Outcome::Unchanged {
            writes.push((candidate.entity, candidate.placement));
        }
    }
    report.rejected = report
        .entities
        .iter()
        .filter(|e| e.outcome == Outcome::Rejected)
        .count() as i64;
    report
        .entities
        .sort_by(|a, b| (&a.file, a.document).cmp(&(&b.file, b.document)));
    let refused = report.rejected > 0 && !options.partial;
    if options.dry_run || refused || writes.is_empty() {
        return Ok(report);
    }
    store::save_entities(&mut tx, &writes, ctx.at).await?;
    let changed: Vec<String> = report
        .entities
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Created | Outcome::Updated))
        .take(1000)
        .map(|e| e.entity_ref.clone())
        .collect();
    let summary = json!({"after": {"created": report.created, "updated": report.updated,
        "rejected": report.rejected, "entities": changed}});
    let target = format!("{} entities", writes.len());
    ctx.audited(&mut tx, &options.action, &target, summary)
        .await?;
    tx.commit().await?;
    report.applied = true;
    // Right after a bulk load the planner has no statistics for the new rows, and PostgreSQL
    // then scans a million relations for a lookup by source (80 ms instead of 0.5 ms) until
    // autovacuum gets round to them.
    if writes.len() > store::changes::MAX_LOGGED_REFS {
        store::refresh_statistics(db).await?;
    }
    Ok(report)
}

/// A turn to import: at most [`MAX_CONCURRENT_IMPORTS`] at once, each parsing megabytes of YAML
/// and holding the catalog's write lock; a caller who waits too long is told to come back.
async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    static TURNS: tokio::sync::Semaphore =
        tokio::sync::Semaphore::const_new(MAX_CONCURRENT_IMPORTS);
    let wait = std::time::Duration::from_secs(crate::limits::IMPORT_WAIT_SECONDS);
    match tokio::time::timeout(wait, TURNS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::RateLimited(
            "the catalog is busy with other imports; try again in a minute".into(),
        )),
    }
}

/// Parses and validates every document; problems go into the report as rejections. The YAML is
/// read on a blocking thread: megabytes of it must not stall the threads that serve pages.
async fn parse(
    sources: Vec<Source>,
    report: &mut ImportReport,
) -> Result<Vec<Candidate>, AppError> {
    let parsed = tokio::task::spawn_blocking(move || {
        sources
            .into_iter()
            .map(|source| {
                let documents = yaml::documents(&source.text);
                (source, documents)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(AppError::internal)?;
    let mut candidates = Vec::new();
    for (source, documents) in parsed {
        for (document, value) in documents {
            let mut value = match value {
                Ok(value) => value,
                Err(message) => {
                    let problem = problem(&source.file, document, "", message);
                    report.entities.push(ImportedEntity {
                        file: source.file.clone(),
                        document,
                        entity_ref: String::new(),
                        title: None,
                        outcome: Outcome::Rejected,
                    });
                    report.errors.push(problem);
                    continue;
                }
            };
            let mut warnings = Vec::new();
            let mut refused = Vec::new();
            for (path, unresolved) in substitute::resolve(&mut value, &source.resolver).await {
                match unresolved {
                    Unresolved::Refused(message) => refused.push((path, message)),
                    Unresolved::Unavailable(message) => warnings.push((path, message)),
                }
            }
            let mut entity = match validate(&value) {
                Ok(entity) if refused.is_empty() => entity,
                result => {
                    let problems: Vec<(String, String)> = refused
                        .into_iter()
                        .chain(
                            result
                                .err()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|p| (p.field, p.message)),
                        )
                        .collect();
                    report.entities.push(ImportedEntity {
                        file: source.file.clone(),
                        document,
                        entity_ref: ref_as_written(&value),
                        title: None,
                        outcome: Outcome::Rejected,
                    });
                    for (path, message) in problems {
                        report
                            .errors
                            .push(problem(&source.file, document, &path, message));
                    }
                    continue;
                }
            };
            if let Some(location) = &source.managed_by {
                for key in [
                    "backstage.io/managed-by-location",
                    "backstage.io/managed-by-origin-location",
                ] {
                    entity
                        .metadata
                        .annotations
                        .insert(key.to_owned(), location.clone());
                }
            }
            if !warnings.is_empty() {
                let items: Vec<_> = warnings
                    .iter()
                    .map(|(path, message)| {
                        json!({"type": "backstage.io/catalog-processing",
                        "level": "warning", "message": format!("{path}: {message}")})
                    })
                    .collect();
                entity.status = Some(json!({"items": items}));
            }
            for (path, message) in warnings {
                report
                    .warnings
                    .push(problem(&source.file, document, &path, message));
            }
            candidates.push(Candidate {
                file: source.file.clone(),
                document,
                entity,
                placement: source.placement.clone(),
            });
        }
    }
    Ok(candidates)
}

/// Two documents with the same ref in one import: neither wins, both are rejected.
fn reject_duplicates(candidates: Vec<Candidate>, report: &mut ImportReport) -> Vec<Candidate> {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        seen.entry(candidate.entity.entity_ref().key())
            .or_default()
            .push(index);
    }
    let mut keep = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let same = &seen[&candidate.entity.entity_ref().key()];
        if same.len() == 1 {
            keep.push(index);
            continue;
        }
        let others: Vec<String> = same
            .iter()
            .filter(|i| **i != index)
            .map(|i| {
                format!(
                    "{} document {}",
                    candidates[*i].file, candidates[*i].document
                )
            })
            .collect();
        reject(
            report,
            &candidate.file,
            candidate.document,
            "metadata.name",
            format!(
                "{} is also defined in {}",
                candidate.entity.entity_ref(),
                others.join(", ")
            ),
            &candidate.entity,
        );
    }
    let mut candidates: Vec<Option<Candidate>> = candidates.into_iter().map(Some).collect();
    keep.into_iter()
        .filter_map(|i| candidates[i].take())
        .collect()
}

fn reject(
    report: &mut ImportReport,
    file: &str,
    document: i64,
    path: &str,
    message: String,
    entity: &Entity,
) {
    report
        .entities
        .push(entry(file, document, entity, Outcome::Rejected));
    report.errors.push(problem(file, document, path, message));
}

fn entry(file: &str, document: i64, entity: &Entity, outcome: Outcome) -> ImportedEntity {
    ImportedEntity {
        file: file.to_owned(),
        document,
        entity_ref: entity.entity_ref().to_string(),
        title: entity.metadata.title.clone(),
        outcome,
    }
}

fn problem(file: &str, document: i64, path: &str, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        file: file.to_owned(),
        document,
        path: path.to_owned(),
        message: message.into(),
    }
}

/// `kind:namespace/name` from a document that did not validate, as far as it can be read.
fn ref_as_written(value: &serde_json::Value) -> String {
    let kind = value["kind"].as_str().unwrap_or("?");
    let name = value["metadata"]["name"].as_str().unwrap_or("?");
    let namespace = value["metadata"]["namespace"].as_str().unwrap_or("default");
    format!("{}:{namespace}/{name}", kind.to_ascii_lowercase())
}

#[cfg(test)]
mod tests;
