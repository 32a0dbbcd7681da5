//! Signing in with a login and password: throttled per login from each address and per
//! address, with the same answer for an unknown login and a wrong password.
//!
//! A try is reserved before its password is checked, in one transaction, so parallel tries are
//! counted one by one. Throttling a login only from the address it is tried from means nobody
//! can lock its owner out from elsewhere; the address budget stops one address from spraying
//! many logins. Behind a reverse proxy the address comes from `RUNWAY_TRUSTED_PROXIES`.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};

use super::credentials::{hash_password, random_secret, verify_password};
use super::runtime::AuthRuntime;
use super::session::{self, Origin};
use crate::access::identity::{Session, SignInMethod, User};
use crate::access::store::throttle::{self, GiveBack, Rule};
use crate::access::store::users;
use crate::db::Db;
use crate::error::{AppError, FieldError};
use crate::limits::{SIGN_IN_FREE_TRIES, SIGN_IN_TRIES_PER_ADDRESS, SIGN_IN_WINDOW_MINUTES};

pub const WRONG_CREDENTIALS: &str = "the login or password is wrong";
pub const DEACTIVATED: &str = "this account is deactivated; ask an administrator to reactivate it";
pub const BUSY: &str = "the server is busy checking passwords; try again in a moment";

/// Logins longer than this cannot exist; checking them would only cost a hash.
const MAX_LOGIN_CHARS: usize = 200;

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
    let stored = match login.chars().count() <= MAX_LOGIN_CHARS {
        true => users::by_login(db, &login).await?,
        false => None,
    };
    let hash = stored.as_ref().and_then(|s| s.password_hash.clone());
    let matches = check_password(db, &login, origin, password, hash, now).await?;
    let Some(stored) = stored.filter(|s| matches && s.password_hash.is_some()) else {
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

/// Checks `password` against `hash` (a decoy's when the login has none), within the throttle of
/// `login` from `origin`'s address: the try is reserved first, and given back when it matches.
/// Changing a password checks the current one through here too.
pub async fn check_password(
    db: &Db,
    login: &str,
    origin: &Origin,
    password: &str,
    hash: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let address = origin.address.as_deref().unwrap_or("unknown");
    let window = Duration::minutes(SIGN_IN_WINDOW_MINUTES);
    let pair = Rule {
        free: SIGN_IN_FREE_TRIES,
        window,
    };
    let per_address = Rule {
        free: SIGN_IN_TRIES_PER_ADDRESS,
        window,
    };
    let keys = [
        (format!("pair {address} {login}"), pair),
        (format!("address {address}"), per_address),
    ];
    let mut tx = db.begin().await?;
    for (key, rule) in &keys {
        if let Some(next) = throttle::reserve(&mut tx, key, *rule, now).await? {
            // Dropping the transaction rolls back the reservations made so far.
            return Err(AppError::RateLimited(format!(
                "too many failed sign-ins; try again in {}",
                wait_in_words(next - now)
            )));
        }
    }
    tx.commit().await?;
    let hash = match hash {
        Some(hash) => hash,
        None => decoy_hash().await,
    };
    let matches = verify_password(password.to_owned(), hash)
        .await
        .map_err(|_| AppError::RateLimited(BUSY.into()))?;
    if matches {
        let mut tx = db.begin().await?;
        throttle::give_back(&mut tx, &keys[0].0, GiveBack::Reset).await?;
        throttle::give_back(&mut tx, &keys[1].0, GiveBack::One(per_address)).await?;
        tx.commit().await?;
    }
    Ok(matches)
}

/// "30 seconds", "2 minutes".
fn wait_in_words(wait: Duration) -> String {
    let seconds = wait.num_seconds().max(1);
    if seconds < 60 {
        return format!("{seconds} second{}", if seconds == 1 { "" } else { "s" });
    }
    let minutes = (seconds + 59) / 60;
    format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
}

#[cfg(test)]
#[path = "sign_in_tests.rs"]
mod tests;
