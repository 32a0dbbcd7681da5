//! SQL of the catalog: writing entities with their relations and tags, and the simple reads
//! other features use. Lists, facets and search are in `query`.

pub mod changes;
pub mod definitions;
pub mod documents;
pub mod locations;
pub mod neighbourhood;
pub mod query;
pub mod search;
pub mod stars;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::model::{Entity, relations_of};
use crate::db::Db;
use crate::db::sql::{SqlValue, in_chunks, insert_rows, to_millis};

/// Where an entity came from: a registered location and the file in it, or neither (an upload,
/// an edit in the browser, the demo).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub location_id: Option<String>,
    pub source_file: Option<String>,
}

/// What is stored for an entity before a write, to tell a change from a no-op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub uid: String,
    pub etag: String,
    pub created_at: i64,
    pub location_id: Option<String>,
    pub owner_ref: Option<String>,
    pub orphan: bool,
    /// The (user, team) memberships it declares.
    pub memberships: std::collections::BTreeSet<(String, String)>,
}

impl Existing {
    /// What the write rules need to know of it.
    pub fn before(&self) -> crate::catalog::rules::Before<'_> {
        crate::catalog::rules::Before {
            owner: self.owner_ref.as_deref(),
            location_id: self.location_id.as_deref(),
            orphan: self.orphan,
            memberships: &self.memberships,
        }
    }
}

/// The content fingerprint that becomes the etag: the same descriptor always gives the same one,
/// whatever its uid, etag or computed relations.
pub fn fingerprint(entity: &Entity) -> String {
    let mut content = entity.clone();
    content.metadata.uid = None;
    content.metadata.etag = None;
    content.relations.clear();
    format!(
        "{:016x}",
        fnv1a(
            serde_json::to_string(&content)
                .unwrap_or_default()
                .as_bytes()
        )
    )
}

/// The stored state of each of `keys` (lowercase refs) that exists.
pub async fn existing(
    conn: &mut AnyConnection,
    keys: &[String],
) -> Result<HashMap<String, Existing>, sqlx::Error> {
    let rows = in_chunks(
        conn,
        "SELECT entity_ref, uid, etag, created_at, location_id, owner_ref, orphan FROM entities WHERE entity_ref IN ({list})",
        keys,
    )
    .await?;
    let mut found: HashMap<String, Existing> = rows
        .iter()
        .map(|row| {
            let orphan: i64 = row.try_get("orphan")?;
            Ok((
                row.try_get("entity_ref")?,
                Existing {
                    uid: row.try_get("uid")?,
                    etag: row.try_get("etag")?,
                    created_at: row.try_get("created_at")?,
                    location_id: row.try_get("location_id")?,
                    owner_ref: row.try_get("owner_ref")?,
                    orphan: orphan != 0,
                    memberships: Default::default(),
                },
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let members = in_chunks(
        conn,
        "SELECT origin_ref, source_ref, target_ref FROM entity_relations WHERE type = 'memberOf' AND origin_ref IN ({list})",
        keys,
    )
    .await?;
    for row in members {
        let origin: String = row.try_get("origin_ref")?;
        if let Some(existing) = found.get_mut(&origin) {
            existing
                .memberships
                .insert((row.try_get("source_ref")?, row.try_get("target_ref")?));
        }
    }
    Ok(found)
}

/// Creates or replaces entities, with the relations their specs declare (both directions) and
/// their search rows. A replaced entity keeps its uid and creation time and stops being an orphan.
pub async fn save_entities(
    conn: &mut AnyConnection,
    entities: &[(Entity, Placement)],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    changes::lock(conn).await?;
    let at = to_millis(at);
    let keys: Vec<String> = entities.iter().map(|(e, _)| e.entity_ref().key()).collect();
    changes::record(conn, &keys, at).await?;
    let before = existing(conn, &keys).await?;
    remove(conn, &keys).await?;
    let mut rows = Vec::with_capacity(entities.len());
    let mut relations = Vec::new();
    let mut saved = Vec::with_capacity(entities.len());
    for ((entity, placement), key) in entities.iter().zip(&keys) {
        let previous = before.get(key);
        let mut stored = entity.clone();
        stored.relations.clear();
        // A uid is Runway's to give: one taken from the input could clash with another entity's.
        let uid = match previous {
            Some(previous) => previous.uid.clone(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        let etag = fingerprint(&stored);
        stored.metadata.uid = Some(uid.clone());
        stored.metadata.etag = Some(etag.clone());
        let entity_ref = entity.entity_ref();
        // Groups own themselves, so that a grant scoped to a team also shows the team.
        let owner = crate::catalog::rules::owner_of(entity);
        rows.push(vec![
            SqlValue::from(uid),
            key.clone().into(),
            entity_ref.kind.clone().into(),
            entity_ref.namespace.clone().into(),
            entity_ref.name.clone().into(),
            entity.metadata.title.clone().into(),
            entity.metadata.description.clone().into(),
            entity.spec_str("type").map(str::to_owned).into(),
            entity.spec_str("lifecycle").map(str::to_owned).into(),
            owner.into(),
            entity.spec_ref("system", "system").map(|r| r.key()).into(),
            crate::db::sql::json_text(&stored)?.into(),
            etag.into(),
            previous.map_or(at, |p| p.created_at).into(),
            at.into(),
            placement.location_id.clone().into(),
            placement.source_file.clone().into(),
        ]);
        let mut edges = relations_of(entity);
        edges.dedup_by(|a, b| a.source == b.source && a.kind == b.kind && a.target == b.target);
        relations.extend(edges.into_iter().map(|edge| {
            vec![
                SqlValue::from(key.clone()),
                edge.source.key().into(),
                edge.kind.into(),
                edge.target.key().into(),
            ]
        }));
        saved.push((key.clone(), stored));
    }
    insert_rows(conn, "entities", ENTITY_COLUMNS, &rows).await?;
    insert_rows(
        conn,
        "entity_relations",
        &["origin_ref", "source_ref", "type", "target_ref"],
        &relations,
    )
    .await?;
    // The stored form, so that `metadata.uid` and `metadata.etag` can be filtered on too.
    let indexed: Vec<(String, &Entity)> = saved.iter().map(|(k, e)| (k.clone(), e)).collect();
    search::index(conn, &indexed).await?;
    definitions::save(conn, &indexed).await
}

/// Inserts entities that have no location (demo data, tests).
pub async fn insert_entities(
    conn: &mut AnyConnection,
    entities: &[Entity],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let entities: Vec<(Entity, Placement)> = entities
        .iter()
        .map(|e| (e.clone(), Placement::default()))
        .collect();
    save_entities(conn, &entities, at).await
}

/// Deletes entities (by lowercase ref) with their search rows, stars and the relations they declared.
/// Relations that other entities declare towards them stay, and show as dangling.
pub async fn delete_entities(conn: &mut AnyConnection, keys: &[String]) -> Result<(), sqlx::Error> {
    changes::lock(conn).await?;
    changes::record(conn, keys, to_millis(crate::clock::now())).await?;
    remove(conn, keys).await?;
    in_chunks(
        conn,
        "DELETE FROM entity_stars WHERE entity_ref IN ({list})",
        keys,
    )
    .await?;
    Ok(())
}

/// Marks the entities a location supplied before but no longer does as orphans; returns them.
pub async fn mark_orphans(
    conn: &mut AnyConnection,
    location_id: &str,
    still_there: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    changes::lock(conn).await?;
    let rows = sqlx::query(
        "SELECT entity_ref FROM entities WHERE location_id = $1 AND orphan = 0 ORDER BY entity_ref",
    )
    .bind(location_id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    let still_there: std::collections::HashSet<&String> = still_there.iter().collect();
    let mut gone = Vec::new();
    for row in rows {
        let key: String = row.try_get("entity_ref")?;
        if !still_there.contains(&key) {
            gone.push(key);
        }
    }
    in_chunks(
        conn,
        "UPDATE entities SET orphan = 1 WHERE entity_ref IN ({list})",
        &gone,
    )
    .await?;
    changes::record(conn, &gone, to_millis(crate::clock::now())).await?;
    Ok(gone)
}

const ENTITY_COLUMNS: &[&str] = &[
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
    "location_id",
    "source_file",
];

/// Removes the rows of `keys` and everything they declared, before a rewrite or a delete.
async fn remove(conn: &mut AnyConnection, keys: &[String]) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM entities WHERE entity_ref IN ({list})",
        "DELETE FROM entity_relations WHERE origin_ref IN ({list})",
        "DELETE FROM entity_search WHERE entity_ref IN ({list})",
        "DELETE FROM api_operations WHERE entity_ref IN ({list})",
    ] {
        in_chunks(conn, sql, keys).await?;
    }
    Ok(())
}

/// Brings the query planner's statistics on the catalog tables up to date, after a bulk write.
pub async fn refresh_statistics(db: &Db) -> Result<(), sqlx::Error> {
    let sql = match db.backend() {
        crate::db::Backend::Postgres => "ANALYZE entities, entity_relations, entity_search",
        crate::db::Backend::Sqlite => "PRAGMA optimize",
    };
    let mut tx = db.begin().await?;
    sqlx::query(sql).execute(&mut *tx).await?;
    tx.commit().await
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

/// The catalog's groups: (entity ref, display name, parent ref), teams and organisations alike.
pub async fn groups(db: &Db) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT e.entity_ref AS entity_ref, e.name AS name, e.title AS title, r.target_ref AS parent FROM entities e \
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
        "SELECT DISTINCT type, target_ref FROM entity_relations WHERE source_ref = $1 ORDER BY type, target_ref",
    )
    .bind(entity_ref.to_ascii_lowercase())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("type")?, r.try_get("target_ref")?)))
        .collect()
}

/// FNV-1a: a stable, dependency-free fingerprint for etags (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
