//! Backstage's entity query and entity facets answered from the index; conditions, orders and
//! facets on keys it does not hold are first resolved by the search and relations tables.

use std::collections::{BTreeMap, HashMap};

use memchr::memmem::Finder;

use super::CatalogIndex;
use super::document::Field;
use super::eval::{self, Cond, Plan, SlotSet};
use super::list::{keys, scope, slots};
use super::order::SortKey;
use super::table::Table;
use crate::catalog::store::query::Viewer;
use crate::catalog::store::search::{self, SearchQuery, relation_type};
use crate::db::Db;

/// One page of a Backstage query: lowercase refs in order, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    pub refs: Vec<String>,
    pub total: i64,
}

/// Backstage facet values: (value as written, entities), most frequent first.
pub type FacetValues = Vec<(String, i64)>;

/// The most values one Backstage facet returns.
const MAX_FACET_VALUES: usize = 1_000;

impl CatalogIndex {
    /// Backstage's entity query: a page of matching refs in order and the total.
    pub async fn find(
        &self,
        db: &Db,
        query: &SearchQuery,
        viewer: &Viewer,
    ) -> Result<SearchPage, sqlx::Error> {
        self.sync(db).await?;
        let resolved = resolve(db, query).await?;
        // Each order field: held by the index, or its values from the search table.
        let mut sorts: Vec<(OrderBy, bool)> = Vec::new();
        for (field, descending) in &query.order {
            let key = field.to_lowercase();
            let by = match Field::of_key(&key) {
                Some(field) => OrderBy::Held(field),
                None => OrderBy::Given(search::pairs_of(db, &key).await?),
            };
            sorts.push((by, *descending));
        }
        let state = self.read();
        let table = &state.table;
        let plan = resolved.plan(table, query, viewer);
        let keys_in_order: Vec<(SortKey, bool)> = sorts
            .into_iter()
            .map(|(by, descending)| {
                let key = match by {
                    OrderBy::Held(field) => SortKey::Field(field),
                    OrderBy::Given(pairs) => SortKey::Given(smallest_by_slot(table, pairs)),
                };
                (key, descending)
            })
            .collect();
        let order = state.ordered(keys_in_order);
        let outcome = eval::run(
            table,
            &plan,
            Some(&order),
            query.offset.max(0) as usize,
            query.limit.max(0) as usize,
        );
        Ok(SearchPage {
            refs: keys(table, &outcome.page),
            total: outcome.total as i64,
        })
    }

    /// Backstage's entity facets: for each of `facets` (dotted fields), its values among the
    /// entities matching `query`, by how many entities hold them.
    pub async fn facets(
        &self,
        db: &Db,
        query: &SearchQuery,
        viewer: &Viewer,
        facets: &[String],
    ) -> Result<Vec<(String, FacetValues)>, sqlx::Error> {
        self.sync(db).await?;
        let resolved = resolve(db, query).await?;
        let mut outside: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
        for facet in facets {
            let key = facet.to_lowercase();
            if Field::of_key(&key).is_some() || outside.contains_key(&key) {
                continue;
            }
            let pairs = match relation_type(&key) {
                Some(kind) => search::relations_of_type(db, kind)
                    .await?
                    .into_iter()
                    .map(|(source, target)| (source, target.clone(), target))
                    .collect(),
                None if key.starts_with("relations.") => Vec::new(),
                None => search::pairs_of(db, &key).await?,
            };
            outside.insert(key, pairs);
        }
        let state = self.read();
        let table = &state.table;
        let mut plan = resolved.plan(table, query, viewer);
        plan.counted = facets
            .iter()
            .filter_map(|f| Field::of_key(&f.to_lowercase()))
            .collect();
        let everything = if outside.is_empty() { 0 } else { usize::MAX };
        let outcome = eval::run(table, &plan, None, 0, everything);
        let matching: SlotSet = outcome.page.iter().copied().collect();
        let mut counted = plan.counted.iter().zip(&outcome.counts);
        Ok(facets
            .iter()
            .map(|facet| {
                let key = facet.to_lowercase();
                let values = match Field::of_key(&key) {
                    Some(_) => {
                        let (field, counts) = counted.next().expect("one count per held facet");
                        eval::top(table, *field, counts, MAX_FACET_VALUES)
                            .into_iter()
                            .map(|(_, original, n)| (original, n))
                            .collect()
                    }
                    None => tally(table, &matching, &outside[&key]),
                };
                (facet.clone(), values)
            })
            .collect())
    }
}

/// The conditions of a Backstage query that the search table answered, as entity refs.
#[derive(Default)]
struct Resolved {
    /// By (alternative, condition) position in the filter.
    conditions: HashMap<(usize, usize), Vec<String>>,
    /// Entities where the full-text term is in a field the index does not hold.
    full_text: Option<Vec<String>>,
}

async fn resolve(db: &Db, query: &SearchQuery) -> Result<Resolved, sqlx::Error> {
    let mut resolved = Resolved::default();
    for (a, alternative) in query.filter.iter().enumerate() {
        for (c, condition) in alternative.iter().enumerate() {
            if Field::of_key(&condition.key).is_some() {
                continue;
            }
            let refs = match relation_type(&condition.key) {
                Some(kind) => search::refs_related(db, kind, &condition.values).await?,
                None if condition.key.starts_with("relations.") => Vec::new(),
                None => search::refs_with(db, &condition.key, &condition.values).await?,
            };
            resolved.conditions.insert((a, c), refs);
        }
    }
    if let Some((term, fields)) = &query.full_text {
        // The search table holds only the keys the index does not.
        let elsewhere: Vec<String> = fields
            .iter()
            .map(|f| f.to_lowercase())
            .filter(|f| Field::of_key(f).is_none())
            .collect();
        if !elsewhere.is_empty() {
            resolved.full_text = Some(search::refs_containing(db, &elsewhere, term).await?);
        }
    }
    Ok(resolved)
}

impl Resolved {
    fn plan(&self, table: &Table, query: &SearchQuery, viewer: &Viewer) -> Plan {
        let mut plan = Plan {
            must: scope(table, viewer),
            ..Plan::default()
        };
        plan.any_of = query
            .filter
            .iter()
            .enumerate()
            .map(|(a, alternative)| {
                alternative
                    .iter()
                    .enumerate()
                    .map(|(c, condition)| {
                        match (Field::of_key(&condition.key), self.conditions.get(&(a, c))) {
                            (_, Some(refs)) => Cond::In(slots(table, refs)),
                            (Some(field), None) if condition.values.is_empty() => Cond::Has(field),
                            (Some(field), None) => Cond::values(
                                table,
                                field,
                                condition.values.iter().map(String::as_str),
                            ),
                            (None, None) => Cond::Never,
                        }
                    })
                    .collect()
            })
            .collect();
        if let Some((term, fields)) = &query.full_text {
            plan.must.push(if fields.is_empty() {
                Cond::text(term).unwrap_or(Cond::Never)
            } else {
                let held: Vec<Field> = fields
                    .iter()
                    .filter_map(|f| Field::of_key(&f.to_lowercase()))
                    .collect();
                let mut found = containing(table, &held, term);
                for slot in self
                    .full_text
                    .iter()
                    .flatten()
                    .filter_map(|r| table.slot(r))
                {
                    found.insert(slot);
                }
                Cond::In(found)
            });
        }
        plan
    }
}

/// Slots whose values of any of `fields` contain `term` (lowercase).
fn containing(table: &Table, fields: &[Field], term: &str) -> SlotSet {
    let finder = Finder::new(term.as_bytes());
    let mut set = SlotSet::default();
    for field in fields {
        let column = table.column(*field);
        let hits: Vec<bool> = column
            .dict
            .lower
            .iter()
            .map(|v| finder.find(v.as_bytes()).is_some())
            .collect();
        for slot in (0..table.slots()).filter(|s| table.is_live(*s)) {
            let mut hit = false;
            column.each(slot, |id| hit |= hits[id as usize]);
            if hit {
                set.insert(slot);
            }
        }
    }
    set
}

/// Counts distinct matching entities per lowercase value, showing the smallest spelling.
fn tally(table: &Table, matching: &SlotSet, pairs: &[(String, String, String)]) -> FacetValues {
    let mut counts: BTreeMap<&str, (&str, i64)> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for (key, lower, original) in pairs {
        let Some(slot) = table.slot(key) else {
            continue;
        };
        if !matching.contains(slot) || !seen.insert((slot, lower.as_str())) {
            continue;
        }
        let entry = counts.entry(lower).or_insert((original, 0));
        entry.0 = entry.0.min(original.as_str());
        entry.1 += 1;
    }
    let mut values: FacetValues = counts
        .into_values()
        .map(|(v, n)| (v.to_owned(), n))
        .collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(MAX_FACET_VALUES);
    values
}

/// What a Backstage order field sorts by: a field the index holds, or (ref, lowercase value,
/// as written) rows of the search table.
enum OrderBy {
    Held(Field),
    Given(Vec<(String, String, String)>),
}

/// Each slot's smallest value among `pairs` (ref, lowercase value, as written).
fn smallest_by_slot(table: &Table, pairs: Vec<(String, String, String)>) -> Vec<Option<String>> {
    let mut values: Vec<Option<String>> = vec![None; table.slots() as usize];
    for (key, lower, _) in pairs {
        if let Some(slot) = table.slot(&key) {
            let value = &mut values[slot as usize];
            if value.as_ref().is_none_or(|v| lower < *v) {
                *value = Some(lower);
            }
        }
    }
    values
}
