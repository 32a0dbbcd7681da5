//! SQL of API tokens: only a hash of each token is stored.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::optional_time;
use crate::access::identity::ApiToken;
use crate::db::Db;
use crate::db::sql::{from_millis, to_millis};

const COLUMNS: &str = "id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at";

fn from_row(row: &AnyRow) -> Result<ApiToken, sqlx::Error> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        created_at: from_millis(row.try_get("created_at")?),
        expires_at: optional_time(row, "expires_at")?,
        last_used_at: optional_time(row, "last_used_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    token: &ApiToken,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token.id.clone())
    .bind(token.user_id.clone())
    .bind(token.name.clone())
    .bind(hash.to_owned())
    .bind(token.prefix.clone())
    .bind(to_millis(token.created_at))
    .bind(token.expires_at.map(to_millis))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_hash(db: &Db, hash: &str) -> Result<Option<ApiToken>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.to_owned())
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<ApiToken>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn touch(db: &Db, id: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(to_millis(at))
        .bind(id.to_owned())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn revoke(
    conn: &mut AnyConnection,
    id: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(to_millis(at))
            .bind(id.to_owned())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn revoke_all_of(
    conn: &mut AnyConnection,
    user_id: &str,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(user_id.to_owned())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Tokens of one user or of everyone, newest first, revoked ones included.
pub async fn list(db: &Db, user_id: Option<&str>) -> Result<Vec<ApiToken>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE $1 = '' OR user_id = $1 ORDER BY created_at DESC, id LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id.unwrap_or_default().to_owned())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}
