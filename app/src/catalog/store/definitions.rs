//! SQL of API definitions read at write time: the operations of each OpenAPI definition, so
//! that the entity page never parses a definition (whose size its author chose) on a view.

use sqlx::{AnyConnection, Row};

use crate::catalog::definition::{Operation, openapi_operations};
use crate::catalog::model::Entity;
use crate::db::Db;
use crate::db::sql::{SqlValue, insert_rows};

/// The operations of an API entity's definition, when it is an OpenAPI document that parses.
pub fn operations(entity: &Entity) -> Option<Vec<Operation>> {
    if !entity.kind.eq_ignore_ascii_case("api") || entity.spec_str("type") != Some("openapi") {
        return None;
    }
    let document = crate::catalog::import::yaml::parse(entity.spec_str("definition")?).ok()?;
    Some(openapi_operations(&document))
}

/// Writes the operations of those `entities` (with their lowercase refs) that are OpenAPI APIs.
/// The caller has removed the rows of these refs.
pub async fn save(
    conn: &mut AnyConnection,
    entities: &[(String, &Entity)],
) -> Result<(), sqlx::Error> {
    let mut rows: Vec<Vec<SqlValue>> = Vec::new();
    for (key, entity) in entities {
        if let Some(operations) = operations(entity) {
            let json = crate::db::sql::json_text(&operations)?;
            rows.push(vec![SqlValue::from(key.clone()), json.into()]);
        }
    }
    insert_rows(conn, "api_operations", &["entity_ref", "operations"], &rows).await
}

/// The stored operations of an API.
pub async fn of(db: &Db, key: &str) -> Result<Vec<Operation>, sqlx::Error> {
    let row = sqlx::query("SELECT operations FROM api_operations WHERE entity_ref = $1")
        .bind(key.to_owned())
        .fetch_optional(db.reader())
        .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("operations"))
        .transpose()?
        .and_then(|json| super::query::read_body(key, &json))
        .unwrap_or_default())
}

/// Reads the operations of OpenAPI entities stored before they were kept (at start-up).
pub async fn backfill(db: &Db) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT entity_ref, body FROM entities WHERE kind = 'api' AND spec_type = 'openapi' \
         AND entity_ref NOT IN (SELECT entity_ref FROM api_operations)",
    )
    .fetch_all(db.reader())
    .await?;
    let mut entities = Vec::new();
    for row in &rows {
        let key: String = row.try_get("entity_ref")?;
        let body: String = row.try_get("body")?;
        entities.extend(super::query::read_body::<Entity>(&key, &body).map(|e| (key, e)));
    }
    let borrowed: Vec<(String, &Entity)> = entities.iter().map(|(k, e)| (k.clone(), e)).collect();
    let mut tx = db.begin().await?;
    save(&mut tx, &borrowed).await?;
    tx.commit().await?;
    Ok(borrowed.len())
}
