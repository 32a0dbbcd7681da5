//! Secrets in and out: password hashes (argon2id, on the hashing threads) and API tokens
//! (random, stored as SHA-256). Nothing here is ever logged or stored in clear.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

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
