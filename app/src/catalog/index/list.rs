//! The portal's own questions answered from the index: the catalog page (a page in order, its
//! total and every facet's counts) and the search box.

use super::CatalogIndex;
use super::document::Field;
use super::eval::{self, Cond, Plan, SlotSet};
use super::order::SortKey;
use super::table::Table;
use crate::catalog::filter::{CatalogFilter, Facet, FacetCounts, Sort};
use crate::catalog::model::EntitySummary;
use crate::catalog::store::query::Viewer;
use crate::catalog::store::{query, stars};
use crate::db::Db;

/// One page of the catalog list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub items: Vec<EntitySummary>,
    pub total: i64,
    pub facets: Vec<FacetCounts>,
}

impl CatalogIndex {
    /// A page of entities matching `filter` that `viewer` may read, with every facet's `per_facet`
    /// most frequent values among the entities matching the rest of the filter.
    pub async fn list(
        &self,
        db: &Db,
        filter: &CatalogFilter,
        viewer: &Viewer,
        limit: i64,
        per_facet: usize,
    ) -> Result<ListPage, sqlx::Error> {
        self.sync(db).await?;
        let starred = match filter.starred {
            true => Some(stars::stars(db, &viewer.user_id).await?),
            false => None,
        };
        let (refs, total, facets) = {
            let state = self.read();
            let table = &state.table;
            let mut plan = Plan {
                must: scope(table, viewer),
                counted: Facet::ALL.iter().map(|f| field_of(*f)).collect(),
                ..Plan::default()
            };
            plan.must.extend(Cond::text(&filter.text));
            if filter.mine {
                plan.must.push(Cond::values(
                    table,
                    Field::Owner,
                    viewer.teams.iter().map(String::as_str),
                ));
            }
            if let Some(starred) = &starred {
                plan.must.push(Cond::In(slots(table, starred)));
            }
            for (facet, values) in filter.facets.iter().filter(|(_, v)| !v.is_empty()) {
                let position = Facet::ALL
                    .iter()
                    .position(|f| f == facet)
                    .unwrap_or_default();
                let lower: Vec<String> = values.iter().map(|v| v.to_lowercase()).collect();
                let cond = Cond::values(table, field_of(*facet), lower.iter().map(String::as_str));
                plan.facet_filters.push((position, cond));
            }
            let order = state.ordered(sort_keys(filter));
            let offset = (filter.page.max(0) * limit.max(0)) as usize;
            let outcome = eval::run(table, &plan, Some(&order), offset, limit.max(0) as usize);
            let facets = Facet::ALL
                .iter()
                .enumerate()
                .map(|(i, facet)| {
                    let mut values: Vec<(String, i64)> =
                        eval::top(table, plan.counted[i], &outcome.counts[i], per_facet)
                            .into_iter()
                            .map(|(lower, _, n)| (lower, n))
                            .collect();
                    for selected in filter.selected(*facet) {
                        if !values.iter().any(|(v, _)| v == selected) {
                            values.push((selected.clone(), 0));
                        }
                    }
                    FacetCounts {
                        facet: *facet,
                        values,
                    }
                })
                .collect();
            (keys(table, &outcome.page), outcome.total as i64, facets)
        };
        Ok(ListPage {
            items: summaries(db, &refs, viewer).await?,
            total,
            facets,
        })
    }

    /// The best matches for the search box among what `viewer` may read (see [`eval::ranked`]).
    pub async fn search(
        &self,
        db: &Db,
        text: &str,
        viewer: &Viewer,
        limit: usize,
    ) -> Result<Vec<EntitySummary>, sqlx::Error> {
        let Some(matches_text) = Cond::text(text) else {
            return Ok(Vec::new());
        };
        self.sync(db).await?;
        let refs = {
            let state = self.read();
            let mut plan = Plan {
                must: scope(&state.table, viewer),
                ..Plan::default()
            };
            plan.must.push(matches_text);
            keys(
                &state.table,
                &eval::ranked(&state.table, &plan, text, limit),
            )
        };
        summaries(db, &refs, viewer).await
    }
}

/// What the viewer may read: everything, or what the owners in scope own.
pub(super) fn scope(table: &Table, viewer: &Viewer) -> Vec<Cond> {
    match &viewer.readable_owners {
        None => Vec::new(),
        Some(owners) => vec![Cond::values(
            table,
            Field::Owner,
            owners.iter().map(String::as_str),
        )],
    }
}

fn field_of(facet: Facet) -> Field {
    match facet {
        Facet::Kind => Field::Kind,
        Facet::Type => Field::Type,
        Facet::Owner => Field::Owner,
        Facet::Lifecycle => Field::Lifecycle,
        Facet::System => Field::System,
        Facet::Tag => Field::Tags,
        Facet::Namespace => Field::Namespace,
    }
}

fn sort_keys(filter: &CatalogFilter) -> Vec<(SortKey, bool)> {
    let desc = filter.descending;
    let name = (SortKey::Field(Field::Name), false);
    match filter.sort {
        Sort::Name => vec![(SortKey::Field(Field::Name), desc)],
        Sort::Kind => vec![(SortKey::Field(Field::Kind), desc), name],
        Sort::Owner => vec![(SortKey::Field(Field::Owner), desc), name],
        Sort::Updated => vec![(SortKey::UpdatedAt, desc)],
    }
}

pub(super) fn slots(table: &Table, refs: &[String]) -> SlotSet {
    refs.iter()
        .filter_map(|r| table.slot(&r.to_lowercase()))
        .collect()
}

pub(super) fn keys(table: &Table, slots: &[u32]) -> Vec<String> {
    slots
        .iter()
        .map(|s| table.keys[*s as usize].to_string())
        .collect()
}

/// The list rows of `refs`, in that order (an entity deleted since the index answered is left out).
pub(super) async fn summaries(
    db: &Db,
    refs: &[String],
    viewer: &Viewer,
) -> Result<Vec<EntitySummary>, sqlx::Error> {
    let mut found = query::summaries(db, refs, viewer).await?;
    Ok(refs.iter().filter_map(|r| found.remove(r)).collect())
}
