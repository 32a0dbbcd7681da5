//! The rows the in-memory catalog index is built from: every entity as a `Document`, a page at a
//! time for a rebuild, or just the entities a change touched.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::catalog::index::document::{Document, Resolved};
use crate::db::Db;
use crate::db::sql::read_in_chunks;

const COLUMNS: &str = "entity_ref, body, owner_ref, system_ref, updated_at";

/// Up to `limit` rows with refs after `after` (`""` for the first page), in ref order: their
/// documents and the last ref read (`None` when there were no more rows). Paging by key keeps a
/// rebuild's memory to one page of bodies, however large the catalog.
pub async fn page(
    db: &Db,
    after: &str,
    limit: i64,
) -> Result<(Vec<Document>, Option<String>), sqlx::Error> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entities WHERE entity_ref > $1 ORDER BY entity_ref LIMIT $2"
    )))
    .bind(after.to_owned())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    let last = rows.last().map(|r| r.try_get("entity_ref")).transpose()?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in &rows {
        documents.extend(document(row)?);
    }
    Ok((documents, last))
}

/// The documents of those of `keys` (lowercase refs) that exist.
pub async fn of(db: &Db, keys: &[String]) -> Result<Vec<Document>, sqlx::Error> {
    let mut out = Vec::with_capacity(keys.len());
    let sql = format!("SELECT {COLUMNS} FROM entities WHERE entity_ref IN ({{list}})");
    for row in read_in_chunks(db, &sql, keys).await? {
        out.extend(document(&row)?);
    }
    Ok(out)
}

/// The row's document; `None` (logged) when its body cannot be read, so that one bad row costs
/// that entity its place in lists, never the catalog.
fn document(row: &AnyRow) -> Result<Option<Document>, sqlx::Error> {
    let key: String = row.try_get("entity_ref")?;
    let body: String = row.try_get("body")?;
    let Some(body) = super::query::read_body::<serde_json::Value>(&key, &body) else {
        return Ok(None);
    };
    let owner_ref: Option<String> = row.try_get("owner_ref")?;
    let system_ref: Option<String> = row.try_get("system_ref")?;
    Ok(Some(Document::new(
        &key,
        &body,
        Resolved {
            owner_ref: owner_ref.as_deref(),
            system_ref: system_ref.as_deref(),
            updated_at: row.try_get("updated_at")?,
        },
    )))
}
