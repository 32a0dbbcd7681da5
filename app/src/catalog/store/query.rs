//! Reads of the catalog list: filtered and sorted pages, facet counts, ranked search and whole
//! entities, always within what the caller may read.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::catalog::filter::{CatalogFilter, Facet, FacetCounts, Sort};
use crate::catalog::model::{Entity, EntitySummary, Relation};
use crate::server::Db;
use crate::server::sql::SqlValue;

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
    /// Whether the viewer may read an entity with this owner.
    pub fn may_read(&self, owner: Option<&str>) -> bool {
        self.readable_owners
            .as_ref()
            .is_none_or(|owners| owner.is_some_and(|o| owners.contains(o)))
    }
}

/// A `WHERE` clause under construction, with its numbered parameters.
#[derive(Default)]
struct Clause {
    parts: Vec<String>,
    binds: Vec<SqlValue>,
}

impl Clause {
    fn param(&mut self, value: impl Into<SqlValue>) -> String {
        self.binds.push(value.into());
        format!("${}", self.binds.len())
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        let list: Vec<String> = values.iter().map(|v| self.param(v.clone())).collect();
        self.parts
            .push(format!("{column} IN ({})", list.join(", ")));
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.parts.join(" AND "))
        }
    }

    fn bind<'q>(
        &self,
        mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        for value in &self.binds {
            query = match value {
                SqlValue::Text(s) => query.bind(s.clone()),
                SqlValue::Int(i) => query.bind(*i),
                SqlValue::NullText => query.bind(None::<String>),
                SqlValue::NullInt => query.bind(None::<i64>),
            };
        }
        query
    }
}

fn column(facet: Facet) -> &'static str {
    match facet {
        Facet::Kind => "e.kind",
        Facet::Type => "e.spec_type",
        Facet::Owner => "e.owner_ref",
        Facet::Lifecycle => "e.lifecycle",
        Facet::System => "e.system_ref",
        Facet::Tag => "t.tag",
        Facet::Namespace => "e.namespace",
    }
}

/// The clause for `filter` and `viewer`, leaving out `except` (for that facet's own counts).
fn clause(filter: &CatalogFilter, viewer: &Viewer, except: Option<Facet>) -> Clause {
    let mut clause = Clause::default();
    if let Some(owners) = &viewer.readable_owners {
        let owners: Vec<String> = owners.iter().cloned().collect();
        if owners.is_empty() {
            clause.parts.push("1 = 0".to_owned());
        } else {
            clause.any_of("e.owner_ref", &owners);
        }
    }
    for (facet, values) in &filter.facets {
        if Some(*facet) == except || values.is_empty() {
            continue;
        }
        if *facet == Facet::Tag {
            let list: Vec<String> = values.iter().map(|v| clause.param(v.clone())).collect();
            clause.parts.push(format!(
                "e.entity_ref IN (SELECT entity_ref FROM entity_tags WHERE tag IN ({}))",
                list.join(", ")
            ));
        } else {
            clause.any_of(column(*facet), values);
        }
    }
    let text = like_pattern(&filter.text);
    if !text.is_empty() {
        let p = clause.param(text);
        clause
            .parts
            .push(format!("e.search_text LIKE {p} ESCAPE '\\'"));
    }
    if filter.mine {
        let teams: Vec<String> = viewer.teams.iter().cloned().collect();
        if teams.is_empty() {
            clause.parts.push("1 = 0".to_owned());
        } else {
            clause.any_of("e.owner_ref", &teams);
        }
    }
    if filter.starred {
        let p = clause.param(viewer.user_id.clone());
        clause.parts.push(format!(
            "e.entity_ref IN (SELECT entity_ref FROM entity_stars WHERE user_id = {p})"
        ));
    }
    clause
}

const SUMMARY_COLUMNS: &str = "e.entity_ref AS entity_ref, e.kind AS kind, e.namespace AS namespace, \
     e.name AS name, e.title AS title, e.description AS description, e.spec_type AS spec_type, \
     e.lifecycle AS lifecycle, e.owner_ref AS owner_ref, e.system_ref AS system_ref";

/// One page of entities matching `filter`, and how many match in all.
pub async fn list(
    db: &Db,
    filter: &CatalogFilter,
    viewer: &Viewer,
    limit: i64,
) -> Result<(Vec<EntitySummary>, i64), sqlx::Error> {
    let clause = clause(filter, viewer, None);
    let where_sql = clause.sql();
    let total: i64 = clause
        .bind(sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM entities e {where_sql}"
        ))))
        .fetch_one(db.reader())
        .await?
        .try_get("n")?;
    let direction = if filter.descending { "DESC" } else { "ASC" };
    let order = match filter.sort {
        Sort::Name => format!("e.name {direction}, e.entity_ref"),
        Sort::Kind => format!("e.kind {direction}, e.name, e.entity_ref"),
        Sort::Owner => format!("COALESCE(e.owner_ref, '') {direction}, e.name, e.entity_ref"),
        Sort::Updated => format!("e.updated_at {direction}, e.entity_ref"),
    };
    let rows = clause
        .bind(sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM entities e {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {}",
            filter.page.max(0) * limit
        ))))
        .fetch_all(db.reader())
        .await?;
    let items = rows.iter().map(summary).collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// For each facet, the counts of its values among entities matching the rest of the filter,
/// the `per_facet` most frequent (and every selected value, even when it matches nothing).
pub async fn facets(
    db: &Db,
    filter: &CatalogFilter,
    viewer: &Viewer,
    per_facet: i64,
) -> Result<Vec<FacetCounts>, sqlx::Error> {
    let mut all = Vec::with_capacity(Facet::ALL.len());
    for facet in Facet::ALL {
        let clause = clause(filter, viewer, Some(*facet));
        let mut where_sql = clause.sql();
        let col = column(*facet);
        where_sql = if where_sql.is_empty() {
            format!("WHERE {col} IS NOT NULL")
        } else {
            format!("{where_sql} AND {col} IS NOT NULL")
        };
        let join = if *facet == Facet::Tag {
            "JOIN entity_tags t ON t.entity_ref = e.entity_ref"
        } else {
            ""
        };
        let rows = clause
            .bind(sqlx::query(AssertSqlSafe(format!(
                "SELECT {col} AS value, COUNT(*) AS n FROM entities e {join} {where_sql} \
                 GROUP BY {col} ORDER BY n DESC, value LIMIT {per_facet}"
            ))))
            .fetch_all(db.reader())
            .await?;
        let mut values: Vec<(String, i64)> = rows
            .iter()
            .map(|r| Ok((r.try_get("value")?, r.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        for selected in filter.selected(*facet) {
            if !values.iter().any(|(v, _)| v == selected) {
                values.push((selected.clone(), 0));
            }
        }
        all.push(FacetCounts {
            facet: *facet,
            values,
        });
    }
    Ok(all)
}

/// Entities whose name, title, description or tags contain `text`, best matches first: an exact
/// name, then a name that starts with the text, then a title that does, then the rest.
pub async fn search(
    db: &Db,
    text: &str,
    viewer: &Viewer,
    limit: i64,
) -> Result<Vec<EntitySummary>, sqlx::Error> {
    let filter = CatalogFilter {
        text: text.to_owned(),
        ..CatalogFilter::default()
    };
    let mut clause = clause(&filter, viewer, None);
    let text = text.trim().to_lowercase();
    let exact = clause.param(text.clone());
    let prefix = clause.param(format!("{}%", escape_like(&text)));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM entities e {} ORDER BY \
         CASE WHEN LOWER(e.name) = {exact} THEN 0 \
              WHEN LOWER(e.name) LIKE {prefix} ESCAPE '\\' THEN 1 \
              WHEN LOWER(COALESCE(e.title, '')) LIKE {prefix} ESCAPE '\\' THEN 2 \
              WHEN e.kind IN ('component', 'api', 'system') THEN 3 ELSE 4 END, \
         LENGTH(e.name), e.name LIMIT {limit}",
        clause.sql()
    );
    let rows = clause
        .bind(sqlx::query(AssertSqlSafe(sql)))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(summary).collect()
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
    for chunk in values.chunks(500) {
        let list = crate::server::sql::placeholders(1, chunk.len());
        let mut query = sqlx::query(AssertSqlSafe(format!(
            "SELECT {STORED_COLUMNS} FROM entities WHERE {column} IN ({list})"
        )));
        for value in chunk {
            query = query.bind(value.clone());
        }
        for row in query.fetch_all(db.reader()).await? {
            stored.push(from_row(&row)?);
        }
    }
    let keys: Vec<String> = stored.iter().map(|s| s.entity.entity_ref().key()).collect();
    let mut relations = relations_of_many(db, &keys).await?;
    for item in &mut stored {
        let key = item.entity.entity_ref().key();
        item.entity.relations = relations.remove(&key).unwrap_or_default();
    }
    Ok(stored)
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
    for chunk in keys.chunks(500) {
        let list = crate::server::sql::placeholders(1, chunk.len());
        let mut query = sqlx::query(AssertSqlSafe(format!(
            "SELECT DISTINCT source_ref, type, target_ref FROM entity_relations \
             WHERE source_ref IN ({list}) ORDER BY source_ref, type, target_ref"
        )));
        for key in chunk {
            query = query.bind(key.clone());
        }
        for row in query.fetch_all(db.reader()).await? {
            map.entry(row.try_get("source_ref")?)
                .or_default()
                .push(Relation {
                    kind: row.try_get("type")?,
                    target_ref: row.try_get("target_ref")?,
                });
        }
    }
    Ok(map)
}

fn from_row(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let body: String = row.try_get("body")?;
    let entity: Entity =
        serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let orphan: i64 = row.try_get("orphan")?;
    Ok(Stored {
        entity,
        owner_ref: row.try_get("owner_ref")?,
        location_id: row.try_get("location_id")?,
        source_file: row.try_get("source_file")?,
        orphan: orphan != 0,
        updated_at: row.try_get("updated_at")?,
    })
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

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `%text%` in lowercase with LIKE's wildcards escaped, or empty for no filter.
fn like_pattern(text: &str) -> String {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return text;
    }
    format!("%{}%", escape_like(&text))
}
