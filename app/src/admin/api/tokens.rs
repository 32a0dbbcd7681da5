//! Server functions of API tokens: each person's own, and every token for administrators.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::access::identity::ApiToken;
use crate::error::AppError;

/// A new token: the secret, shown once, and what lists will show of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub secret: String,
    pub token: ApiToken,
}

/// A token with whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRow {
    pub token: ApiToken,
    pub login: String,
}

/// The signed-in person's tokens, revoked ones included.
#[server(prefix = "/api", endpoint = "tokens/mine")]
pub async fn list_my_tokens() -> Result<Vec<ApiToken>, AppError> {
    crate::server::run(|ctx| async move { service::mine(&ctx).await }).await
}
requires!(ListMyTokens, SignedIn);

/// Creates a token that acts as the signed-in person, for `expires_days` days (or until revoked).
#[server(prefix = "/api", endpoint = "tokens/create")]
pub async fn create_my_token(
    name: String,
    expires_days: Option<i64>,
) -> Result<CreatedToken, AppError> {
    crate::server::run(|ctx| async move { service::create_mine(&ctx, name, expires_days).await })
        .await
}
requires!(CreateMyToken, SignedIn);

/// Revokes one of the signed-in person's tokens.
#[server(prefix = "/api", endpoint = "tokens/revoke")]
pub async fn revoke_my_token(token_id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::revoke(&ctx, token_id, false).await }).await
}
requires!(RevokeMyToken, SignedIn);

/// Every token, for administrators.
#[server(prefix = "/api", endpoint = "admin/tokens/list")]
pub async fn list_all_tokens() -> Result<Vec<TokenRow>, AppError> {
    crate::server::run(|ctx| async move { service::all(&ctx).await }).await
}
requires!(ListAllTokens, AdminUsersManage);

/// Revokes anyone's token.
#[server(prefix = "/api", endpoint = "admin/tokens/revoke")]
pub async fn revoke_any_token(token_id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::revoke(&ctx, token_id, true).await }).await
}
requires!(RevokeAnyToken, AdminUsersManage);

#[cfg(feature = "ssr")]
pub mod service {
    //! The work behind tokens, shared with `runway token create`.

    use chrono::{DateTime, Duration, Utc};

    use super::{CreatedToken, TokenRow};
    use crate::access::identity::{ApiToken, User};
    use crate::access::permission::Permission;
    use crate::access::secrets::new_api_token;
    use crate::access::store::{tokens, users};
    use crate::error::{AppError, FieldError};
    use crate::server::ctx::Ctx;

    /// Checks a token's name and lifetime.
    pub fn check(name: &str, expires_days: Option<i64>) -> Result<(String, Option<i64>), AppError> {
        let name = name.trim().to_owned();
        let mut problems = Vec::new();
        if name.is_empty() || name.chars().count() > 80 {
            problems.push(FieldError::new(
                "name",
                "a token's name has 1 to 80 characters",
            ));
        }
        if expires_days.is_some_and(|d| !(1..=3650).contains(&d)) {
            problems.push(FieldError::new(
                "expires_days",
                "a token lasts from 1 to 3650 days",
            ));
        }
        if problems.is_empty() {
            Ok((name, expires_days))
        } else {
            Err(AppError::Validation(problems))
        }
    }

    /// Creates a token for `user`, expiring after `expires_days` but never after `not_after`,
    /// audited as done by `ctx`'s actor (`runway token create` acts as Runway itself).
    pub async fn create(
        ctx: &Ctx,
        user: &User,
        name: &str,
        expires_days: Option<i64>,
        not_after: Option<DateTime<Utc>>,
    ) -> Result<CreatedToken, AppError> {
        let at = ctx.at;
        let (name, expires_days) = check(name, expires_days)?;
        let (secret, hash, prefix) = new_api_token();
        let token = ApiToken {
            id: uuid::Uuid::new_v4().to_string(),
            user_id: user.id.clone(),
            name,
            prefix,
            created_at: at,
            expires_at: expires_days
                .map(|d| at + Duration::days(d))
                .map(|e| not_after.map_or(e, |limit| e.min(limit))),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = ctx.db.begin().await?;
        tokens::insert(&mut tx, &token, &hash).await?;
        let summary = serde_json::json!({"before": null, "after": {"name": token.name, "prefix": token.prefix, "user": user.login, "expires_at": token.expires_at}});
        ctx.audited(
            &mut tx,
            "token.create",
            &format!("token:{}", token.id),
            summary,
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedToken { secret, token })
    }

    pub async fn mine(ctx: &Ctx) -> Result<Vec<ApiToken>, AppError> {
        let caller = ctx.caller()?;
        Ok(tokens::list(&ctx.db, Some(&caller.user.id)).await?)
    }

    pub async fn create_mine(
        ctx: &Ctx,
        name: String,
        expires_days: Option<i64>,
    ) -> Result<CreatedToken, AppError> {
        let caller = ctx.caller()?;
        let at = ctx.at;
        // A token may make tokens, but none that outlive it: otherwise one leaked short-lived
        // token would buy a permanent one. Asking for the same number of days it has left is
        // fine; the new one then ends with it.
        let mut not_after = None;
        if let crate::server::caller::Via::Token { id } = &caller.via
            && let Some(limit) = tokens::by_id(&ctx.db, id).await?.and_then(|t| t.expires_at)
        {
            let wanted = expires_days.map(|d| at + Duration::days(d));
            if wanted.is_none_or(|wanted| wanted > limit + Duration::days(1)) {
                return Err(AppError::Validation(vec![FieldError::new(
                    "expires_days",
                    format!(
                        "a token made with an API token must expire no later than that token, on {}",
                        limit.format("%Y-%m-%d")
                    ),
                )]));
            }
            not_after = Some(limit);
        }
        create(ctx, &caller.user, &name, expires_days, not_after).await
    }

    pub async fn all(ctx: &Ctx) -> Result<Vec<TokenRow>, AppError> {
        ctx.authorize(Permission::AdminUsersManage, None)?;
        let db = ctx.db.clone();
        let mut rows = Vec::new();
        for token in tokens::list(&db, None).await? {
            let login = users::by_id(&db, &token.user_id)
                .await?
                .map(|u| u.user.login)
                .unwrap_or_default();
            rows.push(TokenRow { token, login });
        }
        Ok(rows)
    }

    /// Revokes a token: one's own, or anyone's for administrators (`any`). Someone else's token
    /// looks like no token at all to a non-administrator.
    pub async fn revoke(ctx: &Ctx, token_id: String, any: bool) -> Result<(), AppError> {
        if any {
            ctx.authorize(Permission::AdminUsersManage, None)?;
        }
        let caller = ctx.caller()?;
        let db = ctx.db.clone();
        let token = tokens::by_id(&db, &token_id)
            .await?
            .filter(|t| any || t.user_id == caller.user.id)
            .ok_or_else(|| AppError::NotFound(format!("token {token_id}")))?;
        let mut tx = db.begin().await?;
        if tokens::revoke(&mut tx, &token.id, ctx.at).await? {
            let summary =
                serde_json::json!({"before": "live", "after": "revoked", "name": token.name});
            ctx.audited(
                &mut tx,
                "token.revoke",
                &format!("token:{}", token.id),
                summary,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
