//! Turns a decision into sentences an administrator can act on: which binding allowed it, or
//! why none did.

use serde::{Deserialize, Serialize};

use crate::access::decision::{Decision, Principal, Reach, Reason, RoleBinding, Subject, Target};
use crate::access::permission::Permission;
use crate::catalog::model::short_ref;

/// A decision, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub allowed: bool,
    /// One sentence: allowed or denied, and by what.
    pub headline: String,
    /// The facts the decision used.
    pub details: Vec<String>,
}

fn binding_phrase(binding: &RoleBinding, login: &str) -> String {
    let to = match &binding.subject {
        Subject::User(_) => format!("to {login}"),
        Subject::Team(team) => format!("to team {}", short_ref(team)),
    };
    let scope = binding.scope.as_deref().map_or_else(
        || "everywhere".to_owned(),
        |t| format!("for what {} owns", short_ref(t)),
    );
    let source = if binding.source == "oidc" {
        ", from the identity provider's groups"
    } else {
        ""
    };
    format!("role {} given {to} {scope}{source}", binding.role)
}

/// Explains `decision` about `principal` doing `permission` to `target`.
pub fn explain(
    decision: &Decision,
    principal: &Principal,
    permission: Permission,
    target: Option<Target<'_>>,
) -> Explanation {
    let login = &principal.login;
    let what = match target {
        Some(t) => format!("{permission} on {}", t.entity_ref),
        None => permission.name().to_owned(),
    };
    let teams = if principal.teams.is_empty() {
        format!("{login} belongs to no team")
    } else {
        format!(
            "{login} belongs to {}",
            principal
                .teams
                .iter()
                .map(|t| short_ref(t))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let owner = target.map(|t| match t.owner_ref {
        Some(owner) => format!("{} is owned by {}", t.entity_ref, short_ref(owner)),
        None => format!("{} has no owner", t.entity_ref),
    });
    let mut details: Vec<String> = std::iter::once(teams).chain(owner).collect();
    let headline = match &decision.reason {
        Reason::Granted { binding, reach } => {
            let reach = match (permission.entity_scoped(), reach) {
                (false, _) => String::new(),
                (true, Reach::Any) => " for any entity".to_owned(),
                (true, Reach::OwnTeams) => " for entities their own teams own".to_owned(),
            };
            format!(
                "Allowed: {} grants {permission}{reach}.",
                binding_phrase(binding, login)
            )
        }
        Reason::Inactive => format!("Denied: {login}'s account is deactivated."),
        Reason::NotGranted => format!(
            "Denied: no role given to {login}, directly or through a team, grants {permission}."
        ),
        Reason::NotOwned { bindings, .. } => {
            for binding in bindings {
                details.push(format!(
                    "{} grants {permission}, but not for this entity",
                    binding_phrase(binding, login)
                ));
            }
            let scoped = if target.is_none() {
                ": it holds only for some entities, so name one"
            } else {
                " for this entity's owner"
            };
            format!("Denied: roles grant {permission} to {login}, but not{scoped}.")
        }
    };
    if decision.allowed != headline.starts_with("Allowed") {
        details.push(format!("(decision: {what})"));
    }
    Explanation {
        allowed: decision.allowed,
        headline,
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::decision::{Policy, builtin_roles};

    fn principal() -> Principal {
        Principal {
            user_id: "u-ada".into(),
            login: "ada".into(),
            active: true,
            teams: ["group:default/payments".to_owned()].into(),
        }
    }

    fn policy() -> Policy {
        Policy::new(
            builtin_roles(),
            [RoleBinding {
                id: "b".into(),
                subject: Subject::Team("group:default/payments".into()),
                role: "developer".into(),
                scope: None,
                source: "oidc".into(),
            }],
        )
    }

    fn check(permission: Permission, target: Option<Target<'_>>, headline: &str, details: &[&str]) {
        let decision = policy().decide(&principal(), permission, target);
        let explanation = explain(&decision, &principal(), permission, target);
        assert_eq!(explanation.headline, headline);
        assert_eq!(explanation.details, details);
        assert_eq!(explanation.allowed, decision.allowed);
    }

    #[test]
    fn explanations() {
        let ledger = Target {
            entity_ref: "component:default/ledger",
            owner_ref: Some("group:default/payments"),
        };
        let cart = Target {
            entity_ref: "component:default/cart",
            owner_ref: Some("group:default/checkout"),
        };
        check(
            Permission::CatalogEntityUpdate,
            Some(ledger),
            "Allowed: role developer given to team payments everywhere, from the identity provider's groups grants catalog.entity.update for entities their own teams own.",
            &[
                "ada belongs to payments",
                "component:default/ledger is owned by payments",
            ],
        );
        check(
            Permission::CatalogEntityUpdate,
            Some(cart),
            "Denied: roles grant catalog.entity.update to ada, but not for this entity's owner.",
            &[
                "ada belongs to payments",
                "component:default/cart is owned by checkout",
                "role developer given to team payments everywhere, from the identity provider's groups grants catalog.entity.update, but not for this entity",
            ],
        );
        check(
            Permission::AuditRead,
            None,
            "Denied: no role given to ada, directly or through a team, grants audit.read.",
            &["ada belongs to payments"],
        );
        check(
            Permission::TemplateRun,
            None,
            "Allowed: role developer given to team payments everywhere, from the identity provider's groups grants template.run.",
            &["ada belongs to payments"],
        );
    }
}
