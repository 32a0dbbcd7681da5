//! Secrets in and out: password hashes (argon2id), session JWTs (HS256) and API tokens (random,
//! stored as SHA-256).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The audience every Runway session token names.
pub const AUDIENCE: &str = "runway";
/// What API tokens start with, so secret scanners and people can recognise them.
pub const TOKEN_PREFIX: &str = "rwt_";

/// Hashes a password with argon2id and a random salt, as a PHC string. Slow by design, so it
/// runs on a hashing thread; fails when too many hashes are waiting.
pub async fn hash_password(password: String) -> Result<String, String> {
    super::hashing::run(move || {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|_| "the server is busy checking passwords; try again in a moment".to_owned())?
}

/// Checks a password against a PHC hash; a malformed hash never matches. [`Busy`] when too many
/// checks are waiting.
///
/// [`Busy`]: super::hashing::Busy
pub async fn verify_password(password: String, hash: String) -> Result<bool, super::hashing::Busy> {
    super::hashing::run(move || {
        use argon2::password_hash::PasswordVerifier;
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
}

/// 32 random bytes, base64url: for signing keys, passwords and tokens.
pub fn random_secret() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// SHA-256 of a token, hex: what the database keeps of it.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new API token: the secret (shown once) and its hash and display prefix.
pub fn new_api_token() -> (String, String, String) {
    let secret = format!("{TOKEN_PREFIX}{}", random_secret());
    let prefix = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let hash = token_hash(&secret);
    (secret, hash, prefix)
}

/// What a session token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user's id.
    pub sub: String,
    /// The session's id.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

/// Why a session token was refused. Callers treat every kind the same (signed out); the kinds
/// exist for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the session token has expired")]
    Expired,
    #[error("the session token is not valid: {0}")]
    Invalid(String),
}

/// Signs and checks session tokens with one HMAC key.
#[derive(Clone)]
pub struct SessionKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionKeys")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl SessionKeys {
    /// `secret` is the HMAC key (at least 32 bytes); `issuer` is the portal's public URL.
    pub fn new(secret: &[u8], issuer: &str) -> Result<Self, String> {
        if secret.len() < 32 {
            return Err("the session signing key must have at least 32 bytes".to_owned());
        }
        Ok(SessionKeys {
            encoding: EncodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            decoding: DecodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            issuer: issuer.to_owned(),
        })
    }

    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        now: DateTime<Utc>,
        lifetime: chrono::Duration,
    ) -> String {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            sid: session_id.into(),
            iat: now.timestamp(),
            exp: (now + lifetime).timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing does not fail")
    }

    /// Checks signature, algorithm (HS256 only, so `alg: none` and key confusion fail), issuer,
    /// audience and expiry as of `now`.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        self.verify(token, AUDIENCE, now)
    }

    /// Signs any claims for `audience`, valid for `lifetime`: e.g. the state of a sign-on flow.
    pub fn sign<T: Serialize>(
        &self,
        claims: &T,
        audience: &str,
        now: DateTime<Utc>,
        lifetime: chrono::Duration,
    ) -> String {
        #[derive(Serialize)]
        struct Envelope<'a, T> {
            iss: &'a str,
            aud: &'a str,
            exp: i64,
            #[serde(flatten)]
            claims: &'a T,
        }
        let envelope = Envelope {
            iss: &self.issuer,
            aud: audience,
            exp: (now + lifetime).timestamp(),
            claims,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &envelope, &self.encoding)
            .expect("HS256 signing does not fail")
    }

    /// Checks a token [`SessionKeys::sign`] made for `audience` and returns its claims.
    pub fn verify<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        audience: &str,
        now: DateTime<Utc>,
    ) -> Result<T, TokenError> {
        #[derive(Deserialize)]
        struct Expiry {
            exp: i64,
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        // Expiry is checked below against the caller's clock, so tests can move time.
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<serde_json::Value>(token, &self.decoding, &validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        let expiry: Expiry = serde_json::from_value(data.claims.clone())
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        if expiry.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        serde_json::from_value(data.claims).map_err(|e| TokenError::Invalid(e.to_string()))
    }
}

#[cfg(test)]
#[path = "credentials_tests.rs"]
mod tests;
