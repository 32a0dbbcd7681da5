//! Tests of sort orders: missing values last either way, ties by ref, and patched orders equal
//! to orders computed afresh.

use super::*;
use crate::catalog::index::document::Document;
use crate::catalog::index::eval::SlotSet;
use crate::catalog::index::fixture::{names, table, value};

fn sorted(keys: &[(SortKey, bool)]) -> Vec<String> {
    let t = table();
    names(&t, &order(&t, keys))
}

#[test]
fn orders_put_missing_values_last_either_way_and_break_ties_by_ref() {
    assert_eq!(
        sorted(&[(SortKey::Field(Field::Name), true)]),
        ["web", "team-a", "checkout-api", "checkout", "cart"]
    );
    assert_eq!(
        sorted(&[(SortKey::Field(Field::Title), false)]),
        ["checkout", "checkout-api", "web", "cart", "team-a"]
    );
    assert_eq!(
        sorted(&[(SortKey::Field(Field::Title), true)]),
        ["web", "checkout-api", "checkout", "cart", "team-a"]
    );
    assert_eq!(
        sorted(&[(SortKey::UpdatedAt, true)]),
        ["checkout-api", "checkout", "web", "cart", "team-a"]
    );
    // Equal kinds fall back to the next key, then to the ref.
    assert_eq!(
        sorted(&[
            (SortKey::Field(Field::Kind), false),
            (SortKey::Field(Field::Name), true)
        ]),
        ["checkout-api", "web", "checkout", "cart", "team-a"]
    );
    assert_eq!(
        sorted(&[(SortKey::Field(Field::Kind), false)]),
        ["checkout-api", "cart", "checkout", "web", "team-a"]
    );
    // A tag list sorts by its smallest value.
    assert_eq!(
        sorted(&[(SortKey::Field(Field::Tags), false)]),
        ["cart", "checkout", "checkout-api", "web", "team-a"]
    );
    let t = table();
    let mut given = vec![None; t.slots() as usize];
    given[t.slot("component:default/web").unwrap() as usize] = Some("a".to_owned());
    given[t.slot("group:default/team-a").unwrap() as usize] = Some("b".to_owned());
    assert_eq!(
        sorted(&[(SortKey::Given(given), false)]),
        ["web", "team-a", "checkout-api", "cart", "checkout"]
    );
}

#[test]
fn patched_orders_equal_orders_computed_afresh() {
    let sorts: Vec<Vec<(SortKey, bool)>> = vec![
        vec![(SortKey::Field(Field::Name), false)],
        vec![(SortKey::Field(Field::Name), true)],
        vec![(SortKey::Field(Field::Title), false)],
        vec![
            (SortKey::Field(Field::Kind), true),
            (SortKey::Field(Field::Name), false),
        ],
        vec![(SortKey::Field(Field::Tags), false)],
        vec![(SortKey::UpdatedAt, true)],
        vec![],
    ];
    let mut t = table();
    let before: Vec<Vec<u32>> = sorts.iter().map(|k| order(&t, k)).collect();
    // One entity renamed in place, one removed (its slot reused by a new one), one added.
    let changed = [
        "component:default/cart",
        "group:default/team-a",
        "api:default/zeta",
        "component:default/aardvark",
    ];
    let mut touched: SlotSet = changed.iter().filter_map(|k| t.slot(k)).collect();
    for key in changed {
        t.remove(key);
    }
    let docs = [
        Document {
            key: changed[0].into(),
            values: vec![
                value(Field::Kind, "component"),
                value(Field::Name, "zz-cart"),
                value(Field::Title, "A cart"),
            ],
            text: String::new(),
            updated_at: 99,
        },
        Document {
            key: changed[2].into(),
            values: vec![
                value(Field::Kind, "api"),
                value(Field::Name, "zeta"),
                value(Field::Tags, "go"),
            ],
            text: String::new(),
            updated_at: 1,
        },
        Document {
            key: changed[3].into(),
            values: vec![
                value(Field::Kind, "component"),
                value(Field::Name, "aardvark"),
            ],
            text: String::new(),
            updated_at: 20,
        },
    ];
    let mut inserted = Vec::new();
    for doc in &docs {
        t.upsert(doc);
        let slot = t.slot(&doc.key).unwrap();
        touched.insert(slot);
        inserted.push(slot);
    }
    for (keys, old) in sorts.iter().zip(&before) {
        assert_eq!(
            patch(&t, keys, old, &touched, &inserted),
            order(&t, keys),
            "{keys:?}"
        );
    }
}
