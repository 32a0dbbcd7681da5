//! Who is calling: a request's session cookie or bearer token, checked against the database.

use chrono::{DateTime, Utc};
use http::HeaderMap;

use super::credentials::token_hash;
use super::runtime::{AuthRuntime, SESSION_COOKIE, cookie_value};
use crate::access::store::{sessions, tokens, users};
use crate::db::Db;
use crate::server::caller::{Caller, Via};

/// The outcome for one request.
#[derive(Debug, Default)]
pub struct Resolved {
    pub caller: Option<Caller>,
    /// A `Set-Cookie` to send back: a renewed session token, or a removal of a dead one.
    pub set_cookie: Option<String>,
    /// The request carried credentials (a cookie or a bearer token) that were refused.
    pub refused: bool,
    /// The request authenticated with a bearer token (no ambient credentials, so no CSRF risk).
    pub bearer: bool,
}

/// Resolves the caller of a request from its headers.
pub async fn resolve(
    db: &Db,
    auth: &AuthRuntime,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Resolved, sqlx::Error> {
    if let Some(token) = bearer(headers) {
        let caller = by_token(db, token, now).await?;
        return Ok(Resolved {
            refused: caller.is_none(),
            caller,
            bearer: true,
            set_cookie: None,
        });
    }
    let Some(jwt) = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, SESSION_COOKIE))
        .filter(|v| !v.is_empty())
    else {
        return Ok(Resolved::default());
    };
    let refused = || Resolved {
        refused: true,
        set_cookie: Some(auth.clear_cookie()),
        ..Resolved::default()
    };
    let Ok(claims) = auth.keys.check(jwt, now) else {
        return Ok(refused());
    };
    let Some(session) = sessions::by_id(db, &claims.sid).await? else {
        return Ok(refused());
    };
    // However active, a session ends `session_max_lifetime` after it began.
    let ends = session.created_at + auth.session_max_lifetime;
    if !session.is_live(now) || session.user_id != claims.sub || now >= ends {
        return Ok(refused());
    }
    let Some(caller) = caller_for(
        db,
        &claims.sub,
        Via::Session {
            id: session.id.clone(),
        },
    )
    .await?
    else {
        return Ok(refused());
    };
    let mut set_cookie = None;
    if now.timestamp() - claims.iat >= auth.renew_after.num_seconds() {
        let expires = (now + auth.session_lifetime).min(ends);
        let token = auth
            .keys
            .issue(&caller.user.id, &session.id, now, expires - now);
        sessions::extend(db, &session.id, now, expires).await?;
        users::touch(db, &caller.user.id, now).await?;
        set_cookie = Some(auth.session_cookie(&token));
    }
    Ok(Resolved {
        caller: Some(caller),
        set_cookie,
        refused: false,
        bearer: false,
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn by_token(
    db: &Db,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<Caller>, sqlx::Error> {
    let Some(token) = tokens::by_hash(db, &token_hash(secret)).await? else {
        return Ok(None);
    };
    if !token.is_live(now) {
        return Ok(None);
    }
    // Recording every use would be a write per API call; a minute's precision is enough.
    if token
        .last_used_at
        .is_none_or(|at| now - at > chrono::Duration::minutes(1))
    {
        tokens::touch(db, &token.id, now).await?;
    }
    caller_for(db, &token.user_id, Via::Token { id: token.id }).await
}

/// The caller for an active user, with their teams; `None` for unknown or deactivated users.
pub async fn caller_for(db: &Db, user_id: &str, via: Via) -> Result<Option<Caller>, sqlx::Error> {
    let Some(stored) = users::by_id(db, user_id).await? else {
        return Ok(None);
    };
    if !stored.user.active {
        return Ok(None);
    }
    let principal = principal_of(db, &stored.user).await?;
    Ok(Some(Caller {
        user: stored.user,
        principal,
        via,
    }))
}

pub use crate::access::store::users::principal_of;
