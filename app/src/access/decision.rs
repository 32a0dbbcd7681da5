//! Roles, role bindings and the one function that decides whether a person may do something,
//! with the reason, so that every allow and deny can be explained.
//!
//! A role grants permissions; for entity-scoped permissions each grant reaches either any
//! entity or only the entities owned by the person's own teams. A binding gives a role to a
//! user or a team, everywhere or only for the entities one team owns. A caller is allowed when
//! some binding that applies to them (directly or through a team they belong to) grants the
//! permission and both limits hold for the entity.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::permission::Permission;

/// How far a role's grant of an entity-scoped permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reach {
    /// Every entity.
    Any,
    /// Only entities owned by one of the caller's teams.
    OwnTeams,
}

/// A named set of permission grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    pub description: String,
    /// Built-in roles cannot be deleted or renamed.
    pub builtin: bool,
    pub grants: BTreeMap<Permission, Reach>,
}

/// Who a binding is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Subject {
    /// A user, by id.
    User(String),
    /// Every member of a team, by the team's entity ref (`group:default/payments`).
    Team(String),
}

/// A role given to a subject, everywhere or only for entities one team owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleBinding {
    pub id: String,
    pub subject: Subject,
    pub role: String,
    /// A team's entity ref: the binding then covers only the entities that team owns.
    pub scope: Option<String>,
    /// `admin` when a person made it, `oidc` when it follows the identity provider's groups.
    pub source: String,
}

/// What a decision needs to know about the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: String,
    pub login: String,
    pub active: bool,
    /// The entity refs of the teams the user belongs to.
    pub teams: BTreeSet<String>,
}

/// The entity a permission is asked for, with its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    pub entity_ref: &'a str,
    pub owner_ref: Option<&'a str>,
}

/// Allowed or not, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: bool,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// This binding's role grants the permission and its limits hold.
    Granted { binding: RoleBinding, reach: Reach },
    /// The account is deactivated.
    Inactive,
    /// No role bound to the caller grants the permission.
    NotGranted,
    /// Roles grant it, but only for entities the target's owner does not match; the bindings
    /// that came closest are listed.
    NotOwned {
        owner: Option<String>,
        bindings: Vec<RoleBinding>,
    },
}

/// Where an entity-scoped permission holds for a caller: the filter lists apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    All,
    /// Only entities owned by these teams.
    Owners(BTreeSet<String>),
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        matches!(self, Scope::Owners(owners) if owners.is_empty())
    }

    pub fn covers(&self, owner: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Owners(owners) => owner.is_some_and(|o| owners.contains(o)),
        }
    }
}

/// Roles and bindings, indexed by subject so that a decision looks only at the bindings that
/// can apply: with 10,000 bindings, one check reads a handful.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    roles: HashMap<String, Role>,
    by_subject: HashMap<Subject, Vec<RoleBinding>>,
}

impl Policy {
    pub fn new(
        roles: impl IntoIterator<Item = Role>,
        bindings: impl IntoIterator<Item = RoleBinding>,
    ) -> Self {
        let mut by_subject: HashMap<Subject, Vec<RoleBinding>> = HashMap::new();
        for binding in bindings {
            by_subject
                .entry(binding.subject.clone())
                .or_default()
                .push(binding);
        }
        Policy {
            roles: roles.into_iter().map(|r| (r.name.clone(), r)).collect(),
            by_subject,
        }
    }

    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.get(name)
    }

    /// The bindings that apply to `principal`: their own and their teams'.
    pub fn bindings_for<'a>(
        &'a self,
        principal: &'a Principal,
    ) -> impl Iterator<Item = &'a RoleBinding> + 'a {
        std::iter::once(Subject::User(principal.user_id.clone()))
            .chain(principal.teams.iter().map(|t| Subject::Team(t.clone())))
            .filter_map(|s| self.by_subject.get(&s))
            .flatten()
    }

    /// The grants that apply: each binding with its role's reach for `permission`.
    fn grants<'a>(
        &'a self,
        principal: &'a Principal,
        permission: Permission,
    ) -> impl Iterator<Item = (&'a RoleBinding, Reach)> + 'a {
        self.bindings_for(principal)
            .filter_map(move |b| Some((b, *self.roles.get(&b.role)?.grants.get(&permission)?)))
    }

    /// Decides whether `principal` may do `permission`, to `target` when the permission is about
    /// one entity. Without a target, an entity-scoped permission is allowed only when it holds
    /// for every entity.
    pub fn decide(
        &self,
        principal: &Principal,
        permission: Permission,
        target: Option<Target<'_>>,
    ) -> Decision {
        if !principal.active {
            return Decision {
                allowed: false,
                reason: Reason::Inactive,
            };
        }
        let mut near = Vec::new();
        for (binding, reach) in self.grants(principal, permission) {
            let holds = !permission.entity_scoped() || {
                let owner = target.and_then(|t| t.owner_ref);
                let scope_ok = binding
                    .scope
                    .as_deref()
                    .is_none_or(|team| target.is_some() && owner == Some(team));
                let reach_ok = reach == Reach::Any
                    || (target.is_some() && owner.is_some_and(|o| principal.teams.contains(o)));
                scope_ok && reach_ok
            };
            if holds {
                return Decision {
                    allowed: true,
                    reason: Reason::Granted {
                        binding: binding.clone(),
                        reach,
                    },
                };
            }
            near.push(binding.clone());
        }
        let reason = if near.is_empty() {
            Reason::NotGranted
        } else {
            Reason::NotOwned {
                owner: target.and_then(|t| t.owner_ref).map(str::to_owned),
                bindings: near,
            }
        };
        Decision {
            allowed: false,
            reason,
        }
    }

    /// Where `permission` holds for `principal`, for filtering lists by owner.
    pub fn scope(&self, principal: &Principal, permission: Permission) -> Scope {
        if !principal.active {
            return Scope::Owners(BTreeSet::new());
        }
        if !permission.entity_scoped() {
            // Such permissions have no owner to check: any grant holds everywhere, as in `decide`.
            let granted = self.grants(principal, permission).next().is_some();
            return if granted {
                Scope::All
            } else {
                Scope::Owners(BTreeSet::new())
            };
        }
        let mut owners = BTreeSet::new();
        for (binding, reach) in self.grants(principal, permission) {
            match (binding.scope.as_ref(), reach) {
                (None, Reach::Any) => return Scope::All,
                (None, Reach::OwnTeams) => owners.extend(principal.teams.iter().cloned()),
                (Some(team), Reach::Any) => {
                    owners.insert(team.clone());
                }
                (Some(team), Reach::OwnTeams) if principal.teams.contains(team) => {
                    owners.insert(team.clone());
                }
                (Some(_), Reach::OwnTeams) => {}
            }
        }
        Scope::Owners(owners)
    }

    /// Every permission `principal` holds somewhere, for `/api/v1/me` and the UI.
    pub fn effective(&self, principal: &Principal) -> BTreeMap<Permission, Scope> {
        Permission::ALL
            .iter()
            .map(|p| (*p, self.scope(principal, *p)))
            .filter(|(_, s)| !s.is_empty())
            .collect()
    }
}

/// The built-in roles every installation starts with.
pub fn builtin_roles() -> Vec<Role> {
    use Permission::*;
    let role = |name: &str, description: &str, grants: &[(Permission, Reach)]| Role {
        name: name.into(),
        description: description.into(),
        builtin: true,
        grants: grants.iter().copied().collect(),
    };
    let any = |p: Permission| (p, Reach::Any);
    let own = |p: Permission| (p, Reach::OwnTeams);
    vec![
        role(
            "viewer",
            "Sees the catalog and the deployment history",
            &[any(CatalogEntityRead)],
        ),
        role(
            "developer",
            "Builds and ships: edits and deploys what their teams own, runs templates",
            &[
                any(CatalogEntityRead),
                any(CatalogEntityCreate),
                own(CatalogEntityUpdate),
                own(CatalogEntityDelete),
                any(TemplateRun),
                own(DeploymentTrigger),
                any(MetricsView),
            ],
        ),
        role(
            "manager",
            "Follows delivery: metrics for every team, approves their teams' deployments",
            &[
                any(CatalogEntityRead),
                any(MetricsView),
                own(DeploymentApprove),
            ],
        ),
        role(
            "admin",
            "Runs the portal: every permission, everywhere",
            &Permission::ALL.iter().map(|p| any(*p)).collect::<Vec<_>>(),
        ),
    ]
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
