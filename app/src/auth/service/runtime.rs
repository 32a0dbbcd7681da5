//! What authentication needs at run time: the signing keys, the policy cache, session rules.

use std::time::Duration;

use super::credentials::{SessionKeys, random_secret};
use crate::access::cache::PolicyCache;
use crate::access::store::settings;
use crate::db::Db;

/// The settings row that holds the generated session signing key.
const SIGNING_KEY: &str = "session_signing_key";

/// Authentication settings from the operator.
#[derive(Debug, Clone, Default)]
pub struct AuthSettings {
    /// The portal's public URL: the token issuer, and whether cookies are `Secure`.
    pub public_url: String,
    /// A configured signing key (`RUNWAY_SESSION_SECRET`); generated and stored when absent.
    pub session_secret: Option<String>,
    /// How long a session lasts without activity.
    pub session_lifetime: chrono::Duration,
    /// How long a session lasts at most, however active (zero: 24 hours).
    pub session_max_lifetime: chrono::Duration,
    /// Whether the sign-in page offers the login and password form.
    pub local_sign_in: bool,
    /// Single sign-on, when configured.
    pub oidc: Option<super::oidc::OidcSettings>,
}

#[derive(Debug)]
pub struct AuthRuntime {
    pub keys: SessionKeys,
    pub policy: std::sync::Arc<PolicyCache>,
    pub session_lifetime: chrono::Duration,
    pub session_max_lifetime: chrono::Duration,
    /// A session token older than this is replaced on the next request (silent renewal).
    pub renew_after: chrono::Duration,
    pub secure_cookies: bool,
    pub local_sign_in: bool,
    pub oidc: Option<std::sync::Arc<super::oidc::Oidc>>,
    /// A key for sealing data at rest (template tasks' secrets), derived from the signing
    /// secret, so that every replica holds the same one and no database row does.
    pub sealing_key: [u8; 32],
}

/// The authentication runtime the server keeps, from what every `Ctx` is built from.
pub fn of(
    shared: &crate::server::Shared,
) -> Result<std::sync::Arc<AuthRuntime>, crate::error::AppError> {
    shared
        .extensions
        .get::<AuthRuntime>()
        .ok_or_else(|| crate::error::AppError::internal("the authentication runtime is missing"))
}

#[derive(Debug, thiserror::Error)]
pub enum AuthSetupError {
    #[error("invalid RUNWAY_SESSION_SECRET: {0}")]
    Secret(String),
    #[error("cannot load the session signing key: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Oidc(String),
}

impl AuthRuntime {
    /// Loads (or generates and stores, once for every replica) the signing key.
    pub async fn load(db: &Db, settings: &AuthSettings) -> Result<Self, AuthSetupError> {
        let secret = match &settings.session_secret {
            Some(secret) => secret.clone(),
            None => {
                let mut tx = db.begin().await?;
                let secret =
                    settings::get_or_insert(&mut tx, SIGNING_KEY, &random_secret()).await?;
                tx.commit().await?;
                secret
            }
        };
        let sealing_key = {
            use sha2::Digest;
            let mut hash = sha2::Sha256::new();
            hash.update(b"runway sealing key\0");
            hash.update(secret.as_bytes());
            hash.finalize().into()
        };
        let keys = SessionKeys::new(secret.as_bytes(), &settings.public_url)
            .map_err(AuthSetupError::Secret)?;
        let oidc = match &settings.oidc {
            Some(oidc) => Some(std::sync::Arc::new(
                super::oidc::Oidc::new(oidc.clone(), &settings.public_url)
                    .map_err(AuthSetupError::Oidc)?,
            )),
            None => None,
        };
        let lifetime = if settings.session_lifetime > chrono::Duration::zero() {
            settings.session_lifetime
        } else {
            chrono::Duration::hours(8)
        };
        let max_lifetime = if settings.session_max_lifetime > chrono::Duration::zero() {
            settings.session_max_lifetime.max(lifetime)
        } else {
            chrono::Duration::hours(24).max(lifetime)
        };
        Ok(AuthRuntime {
            keys,
            policy: std::sync::Arc::new(PolicyCache::new(Duration::from_secs(1))),
            session_lifetime: lifetime,
            session_max_lifetime: max_lifetime,
            renew_after: (lifetime / 8).min(chrono::Duration::minutes(10)),
            secure_cookies: settings.public_url.starts_with("https://"),
            // Without single sign-on, password sign-in is the only way in, whatever was asked.
            local_sign_in: settings.local_sign_in || oidc.is_none(),
            oidc,
            sealing_key,
        })
    }

    /// The `Set-Cookie` value that stores a session token.
    pub fn session_cookie(&self, token: &str) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            self.session_lifetime.num_seconds()
        )
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn clear_cookie(&self) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
    }
}

pub const SESSION_COOKIE: &str = "runway_session";

/// The value of one cookie in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        assert_eq!(
            cookie_value("a=1; runway_session=xyz; b=2", SESSION_COOKIE),
            Some("xyz")
        );
        assert_eq!(cookie_value("runway_sessionx=1", SESSION_COOKIE), None);
        assert_eq!(cookie_value("", SESSION_COOKIE), None);
    }

    #[tokio::test]
    async fn every_replica_uses_the_first_generated_key() {
        let t = crate::db::testing::sqlite().await;
        let settings = AuthSettings {
            public_url: "https://runway.example.com".into(),
            ..AuthSettings::default()
        };
        let a = AuthRuntime::load(&t.db, &settings).await.unwrap();
        let b = AuthRuntime::load(&t.db, &settings).await.unwrap();
        let now = chrono::Utc::now();
        let token = a.keys.issue("u", "s", now, chrono::Duration::minutes(5));
        assert!(
            b.keys.check(&token, now).is_ok(),
            "a token from one replica is good on another"
        );
        assert!(a.secure_cookies);
        assert!(a.session_cookie("t").ends_with("; Secure"));
        assert_eq!(a.session_lifetime, chrono::Duration::hours(8));
        let short = AuthSettings {
            session_secret: Some("too short".into()),
            ..settings
        };
        assert!(matches!(
            AuthRuntime::load(&t.db, &short).await,
            Err(AuthSetupError::Secret(_))
        ));
        t.close().await;
    }
}
