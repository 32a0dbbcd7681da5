//! Who starred which entity: the stars people keep on their home page and the catalog.

use sqlx::Row;

use crate::db::Db;

/// Whether a user starred an entity.
pub async fn starred(db: &Db, user_id: &str, key: &str) -> Result<bool, sqlx::Error> {
    let row =
        sqlx::query("SELECT 1 AS one FROM entity_stars WHERE user_id = $1 AND entity_ref = $2")
            .bind(user_id.to_owned())
            .bind(key.to_owned())
            .fetch_optional(db.reader())
            .await?;
    Ok(row.is_some())
}

/// The refs a user starred.
pub async fn stars(db: &Db, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT entity_ref FROM entity_stars WHERE user_id = $1")
        .bind(user_id.to_owned())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| r.try_get("entity_ref")).collect()
}

/// Stars or unstars an entity for a user.
pub async fn set_star(
    db: &Db,
    user_id: &str,
    key: &str,
    on: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    if on {
        sqlx::query("INSERT INTO entity_stars (user_id, entity_ref, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(user_id.to_owned())
            .bind(key.to_owned())
            .bind(crate::db::sql::to_millis(at))
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("DELETE FROM entity_stars WHERE user_id = $1 AND entity_ref = $2")
            .bind(user_id.to_owned())
            .bind(key.to_owned())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
