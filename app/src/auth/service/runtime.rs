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
    /// Where the key that seals data at rest is kept when no session secret is configured
    /// (`<data dir>/sealing.key`, created at first start, readable by the server's user only),
    /// so that a copy of the database alone opens nothing. Without it (tests), the key derives
    /// from the stored signing key.
    pub sealing_key_file: Option<std::path::PathBuf>,
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
    /// A key for sealing data at rest (template tasks' secrets): derived from the configured
    /// session secret, so that every replica holds the same one, or kept in a file beside the
    /// data (see [`AuthSettings::sealing_key_file`]); never in a database row.
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
    #[error("cannot use the sealing key file {0}")]
    KeyFile(String),
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
        let sealing_key = match (&settings.session_secret, &settings.sealing_key_file) {
            (None, Some(file)) => key_file(file)?,
            _ => {
                use sha2::Digest;
                let mut hash = sha2::Sha256::new();
                hash.update(b"runway sealing key\0");
                hash.update(secret.as_bytes());
                hash.finalize().into()
            }
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

/// The sealing key kept in `file` (64 hex digits), made at first start with the server's user
/// alone allowed to read it; a second server starting at the same moment reads the first one's.
fn key_file(file: &std::path::Path) -> Result<[u8; 32], AuthSetupError> {
    use std::io::Write;
    let failed = |error: String| AuthSetupError::KeyFile(format!("{}: {error}", file.display()));
    let read = || -> Result<[u8; 32], AuthSetupError> {
        let text = std::fs::read_to_string(file).map_err(|e| failed(e.to_string()))?;
        let text = text.trim();
        let mut key = [0u8; 32];
        let bytes = text.as_bytes();
        if bytes.len() != 64 || !text.is_ascii() {
            return Err(failed("expected 64 hexadecimal digits".into()));
        }
        for (i, pair) in bytes.chunks(2).enumerate() {
            let pair = std::str::from_utf8(pair).map_err(|e| failed(e.to_string()))?;
            key[i] = u8::from_str_radix(pair, 16)
                .map_err(|_| failed("expected 64 hexadecimal digits".into()))?;
        }
        Ok(key)
    };
    if file.exists() {
        return read();
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
    }
    let key: [u8; 32] = rand::random();
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(file) {
        Ok(mut out) => {
            out.write_all(format!("{hex}\n").as_bytes())
                .and_then(|()| out.sync_all())
                .map_err(|e| failed(e.to_string()))?;
            Ok(key)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => read(),
        Err(error) => Err(failed(error.to_string())),
    }
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

    /// Without a configured secret, the sealing key lives in a file beside the data, not in
    /// the database: the same database with another key file seals with another key, so a copy
    /// of the database alone opens nothing (review item 6). The file is the server's alone.
    #[tokio::test]
    async fn the_sealing_key_is_kept_outside_the_database() {
        let t = crate::db::testing::sqlite().await;
        let dir =
            std::env::temp_dir().join(format!("runway-keys-{}", uuid::Uuid::new_v4().simple()));
        let with_file = |name: &str| AuthSettings {
            public_url: "http://127.0.0.1:3000".into(),
            sealing_key_file: Some(dir.join(name)),
            ..AuthSettings::default()
        };
        let first = AuthRuntime::load(&t.db, &with_file("a/sealing.key"))
            .await
            .unwrap();
        let again = AuthRuntime::load(&t.db, &with_file("a/sealing.key"))
            .await
            .unwrap();
        let other = AuthRuntime::load(&t.db, &with_file("b/sealing.key"))
            .await
            .unwrap();
        let from_database = AuthRuntime::load(&t.db, &AuthSettings::default())
            .await
            .unwrap();
        assert_eq!(first.sealing_key, again.sealing_key, "kept across starts");
        assert_ne!(first.sealing_key, other.sealing_key);
        assert_ne!(first.sealing_key, from_database.sealing_key);
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.join("a/sealing.key"))
                .unwrap()
                .permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.join("a/sealing.key"), "not a key").unwrap();
        assert!(matches!(
            AuthRuntime::load(&t.db, &with_file("a/sealing.key")).await,
            Err(AuthSetupError::KeyFile(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
        t.close().await;
    }
}
