//! Tests of one-pass evaluation: filters, facet counts that ignore their own selection, pages
//! in order, sorting with missing values, and search ranking.

use super::*;
use crate::catalog::index::fixture::{names, table};
use crate::catalog::index::order::{SortKey, order};

fn check(plan: Plan, expected: &[&str]) {
    let table = table();
    let by_name = order(&table, &[(SortKey::Field(Field::Name), false)]);
    let outcome = run(&table, &plan, Some(&by_name), 0, 100);
    assert_eq!(names(&table, &outcome.page), expected);
    assert_eq!(outcome.total, expected.len());
}

#[test]
fn conditions_combine_with_and_and_groups_with_or() {
    let t = table();
    check(
        Plan::default(),
        &["cart", "checkout", "checkout-api", "team-a", "web"],
    );
    check(
        Plan {
            must: vec![Cond::values(&t, Field::Kind, ["component"])],
            ..Plan::default()
        },
        &["cart", "checkout", "web"],
    );
    check(
        Plan {
            must: vec![
                Cond::values(&t, Field::Kind, ["component"]),
                Cond::values(&t, Field::Tags, ["payments", "react"]),
            ],
            ..Plan::default()
        },
        &["checkout", "web"],
    );
    check(
        Plan {
            any_of: vec![
                vec![Cond::values(&t, Field::Kind, ["api"])],
                vec![
                    Cond::values(&t, Field::Type, ["website"]),
                    Cond::Has(Field::Title),
                ],
            ],
            ..Plan::default()
        },
        &["checkout-api", "web"],
    );
    check(
        Plan {
            must: vec![Cond::values(&t, Field::Kind, ["nothing", "like", "it"])],
            ..Plan::default()
        },
        &[],
    );
    check(
        Plan {
            must: vec![Cond::Has(Field::Title)],
            ..Plan::default()
        },
        &["checkout", "checkout-api", "web"],
    );
    check(
        Plan {
            must: vec![Cond::text("  CHECK ").unwrap()],
            ..Plan::default()
        },
        &["checkout", "checkout-api"],
    );
    check(
        Plan {
            must: vec![Cond::text("shop front").unwrap()],
            ..Plan::default()
        },
        &["web"],
    );
    let starred: SlotSet = [t.slot("group:default/team-a").unwrap()]
        .into_iter()
        .collect();
    check(
        Plan {
            must: vec![Cond::In(starred)],
            ..Plan::default()
        },
        &["team-a"],
    );
    check(
        Plan {
            must: vec![Cond::Never],
            ..Plan::default()
        },
        &[],
    );
    assert!(Cond::text("   ").is_none());
}

fn counts(plan: &Plan, facet: usize) -> Vec<(String, i64)> {
    let t = table();
    let outcome = run(&t, plan, None, 0, 0);
    top(&t, plan.counted[facet], &outcome.counts[facet], 10)
        .into_iter()
        .map(|(lower, _, n)| (lower, n))
        .collect()
}

fn pairs(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected
        .iter()
        .map(|(v, n)| ((*v).to_owned(), *n))
        .collect()
}

#[test]
fn facets_count_among_the_other_filters() {
    let t = table();
    let plan = Plan {
        counted: vec![Field::Kind, Field::Type, Field::Tags],
        facet_filters: vec![(0, Cond::values(&t, Field::Kind, ["component"]))],
        ..Plan::default()
    };
    // The kind facet ignores its own selection, so it shows what choosing another kind gives.
    assert_eq!(
        counts(&plan, 0),
        pairs(&[("component", 3), ("api", 1), ("group", 1)])
    );
    assert_eq!(counts(&plan, 1), pairs(&[("service", 2), ("website", 1)]));
    assert_eq!(
        counts(&plan, 2),
        pairs(&[("java", 2), ("payments", 1), ("react", 1)])
    );

    let both = Plan {
        facet_filters: vec![
            (0, Cond::values(&t, Field::Kind, ["component"])),
            (2, Cond::values(&t, Field::Tags, ["payments"])),
        ],
        ..plan
    };
    assert_eq!(counts(&both, 0), pairs(&[("api", 1), ("component", 1)]));
    assert_eq!(counts(&both, 1), pairs(&[("service", 1)]));
    assert_eq!(
        counts(&both, 2),
        pairs(&[("java", 2), ("payments", 1), ("react", 1)])
    );
    let outcome = run(&t, &both, None, 0, 10);
    assert_eq!(names(&t, &outcome.page), ["checkout"]);
}

#[test]
fn top_values_are_most_frequent_first_then_alphabetical() {
    let t = table();
    let plan = Plan {
        counted: vec![Field::Tags],
        ..Plan::default()
    };
    let outcome = run(&t, &plan, None, 0, 0);
    let top2 = top(&t, Field::Tags, &outcome.counts[0], 2);
    assert_eq!(
        top2,
        [
            ("java".into(), "java".into(), 2),
            ("payments".into(), "payments".into(), 2)
        ]
    );
}

#[test]
fn pages_walk_the_order_and_count_everything() {
    let t = table();
    let by_name = order(&t, &[(SortKey::Field(Field::Name), false)]);
    let page = run(&t, &Plan::default(), Some(&by_name), 2, 2);
    assert_eq!(names(&t, &page.page), ["checkout-api", "team-a"]);
    assert_eq!(page.total, 5);
    let past_the_end = run(&t, &Plan::default(), Some(&by_name), 10, 2);
    assert!(past_the_end.page.is_empty());
    assert_eq!(past_the_end.total, 5);
}

#[test]
fn search_ranks_exact_names_then_prefixes_then_titles() {
    let t = table();
    let search = |text: &str, limit: usize| {
        let plan = Plan {
            must: vec![Cond::text(text).unwrap()],
            ..Plan::default()
        };
        names(&t, &ranked(&t, &plan, text, limit))
    };
    assert_eq!(search("checkout", 10), ["checkout", "checkout-api"]);
    assert_eq!(search("Checkout-API", 10), ["checkout-api"]);
    // "shop" is only in a title prefix; "c" starts two names, the shorter first.
    assert_eq!(search("shop", 10), ["web"]);
    assert_eq!(search("c", 10), ["cart", "checkout", "checkout-api"]);
    assert_eq!(search("c", 2), ["cart", "checkout"]);
    // "t" starts one name; the rest are main kinds, shortest name first.
    assert_eq!(search("t", 3), ["team-a", "web", "cart"]);
}
