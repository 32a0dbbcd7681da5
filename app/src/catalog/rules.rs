//! The rules every write to the catalog obeys, whichever door it comes through: an upload, the
//! REST import, `runway import`, a location refresh, the editor, a delete.
//!
//! Before these were one function, the import door skipped rules the editor enforced: a
//! developer could give their entity to another team, add people to a team, or, through a
//! location, overwrite any entity. Each door now describes who writes and how, and asks here.

use std::collections::BTreeSet;

use crate::access::decision::{Policy, Principal, Target};
use crate::access::permission::Permission;
use crate::catalog::model::{Entity, relations_of};
use crate::server::ctx::{Actor, Ctx};

/// Who writes.
#[derive(Debug, Clone, Copy)]
pub enum Writer<'a> {
    /// A person, decided by the policy. A location's refresh writes as the person who
    /// registered it, so that a file cannot do what its registrant may not.
    Person {
        policy: &'a Policy,
        principal: &'a Principal,
    },
    /// Runway itself: `runway import` and the demo, run by whoever controls the server.
    System,
}

/// Which door a write comes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door<'a> {
    /// Descriptor files sent to Runway (browser, REST API, CLI).
    Import,
    /// The entity editor and deletes: one entity, written back to its file if it has one.
    Edit,
    /// A registered location's files, by its id.
    Location(&'a str),
}

/// What the catalog holds for a ref before the write.
#[derive(Debug, Clone, Copy)]
pub struct Before<'a> {
    pub owner: Option<&'a str>,
    /// The location that registered it.
    pub location_id: Option<&'a str>,
    /// An orphan's location no longer supplies it: another may take it over.
    pub orphan: bool,
    /// The (user, team) memberships it declares.
    pub memberships: &'a BTreeSet<(String, String)>,
}

/// Why a write is refused, with the field at fault (empty for the whole entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: &'static str,
    pub message: String,
    /// Another source holds the entity (409), rather than a missing permission (403).
    pub conflict: bool,
}

/// The rules of one write: who, through which door.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub writer: Writer<'a>,
    pub door: Door<'a>,
}

/// The principal of someone who is nobody yet (signing in): inactive, without teams; every
/// rule refuses them.
static NOBODY: Principal = Principal {
    user_id: String::new(),
    login: String::new(),
    active: false,
    teams: BTreeSet::new(),
};

impl<'a> Rules<'a> {
    /// The rules for `ctx`'s actor writing through `door`.
    pub fn of(ctx: &'a Ctx, door: Door<'a>) -> Rules<'a> {
        let writer = match &ctx.actor {
            Actor::Person(caller) => Writer::Person {
                policy: &ctx.policy,
                principal: &caller.principal,
            },
            Actor::System(_) => Writer::System,
            Actor::SigningIn(_) => Writer::Person {
                policy: &ctx.policy,
                principal: &NOBODY,
            },
        };
        Rules { writer, door }
    }
}

impl Rules<'_> {
    /// Whether `key` may go from `before` (nothing: a new entity) to `after` (nothing: a delete).
    pub fn check(
        &self,
        key: &str,
        before: Option<Before<'_>>,
        after: Option<&Entity>,
    ) -> Result<(), Refusal> {
        self.check_source(key, before)?;
        // A location is the source of truth for what it registered; other doors need the
        // right to change the entity as it is, and as it will be.
        let location = matches!(self.door, Door::Location(_));
        if let Some(before) = before
            && !location
            && !self.may(Permission::CatalogEntityUpdate, key, before.owner)
        {
            let verb = if after.is_some() { "change" } else { "delete" };
            return Err(forbidden(
                "",
                format!(
                    "you may not {verb} {key}, which another team owns (catalog.entity.update)"
                ),
            ));
        }
        if let (Some(before), Some(after)) = (before, after) {
            let owner = owner_of(after);
            if before.owner != owner.as_deref()
                && !location
                && !self.may(Permission::CatalogEntityUpdate, key, owner.as_deref())
            {
                let to = owner.as_deref().unwrap_or("no owner");
                return Err(forbidden(
                    "spec.owner",
                    format!(
                        "you may not give {key} to {to}, whose entities you may not change (catalog.entity.update)"
                    ),
                ));
            }
        }
        let empty = BTreeSet::new();
        let had = before.map_or(&empty, |b| b.memberships);
        let has = after.map(memberships).unwrap_or_default();
        if *had != has && !self.may(Permission::AdminTeamsManage, key, None) {
            let changed: Vec<String> = had
                .symmetric_difference(&has)
                .take(3)
                .map(|(user, team)| format!("{user} in {team}"))
                .collect();
            return Err(forbidden(
                if after.is_some_and(|e| e.kind.eq_ignore_ascii_case("user")) {
                    "spec.memberOf"
                } else {
                    "spec.members"
                },
                format!(
                    "changing who belongs to a team needs admin.teams.manage ({})",
                    changed.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Backstage's rule: an entity belongs to the location that registered it. Another
    /// location, and an import, may not overwrite it, unless it is an orphan.
    fn check_source(&self, key: &str, before: Option<Before<'_>>) -> Result<(), Refusal> {
        let Some(before) = before.filter(|b| !b.orphan) else {
            return Ok(());
        };
        match (self.door, before.location_id) {
            (Door::Location(here), Some(there)) if here != there => Err(conflict(format!(
                "{key} is registered already from another location; remove it there first"
            ))),
            (Door::Location(_), None) => Err(conflict(format!(
                "{key} was registered without a location; delete it before a location may supply it"
            ))),
            (Door::Import, Some(_)) => Err(conflict(format!(
                "{key} comes from a registered location; change its file there, or edit it in the portal"
            ))),
            _ => Ok(()),
        }
    }

    fn may(&self, permission: Permission, key: &str, owner: Option<&str>) -> bool {
        match self.writer {
            Writer::System => true,
            Writer::Person { policy, principal } => {
                let target = permission.entity_scoped().then_some(Target {
                    entity_ref: key,
                    owner_ref: owner,
                });
                policy.decide(principal, permission, target).allowed
            }
        }
    }
}

fn forbidden(field: &'static str, message: String) -> Refusal {
    Refusal {
        field,
        message,
        conflict: false,
    }
}

fn conflict(message: String) -> Refusal {
    Refusal {
        field: "",
        message,
        conflict: true,
    }
}

/// The owner an entity will have, as stored: groups own themselves.
pub fn owner_of(entity: &Entity) -> Option<String> {
    let entity_ref = entity.entity_ref();
    if entity_ref.kind == "group" {
        return Some(entity_ref.key());
    }
    entity.spec_ref("owner", "group").map(|r| r.key())
}

/// The (user, team) memberships an entity declares: a user's `memberOf`, a group's `members`.
pub fn memberships(entity: &Entity) -> BTreeSet<(String, String)> {
    relations_of(entity)
        .into_iter()
        .filter(|edge| edge.kind == "memberOf")
        .map(|edge| (edge.source.key(), edge.target.key()))
        .collect()
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
