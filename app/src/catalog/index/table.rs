//! The index's storage: one slot per entity, and per field a dictionary of values with each
//! slot's value ids, laid out by column so that a scan of 100,000 entities stays in cache.

use std::collections::HashMap;

use super::document::{Document, Field};

/// No value in a column's first position.
pub const NONE: u32 = 0x7fff_ffff;
/// Set on a first value when the slot has more values, kept in the column's `rest`.
const MORE: u32 = 0x8000_0000;

/// The distinct values of one field, each with a stable id.
#[derive(Debug, Default)]
pub struct Dict {
    /// Lowercase value by id.
    pub lower: Vec<Box<str>>,
    /// The spelling first seen, by id.
    pub original: Vec<Box<str>>,
    /// How many live slots hold each id; ids are never reused, so counts may drop to zero.
    pub uses: Vec<u32>,
    /// How many ids no live slot holds (`uses` is 0): memory a rebuild would give back.
    pub dead: usize,
    ids: HashMap<Box<str>, u32>,
}

impl Dict {
    pub fn id(&self, lower: &str) -> Option<u32> {
        self.ids.get(lower).copied()
    }

    fn intern(&mut self, lower: &str, original: &str) -> u32 {
        if let Some(id) = self.ids.get(lower) {
            return *id;
        }
        let id = self.lower.len() as u32;
        self.lower.push(lower.into());
        self.original.push(original.into());
        // Held by nobody until `Column::set` uses it.
        self.uses.push(0);
        self.dead += 1;
        self.ids.insert(lower.into(), id);
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.lower.len()
    }
}

/// A field's values by slot: the first inline, any further ones on the side (tags, lists).
#[derive(Debug, Default)]
pub struct Column {
    pub dict: Dict,
    first: Vec<u32>,
    rest: HashMap<u32, Box<[u32]>>,
}

impl Column {
    /// Calls `f` with each value id of `slot`.
    #[inline]
    pub fn each(&self, slot: u32, mut f: impl FnMut(u32)) {
        let first = self.first[slot as usize];
        if first & !MORE != NONE {
            f(first & !MORE);
        }
        if first & MORE != 0
            && let Some(rest) = self.rest.get(&slot)
        {
            rest.iter().copied().for_each(f);
        }
    }

    /// Whether `slot` holds any of `ids` (sorted).
    #[inline]
    pub fn any(&self, slot: u32, ids: &[u32]) -> bool {
        let first = self.first[slot as usize];
        if ids.binary_search(&(first & !MORE)).is_ok() {
            return true;
        }
        first & MORE != 0
            && self
                .rest
                .get(&slot)
                .is_some_and(|rest| rest.iter().any(|id| ids.binary_search(id).is_ok()))
    }

    #[inline]
    pub fn has(&self, slot: u32) -> bool {
        self.first[slot as usize] & !MORE != NONE
    }

    /// The smallest lowercase value of `slot`, for sorting.
    pub fn min(&self, slot: u32) -> Option<&str> {
        let mut min: Option<&str> = None;
        self.each(slot, |id| {
            let value = &*self.dict.lower[id as usize];
            if min.is_none_or(|m| value < m) {
                min = Some(value);
            }
        });
        min
    }

    fn set(&mut self, slot: u32, ids: &[u32]) {
        for id in ids {
            let uses = &mut self.dict.uses[*id as usize];
            if *uses == 0 {
                self.dict.dead -= 1;
            }
            *uses += 1;
        }
        let first = ids.first().copied().unwrap_or(NONE);
        if ids.len() > 1 {
            self.rest.insert(slot, ids[1..].into());
            self.put(slot, first | MORE);
        } else {
            self.put(slot, first);
        }
    }

    fn clear(&mut self, slot: u32) {
        let mut held = Vec::new();
        self.each(slot, |id| held.push(id));
        for id in held {
            let uses = &mut self.dict.uses[id as usize];
            *uses -= 1;
            if *uses == 0 {
                self.dict.dead += 1;
            }
        }
        self.rest.remove(&slot);
        self.first[slot as usize] = NONE;
    }

    fn put(&mut self, slot: u32, value: u32) {
        let slot = slot as usize;
        if self.first.len() <= slot {
            self.first.resize(slot + 1, NONE);
        }
        self.first[slot] = value;
    }
}

/// Every indexed entity. Slots of removed entities are reused.
#[derive(Debug, Default)]
pub struct Table {
    /// Lowercase ref by slot; empty for a free slot.
    pub keys: Vec<Box<str>>,
    pub text: Vec<Box<str>>,
    pub updated_at: Vec<i64>,
    pub columns: [Column; Field::COUNT],
    by_key: HashMap<Box<str>, u32>,
    free: Vec<u32>,
}

impl Table {
    pub fn column(&self, field: Field) -> &Column {
        &self.columns[field.index()]
    }

    /// How many slots exist, live or free: the bound of a scan.
    pub fn slots(&self) -> u32 {
        self.keys.len() as u32
    }

    pub fn live(&self) -> usize {
        self.by_key.len()
    }

    /// Values that no entity holds any more, over every field.
    pub fn dead_values(&self) -> usize {
        self.columns.iter().map(|c| c.dict.dead).sum()
    }

    #[inline]
    pub fn is_live(&self, slot: u32) -> bool {
        !self.keys[slot as usize].is_empty()
    }

    pub fn slot(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }

    /// Adds a document, or replaces the one with the same key.
    pub fn upsert(&mut self, document: &Document) {
        self.remove(&document.key);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.keys.push("".into());
                self.text.push("".into());
                self.updated_at.push(0);
                self.keys.len() as u32 - 1
            }
        };
        let at = slot as usize;
        self.keys[at] = document.key.as_str().into();
        self.text[at] = document.text.as_str().into();
        self.updated_at[at] = document.updated_at;
        for field in Field::ALL {
            let column = &mut self.columns[field.index()];
            let mut ids: Vec<u32> = document
                .values
                .iter()
                .filter(|v| v.field == field)
                .map(|v| column.dict.intern(&v.lower, &v.original))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            column.set(slot, &ids);
        }
        self.by_key.insert(document.key.as_str().into(), slot);
    }

    /// Removes the entity with this lowercase ref, if indexed.
    pub fn remove(&mut self, key: &str) {
        let Some(slot) = self.by_key.remove(key) else {
            return;
        };
        for column in &mut self.columns {
            column.clear(slot);
        }
        let at = slot as usize;
        self.keys[at] = "".into();
        self.text[at] = "".into();
        self.free.push(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::index::document::FieldValue;

    fn doc(key: &str, tags: &[&str]) -> Document {
        Document {
            key: key.into(),
            values: tags
                .iter()
                .map(|t| FieldValue {
                    field: Field::Tags,
                    lower: t.to_lowercase(),
                    original: (*t).into(),
                })
                .collect(),
            text: key.into(),
            updated_at: 1,
        }
    }

    fn tags(table: &Table, key: &str) -> Vec<String> {
        let column = table.column(Field::Tags);
        let mut out = Vec::new();
        column.each(table.slot(key).unwrap(), |id| {
            out.push(column.dict.lower[id as usize].to_string())
        });
        out
    }

    #[test]
    fn holds_one_or_many_values_per_slot_and_replaces_them() {
        let mut table = Table::default();
        table.upsert(&doc("a", &["Java"]));
        table.upsert(&doc("b", &["go", "java", "rust"]));
        table.upsert(&doc("c", &[]));
        assert_eq!(tags(&table, "a"), ["java"]);
        assert_eq!(tags(&table, "b"), ["java", "go", "rust"]);
        assert!(!table.column(Field::Tags).has(table.slot("c").unwrap()));
        let java = table.column(Field::Tags).dict.id("java").unwrap();
        assert_eq!(table.column(Field::Tags).dict.uses[java as usize], 2);
        assert_eq!(
            &*table.column(Field::Tags).dict.original[java as usize],
            "Java"
        );

        table.upsert(&doc("b", &["rust"]));
        assert_eq!(tags(&table, "b"), ["rust"]);
        assert_eq!(table.column(Field::Tags).dict.uses[java as usize], 1);
        assert_eq!(table.live(), 3);
        assert_eq!(
            table.column(Field::Tags).min(table.slot("a").unwrap()),
            Some("java")
        );
    }

    #[test]
    fn counts_the_values_nobody_holds_any_more() {
        let mut table = Table::default();
        let zero_uses = |t: &Table| {
            t.column(Field::Tags)
                .dict
                .uses
                .iter()
                .filter(|u| **u == 0)
                .count()
        };
        table.upsert(&doc("a", &["x", "y"]));
        table.upsert(&doc("b", &["y", "z"]));
        assert_eq!(table.dead_values(), 0);
        table.upsert(&doc("a", &["w"]));
        assert_eq!(
            (table.dead_values(), zero_uses(&table)),
            (1, 1),
            "x is gone"
        );
        table.remove("b");
        assert_eq!(
            (table.dead_values(), zero_uses(&table)),
            (3, 3),
            "x, y and z"
        );
        table.upsert(&doc("c", &["x", "v"]));
        assert_eq!(
            (table.dead_values(), zero_uses(&table)),
            (2, 2),
            "x is back, v is new"
        );
    }

    #[test]
    fn reuses_the_slots_of_removed_entities() {
        let mut table = Table::default();
        table.upsert(&doc("a", &["x", "y"]));
        table.upsert(&doc("b", &[]));
        let slot = table.slot("a").unwrap();
        table.remove("a");
        table.remove("missing");
        assert!(!table.is_live(slot));
        assert_eq!(table.slot("a"), None);
        table.upsert(&doc("c", &["z"]));
        assert_eq!(table.slot("c"), Some(slot));
        assert_eq!(tags(&table, "c"), ["z"]);
        assert_eq!(table.slots(), 2);
        assert_eq!(table.live(), 2);
    }

    #[test]
    fn matches_any_of_a_sorted_list_of_ids() {
        let mut table = Table::default();
        table.upsert(&doc("a", &["x", "y", "z"]));
        let column = table.column(Field::Tags);
        let slot = table.slot("a").unwrap();
        let id = |v: &str| column.dict.id(v).unwrap();
        assert!(column.any(slot, &[id("z")]));
        assert!(column.any(slot, &[id("x")]));
        assert!(!column.any(slot, &[]));
        table_without_values_matches_nothing();
    }

    fn table_without_values_matches_nothing() {
        let mut table = Table::default();
        table.upsert(&doc("empty", &[]));
        table.upsert(&doc("full", &["x"]));
        let column = table.column(Field::Tags);
        let x = column.dict.id("x").unwrap();
        assert!(!column.any(table.slot("empty").unwrap(), &[x]));
        assert_eq!(column.min(table.slot("empty").unwrap()), None);
    }
}
