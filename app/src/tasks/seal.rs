//! A task's secrets at rest: sealed with ChaCha20-Poly1305 under a key that no database row
//! holds (derived from `RUNWAY_SESSION_SECRET`, so that every replica can open them, or kept in
//! `sealing.key` in the data directory), so that a copy of the database alone cannot. They stay
//! only while the task may still run, and are deleted when it ends.

use base64::Engine as _;
use ring::aead::{CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value;

/// Seals and opens secrets with one key.
pub struct Sealer {
    key: LessSafeKey,
    random: SystemRandom,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

impl Sealer {
    pub fn new(key: [u8; 32]) -> Self {
        let key = UnboundKey::new(&CHACHA20_POLY1305, &key).expect("a 32-byte key");
        Sealer {
            key: LessSafeKey::new(key),
            random: SystemRandom::new(),
        }
    }

    /// `secrets` sealed, as text: a fresh random nonce, then the ciphertext and its tag. The
    /// task's id is bound in, so a sealed value moved to another task does not open.
    pub fn seal(&self, task_id: &str, secrets: &Value) -> Result<String, String> {
        let mut nonce = [0u8; NONCE_LEN];
        self.random
            .fill(&mut nonce)
            .map_err(|_| "no randomness for a nonce".to_owned())?;
        let mut data = serde_json::to_vec(secrets).map_err(|e| e.to_string())?;
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::from(task_id.as_bytes()),
                &mut data,
            )
            .map_err(|_| "sealing failed".to_owned())?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(base64::engine::general_purpose::STANDARD_NO_PAD.encode(out))
    }

    /// The secrets sealed for `task_id`, or `None` when they were sealed under another key or
    /// for another task, or were tampered with.
    pub fn open(&self, task_id: &str, sealed: &str) -> Option<Value> {
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(sealed)
            .ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, ring::aead::Aad::from(task_id.as_bytes()), &mut data)
            .ok()?;
        serde_json::from_slice(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_task_and_key() {
        let sealer = Sealer::new([7; 32]);
        let secrets = json!({"token": "ghp_abc"});
        let sealed = sealer.seal("t1", &secrets).unwrap();
        assert!(!sealed.contains("ghp_abc"));
        assert_ne!(
            sealed,
            sealer.seal("t1", &secrets).unwrap(),
            "a fresh nonce each time"
        );
        assert_eq!(sealer.open("t1", &sealed), Some(secrets));
        assert_eq!(sealer.open("t2", &sealed), None, "bound to its task");
        assert_eq!(
            Sealer::new([8; 32]).open("t1", &sealed),
            None,
            "bound to its key"
        );
        let mut tampered = sealed.into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            sealer.open("t1", &String::from_utf8(tampered).unwrap()),
            None
        );
        assert_eq!(sealer.open("t1", "x"), None);
    }
}
