//! Answers a query over the table in one pass: how many entities match, one page of them in
//! order, and each counted facet's values among the entities that match every *other* filter.

use memchr::memmem::Finder;

use super::document::Field;
use super::table::Table;

/// A set of slots, for conditions the database resolves (stars, annotations, relations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotSet(Vec<u64>);

impl SlotSet {
    pub fn insert(&mut self, slot: u32) {
        let word = slot as usize / 64;
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (slot % 64);
    }

    #[inline]
    pub fn contains(&self, slot: u32) -> bool {
        self.0
            .get(slot as usize / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }
}

impl FromIterator<u32> for SlotSet {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut set = SlotSet::default();
        iter.into_iter().for_each(|slot| set.insert(slot));
        set
    }
}

/// One test an entity passes or fails.
pub enum Cond {
    /// The field holds one of these value ids (sorted).
    Any(Field, Vec<u32>),
    /// The field holds some value.
    Has(Field),
    In(SlotSet),
    /// The search text contains this (lowercase) text.
    Text(Box<Finder<'static>>),
    Never,
}

impl Cond {
    /// The field holds one of these lowercase values; values never seen match nothing.
    pub fn values<'a>(
        table: &Table,
        field: Field,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Cond {
        let dict = &table.column(field).dict;
        let mut ids: Vec<u32> = values.into_iter().filter_map(|v| dict.id(v)).collect();
        if ids.is_empty() {
            return Cond::Never;
        }
        ids.sort_unstable();
        ids.dedup();
        Cond::Any(field, ids)
    }

    /// Free text, trimmed and compared in lowercase; `None` for blank text.
    pub fn text(text: &str) -> Option<Cond> {
        let text = text.trim().to_lowercase();
        (!text.is_empty()).then(|| Cond::Text(Box::new(Finder::new(text.as_bytes()).into_owned())))
    }

    #[inline]
    fn matches(&self, table: &Table, slot: u32) -> bool {
        match self {
            Cond::Any(field, ids) => table.column(*field).any(slot, ids),
            Cond::Has(field) => table.column(*field).has(slot),
            Cond::In(set) => set.contains(slot),
            Cond::Text(finder) => finder.find(table.text[slot as usize].as_bytes()).is_some(),
            Cond::Never => false,
        }
    }
}

/// What to look for.
#[derive(Default)]
pub struct Plan {
    /// Every one of these must hold.
    pub must: Vec<Cond>,
    /// When not empty, all conditions of at least one group must hold (Backstage's filters).
    pub any_of: Vec<Vec<Cond>>,
    /// The facets whose values are counted.
    pub counted: Vec<Field>,
    /// A counted facet's own selection (by position in `counted`): entities failing only it
    /// still count towards that facet, so that its other values show what choosing them gives.
    pub facet_filters: Vec<(usize, Cond)>,
}

/// The answer: matches in all, the page's slots, and per counted facet the count by value id.
#[derive(Debug, Default)]
pub struct Outcome {
    pub total: usize,
    pub page: Vec<u32>,
    pub counts: Vec<Vec<u32>>,
}

/// Runs `plan`, walking `order` (every live slot, once) or the table's own order, and keeping
/// the matches from `offset` on, at most `limit` of them.
pub fn run(
    table: &Table,
    plan: &Plan,
    order: Option<&[u32]>,
    offset: usize,
    limit: usize,
) -> Outcome {
    let mut outcome = Outcome {
        counts: plan
            .counted
            .iter()
            .map(|f| vec![0; table.column(*f).dict.len()])
            .collect(),
        ..Outcome::default()
    };
    let mut visit = |slot: u32| {
        if !plan.must.iter().all(|c| c.matches(table, slot)) {
            return;
        }
        if !plan.any_of.is_empty()
            && !plan
                .any_of
                .iter()
                .any(|group| group.iter().all(|c| c.matches(table, slot)))
        {
            return;
        }
        let mut failed = None;
        for (facet, cond) in &plan.facet_filters {
            if !cond.matches(table, slot) {
                if failed.is_some() {
                    return;
                }
                failed = Some(*facet);
            }
        }
        if let Some(facet) = failed {
            tally(table, plan.counted[facet], &mut outcome.counts[facet], slot);
            return;
        }
        if outcome.total >= offset && outcome.page.len() < limit {
            outcome.page.push(slot);
        }
        outcome.total += 1;
        for (facet, field) in plan.counted.iter().enumerate() {
            tally(table, *field, &mut outcome.counts[facet], slot);
        }
    };
    match order {
        Some(order) => order.iter().copied().for_each(&mut visit),
        None => (0..table.slots())
            .filter(|s| table.is_live(*s))
            .for_each(&mut visit),
    }
    outcome
}

#[inline]
fn tally(table: &Table, field: Field, counts: &mut [u32], slot: u32) {
    table
        .column(field)
        .each(slot, |id| counts[id as usize] += 1);
}

/// The `n` most frequent values of a facet (count, then value, descending and ascending), as
/// (lowercase, as written, count); values counted zero are left out.
pub fn top(table: &Table, field: Field, counts: &[u32], n: usize) -> Vec<(String, String, i64)> {
    let dict = &table.column(field).dict;
    let mut ids: Vec<u32> = (0..counts.len() as u32)
        .filter(|i| counts[*i as usize] > 0)
        .collect();
    let key = |id: &u32| {
        (
            std::cmp::Reverse(counts[*id as usize]),
            &dict.lower[*id as usize],
        )
    };
    if ids.len() > n {
        ids.select_nth_unstable_by(n, |a, b| key(a).cmp(&key(b)));
        ids.truncate(n);
    }
    ids.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    ids.into_iter()
        .map(|id| {
            let i = id as usize;
            (
                dict.lower[i].to_string(),
                dict.original[i].to_string(),
                i64::from(counts[i]),
            )
        })
        .collect()
}

/// Up to `limit` matches of `plan` ranked for a search box: the exact name first, then names
/// that start with `text`, titles that do, the kinds people look for most, then the rest;
/// shorter names before longer ones.
pub fn ranked(table: &Table, plan: &Plan, text: &str, limit: usize) -> Vec<u32> {
    let text = text.trim().to_lowercase();
    let names = table.column(Field::Name);
    let main_kinds = Cond::values(table, Field::Kind, ["component", "api", "system"]);
    let everything = run(table, plan, None, 0, usize::MAX);
    let mut scored: Vec<(u8, usize, &str, u32)> = everything
        .page
        .into_iter()
        .map(|slot| {
            let name = first(names, slot);
            let class = if name == text {
                0
            } else if name.starts_with(&text) {
                1
            } else if first(table.column(Field::Title), slot).starts_with(&text) {
                2
            } else if main_kinds.matches(table, slot) {
                3
            } else {
                4
            };
            (class, name.chars().count(), name, slot)
        })
        .collect();
    if scored.len() > limit && limit > 0 {
        scored.select_nth_unstable(limit);
    }
    scored.truncate(limit);
    scored.sort_unstable();
    scored.into_iter().map(|(_, _, _, slot)| slot).collect()
}

/// The first lowercase value of a field at `slot`, or `""`.
fn first(column: &super::table::Column, slot: u32) -> &str {
    let mut value = "";
    column.each(slot, |id| {
        if value.is_empty() {
            value = &column.dict.lower[id as usize];
        }
    });
    value
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
