//! Latency of one authorization decision with 10,000 role bindings (`make bench`).

use std::collections::BTreeSet;

use app::access::decision::{Policy, Principal, RoleBinding, Subject, Target, builtin_roles};
use app::access::permission::Permission;
use criterion::{Criterion, criterion_group, criterion_main};

/// 10,000 bindings: 8,000 users with one role each and 2,000 team bindings, some scoped.
fn policy() -> Policy {
    let roles = ["viewer", "developer", "manager"];
    let mut bindings = Vec::with_capacity(10_000);
    for i in 0..8_000 {
        bindings.push(RoleBinding {
            id: format!("u{i}"),
            subject: Subject::User(format!("user-{i}")),
            role: roles[i % 3].into(),
            scope: None,
            source: "admin".into(),
        });
    }
    for i in 0..2_000 {
        let scope = (i % 4 == 0).then(|| format!("group:default/team-{}", (i + 1) % 500));
        bindings.push(RoleBinding {
            id: format!("t{i}"),
            subject: Subject::Team(format!("group:default/team-{}", i % 500)),
            role: roles[i % 3].into(),
            scope,
            source: "admin".into(),
        });
    }
    Policy::new(builtin_roles(), bindings)
}

fn decide(c: &mut Criterion) {
    let policy = policy();
    let principal = Principal {
        user_id: "user-4001".into(),
        login: "someone".into(),
        active: true,
        teams: BTreeSet::from([
            "group:default/team-7".to_owned(),
            "group:default/team-42".to_owned(),
            "group:default/team-300".to_owned(),
        ]),
    };
    let own = Target {
        entity_ref: "component:default/svc",
        owner_ref: Some("group:default/team-42"),
    };
    let other = Target {
        entity_ref: "component:default/other",
        owner_ref: Some("group:default/team-99"),
    };
    let mut group = c.benchmark_group("decision (10,000 bindings)");
    group.bench_function("allowed: update own team's entity", |b| {
        b.iter(|| {
            policy
                .decide(&principal, Permission::CatalogEntityUpdate, Some(own))
                .allowed
        })
    });
    group.bench_function("denied: update another team's entity", |b| {
        b.iter(|| {
            policy
                .decide(&principal, Permission::CatalogEntityUpdate, Some(other))
                .allowed
        })
    });
    group.bench_function("scope for list filtering", |b| {
        b.iter(|| policy.scope(&principal, Permission::CatalogEntityRead))
    });
    group.finish();
}

criterion_group!(benches, decide);
criterion_main!(benches);
