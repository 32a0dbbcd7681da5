//! Backstage-style entity queries: filters over the flattened `entity_search` pairs, full-text
//! terms, ordering by any field, and the facet counts of `/entity-facets`.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::query::Viewer;
use crate::catalog::backstage::{EntityFilter, search_pairs};
use crate::catalog::model::Entity;
use crate::server::Db;
use crate::server::sql::{SqlValue, insert_rows};

/// Writes the search rows of entities, given with their lowercase refs.
pub async fn index(
    conn: &mut AnyConnection,
    entities: &[(String, &Entity)],
) -> Result<(), sqlx::Error> {
    let mut rows = Vec::new();
    for (key, entity) in entities {
        let value = serde_json::to_value(entity).unwrap_or_default();
        for (k, v, original) in search_pairs(&value) {
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
fn relation_type(key: &str) -> Option<&'static str> {
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

/// Builds numbered parameters as the SQL grows.
#[derive(Default)]
struct Params(Vec<SqlValue>);

impl Params {
    fn add(&mut self, value: impl Into<SqlValue>) -> String {
        self.0.push(value.into());
        format!("${}", self.0.len())
    }
}

fn where_sql(query: &SearchQuery, viewer: &Viewer, params: &mut Params) -> String {
    let mut parts = Vec::new();
    if let Some(owners) = &viewer.readable_owners {
        if owners.is_empty() {
            parts.push("1 = 0".to_owned());
        } else {
            let list: Vec<String> = owners.iter().map(|o| params.add(o.clone())).collect();
            parts.push(format!("e.owner_ref IN ({})", list.join(", ")));
        }
    }
    if !query.filter.is_empty() {
        let alternatives: Vec<String> = query
            .filter
            .iter()
            .map(|conditions| {
                let all: Vec<String> = conditions
                    .iter()
                    .map(|c| {
                        if c.key.starts_with("relations.") {
                            let kind = params.add(relation_type(&c.key).unwrap_or("none").to_owned());
                            let targets = if c.values.is_empty() {
                                String::new()
                            } else {
                                let values: Vec<String> = c.values.iter().map(|v| params.add(v.clone())).collect();
                                format!(" AND target_ref IN ({})", values.join(", "))
                            };
                            return format!(
                                "e.entity_ref IN (SELECT source_ref FROM entity_relations WHERE type = {kind}{targets})"
                            );
                        }
                        let key = params.add(c.key.clone());
                        if c.values.is_empty() {
                            format!("e.entity_ref IN (SELECT entity_ref FROM entity_search WHERE key = {key})")
                        } else {
                            let values: Vec<String> = c.values.iter().map(|v| params.add(v.clone())).collect();
                            format!(
                                "e.entity_ref IN (SELECT entity_ref FROM entity_search WHERE key = {key} AND value IN ({}))",
                                values.join(", ")
                            )
                        }
                    })
                    .collect();
                format!("({})", all.join(" AND "))
            })
            .collect();
        parts.push(format!("({})", alternatives.join(" OR ")));
    }
    if let Some((term, fields)) = &query.full_text {
        let pattern = params.add(format!("%{}%", escape(term)));
        if fields.is_empty() {
            parts.push(format!("e.search_text LIKE {pattern} ESCAPE '\\'"));
        } else {
            let keys: Vec<String> = fields
                .iter()
                .map(|f| params.add(f.to_lowercase()))
                .collect();
            parts.push(format!(
                "e.entity_ref IN (SELECT entity_ref FROM entity_search WHERE key IN ({}) AND value LIKE {pattern} ESCAPE '\\')",
                keys.join(", ")
            ));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    params: &Params,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for value in &params.0 {
        query = match value {
            SqlValue::Text(s) => query.bind(s.clone()),
            SqlValue::Int(i) => query.bind(*i),
            SqlValue::NullText => query.bind(None::<String>),
            SqlValue::NullInt => query.bind(None::<i64>),
        };
    }
    query
}

/// The refs of one page of matching entities, in order, and how many match in all.
pub async fn find(
    db: &Db,
    query: &SearchQuery,
    viewer: &Viewer,
) -> Result<(Vec<String>, i64), sqlx::Error> {
    let mut params = Params::default();
    let filter = where_sql(query, viewer, &mut params);
    let total: i64 = bind(
        sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM entities e {filter}"
        ))),
        &params,
    )
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    let mut joins = String::new();
    let mut order = Vec::new();
    for (index, (field, descending)) in query.order.iter().enumerate() {
        let direction = if *descending { "DESC" } else { "ASC" };
        let column = match field.to_lowercase().as_str() {
            "metadata.name" => "e.name".to_owned(),
            "kind" => "e.kind".to_owned(),
            "metadata.namespace" => "e.namespace".to_owned(),
            other => {
                let key = params.add(other.to_owned());
                // A field with several values sorts by its smallest.
                joins.push_str(&format!(
                    " LEFT JOIN (SELECT entity_ref, MIN(value) AS value FROM entity_search WHERE key = {key} GROUP BY entity_ref) o{index} ON o{index}.entity_ref = e.entity_ref"
                ));
                format!("o{index}.value")
            }
        };
        // Entities without the field come last either way, as in Backstage.
        order.push(format!(
            "CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, {column} {direction}"
        ));
    }
    order.push("e.entity_ref".to_owned());
    // The filter's parameters come first in the list, so its placeholders stay valid after the
    // joins added theirs.
    let sql = format!(
        "SELECT e.entity_ref AS entity_ref FROM entities e{joins} {filter} ORDER BY {} LIMIT {} OFFSET {}",
        order.join(", "),
        query.limit.max(0),
        query.offset.max(0)
    );
    let rows = bind(sqlx::query(AssertSqlSafe(sql)), &params)
        .fetch_all(db.reader())
        .await?;
    let refs = rows
        .iter()
        .map(|r: &AnyRow| r.try_get("entity_ref"))
        .collect::<Result<_, _>>()?;
    Ok((refs, total))
}

/// For each of `facets` (dotted fields), its values and counts among the matching entities.
pub async fn facet_counts(
    db: &Db,
    query: &SearchQuery,
    viewer: &Viewer,
    facets: &[String],
) -> Result<Vec<(String, Vec<(String, i64)>)>, sqlx::Error> {
    let mut all = Vec::new();
    for facet in facets {
        let mut params = Params::default();
        let filter = where_sql(query, viewer, &mut params);
        let and = if filter.is_empty() { "WHERE" } else { "AND" };
        let sql = if facet.to_lowercase().starts_with("relations.") {
            let kind = params.add(
                relation_type(&facet.to_lowercase())
                    .unwrap_or("none")
                    .to_owned(),
            );
            format!(
                "SELECT r.target_ref AS value, COUNT(DISTINCT e.entity_ref) AS n FROM entities e \
                 JOIN entity_relations r ON r.source_ref = e.entity_ref {filter} {and} r.type = {kind} \
                 GROUP BY r.target_ref ORDER BY n DESC, value LIMIT 1000"
            )
        } else {
            let key = params.add(facet.to_lowercase());
            format!(
                "SELECT MIN(s.original_value) AS value, COUNT(DISTINCT e.entity_ref) AS n FROM entities e \
                 JOIN entity_search s ON s.entity_ref = e.entity_ref {filter} {and} s.key = {key} \
                 GROUP BY s.value ORDER BY n DESC, value LIMIT 1000"
            )
        };
        let rows = bind(sqlx::query(AssertSqlSafe(sql)), &params)
            .fetch_all(db.reader())
            .await?;
        let values = rows
            .iter()
            .map(|r| Ok((r.try_get("value")?, r.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        all.push((facet.clone(), values));
    }
    Ok(all)
}
