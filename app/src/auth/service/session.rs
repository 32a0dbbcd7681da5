//! Starting and ending sessions, with their audit records.

use chrono::{DateTime, Utc};

use super::runtime::AuthRuntime;
use crate::access::identity::{Session, SignInMethod, User};
use crate::access::model::AuditEntry;
use crate::access::store::{audit, sessions};
use crate::db::Db;

/// Where a request came from, for sessions and the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

/// Starts a session for `user` and returns the `Set-Cookie` that carries it.
pub async fn start(
    db: &Db,
    auth: &AuthRuntime,
    user: &User,
    method: SignInMethod,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(Session, String), sqlx::Error> {
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
    audit::record(
        &mut tx,
        &entry(
            &user.login,
            "auth.sign_in",
            &format!("user:{}", user.login),
            origin,
            now,
            serde_json::json!({"method": method.as_str(), "session": session.id}),
        ),
    )
    .await?;
    tx.commit().await?;
    let token = auth
        .keys
        .issue(&user.id, &session.id, now, auth.session_lifetime);
    Ok((session, auth.session_cookie(&token)))
}

/// Ends one session (sign-out); returns whether it was live.
pub async fn end(
    db: &Db,
    actor: &str,
    session_id: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ended = sessions::revoke(&mut tx, session_id, now).await?;
    if ended {
        audit::record(
            &mut tx,
            &entry(
                actor,
                "auth.sign_out",
                &format!("session:{session_id}"),
                origin,
                now,
                serde_json::json!({"before": "live", "after": "revoked"}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ended)
}

/// An audit entry for `actor` doing `action` to `target`.
pub fn entry(
    actor: &str,
    action: &str,
    target: &str,
    origin: &Origin,
    at: DateTime<Utc>,
    summary: serde_json::Value,
) -> AuditEntry {
    AuditEntry::new(actor, action, target, origin.address.clone(), at, summary)
}
