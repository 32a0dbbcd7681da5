//! SQL of sign-in sessions and of failed sign-ins (for rate limiting across replicas).

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::optional_time;
use crate::access::identity::{Session, SignInMethod};
use crate::db::Db;
use crate::db::sql::{from_millis, to_millis};

const COLUMNS: &str =
    "id, user_id, method, created_at, last_seen_at, expires_at, revoked_at, address, user_agent";

fn from_row(row: &AnyRow) -> Result<Session, sqlx::Error> {
    let method: String = row.try_get("method")?;
    Ok(Session {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        method: SignInMethod::parse(&method).unwrap_or(SignInMethod::Password),
        created_at: from_millis(row.try_get("created_at")?),
        last_seen_at: from_millis(row.try_get("last_seen_at")?),
        expires_at: from_millis(row.try_get("expires_at")?),
        revoked_at: optional_time(row, "revoked_at")?,
        address: row.try_get("address")?,
        user_agent: row.try_get("user_agent")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, session: &Session) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, method, created_at, last_seen_at, expires_at, revoked_at, address, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)",
    )
    .bind(session.id.clone())
    .bind(session.user_id.clone())
    .bind(session.method.as_str())
    .bind(to_millis(session.created_at))
    .bind(to_millis(session.last_seen_at))
    .bind(to_millis(session.expires_at))
    .bind(session.address.clone())
    .bind(session.user_agent.clone())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<Session>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Extends a live session: it was used at `at` and now lasts until `expires_at`.
pub async fn extend(
    db: &Db,
    id: &str,
    at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3 AND revoked_at IS NULL")
        .bind(to_millis(at))
        .bind(to_millis(expires_at))
        .bind(id.to_owned())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Ends a session; returns whether it was live.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(to_millis(at))
            .bind(id.to_owned())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of a user; returns how many were live.
pub async fn revoke_all_of(
    conn: &mut AnyConnection,
    user_id: &str,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(user_id.to_owned())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Sessions that are neither revoked nor expired, newest first, of one user or of everyone.
pub async fn live(
    db: &Db,
    user_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Session>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE revoked_at IS NULL AND expires_at > $1 AND ($2 = '' OR user_id = $2) \
         ORDER BY last_seen_at DESC, id LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_millis(now))
        .bind(user_id.unwrap_or_default().to_owned())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}
