//! Server functions of user administration: list and search, deactivate and reactivate,
//! sessions and their revocation.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::access::identity::{Session, User};
use crate::error::AppError;

/// Users per page of the admin list.
pub const PAGE_SIZE: i64 = 25;

/// A user as the admin list shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub user: User,
    pub teams: Vec<String>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: i64,
    pub page: i64,
}

/// A live session with whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    pub session: Session,
    pub login: String,
}

/// Users whose login, name or email contains `text`.
#[server(prefix = "/api", endpoint = "admin/users/list")]
pub async fn list_users(text: Option<String>, page: Option<i64>) -> Result<UserPage, AppError> {
    let (text, page) = (text.unwrap_or_default(), page.unwrap_or(0));
    crate::server::run(|ctx| async move { service::list(&ctx, text, page).await }).await
}
requires!(ListUsers, AdminUsersManage);

/// Creates a local account that signs in with a login and password.
#[server(prefix = "/api", endpoint = "admin/users/create")]
pub async fn create_user(
    login: String,
    display_name: String,
    email: Option<String>,
    password: String,
) -> Result<(), AppError> {
    crate::server::run(|ctx| async move {
        service::create(&ctx, login, display_name, email, password).await
    })
    .await
}
requires!(CreateUser, AdminUsersManage);

/// Deactivates a user (their sessions and tokens end at once) or reactivates them.
#[server(prefix = "/api", endpoint = "admin/users/set_active")]
pub async fn set_user_active(user_id: String, active: bool) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::set_active(&ctx, user_id, active).await }).await
}
requires!(SetUserActive, AdminUsersManage);

/// Every live session.
#[server(prefix = "/api", endpoint = "admin/sessions/list")]
pub async fn list_sessions() -> Result<Vec<SessionRow>, AppError> {
    crate::server::run(|ctx| async move { service::sessions(&ctx).await }).await
}
requires!(ListSessions, AdminUsersManage);

/// Ends a session at once.
#[server(prefix = "/api", endpoint = "admin/sessions/revoke")]
pub async fn revoke_session(session_id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::revoke_session(&ctx, session_id).await }).await
}
requires!(RevokeSession, AdminUsersManage);

#[cfg(feature = "ssr")]
mod service {
    //! The work behind user administration.

    use std::collections::HashMap;

    use super::{PAGE_SIZE, SessionRow, UserPage, UserRow};
    use crate::access::permission::Permission;
    use crate::access::store::users::principal_of;
    use crate::access::store::{sessions, tokens, users};
    use crate::admin::api::support::access_changed;
    use crate::error::AppError;
    use crate::server::ctx::Ctx;

    pub async fn list(ctx: &Ctx, text: String, page: i64) -> Result<UserPage, AppError> {
        ctx.authorize(Permission::AdminUsersManage, None)?;
        let db = &ctx.db;
        let page = page.clamp(0, 10_000);
        let (found, total) = users::list(
            db,
            text.chars().take(100).collect::<String>().as_str(),
            PAGE_SIZE,
            page * PAGE_SIZE,
        )
        .await?;
        let policy = &ctx.policy;
        let mut rows = Vec::with_capacity(found.len());
        for user in found {
            let principal = principal_of(db, &user).await?;
            let mut roles: Vec<String> = policy
                .bindings_for(&principal)
                .map(|b| b.role.clone())
                .collect();
            roles.sort();
            roles.dedup();
            rows.push(UserRow {
                teams: principal.teams.into_iter().collect(),
                roles,
                user,
            });
        }
        Ok(UserPage { rows, total, page })
    }

    pub async fn create(
        ctx: &Ctx,
        login: String,
        display_name: String,
        email: Option<String>,
        password: String,
    ) -> Result<(), AppError> {
        use crate::access::identity::{check_new_password, normalize_login};
        use crate::error::FieldError;
        ctx.authorize(Permission::AdminUsersManage, None)?;
        let db = &ctx.db;
        let mut problems = Vec::new();
        let login = normalize_login(&login)
            .map_err(|m| problems.push(FieldError::new("login", m)))
            .ok();
        let display_name = display_name.trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > 120 {
            problems.push(FieldError::new(
                "display_name",
                "a name has 1 to 120 characters",
            ));
        }
        let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
        if email
            .as_deref()
            .is_some_and(|e| !e.contains('@') || e.len() > 254)
        {
            problems.push(FieldError::new("email", "that is not an email address"));
        }
        if let Err(m) = check_new_password(&password) {
            problems.push(FieldError::new("password", m));
        }
        let Some(login) = login.filter(|_| problems.is_empty()) else {
            return Err(AppError::Validation(problems));
        };
        if users::by_login(db, &login).await?.is_some() {
            return Err(AppError::Validation(vec![FieldError::new(
                "login",
                format!("{login} is taken"),
            )]));
        }
        let hash = crate::access::secrets::hash_password(password)
            .await
            .map_err(AppError::internal)?;
        let new = users::NewUser {
            login: login.clone(),
            display_name: display_name.clone(),
            email: email.clone(),
            password_hash: Some(hash),
            ..users::NewUser::default()
        };
        let mut tx = db.begin().await?;
        // A concurrent create of the same login fails on the unique key: a conflict, not a 500.
        users::insert(&mut tx, &new, ctx.at).await?;
        let summary = serde_json::json!({"before": null, "after": {"login": login, "display_name": display_name, "email": email}});
        ctx.audited(
            &mut tx,
            "admin.user.create",
            &format!("user:{login}"),
            summary,
        )
        .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_active(ctx: &Ctx, user_id: String, active: bool) -> Result<(), AppError> {
        ctx.authorize(Permission::AdminUsersManage, None)?;
        if ctx.caller().is_ok_and(|c| c.user.id == user_id) && !active {
            return Err(AppError::Conflict(
                "you cannot deactivate your own account".into(),
            ));
        }
        let db = &ctx.db;
        let user = users::by_id(db, &user_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {user_id}")))?
            .user;
        if user.active == active {
            return Ok(());
        }
        let at = ctx.at;
        let mut tx = db.begin().await?;
        users::set_active(&mut tx, &user_id, active, at).await?;
        let (ended_sessions, ended_tokens) = if active {
            (0, 0)
        } else {
            (
                sessions::revoke_all_of(&mut tx, &user_id, at).await?,
                tokens::revoke_all_of(&mut tx, &user_id, at).await?,
            )
        };
        let action = if active {
            "admin.user.reactivate"
        } else {
            "admin.user.deactivate"
        };
        let summary = serde_json::json!({"before": {"active": !active}, "after": {"active": active}, "sessions_ended": ended_sessions, "tokens_revoked": ended_tokens});
        ctx.audited(&mut tx, action, &format!("user:{}", user.login), summary)
            .await?;
        access_changed(&mut tx).await?;
        tx.commit().await?;
        ctx.policy_changed();
        Ok(())
    }

    pub async fn sessions(ctx: &Ctx) -> Result<Vec<SessionRow>, AppError> {
        ctx.authorize(Permission::AdminUsersManage, None)?;
        let db = &ctx.db;
        let live = sessions::live(db, None, ctx.at).await?;
        let mut logins: HashMap<String, String> = HashMap::new();
        let mut rows = Vec::with_capacity(live.len());
        for session in live {
            if !logins.contains_key(&session.user_id) {
                let login = users::by_id(db, &session.user_id)
                    .await?
                    .map(|u| u.user.login)
                    .unwrap_or_default();
                logins.insert(session.user_id.clone(), login);
            }
            rows.push(SessionRow {
                login: logins[&session.user_id].clone(),
                session,
            });
        }
        Ok(rows)
    }

    pub async fn revoke_session(ctx: &Ctx, session_id: String) -> Result<(), AppError> {
        ctx.authorize(Permission::AdminUsersManage, None)?;
        let db = &ctx.db;
        let session = sessions::by_id(db, &session_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("session {session_id}")))?;
        let login = users::by_id(db, &session.user_id)
            .await?
            .map(|u| u.user.login)
            .unwrap_or_default();
        let mut tx = db.begin().await?;
        if sessions::revoke(&mut tx, &session_id, ctx.at).await? {
            let summary = serde_json::json!({"before": "live", "after": "revoked", "user": login});
            let target = format!("session:{session_id}");
            ctx.audited(&mut tx, "admin.session.revoke", &target, summary)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
