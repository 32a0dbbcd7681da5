//! The catalog held in memory for lists, facets and search: Backstage's users wait seconds for
//! a filtered list at tens of thousands of entities; here one pass over columns in memory
//! answers a page, its total and every facet's counts in milliseconds.
//!
//! The database stays the only source of truth. Every catalog write appends the refs it touched
//! to `catalog_changes` in its transaction; before answering, an index reads the log from its
//! position (one indexed query) and reloads what changed. So a replica sees its own writes and
//! every other replica's at once, and a restart rebuilds from the database.

pub mod document;
pub mod eval;
#[cfg(test)]
mod fixture;
mod list;
pub mod order;
mod query;
pub mod table;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

pub use list::ListPage;
pub use query::{FacetValues, SearchPage};

use self::eval::SlotSet;
use self::order::SortKey;
use self::table::Table;
use crate::catalog::store::{changes, documents};
use crate::db::Db;

/// More pending changes than this are applied by rebuilding.
const MAX_INCREMENTAL: i64 = 5_000;
/// Cached sort orders are patched for up to this many changed entities, recomputed beyond.
const PATCH_AT_MOST: usize = 64;
/// The background task compacts the index once this many values are dead (and more than
/// there are entities).
const MIN_DEAD_VALUES: usize = 10_000;
/// Entities read per query during a rebuild.
const REBUILD_PAGE: i64 = 2_000;

/// The shared index of one process. Cheap to query from many tasks at once.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    state: RwLock<State>,
    /// One task applies changes at a time; the others wait for it rather than repeat it.
    syncing: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct State {
    table: Table,
    /// The change-log position the table reflects; `None` before the first build.
    position: Option<i64>,
    /// Sort orders computed since the last change, by sort keys.
    orders: Mutex<HashMap<SortKeys, Arc<[u32]>>>,
}

/// Sort keys, each with its descending flag, in order of precedence.
type SortKeys = Vec<(SortKey, bool)>;

/// The catalog index the server keeps, for `ctx`'s use case; a fresh one where there is none
/// (the CLI), which builds itself when first asked.
pub fn index(ctx: &crate::server::ctx::Ctx) -> Arc<CatalogIndex> {
    ctx.extensions.get::<CatalogIndex>().unwrap_or_default()
}

impl CatalogIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Brings the index up to date with the database: nothing when no change was logged since
    /// its position, the changed entities when a few were, a rebuild otherwise.
    pub async fn sync(&self, db: &Db) -> Result<(), sqlx::Error> {
        // Read into a local: the guard must not live across an await.
        let known = self.read().position;
        if let Some(position) = known
            && changes::since(db, position, 1).await? == changes::Since::Changes(Vec::new())
        {
            return Ok(());
        }
        let _one_at_a_time = self.syncing.lock().await;
        let known = self.read().position;
        let since = match known {
            Some(position) => changes::since(db, position, MAX_INCREMENTAL).await?,
            None => changes::Since::Lost,
        };
        let rows = match since {
            changes::Since::Changes(rows)
                if (rows.len() as i64) < MAX_INCREMENTAL
                    && rows.iter().all(|(_, key)| key != changes::EVERYTHING) =>
            {
                rows
            }
            _ => return self.rebuild(db).await,
        };
        let Some((last, _)) = rows.last() else {
            return Ok(());
        };
        let mut keys: Vec<String> = rows.iter().map(|(_, key)| key.clone()).collect();
        keys.sort_unstable();
        keys.dedup();
        let found = documents::of(db, &keys).await?;
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let State {
            table,
            position,
            orders,
        } = &mut *state;
        let mut touched: SlotSet = keys.iter().filter_map(|k| table.slot(k)).collect();
        for key in &keys {
            table.remove(key);
        }
        let mut inserted = Vec::with_capacity(found.len());
        for document in &found {
            table.upsert(document);
            if let Some(slot) = table.slot(&document.key) {
                touched.insert(slot);
                inserted.push(slot);
            }
        }
        *position = Some(*last);
        let orders = orders.get_mut().unwrap_or_else(|e| e.into_inner());
        if keys.len() > PATCH_AT_MOST {
            orders.clear();
        }
        for (sort, cached) in orders.iter_mut() {
            *cached = order::patch(table, sort, cached, &touched, &inserted).into();
        }
        Ok(())
    }

    /// Builds the table afresh from every entity, then swaps it in. The position is read first:
    /// a change that lands during the build is applied again by the next sync, which is harmless.
    async fn rebuild(&self, db: &Db) -> Result<(), sqlx::Error> {
        let started = std::time::Instant::now();
        let position = changes::latest(db).await?;
        let mut table = Table::default();
        let mut after = String::new();
        loop {
            let (page, last) = documents::page(db, &after, REBUILD_PAGE).await?;
            let Some(last) = last else { break };
            after = last;
            for document in &page {
                table.upsert(document);
            }
        }
        tracing::info!(
            entities = table.live(),
            ms = started.elapsed().as_millis() as u64,
            "built the catalog index"
        );
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = State {
            table,
            position: Some(position),
            orders: Mutex::default(),
        };
        Ok(())
    }

    /// Runs for the life of the server: applies changes every second, so that queries seldom
    /// find work waiting, compacts when worth it, and prunes log entries older than an hour
    /// every ten minutes.
    pub async fn keep_fresh(self: std::sync::Arc<Self>, db: Db) {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        for tick in 0u64.. {
            every.tick().await;
            if let Err(error) = self.sync(&db).await {
                tracing::warn!(%error, "catching up with catalog changes failed");
            }
            if let Err(error) = self.compact(&db, MIN_DEAD_VALUES).await {
                tracing::warn!(%error, "compacting the catalog index failed");
            }
            if tick % 600 == 599 {
                let hour_ago = crate::db::sql::to_millis(crate::clock::now()) - 3_600_000;
                if let Err(error) = changes::prune(&db, hour_ago).await {
                    tracing::warn!(%error, "pruning the catalog change log failed");
                }
            }
        }
    }

    /// Rebuilds when more values than entities (and at least `at_least`) are held by no entity
    /// any more: renames and deletes leave them behind, and only a rebuild gives them back.
    /// Returns whether it rebuilt.
    pub async fn compact(&self, db: &Db, at_least: usize) -> Result<bool, sqlx::Error> {
        let worth = |index: &CatalogIndex| {
            let state = index.read();
            let dead = state.table.dead_values();
            dead > at_least && dead > state.table.live()
        };
        if !worth(self) {
            return Ok(false);
        }
        let _one_at_a_time = self.syncing.lock().await;
        if !worth(self) {
            return Ok(false);
        }
        self.rebuild(db).await?;
        Ok(true)
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }
}

impl State {
    /// The live slots in the order of `keys`, computed once per change of the table. Orders on
    /// values the database supplied are not kept: they belong to one request.
    fn ordered(&self, keys: SortKeys) -> Arc<[u32]> {
        let cacheable = !keys.iter().any(|(k, _)| matches!(k, SortKey::Given(_)));
        if !cacheable {
            return order::order(&self.table, &keys).into();
        }
        let mut orders = self.orders.lock().unwrap_or_else(|e| e.into_inner());
        orders
            .entry(keys)
            .or_insert_with_key(|keys| order::order(&self.table, keys).into())
            .clone()
    }
}

#[cfg(test)]
mod tests;
