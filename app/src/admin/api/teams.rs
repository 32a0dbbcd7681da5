//! Server functions of teams: who belongs to each, and memberships granted outside the catalog.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::error::AppError;

/// One member of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    /// The account, when the member can sign in.
    pub login: Option<String>,
    /// `catalog` (edit it in the catalog), `admin` or `oidc` (from the identity provider).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRow {
    pub team_ref: String,
    pub display_name: String,
    pub parent: Option<String>,
    pub members: Vec<Member>,
}

/// Every group of the catalog with its members.
#[server(prefix = "/api", endpoint = "admin/teams/list")]
pub async fn list_teams() -> Result<Vec<TeamRow>, AppError> {
    crate::server::run(|ctx| async move { service::list(&ctx).await }).await
}
requires!(ListTeams, AdminTeamsManage);

/// Adds a user to a team without changing the catalog.
#[server(prefix = "/api", endpoint = "admin/teams/add_member")]
pub async fn add_team_member(team_ref: String, login: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::change(&ctx, team_ref, login, true).await })
        .await
}
requires!(AddTeamMember, AdminTeamsManage);

/// Removes a membership an administrator granted.
#[server(prefix = "/api", endpoint = "admin/teams/remove_member")]
pub async fn remove_team_member(team_ref: String, login: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::change(&ctx, team_ref, login, false).await })
        .await
}
requires!(RemoveTeamMember, AdminTeamsManage);

#[cfg(feature = "ssr")]
mod service {
    //! The work behind team membership.

    use super::{Member, TeamRow};
    use crate::access::permission::Permission;
    use crate::access::store::users;
    use crate::admin::api::support::access_changed;
    use crate::catalog::store::groups;
    use crate::error::{AppError, FieldError};
    use crate::server::ctx::Ctx;

    pub async fn list(ctx: &Ctx) -> Result<Vec<TeamRow>, AppError> {
        ctx.authorize(Permission::AdminTeamsManage, None)?;
        let db = ctx.db.clone();
        let mut rows = Vec::new();
        for (team_ref, display_name, parent) in groups(&db).await? {
            let (catalog, granted) = users::members_of(&db, &team_ref).await?;
            let mut members: Vec<Member> = Vec::new();
            for (entity, name) in catalog {
                // An account linked to the catalog user, if any.
                let login = entity.rsplit('/').next().map(str::to_owned);
                let account = match &login {
                    Some(l) => users::by_login(&db, l).await?.filter(|u| {
                        u.user.entity_ref.as_deref().map(str::to_lowercase) == Some(entity.clone())
                    }),
                    None => None,
                };
                members.push(Member {
                    name,
                    login: account.map(|a| a.user.login),
                    source: "catalog".into(),
                });
            }
            members.extend(granted.into_iter().map(|(user, source)| Member {
                name: user.display_name,
                login: Some(user.login),
                source,
            }));
            rows.push(TeamRow {
                team_ref,
                display_name,
                parent,
                members,
            });
        }
        Ok(rows)
    }

    pub async fn change(
        ctx: &Ctx,
        team_ref: String,
        login: String,
        add: bool,
    ) -> Result<(), AppError> {
        ctx.authorize(Permission::AdminTeamsManage, None)?;
        let db = ctx.db.clone();
        if !groups(&db).await?.iter().any(|(r, _, _)| *r == team_ref) {
            return Err(AppError::NotFound(format!("team {team_ref}")));
        }
        let user = users::by_login(&db, &login)
            .await?
            .ok_or_else(|| {
                AppError::Validation(vec![FieldError::new(
                    "login",
                    format!("there is no user {:?}", login.trim()),
                )])
            })?
            .user;
        let mut tx = db.begin().await?;
        let changed = if add {
            users::add_member(&mut tx, &team_ref, &user.id, "admin", ctx.at).await?
        } else {
            users::remove_member(&mut tx, &team_ref, &user.id).await?
        };
        if !changed {
            return Err(AppError::Conflict(if add {
                format!("{} is already a member of {team_ref}", user.login)
            } else {
                format!(
                    "{} has no membership of {team_ref} granted here; catalog memberships change in the catalog",
                    user.login
                )
            }));
        }
        let (before, after) = if add { (false, true) } else { (true, false) };
        let summary = serde_json::json!({"user": user.login, "before": {"member": before}, "after": {"member": after}});
        ctx.audited(
            &mut tx,
            if add {
                "admin.team.add_member"
            } else {
                "admin.team.remove_member"
            },
            &team_ref,
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }
}
