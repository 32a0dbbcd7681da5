//! SQL of registered locations: where Runway re-reads descriptor files from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use crate::db::Db;
use crate::db::sql::{from_millis, to_millis};

/// A registered location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    /// `file` (a file or a directory) or `git` (a local repository, read at HEAD).
    #[serde(rename = "type")]
    pub kind: String,
    pub target: String,
    #[serde(skip)]
    pub created_by: String,
    #[serde(skip)]
    pub refreshed_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub last_error: Option<String>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Location, sqlx::Error> {
    let refreshed: Option<i64> = row.try_get("refreshed_at")?;
    Ok(Location {
        id: row.try_get("id")?,
        kind: row.try_get("type")?,
        target: row.try_get("target")?,
        created_by: row.try_get("created_by")?,
        refreshed_at: refreshed.map(from_millis),
        last_error: row.try_get("last_error")?,
    })
}

const COLUMNS: &str = "id, type, target, created_by, refreshed_at, last_error";

pub async fn list(db: &Db) -> Result<Vec<Location>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM locations ORDER BY created_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<Location>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM locations WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_target(db: &Db, kind: &str, target: &str) -> Result<Option<Location>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM locations WHERE type = $1 AND target = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind.to_owned())
        .bind(target.to_owned())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn insert(
    conn: &mut AnyConnection,
    location: &Location,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO locations (id, type, target, created_by, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(location.id.clone())
        .bind(location.kind.clone())
        .bind(location.target.clone())
        .bind(location.created_by.clone())
        .bind(to_millis(at))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM locations WHERE id = $1")
        .bind(id.to_owned())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the outcome of a refresh.
pub async fn refreshed(
    db: &Db,
    id: &str,
    at: DateTime<Utc>,
    error: Option<String>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE locations SET refreshed_at = $1, last_error = $2 WHERE id = $3")
        .bind(to_millis(at))
        .bind(error)
        .bind(id.to_owned())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The location that supplied an entity, if any.
pub async fn of_entity(db: &Db, entity_ref: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT location_id FROM entities WHERE entity_ref = $1")
        .bind(entity_ref.to_owned())
        .fetch_optional(db.reader())
        .await?;
    Ok(row
        .map(|r| r.try_get::<Option<String>, _>("location_id"))
        .transpose()?
        .flatten())
}
