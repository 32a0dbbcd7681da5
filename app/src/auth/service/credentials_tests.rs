//! Tests of password hashing, API tokens and session tokens, including forged ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};

use super::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn keys() -> SessionKeys {
    SessionKeys::new(
        b"0123456789abcdef0123456789abcdef",
        "https://runway.example.com",
    )
    .unwrap()
}

#[tokio::test]
async fn passwords_hash_with_salt_and_verify() {
    let a = hash_password("correct horse battery".into()).await.unwrap();
    let b = hash_password("correct horse battery".into()).await.unwrap();
    assert!(a.starts_with("$argon2id$"), "{a}");
    assert_ne!(a, b, "each hash has its own salt");
    assert_eq!(
        verify_password("correct horse battery".into(), a.clone()).await,
        Ok(true)
    );
    assert_eq!(
        verify_password("correct horse battery!".into(), a).await,
        Ok(false)
    );
    assert_eq!(
        verify_password("anything".into(), "not a hash".into()).await,
        Ok(false)
    );
}

#[test]
fn api_tokens_are_random_and_stored_as_hashes() {
    let (secret, hash, prefix) = new_api_token();
    assert!(secret.starts_with("rwt_") && secret.len() > 40);
    assert_eq!(prefix, &secret[..10]);
    assert_eq!(hash, token_hash(&secret));
    assert_eq!(hash.len(), 64);
    assert_ne!(new_api_token().0, secret);
    assert_eq!(
        token_hash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn short_keys_are_refused() {
    assert!(SessionKeys::new(b"short", "https://runway.example.com").is_err());
}

#[test]
fn session_tokens_round_trip() {
    let token = keys().issue("u1", "s1", now(), Duration::minutes(60));
    let claims = keys().check(&token, now() + Duration::minutes(59)).unwrap();
    assert_eq!(
        (
            claims.sub.as_str(),
            claims.sid.as_str(),
            claims.aud.as_str()
        ),
        ("u1", "s1", "runway")
    );
    assert_eq!(claims.exp - claims.iat, 3600);
}

fn refused(token: &str) -> TokenError {
    keys().check(token, now()).unwrap_err()
}

/// Builds a token from raw JSON parts and a signature, for forgeries.
fn raw_token(header: &str, claims: &serde_json::Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn expired_and_forged_session_tokens_are_refused() {
    let good = keys().issue("u1", "s1", now(), Duration::minutes(60));
    assert_eq!(
        keys()
            .check(&good, now() + Duration::minutes(60))
            .unwrap_err(),
        TokenError::Expired
    );

    // Tampered: the payload changed after signing.
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    claims["sub"] = "admin".into();
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    assert!(matches!(refused(&parts.join(".")), TokenError::Invalid(_)));

    // Signed with another key.
    let other = SessionKeys::new(
        b"another-key-another-key-another!!",
        "https://runway.example.com",
    )
    .unwrap();
    assert!(matches!(
        refused(&other.issue("u1", "s1", now(), Duration::minutes(5))),
        TokenError::Invalid(_)
    ));

    // Another issuer, another audience.
    let elsewhere = SessionKeys::new(
        b"0123456789abcdef0123456789abcdef",
        "https://evil.example.com",
    )
    .unwrap();
    assert!(
        matches!(refused(&elsewhere.issue("u1", "s1", now(), Duration::minutes(5))), TokenError::Invalid(m) if m.contains("Issuer") || m.contains("issuer"))
    );
    let wrong_audience = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &Claims {
            iss: "https://runway.example.com".into(),
            aud: "grafana".into(),
            sub: "u1".into(),
            sid: "s1".into(),
            iat: now().timestamp(),
            exp: now().timestamp() + 300,
        },
        &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef").unwrap(),
    )
    .unwrap();
    assert!(matches!(refused(&wrong_audience), TokenError::Invalid(_)));

    // alg: none, with and without a signature.
    let claims = serde_json::json!({"iss": "https://runway.example.com", "aud": "runway", "sub": "u1", "sid": "s1", "iat": now().timestamp(), "exp": now().timestamp() + 300});
    assert!(matches!(
        refused(&raw_token(r#"{"alg":"none","typ":"JWT"}"#, &claims, "")),
        TokenError::Invalid(_)
    ));
    assert!(matches!(
        refused(&raw_token(r#"{"alg":"none"}"#, &claims, "c2ln")),
        TokenError::Invalid(_)
    ));
    // HS512 with the right key is still refused: only HS256 is accepted.
    let hs512 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &claims,
        &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef").unwrap(),
    )
    .unwrap();
    assert!(matches!(refused(&hs512), TokenError::Invalid(_)));
    // Not a token at all.
    assert!(matches!(refused("garbage"), TokenError::Invalid(_)));
}
