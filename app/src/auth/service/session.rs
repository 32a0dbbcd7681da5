//! Starting and ending sessions, with their audit records.

use chrono::{DateTime, Utc};

use super::runtime::AuthRuntime;
use crate::access::identity::{Session, SignInMethod, User};
use crate::access::store::sessions;
use crate::db::Db;
use crate::error::AppError;
use crate::server::ctx::Ctx;

pub use crate::server::caller::Origin;

/// Starts a session for `user`, who has just proved who they are, and returns the `Set-Cookie`
/// that carries it.
pub async fn start(
    db: &Db,
    auth: &AuthRuntime,
    user: &User,
    method: SignInMethod,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(Session, String), AppError> {
    let ctx = Ctx::signing_in(db, &user.login, origin.clone(), now);
    let session = Session {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.clone(),
        method,
        created_at: now,
        last_seen_at: now,
        expires_at: now + auth.session_lifetime,
        revoked_at: None,
        address: origin.address.clone(),
        user_agent: origin.user_agent.clone(),
    };
    let mut tx = db.begin().await?;
    sessions::insert(&mut tx, &session).await?;
    sqlx::query("UPDATE users SET last_seen_at = $1 WHERE id = $2")
        .bind(crate::db::sql::to_millis(now))
        .bind(user.id.clone())
        .execute(&mut *tx)
        .await?;
    ctx.audited(
        &mut tx,
        "auth.sign_in",
        &format!("user:{}", user.login),
        serde_json::json!({"method": method.as_str(), "session": session.id}),
    )
    .await?;
    tx.commit().await?;
    let token = auth
        .keys
        .issue(&user.id, &session.id, now, auth.session_lifetime);
    Ok((session, auth.session_cookie(&token)))
}

/// Ends one session (sign-out) as `ctx`'s actor; returns whether it was live.
pub async fn end(ctx: &Ctx, session_id: &str) -> Result<bool, AppError> {
    let mut tx = ctx.db.begin().await?;
    let ended = sessions::revoke(&mut tx, session_id, ctx.at).await?;
    if ended {
        ctx.audited(
            &mut tx,
            "auth.sign_out",
            &format!("session:{session_id}"),
            serde_json::json!({"before": "live", "after": "revoked"}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ended)
}
