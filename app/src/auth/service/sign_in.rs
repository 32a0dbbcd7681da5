//! Signing in with a login and password: rate-limited per account and per address, with the
//! same answer for an unknown login and a wrong password.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};

use super::credentials::{hash_password, random_secret, verify_password};
use super::runtime::AuthRuntime;
use super::session::{self, Origin};
use crate::access::identity::{Session, SignInMethod, User};
use crate::access::store::{sessions, users};
use crate::error::{AppError, FieldError};
use crate::server::Db;

/// Failed sign-ins allowed per login, and per address, in [`WINDOW`].
pub const MAX_FAILURES_PER_LOGIN: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const WINDOW: Duration = Duration::minutes(15);

pub const WRONG_CREDENTIALS: &str = "the login or password is wrong";
pub const DEACTIVATED: &str = "this account is deactivated; ask an administrator to reactivate it";

/// A real argon2 hash of a random password: checking an unknown login against it costs as much
/// as checking a real one, so response times do not reveal which logins exist.
async fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return hash.clone();
    }
    let hash = hash_password(random_secret()).await.unwrap_or_default();
    DECOY.get_or_init(|| hash).clone()
}

/// Checks the password and starts a session; returns the user, the session and its cookie.
pub async fn with_password(
    db: &Db,
    auth: &AuthRuntime,
    login: &str,
    password: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(User, Session, String), AppError> {
    let login = login.trim().to_lowercase();
    if login.is_empty() || password.is_empty() {
        let mut problems = Vec::new();
        if login.is_empty() {
            problems.push(FieldError::new("login", "enter your login"));
        }
        if password.is_empty() {
            problems.push(FieldError::new("password", "enter your password"));
        }
        return Err(AppError::Validation(problems));
    }
    let address = origin.address.clone().unwrap_or_else(|| "unknown".into());
    let since = now - WINDOW;
    let (by_login, by_address) = sessions::failures_since(db, &login, &address, since).await?;
    if by_login >= MAX_FAILURES_PER_LOGIN || by_address >= MAX_FAILURES_PER_ADDRESS {
        let oldest = sessions::oldest_failure_since(db, &login, &address, since)
            .await?
            .unwrap_or(now);
        let minutes = ((oldest + WINDOW - now).num_seconds() + 59) / 60;
        return Err(AppError::RateLimited(format!(
            "too many failed sign-ins; try again in {} minute{}",
            minutes.max(1),
            if minutes > 1 { "s" } else { "" }
        )));
    }
    let stored = users::by_login(db, &login).await?;
    let hash = match stored.as_ref().and_then(|s| s.password_hash.clone()) {
        Some(hash) => hash,
        None => decoy_hash().await,
    };
    let matches = verify_password(password.to_owned(), hash).await;
    let Some(stored) = stored.filter(|s| matches && s.password_hash.is_some()) else {
        sessions::record_failure(db, &login, &address, now).await?;
        return Err(AppError::Validation(vec![FieldError::new(
            "password",
            WRONG_CREDENTIALS,
        )]));
    };
    // Only someone who knows the password learns that the account is deactivated.
    if !stored.user.active {
        return Err(AppError::Validation(vec![FieldError::new(
            "login",
            DEACTIVATED,
        )]));
    }
    let (session, cookie) =
        session::start(db, auth, &stored.user, SignInMethod::Password, origin, now).await?;
    Ok((stored.user, session, cookie))
}

#[cfg(test)]
#[path = "sign_in_tests.rs"]
mod tests;
