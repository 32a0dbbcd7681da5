//! SQL of installation-wide generated values, such as the session signing key.

use sqlx::{AnyConnection, Row};

use crate::db::Db;

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key.to_owned())
        .fetch_optional(db.reader())
        .await?
        .map(|row| row.try_get("value"))
        .transpose()
}

/// Stores `value` unless the key already has one, and returns the value that holds: two replicas
/// starting at once agree on the first one written.
pub async fn get_or_insert(
    conn: &mut AnyConnection,
    key: &str,
    value: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key.to_owned())
        .bind(value.to_owned())
        .execute(&mut *conn)
        .await?;
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key.to_owned())
        .fetch_one(conn)
        .await?
        .try_get("value")
}
