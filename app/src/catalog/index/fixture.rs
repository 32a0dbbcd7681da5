//! Five entities for the index's unit tests: components, an API and a group, with tags, titles
//! and update times chosen so that every order and filter tells them apart.

use super::document::{Document, Field, FieldValue};
use super::table::Table;

/// (ref, kind, type, tags, title, updated)
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    Option<&'static str>,
    i64,
);

const ROWS: &[Row] = &[
    (
        "component:default/checkout",
        "component",
        Some("service"),
        &["java", "payments"],
        Some("Checkout"),
        30,
    ),
    (
        "component:default/cart",
        "component",
        Some("service"),
        &["java"],
        None,
        10,
    ),
    (
        "component:default/web",
        "component",
        Some("website"),
        &["react"],
        Some("Shop front"),
        20,
    ),
    (
        "api:default/checkout-api",
        "api",
        Some("openapi"),
        &["payments"],
        Some("Checkout API"),
        40,
    ),
    ("group:default/team-a", "group", Some("team"), &[], None, 5),
];

pub fn table() -> Table {
    let mut table = Table::default();
    for (key, kind, spec_type, tags, title, updated) in ROWS {
        let name = key.rsplit('/').next().unwrap();
        let mut values = vec![value(Field::Kind, kind), value(Field::Name, name)];
        values.extend(spec_type.map(|t| value(Field::Type, t)));
        values.extend(title.map(|t| value(Field::Title, t)));
        values.extend(tags.iter().map(|t| value(Field::Tags, t)));
        let text = [name, title.unwrap_or("")].join(" ").to_lowercase();
        table.upsert(&Document {
            key: (*key).into(),
            values,
            text,
            updated_at: *updated,
        });
    }
    table
}

pub fn value(field: Field, text: &str) -> FieldValue {
    FieldValue {
        field,
        lower: text.to_lowercase(),
        original: text.into(),
    }
}

pub fn refs(table: &Table, slots: &[u32]) -> Vec<String> {
    slots
        .iter()
        .map(|s| table.keys[*s as usize].to_string())
        .collect()
}

pub fn names(table: &Table, slots: &[u32]) -> Vec<String> {
    refs(table, slots)
        .iter()
        .map(|r| r.rsplit('/').next().unwrap().to_owned())
        .collect()
}
