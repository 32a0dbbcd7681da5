//! The permission list: every action the portal guards, with what a deny looks like.
//!
//! Permissions are dotted names, one list for the whole portal (as in Backstage's permission
//! framework). A permission that concerns one catalog entity is *entity-scoped*: role grants
//! and bindings can then be limited to entities owned by particular teams.

use serde::{Deserialize, Serialize};

/// What a refused caller experiences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DenyAs {
    /// Reads: the thing is absent from lists, counts and searches, and "not found" when asked
    /// for by name, so a deny does not reveal that it exists.
    Hidden,
    /// Writes: HTTP 403 with a message naming the permission.
    Forbidden,
}

macro_rules! permissions {
    ($($variant:ident => $name:literal, $scoped:literal, $deny:ident, $doc:literal;)+) => {
        /// An action the portal guards.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Permission {
            $(#[doc = $doc] $variant,)+
        }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),+];

            /// The dotted name, e.g. `catalog.entity.update`.
            pub fn name(self) -> &'static str {
                match self { $(Permission::$variant => $name),+ }
            }

            pub fn parse(name: &str) -> Option<Permission> {
                match name { $($name => Some(Permission::$variant),)+ _ => None }
            }

            /// Whether grants of this permission can be limited to entities of some owners.
            pub fn entity_scoped(self) -> bool {
                match self { $(Permission::$variant => $scoped),+ }
            }

            pub fn deny_as(self) -> DenyAs {
                match self { $(Permission::$variant => DenyAs::$deny),+ }
            }

            /// What the permission allows, for people.
            pub fn description(self) -> &'static str {
                match self { $(Permission::$variant => $doc),+ }
            }
        }
    };
}

permissions! {
    CatalogEntityRead => "catalog.entity.read", true, Hidden, "See catalog entities, their relations and their history";
    CatalogEntityCreate => "catalog.entity.create", false, Forbidden, "Register new entities and import descriptor files";
    CatalogEntityUpdate => "catalog.entity.update", true, Forbidden, "Edit an entity's metadata and spec";
    CatalogEntityDelete => "catalog.entity.delete", true, Forbidden, "Delete an entity from the catalog";
    CatalogLocationManage => "catalog.location.manage", false, Forbidden, "Register, refresh and remove catalog locations";
    TemplateRun => "template.run", false, Forbidden, "Run self-service templates";
    TemplateManage => "template.manage", false, Forbidden, "Publish and retire templates";
    TemplateTaskRead => "template.task.read", false, Hidden, "See every template task and its log, not only one's own";
    TemplateTaskCancel => "template.task.cancel", false, Forbidden, "Cancel and retry any template task, not only one's own";
    DeploymentTrigger => "deployment.trigger", true, Forbidden, "Deploy an entity to an environment";
    DeploymentApprove => "deployment.approve", true, Forbidden, "Approve deployments that need an approval";
    MetricsView => "metrics.view", false, Hidden, "See DORA and adoption metrics";
    AdminUsersManage => "admin.users.manage", false, Forbidden, "Deactivate users and revoke their sessions and tokens";
    AdminTeamsManage => "admin.teams.manage", false, Forbidden, "Change team membership";
    AdminRolesManage => "admin.roles.manage", false, Forbidden, "Create roles, change their permissions and bind them to users and teams";
    AuditRead => "audit.read", false, Hidden, "Read and export the audit log";
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.name()), Some(*p));
            assert!(p.name().split('.').count() >= 2, "{p} is dotted");
            assert!(!p.description().is_empty());
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
        assert_eq!(Permission::parse("catalog.entity.destroy"), None);
    }

    #[test]
    fn reads_hide_and_writes_forbid() {
        assert_eq!(Permission::CatalogEntityRead.deny_as(), DenyAs::Hidden);
        assert_eq!(Permission::CatalogEntityUpdate.deny_as(), DenyAs::Forbidden);
        assert!(Permission::DeploymentTrigger.entity_scoped());
        assert!(!Permission::AdminRolesManage.entity_scoped());
    }
}
