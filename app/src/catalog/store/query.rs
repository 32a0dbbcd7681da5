//! Reads of whole entities by ref or uid, and who is reading. Lists, facets and search are
//! answered by the in-memory index (`catalog::index`).

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::access::decision::Scope;
use crate::access::permission::Permission;
use crate::catalog::model::{Entity, EntitySummary, Relation};
use crate::db::Db;
use crate::db::sql::read_in_chunks;
use crate::error::AppError;
use crate::server::ctx::{Actor, Ctx};

/// Who is asking, for the parts of a filter that depend on the caller.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// `None`: may read everything; otherwise only entities owned by these (lowercase) refs.
    pub readable_owners: Option<BTreeSet<String>>,
    /// The caller's teams, for "owned by my teams".
    pub teams: BTreeSet<String>,
    pub user_id: String,
}

impl Viewer {
    /// What `ctx`'s actor may read of the catalog; forbidden when they may read none of it.
    pub fn of(ctx: &Ctx) -> Result<Viewer, AppError> {
        let scope = ctx.scope(Permission::CatalogEntityRead)?;
        let (teams, user_id) = match &ctx.actor {
            Actor::Person(caller) => (caller.principal.teams.clone(), caller.user.id.clone()),
            Actor::System(_) | Actor::SigningIn(_) => Default::default(),
        };
        Ok(Viewer {
            readable_owners: match scope {
                Scope::All => None,
                Scope::Owners(owners) => Some(owners),
            },
            teams,
            user_id,
        })
    }

    /// Whether the viewer may read an entity with this owner.
    pub fn may_read(&self, owner: Option<&str>) -> bool {
        self.readable_owners
            .as_ref()
            .is_none_or(|owners| owner.is_some_and(|o| owners.contains(o)))
    }
}

/// A stored entity with everything the entity page and the REST API show.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub entity: Entity,
    pub owner_ref: Option<String>,
    pub location_id: Option<String>,
    pub source_file: Option<String>,
    pub orphan: bool,
    pub updated_at: i64,
}

const STORED_COLUMNS: &str =
    "entity_ref, body, owner_ref, location_id, source_file, orphan, updated_at";

/// Entities by lowercase ref or by uid, with their relations (both directions, deduplicated).
pub async fn get(db: &Db, by: By<'_>) -> Result<Vec<Stored>, sqlx::Error> {
    let (column, values) = match by {
        By::Refs(refs) => ("entity_ref", refs),
        By::Uids(uids) => ("uid", uids),
    };
    let mut stored = Vec::new();
    let sql = format!("SELECT {STORED_COLUMNS} FROM entities WHERE {column} IN ({{list}})");
    for row in read_in_chunks(db, &sql, values).await? {
        stored.extend(from_row(&row)?);
    }
    let keys: Vec<String> = stored.iter().map(|s| s.entity.entity_ref().key()).collect();
    let mut relations = relations_of_many(db, &keys).await?;
    for item in &mut stored {
        let key = item.entity.entity_ref().key();
        item.entity.relations = relations.remove(&key).unwrap_or_default();
    }
    Ok(stored)
}

/// The entities of `by` that `viewer` may read, with only the relations to entities they may
/// read: a relation must not name what a deny hides. (A reader limited to some teams also loses
/// relations to refs that exist nowhere, or hidden and missing would tell apart.)
pub async fn get_for(db: &Db, by: By<'_>, viewer: &Viewer) -> Result<Vec<Stored>, sqlx::Error> {
    let mut found: Vec<Stored> = get(db, by)
        .await?
        .into_iter()
        .filter(|s| viewer.may_read(s.owner_ref.as_deref()))
        .collect();
    if viewer.readable_owners.is_none() {
        return Ok(found);
    }
    let mut targets: Vec<String> = found
        .iter()
        .flat_map(|s| s.entity.relations.iter().map(|r| r.target_ref.clone()))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let readable = summaries(db, &targets, viewer).await?;
    for stored in &mut found {
        stored
            .entity
            .relations
            .retain(|r| readable.contains_key(&r.target_ref));
    }
    Ok(found)
}

/// Summaries of the entities among `keys` that the caller may read, by ref.
pub async fn summaries(
    db: &Db,
    keys: &[String],
    viewer: &Viewer,
) -> Result<HashMap<String, EntitySummary>, sqlx::Error> {
    let mut found = HashMap::new();
    let sql = "SELECT entity_ref, kind, namespace, name, title, description, spec_type, lifecycle, owner_ref, system_ref \
        FROM entities WHERE entity_ref IN ({list})";
    for row in read_in_chunks(db, sql, keys).await? {
        let owner: Option<String> = row.try_get("owner_ref")?;
        let readable = viewer.may_read(owner.as_deref());
        if !readable {
            continue;
        }
        let summary = summary(&row)?;
        found.insert(summary.entity_ref.clone(), summary);
    }
    Ok(found)
}

/// How [`get`] finds entities.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    Refs(&'a [String]),
    Uids(&'a [String]),
}

async fn relations_of_many(
    db: &Db,
    keys: &[String],
) -> Result<std::collections::HashMap<String, Vec<Relation>>, sqlx::Error> {
    let mut map: std::collections::HashMap<String, Vec<Relation>> = Default::default();
    let sql = "SELECT DISTINCT source_ref, type, target_ref FROM entity_relations \
        WHERE source_ref IN ({list}) ORDER BY source_ref, type, target_ref";
    for row in read_in_chunks(db, sql, keys).await? {
        map.entry(row.try_get("source_ref")?)
            .or_default()
            .push(Relation {
                kind: row.try_get("type")?,
                target_ref: row.try_get("target_ref")?,
            });
    }
    Ok(map)
}

/// A stored entity; `None` when its body cannot be read (see [`read_body`]).
fn from_row(row: &AnyRow) -> Result<Option<Stored>, sqlx::Error> {
    let key: String = row.try_get("entity_ref")?;
    let body: String = row.try_get("body")?;
    let Some(entity) = read_body::<Entity>(&key, &body) else {
        return Ok(None);
    };
    let orphan: i64 = row.try_get("orphan")?;
    Ok(Some(Stored {
        entity,
        owner_ref: row.try_get("owner_ref")?,
        location_id: row.try_get("location_id")?,
        source_file: row.try_get("source_file")?,
        orphan: orphan != 0,
        updated_at: row.try_get("updated_at")?,
    }))
}

/// An entity's stored body, or `None` with a warning in the log when it cannot be read. Entities
/// are bounded when they come in, so this is a row written by hand or by an older version: it
/// is left out of every answer instead of failing the catalog for everyone.
pub(crate) fn read_body<T: serde::de::DeserializeOwned>(key: &str, body: &str) -> Option<T> {
    match serde_json::from_str(body) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(entity = %key, %error, "skipping an entity whose stored body cannot be read; fix or delete its row");
            None
        }
    }
}

/// A list row from the summary columns.
pub(super) fn summary(row: &AnyRow) -> Result<EntitySummary, sqlx::Error> {
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
}
