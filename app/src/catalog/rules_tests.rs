//! The write rules, one case per rule and door, with a developer of Checkout as the writer.

use std::collections::BTreeSet;

use serde_json::json;

use super::*;
use crate::access::decision::{RoleBinding, Subject, builtin_roles};
use crate::catalog::model::{API_VERSION, Metadata};

fn entity(kind: &str, name: &str, spec: serde_json::Value) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: kind.into(),
        metadata: Metadata {
            name: name.into(),
            ..Metadata::default()
        },
        spec: spec.as_object().cloned().unwrap_or_default(),
        relations: vec![],
        status: None,
    }
}

fn developer() -> (Policy, Principal) {
    let binding = RoleBinding {
        id: "b".into(),
        subject: Subject::User("dana".into()),
        role: "developer".into(),
        scope: None,
        source: "admin".into(),
    };
    let policy = Policy::new(builtin_roles(), vec![binding]);
    let principal = Principal {
        user_id: "dana".into(),
        login: "dana".into(),
        active: true,
        teams: BTreeSet::from(["group:default/checkout".to_owned()]),
    };
    (policy, principal)
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(u, t)| (format!("user:default/{u}"), format!("group:default/{t}")))
        .collect()
}

/// Checks a write by the developer through `door`; `Ok` or the refusal's message.
fn check(
    door: Door,
    key: &str,
    before: Option<Before>,
    after: Option<&Entity>,
) -> Result<(), String> {
    let (policy, principal) = developer();
    let rules = Rules {
        writer: Writer::Person {
            policy: &policy,
            principal: &principal,
        },
        door,
    };
    rules.check(key, before, after).map_err(|r| r.message)
}

/// What is stored: owner, registering location, orphan or not, memberships.
fn was<'a>(
    owner: Option<&'a str>,
    location_id: Option<&'a str>,
    orphan: bool,
    memberships: &'a BTreeSet<(String, String)>,
) -> Option<Before<'a>> {
    Some(Before {
        owner,
        location_id,
        orphan,
        memberships,
    })
}

const CHECKOUT: Option<&str> = Some("group:default/checkout");
const PAYMENTS: Option<&str> = Some("group:default/payments");

#[test]
fn owners_decide_updates_and_nobody_gives_entities_away() {
    let none = BTreeSet::new();
    let cart = entity("Component", "cart", json!({"owner": "checkout"}));
    let given = entity("Component", "cart", json!({"owner": "payments"}));
    let key = "component:default/cart";
    assert_eq!(check(Door::Import, key, None, Some(&cart)), Ok(()));
    assert_eq!(
        check(
            Door::Import,
            key,
            was(CHECKOUT, None, false, &none),
            Some(&cart)
        ),
        Ok(())
    );
    let refused = check(
        Door::Import,
        key,
        was(PAYMENTS, None, false, &none),
        Some(&cart),
    );
    assert!(refused.unwrap_err().contains("which another team owns"));
    for door in [Door::Import, Door::Edit] {
        let refused = check(door, key, was(CHECKOUT, None, false, &none), Some(&given));
        assert!(
            refused
                .unwrap_err()
                .contains("may not give component:default/cart to group:default/payments")
        );
    }
    let unowned = entity("Component", "cart", json!({}));
    let refused = check(
        Door::Edit,
        key,
        was(CHECKOUT, None, false, &none),
        Some(&unowned),
    );
    assert!(refused.unwrap_err().contains("to no owner"));
    let deleted = check(Door::Edit, key, was(PAYMENTS, None, false, &none), None);
    assert!(deleted.unwrap_err().contains("may not delete"));
}

#[test]
fn team_membership_changes_need_admin_teams_manage_through_every_door() {
    let group = |members: serde_json::Value| {
        entity(
            "Group",
            "checkout",
            json!({"type": "team", "members": members}),
        )
    };
    let key = "group:default/checkout";
    let had = pairs(&[("dana", "checkout")]);
    // The developer may edit their own team's description, not who is in it.
    assert_eq!(
        check(
            Door::Edit,
            key,
            was(CHECKOUT, None, false, &had),
            Some(&group(json!(["dana"])))
        ),
        Ok(())
    );
    let more = group(json!(["dana", "morgan"]));
    for (door, location) in [
        (Door::Import, None),
        (Door::Edit, None),
        (Door::Location("l1"), Some("l1")),
    ] {
        let added = check(door, key, was(CHECKOUT, location, false, &had), Some(&more));
        let message = added.unwrap_err();
        assert!(
            message.contains(
                "needs admin.teams.manage (user:default/morgan in group:default/checkout)"
            ),
            "{door:?}: {message}"
        );
    }
    // A new user that names a team, and deleting a team with members, change membership too.
    let user = entity("User", "eve", json!({"memberOf": ["payments"]}));
    let joined = check(Door::Import, "user:default/eve", None, Some(&user));
    assert!(joined.unwrap_err().contains("admin.teams.manage"));
    let removed = check(Door::Edit, key, was(CHECKOUT, None, false, &had), None);
    assert!(removed.unwrap_err().contains("admin.teams.manage"));
    // Runway itself (`runway import`) may.
    let system = Rules {
        writer: Writer::System,
        door: Door::Import,
    };
    assert_eq!(system.check("user:default/eve", None, Some(&user)), Ok(()));
}

#[test]
fn an_entity_belongs_to_the_location_that_registered_it() {
    let none = BTreeSet::new();
    let cart = entity("Component", "cart", json!({"owner": "payments"}));
    let key = "component:default/cart";
    let from =
        |location: Option<&'static str>, orphan: bool| was(PAYMENTS, location, orphan, &none);
    // Its own location may change it, whoever owns it.
    assert_eq!(
        check(
            Door::Location("l1"),
            key,
            from(Some("l1"), false),
            Some(&cart)
        ),
        Ok(())
    );
    let other = check(
        Door::Location("l2"),
        key,
        from(Some("l1"), false),
        Some(&cart),
    );
    assert!(
        other
            .unwrap_err()
            .contains("registered already from another location")
    );
    let taken = check(Door::Location("l2"), key, from(None, false), Some(&cart));
    assert!(taken.unwrap_err().contains("registered without a location"));
    let imported = check(Door::Import, key, from(Some("l1"), false), Some(&cart));
    assert!(
        imported
            .unwrap_err()
            .contains("comes from a registered location")
    );
    // An orphan may be taken over.
    assert_eq!(
        check(
            Door::Location("l2"),
            key,
            from(Some("l1"), true),
            Some(&cart)
        ),
        Ok(())
    );
}
