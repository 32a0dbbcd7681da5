//! SQL of the catalog: entities, their relations, and the lists pages read.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::model::{Entity, EntitySummary, relations_of};
use crate::server::Db;
use crate::server::sql::{SqlValue, insert_rows, insert_rows_ignoring_duplicates, to_millis};

/// Inserts new entities and the relations their specs declare. `uid`s come from the entities'
/// metadata when set (so demo data is reproducible) and are generated otherwise.
pub async fn insert_entities(
    conn: &mut AnyConnection,
    entities: &[Entity],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let at = to_millis(at);
    let mut rows = Vec::with_capacity(entities.len());
    let mut relations = Vec::new();
    for entity in entities {
        let mut stored = entity.clone();
        stored.relations.clear();
        let uid = stored
            .metadata
            .uid
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string())
            .clone();
        stored.metadata.etag = None;
        let etag = format!(
            "{:016x}",
            fnv1a(
                serde_json::to_string(&stored)
                    .unwrap_or_default()
                    .as_bytes()
            )
        );
        stored.metadata.etag = Some(etag.clone());
        let body = serde_json::to_string(&stored).unwrap_or_default();
        let entity_ref = entity.entity_ref();
        rows.push(vec![
            SqlValue::from(uid),
            entity_ref.key().into(),
            entity_ref.kind.clone().into(),
            entity_ref.namespace.clone().into(),
            entity_ref.name.clone().into(),
            entity.metadata.title.clone().into(),
            entity.metadata.description.clone().into(),
            entity.spec_str("type").map(str::to_owned).into(),
            entity.spec_str("lifecycle").map(str::to_owned).into(),
            entity.spec_ref("owner", "group").map(|r| r.key()).into(),
            entity.spec_ref("system", "system").map(|r| r.key()).into(),
            body.into(),
            etag.into(),
            at.into(),
            at.into(),
        ]);
        relations.extend(
            relations_of(entity)
                .into_iter()
                .map(|edge| (edge.source.key(), edge.kind, edge.target.key())),
        );
    }
    insert_rows(
        conn,
        "entities",
        &[
            "uid",
            "entity_ref",
            "kind",
            "namespace",
            "name",
            "title",
            "description",
            "spec_type",
            "lifecycle",
            "owner_ref",
            "system_ref",
            "body",
            "etag",
            "created_at",
            "updated_at",
        ],
        &rows,
    )
    .await?;
    // Two entities may declare the same pair from both ends (a group's `members` and a user's
    // `memberOf`), and an earlier import may have stored it already: keep one copy.
    relations.sort();
    relations.dedup();
    let relation_rows: Vec<Vec<SqlValue>> = relations
        .into_iter()
        .map(|(source, kind, target)| vec![source.into(), kind.into(), target.into()])
        .collect();
    insert_rows_ignoring_duplicates(
        conn,
        "entity_relations",
        &["source_ref", "type", "target_ref"],
        &relation_rows,
    )
    .await
}

/// Counts entities of a kind, optionally of one `spec.type`.
pub async fn count_entities(
    db: &Db,
    kind: &str,
    spec_type: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM entities WHERE kind = $1 AND ($2 = '' OR spec_type = $2)",
    )
    .bind(kind.to_ascii_lowercase())
    .bind(spec_type.unwrap_or_default().to_owned())
    .fetch_one(db.reader())
    .await?;
    row.try_get("n")
}

/// What an entity list asks for.
#[derive(Debug, Clone, Default)]
pub struct EntityQuery {
    /// Lowercase kind, or empty for every kind.
    pub kind: String,
    /// Matched case-insensitively against name, title and description.
    pub text: String,
    pub limit: i64,
    pub offset: i64,
}

/// One page of entities matching `query`, ordered by kind then name, and the total count.
pub async fn list_entities(
    db: &Db,
    query: &EntityQuery,
) -> Result<(Vec<EntitySummary>, i64), sqlx::Error> {
    const FILTER: &str = "WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR LOWER(name) LIKE $2 ESCAPE '\\' \
         OR LOWER(COALESCE(title, '')) LIKE $2 ESCAPE '\\' \
         OR LOWER(COALESCE(description, '')) LIKE $2 ESCAPE '\\')";
    let pattern = like_pattern(&query.text);
    let total: i64 = sqlx::query(AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM entities {FILTER}"
    )))
    .bind(query.kind.clone())
    .bind(pattern.clone())
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT entity_ref, kind, namespace, name, title, description, spec_type, lifecycle, \
         owner_ref, system_ref FROM entities {FILTER} ORDER BY kind, name LIMIT $3 OFFSET $4"
    )))
    .bind(query.kind.clone())
    .bind(pattern)
    .bind(query.limit)
    .bind(query.offset)
    .fetch_all(db.reader())
    .await?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(EntitySummary {
                entity_ref: row.try_get("entity_ref")?,
                kind: row.try_get("kind")?,
                namespace: row.try_get("namespace")?,
                name: row.try_get("name")?,
                title: row.try_get("title")?,
                description: row.try_get("description")?,
                spec_type: row.try_get("spec_type")?,
                lifecycle: row.try_get("lifecycle")?,
                owner_ref: row.try_get("owner_ref")?,
                system_ref: row.try_get("system_ref")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((items, total))
}

/// The catalog's groups: (entity ref, display name, parent ref), teams and organisations alike.
pub async fn groups(db: &Db) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.entity_ref AS entity_ref, e.name AS name, e.title AS title, r.target_ref AS parent FROM entities e \
         LEFT JOIN entity_relations r ON r.source_ref = e.entity_ref AND r.type = 'childOf' \
         WHERE e.kind = 'group' ORDER BY e.entity_ref",
    )
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            let title: Option<String> = r.try_get("title")?;
            Ok((
                r.try_get("entity_ref")?,
                title.unwrap_or(name),
                r.try_get("parent")?,
            ))
        })
        .collect()
}

/// The owner of an entity: `None` when there is no such entity, `Some(None)` when it has no owner.
pub async fn owner_of(db: &Db, entity_ref: &str) -> Result<Option<Option<String>>, sqlx::Error> {
    let row = sqlx::query("SELECT owner_ref FROM entities WHERE entity_ref = $1")
        .bind(entity_ref.to_ascii_lowercase())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| r.try_get("owner_ref")).transpose()
}

/// The relations stored for an entity, as (type, target) pairs sorted by type.
pub async fn relations_from(
    db: &Db,
    entity_ref: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT type, target_ref FROM entity_relations WHERE source_ref = $1 ORDER BY type, target_ref",
    )
    .bind(entity_ref.to_ascii_lowercase())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("type")?, r.try_get("target_ref")?)))
        .collect()
}

/// `%text%` in lowercase with LIKE's wildcards escaped, or empty for no filter.
fn like_pattern(text: &str) -> String {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return text;
    }
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// FNV-1a: a stable, dependency-free fingerprint for etags (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
