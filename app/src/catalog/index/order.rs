//! Sort orders of the index: every live slot in the order of some keys, computed from value
//! ranks once per change, and patched in place when only a few entities changed.

use super::document::Field;
use super::eval::SlotSet;
use super::table::Table;

/// What a list can be sorted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// A field's smallest value.
    Field(Field),
    UpdatedAt,
    /// Values the database supplied, by slot (Backstage's order on any other field).
    Given(Vec<Option<String>>),
}

/// Every live slot in order of `keys` (each ascending unless its flag says descending); slots
/// without a value come last either way, and the entity ref breaks ties.
pub fn order(table: &Table, keys: &[(SortKey, bool)]) -> Vec<u32> {
    let ranks: Vec<Vec<u64>> = keys
        .iter()
        .map(|(k, desc)| ranks(table, k, *desc))
        .collect();
    let mut slots: Vec<u32> = (0..table.slots()).filter(|s| table.is_live(*s)).collect();
    slots.sort_unstable_by(|a, b| {
        ranks
            .iter()
            .map(|r| r[*a as usize].cmp(&r[*b as usize]))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| table.keys[*a as usize].cmp(&table.keys[*b as usize]))
    });
    slots
}

/// An order after a few entities changed: the `touched` slots (old and new slots of the
/// changed entities) leave it, and each of `inserted` goes back where [`order`] would put it.
/// The same result as [`order`] over the whole table, for a binary search and a move per change
/// instead of a sort of every entity.
pub fn patch(
    table: &Table,
    keys: &[(SortKey, bool)],
    order: &[u32],
    touched: &SlotSet,
    inserted: &[u32],
) -> Vec<u32> {
    let mut out: Vec<u32> = order
        .iter()
        .copied()
        .filter(|s| !touched.contains(*s))
        .collect();
    for slot in inserted {
        let at = out.partition_point(|other| compare(table, keys, *other, *slot).is_lt());
        out.insert(at, *slot);
    }
    out
}

/// How two slots compare under `keys`, by their values, as [`order`] sorts them.
fn compare(table: &Table, keys: &[(SortKey, bool)], a: u32, b: u32) -> std::cmp::Ordering {
    fn by<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> std::cmp::Ordering {
        match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(a), Some(b)) if descending => b.cmp(&a),
            (Some(a), Some(b)) => a.cmp(&b),
        }
    }
    let (i, j) = (a as usize, b as usize);
    keys.iter()
        .map(|(key, descending)| match key {
            SortKey::Field(field) => {
                let column = table.column(*field);
                by(column.min(a), column.min(b), *descending)
            }
            SortKey::UpdatedAt => by(
                Some(table.updated_at[i]),
                Some(table.updated_at[j]),
                *descending,
            ),
            SortKey::Given(values) => by(
                values.get(i).and_then(Option::as_deref),
                values.get(j).and_then(Option::as_deref),
                *descending,
            ),
        })
        .find(|o| o.is_ne())
        .unwrap_or_else(|| table.keys[i].cmp(&table.keys[j]))
}

/// A sort position per slot: smaller sorts first, a missing value is `u64::MAX`.
fn ranks(table: &Table, key: &SortKey, descending: bool) -> Vec<u64> {
    let slots = table.slots() as usize;
    let mut out: Vec<Option<u64>> = match key {
        SortKey::UpdatedAt => table
            .updated_at
            .iter()
            .map(|t| Some((*t as u64) ^ (1 << 63)))
            .collect(),
        SortKey::Field(field) => {
            let column = table.column(*field);
            let rank = string_ranks(column.dict.lower.iter().map(|s| Some(&**s)));
            (0..slots as u32)
                .map(|slot| {
                    let mut best: Option<u64> = None;
                    column.each(slot, |id| {
                        let r = rank[id as usize];
                        best = Some(best.map_or(r, |b| b.min(r)));
                    });
                    best
                })
                .collect()
        }
        SortKey::Given(values) => {
            let rank = string_ranks(values.iter().map(Option::as_deref));
            (0..slots)
                .map(|slot| {
                    values
                        .get(slot)
                        .and_then(|v| v.as_ref())
                        .map(|_| rank[slot])
                })
                .collect()
        }
    };
    out.resize(slots, None);
    out.into_iter()
        .map(|r| match r {
            None => u64::MAX,
            Some(r) if descending => u64::MAX - 1 - r,
            Some(r) => r,
        })
        .collect()
}

/// For each string (by position), its position among them all in sorted order; ties share one.
fn string_ranks<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Vec<u64> {
    let values: Vec<Option<&str>> = values.collect();
    let mut sorted: Vec<usize> = (0..values.len()).filter(|i| values[*i].is_some()).collect();
    sorted.sort_unstable_by(|a, b| values[*a].cmp(&values[*b]));
    let mut rank = vec![0; values.len()];
    let mut current = 0;
    for (n, i) in sorted.iter().enumerate() {
        if n > 0 && values[sorted[n - 1]] != values[*i] {
            current = n as u64;
        }
        rank[*i] = current;
    }
    rank
}

#[cfg(test)]
#[path = "order_tests.rs"]
mod tests;
