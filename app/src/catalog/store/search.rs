//! Backstage's search table: the flattened `entity_search` pairs of every entity, written with
//! it, and the lookups that answer filters, orders and facets on keys the in-memory index does
//! not hold (annotations, labels, any other spec field, relations).

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::catalog::entity_query::{EntityFilter, search_pairs};
use crate::catalog::index::document::Field;
use crate::catalog::model::Entity;
use crate::db::Db;
use crate::db::sql::{SqlValue, insert_rows, placeholders};

/// Writes the search rows of entities, given with their lowercase refs.
pub async fn index(
    conn: &mut AnyConnection,
    entities: &[(String, &Entity)],
) -> Result<(), sqlx::Error> {
    let mut rows = Vec::new();
    for (key, entity) in entities {
        let value = serde_json::to_value(entity).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        // Keys the in-memory index holds are answered there, never from this table.
        for (k, v, original) in search_pairs(&value)
            .into_iter()
            .filter(|(k, _, _)| Field::of_key(k).is_none())
        {
            rows.push(vec![
                SqlValue::from(key.clone()),
                k.into(),
                v.into(),
                original.into(),
            ]);
        }
    }
    insert_rows(
        conn,
        "entity_search",
        &["entity_ref", "key", "value", "original_value"],
        &rows,
    )
    .await
}

/// The catalog users whose `spec.profile.email` is `email` (any case).
pub async fn users_with_email(db: &Db, email: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT entity_ref FROM entity_search WHERE key = 'spec.profile.email' \
         AND value = $1 AND entity_ref LIKE 'user:%' ORDER BY entity_ref",
    )
    .bind(email.to_lowercase())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(|r| r.try_get("entity_ref")).collect()
}

/// Writes the search rows of entities stored before the search table existed (at start-up).
pub async fn index_missing(db: &Db) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT entity_ref, body FROM entities WHERE entity_ref NOT IN (SELECT DISTINCT entity_ref FROM entity_search)",
    )
    .fetch_all(db.reader())
    .await?;
    let mut entities = Vec::new();
    for row in &rows {
        let key: String = row.try_get("entity_ref")?;
        let body: String = row.try_get("body")?;
        if let Ok(entity) = serde_json::from_str::<Entity>(&body) {
            entities.push((key, entity));
        }
    }
    let borrowed: Vec<(String, &Entity)> = entities.iter().map(|(k, e)| (k.clone(), e)).collect();
    let mut tx = db.begin().await?;
    index(&mut tx, &borrowed).await?;
    tx.commit().await?;
    Ok(borrowed.len())
}

/// `relations.ownedby` → `ownedBy`: relation types are stored as Backstage spells them.
pub fn relation_type(key: &str) -> Option<&'static str> {
    let lower = key.strip_prefix("relations.")?;
    crate::catalog::model::RELATION_TYPES
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(lower))
}

/// What a by-query asks for, already parsed.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub filter: EntityFilter,
    /// Lowercase term and the fields it is matched in (empty: name, title, description, tags).
    pub full_text: Option<(String, Vec<String>)>,
    /// (field, descending), applied in order; the entity ref breaks ties.
    pub order: Vec<(String, bool)>,
    pub limit: i64,
    pub offset: i64,
}

/// Refs of entities that have `key` (lowercase), with one of `values` unless that is empty.
pub async fn refs_with(db: &Db, key: &str, values: &[String]) -> Result<Vec<String>, sqlx::Error> {
    let lookup = Lookup {
        table: "entity_search",
        found: "entity_ref",
        by: "key",
        among: "value",
    };
    lookup.run(db, key, values).await
}

/// Refs of entities with a relation of `kind` (as Backstage spells it), to one of `targets`
/// (lowercase refs) unless that is empty.
pub async fn refs_related(
    db: &Db,
    kind: &str,
    targets: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    let lookup = Lookup {
        table: "entity_relations",
        found: "source_ref",
        by: "type",
        among: "target_ref",
    };
    lookup.run(db, kind, targets).await
}

/// `SELECT DISTINCT found FROM table WHERE by = $1 [AND among IN (…)]`; names are trusted.
struct Lookup {
    table: &'static str,
    found: &'static str,
    by: &'static str,
    among: &'static str,
}

impl Lookup {
    async fn run(&self, db: &Db, by: &str, among: &[String]) -> Result<Vec<String>, sqlx::Error> {
        let mut sql = format!(
            "SELECT DISTINCT {} FROM {} WHERE {} = $1",
            self.found, self.table, self.by
        );
        if !among.is_empty() {
            sql.push_str(&format!(
                " AND {} IN ({})",
                self.among,
                placeholders(2, among.len())
            ));
        }
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(by.to_owned());
        for value in among {
            query = query.bind(value.clone());
        }
        column(query.fetch_all(db.reader()).await?, self.found)
    }
}

/// Refs of entities where one of `keys` has a value containing `term` (lowercase).
pub async fn refs_containing(
    db: &Db,
    keys: &[String],
    term: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "SELECT DISTINCT entity_ref FROM entity_search WHERE key IN ({}) AND value LIKE ${} ESCAPE '\\'",
        placeholders(1, keys.len()),
        keys.len() + 1
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for key in keys {
        query = query.bind(key.clone());
    }
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    query = query.bind(format!("%{escaped}%"));
    column(query.fetch_all(db.reader()).await?, "entity_ref")
}

/// Every (ref, lowercase value, value as written) of `key`.
pub async fn pairs_of(db: &Db, key: &str) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT entity_ref, value, original_value FROM entity_search WHERE key = $1")
            .bind(key.to_owned())
            .fetch_all(db.reader())
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("entity_ref")?,
                r.try_get("value")?,
                r.try_get("original_value")?,
            ))
        })
        .collect()
}

/// Every (source, target) of relations of `kind`.
pub async fn relations_of_type(db: &Db, kind: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT DISTINCT source_ref, target_ref FROM entity_relations WHERE type = $1")
            .bind(kind.to_owned())
            .fetch_all(db.reader())
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("source_ref")?, r.try_get("target_ref")?)))
        .collect()
}

fn column(rows: Vec<sqlx::any::AnyRow>, name: &str) -> Result<Vec<String>, sqlx::Error> {
    rows.iter().map(|r| r.try_get(name)).collect()
}
