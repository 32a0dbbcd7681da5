//! Server functions of authentication: sign in, sign out, who am I, change password.

use leptos::prelude::*;

use super::model::{Me, SignInOptions};
use crate::access::endpoints::requires;
use crate::error::AppError;

/// How the sign-in page offers to sign in.
#[server(prefix = "/api", endpoint = "auth/options")]
pub async fn get_sign_in_options() -> Result<SignInOptions, AppError> {
    let auth = crate::auth::service::runtime::of(&crate::server::shared()?)?;
    let sso = auth.oidc.as_ref().map(|o| o.settings.label.clone());
    Ok(SignInOptions {
        local: auth.local_sign_in,
        sso,
    })
}
requires!(GetSignInOptions, Public);

/// Signs in with a login and password, then goes to `next` (a path on this site).
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    // Nobody is signed in yet: this door has no `Ctx`, and the sign-in service takes what it
    // needs explicitly.
    let result = async {
        let shared = crate::server::shared()?;
        let auth = crate::auth::service::runtime::of(&shared)?;
        if !auth.local_sign_in {
            return Err(AppError::Forbidden(
                "sign in with a password on this portal; use single sign-on".into(),
            ));
        }
        let origin = http_side::origin();
        let now = crate::clock::now();
        let signed_in = crate::auth::service::sign_in::with_password(
            &shared.db, &auth, &login, &password, &origin, now,
        );
        let (_, _, cookie) = signed_in.await?;
        http_side::set_cookie(&cookie);
        leptos_axum::redirect(&super::model::safe_next(next.as_deref()));
        Ok(())
    };
    crate::server::respond(result.await)
}
requires!(SignIn, Public);

/// The signed-in user, or nothing.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    if crate::server::caller::caller().is_none() {
        return Ok(None);
    }
    crate::server::run(|ctx| async move { Ok(Some(service::describe(ctx.caller()?, &ctx.policy))) })
        .await
}
requires!(GetMe, Public);

/// Ends this browser's session and goes to the sign-in page.
#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::run(|ctx| async move {
        service::sign_out(&ctx).await?;
        let auth = crate::auth::service::runtime::of(&crate::server::shared()?)?;
        http_side::set_cookie(&auth.clear_cookie());
        leptos_axum::redirect("/sign-in");
        Ok(())
    })
    .await
}
requires!(SignOut, SignedIn);

/// Changes the signed-in user's password; their other sessions and their API tokens end.
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::change_password(&ctx, current, new).await })
        .await
}
requires!(ChangePassword, SignedIn);

#[cfg(feature = "ssr")]
mod http_side {
    //! What the authentication server functions read from and write to the HTTP exchange
    //! itself: the client's address and the session cookie.

    use leptos::prelude::use_context;

    use crate::auth::service::session::Origin;
    use crate::server::caller::{client_address, user_agent};

    pub fn origin() -> Origin {
        Origin {
            address: client_address(),
            user_agent: user_agent(),
        }
    }

    pub fn set_cookie(value: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(value),
        ) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The work behind the authentication server functions, for a signed-in person.

    use crate::access::decision::Policy;
    use crate::access::identity::check_new_password;
    use crate::access::store::{sessions, tokens, users};
    use crate::auth::model::Me;
    use crate::auth::service::credentials::hash_password;
    use crate::auth::service::session;
    use crate::auth::service::sign_in::check_password;
    use crate::error::{AppError, FieldError};
    use crate::server::caller::{Caller, Via};
    use crate::server::ctx::Ctx;

    /// The user, their teams, roles and permissions, as `/api/v1/me` and the user menu show them.
    pub fn describe(caller: &Caller, policy: &Policy) -> Me {
        let mut roles: Vec<String> = policy
            .bindings_for(&caller.principal)
            .map(|b| b.role.clone())
            .collect();
        roles.sort();
        roles.dedup();
        Me {
            user: caller.user.clone(),
            teams: caller.principal.teams.iter().cloned().collect(),
            roles,
            permissions: policy
                .effective(&caller.principal)
                .keys()
                .map(|p| p.name().to_owned())
                .collect(),
        }
    }

    /// Ends the session the caller signed in with (a token has none to end).
    pub async fn sign_out(ctx: &Ctx) -> Result<(), AppError> {
        let caller = ctx.caller()?;
        if let Via::Session { id } = &caller.via {
            session::end(ctx, id).await?;
        }
        Ok(())
    }

    pub async fn change_password(ctx: &Ctx, current: String, new: String) -> Result<(), AppError> {
        let caller = ctx.caller()?;
        let stored = users::by_id(&ctx.db, &caller.user.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let Some(hash) = stored.password_hash else {
            return Err(AppError::Conflict(
                "this account signs in through single sign-on and has no password".into(),
            ));
        };
        // Throttled like sign-in: a borrowed session must not become a password oracle.
        let login = &caller.user.login;
        let checked = check_password(&ctx.db, login, &ctx.origin, &current, Some(hash), ctx.at);
        if !checked.await? {
            return Err(AppError::Validation(vec![FieldError::new(
                "current",
                "the current password is wrong",
            )]));
        }
        check_new_password(&new)
            .map_err(|m| AppError::Validation(vec![FieldError::new("new", m)]))?;
        let hash = hash_password(new).await.map_err(AppError::internal)?;
        let at = ctx.at;
        let mut tx = ctx.db.begin().await?;
        users::set_password_hash(&mut tx, &caller.user.id, &hash, at).await?;
        // Every other session ends: a changed password is often a response to a leak.
        let sessions = sessions::live(&ctx.db, Some(&caller.user.id), at).await?;
        for s in sessions
            .iter()
            .filter(|s| !matches!(&caller.via, Via::Session { id } if *id == s.id))
        {
            sessions::revoke(&mut tx, &s.id, at).await?;
        }
        // API tokens end too: they act as the person, and a leaked password may have made some.
        let tokens_revoked = tokens::revoke_all_of(&mut tx, &caller.user.id, at).await?;
        let summary = serde_json::json!({"before": "password", "after": "new password",
            "sessions_ended": sessions.len().saturating_sub(1), "tokens_revoked": tokens_revoked});
        ctx.audited(
            &mut tx,
            "auth.password.change",
            &format!("user:{login}"),
            summary,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
