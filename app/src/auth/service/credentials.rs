//! Session tokens: HS256 JWTs signed with one key, checked strictly. Passwords and API tokens
//! are `access::secrets`', re-exported here for the sign-in code.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The audience every Runway session token names.
pub const AUDIENCE: &str = "runway";
pub use crate::access::secrets::{
    TOKEN_PREFIX, hash_password, new_api_token, random_secret, token_hash, verify_password,
};

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
