//! Demo data: a believable organisation with 180 days of delivery history, generated
//! deterministically from a seed and written in one transaction.
//!
//! The same seed and the same `now` always give the same rows, so screenshots, tests and
//! benchmarks can rely on the data's shape. Each team's delivery profile puts it in a different
//! DORA tier (see `profile`).

pub mod accounts;
mod apis;
mod history;
mod org;
mod profile;
mod release;
mod tables;
pub mod templates;

use chrono::{DateTime, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use sqlx::Row;

use crate::catalog::model::Entity;
use crate::db::Db;
pub use history::HISTORY_DAYS;
pub use release::History;
pub use tables::{EMAIL_DOMAIN, TEAMS};

/// The seed `runway seed-demo` and `RUNWAY_DEMO` use when none is given.
pub const DEFAULT_SEED: u64 = 42;

/// Everything the demo consists of, before it is written.
#[derive(Debug)]
pub struct DemoData {
    pub entities: Vec<Entity>,
    pub history: History,
}

/// How many rows of each kind were written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedSummary {
    pub seed: u64,
    pub entities: usize,
    pub environments: usize,
    pub deployments: usize,
    pub commits: usize,
    pub incidents: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "the database already holds catalog entities or deployments; demo data goes only into an empty database"
    )]
    NotEmpty,
    #[error("cannot write demo data: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot hash the demo password: {0}")]
    Hash(String),
}

/// Generates the organisation and its history as they are at `now`.
pub fn generate(seed: u64, now: DateTime<Utc>) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let people = org::people(&mut rng);
    let mut entities = org::entities(&mut rng, &people);
    entities.extend(templates::entities());
    let history = history::history(&mut rng, &people, now);
    DemoData { entities, history }
}

/// Writes the demo into an empty database in one transaction, with an audit record.
pub async fn seed(db: &Db, seed: u64, now: DateTime<Utc>) -> Result<SeedSummary, SeedError> {
    if !is_empty(db).await? {
        return Err(SeedError::NotEmpty);
    }
    let data = generate(seed, now);
    let h = &data.history;
    let summary = SeedSummary {
        seed,
        entities: data.entities.len(),
        environments: h.environments.len(),
        deployments: h.deployments.len(),
        commits: h.commits.len(),
        incidents: h.incidents.len(),
    };
    let password_hash =
        crate::auth::service::credentials::hash_password(accounts::DEMO_PASSWORD.into())
            .await
            .map_err(SeedError::Hash)?;
    let mut tx = db.begin().await?;
    crate::catalog::store::insert_entities(&mut tx, &data.entities, now).await?;
    // Role definitions come with every start; syncing them here lets the demo go into a
    // database no server has started on yet.
    crate::access::store::roles::sync_builtin(
        &mut tx,
        &crate::access::decision::builtin_roles(),
        now,
    )
    .await?;
    accounts::create(&mut tx, &password_hash, now).await?;
    crate::deployments::store::insert_environments(&mut tx, &h.environments).await?;
    crate::deployments::store::insert_deployments(&mut tx, &h.deployments).await?;
    crate::deployments::store::insert_commits(&mut tx, &h.commits).await?;
    crate::deployments::store::link_commits(&mut tx, &h.links).await?;
    crate::deployments::store::insert_incidents(&mut tx, &h.incidents).await?;
    crate::server::ctx::Ctx::system(db, Default::default(), "system")
        .from(Default::default(), now)
        .audited(
            &mut tx,
            "demo.seed",
            "database",
            serde_json::json!({"before": null, "after": summary}),
        )
        .await?;
    tx.commit().await?;
    Ok(summary)
}

/// True when neither the catalog nor the deployment history holds anything.
pub async fn is_empty(db: &Db) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM entities) + (SELECT COUNT(*) FROM deployments) AS n",
    )
    .fetch_one(db.reader())
    .await?;
    Ok(row.try_get::<i64, _>("n")? == 0)
}

/// A version-4 UUID drawn from the seeded generator, so identifiers repeat with the seed.
fn uuid_from(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests;
