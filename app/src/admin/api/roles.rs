//! Server functions of roles and role bindings: the permission matrix and who holds what.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::decision::{Role, RoleBinding};
use crate::access::endpoints::requires;
use crate::error::AppError;

/// A permission as the matrix shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionInfo {
    pub name: String,
    pub description: String,
    pub entity_scoped: bool,
    /// "hidden" or "forbidden": what a deny looks like.
    pub deny: String,
}

/// A binding with a readable subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingRow {
    pub binding: RoleBinding,
    /// A login or a team's name.
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RolesPage {
    pub roles: Vec<Role>,
    pub bindings: Vec<BindingRow>,
    pub permissions: Vec<PermissionInfo>,
    /// Teams one can bind roles to or scope bindings to (entity refs).
    pub teams: Vec<String>,
}

/// Roles with their grants, the bindings and the permission list.
#[server(prefix = "/api", endpoint = "admin/roles/list")]
pub async fn list_roles() -> Result<RolesPage, AppError> {
    crate::server::run(|ctx| async move { service::list(&ctx).await }).await
}
requires!(ListRoles, AdminRolesManage);

/// Creates a custom role with no permissions.
#[server(prefix = "/api", endpoint = "admin/roles/create")]
pub async fn create_role(name: String, description: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::create(&ctx, name, description).await }).await
}
requires!(CreateRole, AdminRolesManage);

/// Grants or withdraws one permission of a custom role; `reach` is `any` or `own_teams`.
#[server(prefix = "/api", endpoint = "admin/roles/set_grant")]
pub async fn set_grant(
    role: String,
    permission: String,
    granted: bool,
    reach: Option<String>,
) -> Result<(), AppError> {
    crate::server::run(|ctx| async move {
        service::set_grant(&ctx, role, permission, granted, reach).await
    })
    .await
}
requires!(SetGrant, AdminRolesManage);

/// Deletes a custom role that no binding names.
#[server(prefix = "/api", endpoint = "admin/roles/delete")]
pub async fn delete_role(name: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::delete(&ctx, name).await }).await
}
requires!(DeleteRole, AdminRolesManage);

/// Gives a role to a user (`user`, by login) or a team (`team`, by name), everywhere or only
/// for the entities `scope` (a team's name) owns.
#[server(prefix = "/api", endpoint = "admin/bindings/create")]
pub async fn create_binding(
    subject_kind: String,
    subject: String,
    role: String,
    scope: Option<String>,
) -> Result<(), AppError> {
    crate::server::run(|ctx| async move {
        service::bind(&ctx, subject_kind, subject, role, scope).await
    })
    .await
}
requires!(CreateBinding, AdminRolesManage);

/// Removes a binding.
#[server(prefix = "/api", endpoint = "admin/bindings/delete")]
pub async fn delete_binding(binding_id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::unbind(&ctx, binding_id).await }).await
}
requires!(DeleteBinding, AdminRolesManage);

#[cfg(feature = "ssr")]
mod service {
    //! The work behind roles and bindings.

    use std::collections::BTreeMap;

    use super::{BindingRow, PermissionInfo, RolesPage};
    use crate::access::decision::{Reach, Role, RoleBinding, Subject};
    use crate::access::identity::normalize_login;
    use crate::access::permission::{DenyAs, Permission};
    use crate::access::store::{roles, users};
    use crate::admin::api::support::access_changed;
    use crate::catalog::model::EntityRef;
    use crate::db::Db;
    use crate::error::{AppError, FieldError};
    use crate::server::ctx::Ctx;

    fn admin(ctx: &Ctx) -> Result<Db, AppError> {
        ctx.authorize(Permission::AdminRolesManage, None)?;
        Ok(ctx.db.clone())
    }

    /// The team entity refs of the catalog, for subjects and scopes.
    async fn teams(db: &Db) -> Result<Vec<String>, AppError> {
        use sqlx::Row;
        let rows =
            sqlx::query("SELECT entity_ref FROM entities WHERE kind = 'group' ORDER BY entity_ref")
                .fetch_all(db.reader())
                .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get("entity_ref"))
            .collect::<Result<_, _>>()?)
    }

    /// A team name or ref, resolved to an existing team's ref.
    async fn team_ref(db: &Db, text: &str, field: &str) -> Result<String, AppError> {
        let key = EntityRef::parse(text, Some("group"), "default")
            .map(|r| r.key())
            .map_err(|e| AppError::Validation(vec![FieldError::new(field, e.to_string())]))?;
        if teams(db).await?.contains(&key) {
            Ok(key)
        } else {
            Err(AppError::Validation(vec![FieldError::new(
                field,
                format!("there is no team {key}"),
            )]))
        }
    }

    pub async fn list(ctx: &Ctx) -> Result<RolesPage, AppError> {
        let db = admin(ctx)?;
        let mut logins: BTreeMap<String, String> = BTreeMap::new();
        let mut bindings = Vec::new();
        for binding in roles::list_bindings(&db).await? {
            let subject = match &binding.subject {
                Subject::Team(team) => crate::catalog::model::short_ref(team).to_owned(),
                Subject::User(id) => {
                    if !logins.contains_key(id) {
                        let login = users::by_id(&db, id)
                            .await?
                            .map_or_else(|| format!("(deleted user {id})"), |u| u.user.login);
                        logins.insert(id.clone(), login);
                    }
                    logins[id].clone()
                }
            };
            bindings.push(BindingRow { binding, subject });
        }
        let permissions = Permission::ALL
            .iter()
            .map(|p| PermissionInfo {
                name: p.name().into(),
                description: p.description().into(),
                entity_scoped: p.entity_scoped(),
                deny: match p.deny_as() {
                    DenyAs::Hidden => "hidden".into(),
                    DenyAs::Forbidden => "forbidden".into(),
                },
            })
            .collect();
        Ok(RolesPage {
            roles: roles::list(&db).await?,
            bindings,
            permissions,
            teams: teams(&db).await?,
        })
    }

    pub async fn create(ctx: &Ctx, name: String, description: String) -> Result<(), AppError> {
        let db = admin(ctx)?;
        let name = normalize_login(&name).map_err(|m| {
            AppError::Validation(vec![FieldError::new(
                "name",
                m.replace("login", "role name"),
            )])
        })?;
        if roles::list(&db).await?.iter().any(|r| r.name == name) {
            return Err(AppError::Conflict(format!(
                "a role named {name} exists already"
            )));
        }
        let role = Role {
            name: name.clone(),
            description: description.trim().chars().take(200).collect(),
            builtin: false,
            grants: BTreeMap::new(),
        };
        let mut tx = db.begin().await?;
        roles::create(&mut tx, &role, ctx.at).await?;
        ctx.audited(&mut tx, "admin.role.create", &format!("role:{name}"), serde_json::json!({"before": null, "after": {"name": name, "description": role.description}})).await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }

    async fn custom_role(db: &Db, name: &str) -> Result<Role, AppError> {
        let role = roles::list(db)
            .await?
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| AppError::NotFound(format!("role {name}")))?;
        if role.builtin {
            return Err(AppError::Conflict(format!(
                "{name} is a built-in role; create a custom role to change permissions"
            )));
        }
        Ok(role)
    }

    pub async fn set_grant(
        ctx: &Ctx,
        role: String,
        permission: String,
        granted: bool,
        reach: Option<String>,
    ) -> Result<(), AppError> {
        let db = admin(ctx)?;
        let current = custom_role(&db, &role).await?;
        let permission = Permission::parse(&permission).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "permission",
                format!("{permission:?} is not a permission"),
            )])
        })?;
        let reach = match reach.as_deref() {
            None | Some("" | "any") => Reach::Any,
            Some("own_teams") if permission.entity_scoped() => Reach::OwnTeams,
            Some(other) => {
                return Err(AppError::Validation(vec![FieldError::new(
                    "reach",
                    format!("{other:?} is not a reach for {permission}"),
                )]));
            }
        };
        let mut grants = current.grants.clone();
        if granted {
            grants.insert(permission, reach);
        } else {
            grants.remove(&permission);
        }
        if grants == current.grants {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        roles::set_grants(&mut tx, &role, &grants).await?;
        let name = |g: &BTreeMap<Permission, Reach>| g.get(&permission).map(|r| format!("{r:?}"));
        let summary = serde_json::json!({"permission": permission.name(), "before": name(&current.grants), "after": name(&grants)});
        ctx.audited(
            &mut tx,
            "admin.role.grant",
            &format!("role:{role}"),
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }

    pub async fn delete(ctx: &Ctx, name: String) -> Result<(), AppError> {
        let db = admin(ctx)?;
        let role = custom_role(&db, &name).await?;
        let bound = roles::bindings_of_role(&db, &name).await?;
        if bound > 0 {
            return Err(AppError::Conflict(format!(
                "{bound} binding{} still give {name}; remove them first",
                if bound == 1 { "" } else { "s" }
            )));
        }
        let mut tx = db.begin().await?;
        roles::delete(&mut tx, &name).await?;
        let summary = serde_json::json!({"before": {"name": name, "grants": role.grants.keys().map(|p| p.name()).collect::<Vec<_>>()}, "after": null});
        ctx.audited(
            &mut tx,
            "admin.role.delete",
            &format!("role:{name}"),
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }

    pub async fn bind(
        ctx: &Ctx,
        subject_kind: String,
        subject: String,
        role: String,
        scope: Option<String>,
    ) -> Result<(), AppError> {
        let db = admin(ctx)?;
        let (subject, label) = match subject_kind.as_str() {
            "user" => {
                let user = users::by_login(&db, &subject).await?.ok_or_else(|| {
                    AppError::Validation(vec![FieldError::new(
                        "subject",
                        format!("there is no user {:?}", subject.trim()),
                    )])
                })?;
                (Subject::User(user.user.id), user.user.login)
            }
            "team" => {
                let team = team_ref(&db, &subject, "subject").await?;
                (Subject::Team(team.clone()), team)
            }
            other => {
                return Err(AppError::Validation(vec![FieldError::new(
                    "subject_kind",
                    format!("{other:?} is neither user nor team"),
                )]));
            }
        };
        if !roles::list(&db).await?.iter().any(|r| r.name == role) {
            return Err(AppError::Validation(vec![FieldError::new(
                "role",
                format!("there is no role {role:?}"),
            )]));
        }
        let scope = match scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => Some(team_ref(&db, text, "scope").await?),
            None => None,
        };
        let binding = RoleBinding {
            id: uuid::Uuid::new_v4().to_string(),
            subject,
            role: role.clone(),
            scope: scope.clone(),
            source: "admin".into(),
        };
        let mut tx = db.begin().await?;
        roles::create_binding(&mut tx, &binding, ctx.login(), ctx.at).await?;
        let summary = serde_json::json!({"before": null, "after": {"subject": label, "role": role, "scope": scope}});
        ctx.audited(
            &mut tx,
            "admin.binding.create",
            &format!("binding:{}", binding.id),
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }

    pub async fn unbind(ctx: &Ctx, binding_id: String) -> Result<(), AppError> {
        let db = admin(ctx)?;
        let admins = roles::bindings_of_role(&db, "admin").await?;
        let mut tx = db.begin().await?;
        let removed = roles::delete_binding(&mut tx, &binding_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("binding {binding_id}")))?;
        // Without an admin binding nobody could give the role back: keep at least one.
        if removed.role == "admin" && admins <= 1 {
            return Err(AppError::Conflict(
                "this is the last binding of the admin role; give admin to someone else first"
                    .into(),
            ));
        }
        let summary = serde_json::json!({"before": {"subject": format!("{:?}", removed.subject), "role": removed.role, "scope": removed.scope}, "after": null});
        ctx.audited(
            &mut tx,
            "admin.binding.delete",
            &format!("binding:{binding_id}"),
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }
}
