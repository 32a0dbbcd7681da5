//! The catalog's change log: which entities each write touched, in commit order, so that every
//! replica's in-memory index can catch up with one indexed query.

use sqlx::{AnyConnection, Row};

use crate::db::Db;
use crate::db::sql::{SqlValue, insert_rows};

/// The ref of a log row that asks every index for a full rebuild.
pub const EVERYTHING: &str = "*";

/// Writes touching more entities than this log one [`EVERYTHING`] row instead: rebuilding the
/// index is cheaper than reloading that many entities one by one.
pub const MAX_LOGGED_REFS: usize = 5_000;

/// Serializes catalog writers on PostgreSQL, until the transaction ends. A sequence hands out
/// numbers in call order, not commit order: without the lock a reader could see change 6
/// committed, move past it, and never see change 5 that commits a moment later. SQLite has one
/// writer, so its order is already the commit order. Taken first thing in every catalog write,
/// before any row lock, so that it cannot join a deadlock. Keyed by the schema as well as by
/// Runway's number: catalogs in other schemas of the same database (other installations, or
/// tests side by side) keep their own order and never wait for each other.
pub async fn lock(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(7262001, hashtext(current_schema()))")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Appends the lowercase refs a write touched (or one [`EVERYTHING`] row for a large write).
pub async fn record(conn: &mut AnyConnection, keys: &[String], at: i64) -> Result<(), sqlx::Error> {
    if keys.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<SqlValue>> = if keys.len() > MAX_LOGGED_REFS {
        vec![vec![EVERYTHING.into(), at.into()]]
    } else {
        keys.iter()
            .map(|k| vec![SqlValue::from(k.clone()), at.into()])
            .collect()
    };
    insert_rows(
        conn,
        "catalog_changes",
        &["entity_ref", "changed_at"],
        &rows,
    )
    .await
}

/// What the log holds from a position on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The rows after the position, in order: (seq, lowercase ref).
    Changes(Vec<(i64, String)>),
    /// The position is no longer in the log (pruned, or a new log): rebuild from `latest`.
    Lost,
}

/// The changes after `seq`, at most `limit` of them. The row at `seq` itself must still be there,
/// which proves that nothing between it and the next row was pruned.
pub async fn since(db: &Db, seq: i64, limit: i64) -> Result<Since, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT seq, entity_ref FROM catalog_changes WHERE seq >= $1 ORDER BY seq LIMIT $2",
    )
    .bind(seq)
    .bind(limit + 1)
    .fetch_all(db.reader())
    .await?;
    let mut rows = rows
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>("seq")?, r.try_get("entity_ref")?)))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?;
    // An empty log (position 0) has lost nothing; a rebuild would find the same.
    if rows.is_empty() && seq == 0 {
        return Ok(Since::Changes(rows));
    }
    if rows.first().map(|(s, _)| *s) != Some(seq) {
        return Ok(Since::Lost);
    }
    rows.remove(0);
    Ok(Since::Changes(rows))
}

/// The newest position in the log.
pub async fn latest(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM catalog_changes")
        .fetch_one(db.reader())
        .await?
        .try_get("seq")
}

/// Drops rows written before `before` (epoch ms), always keeping the newest so that an index
/// that is up to date keeps its position.
pub async fn prune(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "DELETE FROM catalog_changes WHERE changed_at < $1 \
         AND seq < (SELECT MAX(seq) FROM catalog_changes)",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
