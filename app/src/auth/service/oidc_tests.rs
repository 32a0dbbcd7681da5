//! Single sign-on tests: ID token verification (against forged and misdirected tokens), the
//! flow cookie, and group mappings. Tokens are signed with a fixed RSA key made for these tests.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use openidconnect::core::{CoreIdTokenVerifier, CoreJsonWebKey, CoreJsonWebKeySet};
use openidconnect::{ClientId, ClientSecret, JsonWebKeyId};
use serde_json::json;

use super::*;

/// A throwaway key: it signs test ID tokens and nothing else.
const TEST_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA14vwvPMR/XOAA2IANNrI4ElqASjxu+/kxJZQvbfOwU4Mq7KK\nZI7+VSds38Pwgfs4AInrJszhbMfFrlJM+K98SzIoFHqBZV8MwsUDtiIkSOCdaI3E\nU4jN00UTh0RLj5WB63ZwtxLXzEcgrXk1e6cFlhyMiyhWpMIvu4fq5SGzcb3juPrI\nb+Q8huI1IpNirnw7MqxsrRr26pbGRmG8/GdVVJwvmv9bdCKgtOz3JZCnM/5FbvKy\nOenUBhYq+SCnf8HQF00j4qLpLnfjFSV+xOo22mEwQt2eaE4UILYx5B3Vz9xrM0bt\n3OQdPpppdfk5+k+ewkp+ODtAWJHlBoe+8M7Z/wIDAQABAoIBABzvnmvfPcUGomLR\n3zE5RcpGUMLDGmCefdmeTEyLxmfQ8IaEO2vwflg0KLuJdFoevY/k8/qLep+92d3j\nEo44ELmPjC3jnEddkTr8c9kZkEFwVfFZRsfoD6mTFmIMWxB1g7F2fv80ul+kFND0\n+qcU7v0N7BgqXCdWIk5Mms4TziEwm6vwNLId5YFrETHgwsqcuATaFUWJi3EGbyu0\nnUVXhtpB+s48WYKTlnOr0ORoH6LnhTakGHi2I4VOTkTXhNz4rHXuH6sHN6skJ8Y2\n5q3Y7+yY8mD1Ujo3s40J1ED+O1ulq2ampUo343SU62f9Tg1erzuocrpYB9bMq9T+\nkv4z5aECgYEA8yrrtLCLIFaOx5P1ZBI1GpT6mjR2a4tO5taTR+JK1xLums2o6Brp\nu/AXNpXqHKbkXR8OOwSMtnwdB9dO3hZnXJPIPsEInFHIXIZD2uAgNhUTJ+bI4LF8\nylFNoVeuBJZcCfg0incNyu5BKDudz3Q/YCKOV87dVBmhwyYStNebXAkCgYEA4uvf\ndIQ0ZmhK+MpTmhFSg+jDZLn41y8KacMl5Wtx3BK/piNQ/NYikzN0uYNXgtbqxBwt\nWgd8/+AqRCdLxaw7n9c+qlIclCP6zalmEO3v1iCWZh1bAZU9tmFwF6dPCxLyS5Kn\nbXC+WsvxqwAGZFXbRQP0wzlkYI24IVzdynf5l8cCgYBHehZOxpYeq1LM13EKOU/i\nwGfpbAJjGk/XCrvAJYRaM/ZvCoTbtQ1/cNNh+C8YvPXjaX2FW5EBEvp1k5RbM7qu\nO8Jgr90YFfIPQGgxri/Jtegrkmr5oTJNRhjLlDpSnt/vDkZjbRtgyyfb66o3kLQQ\nThgJN4VXczFZa5eUEMxaAQKBgD+tv2Q8IVRHmhpc9L78c3Ju5D4k7g68taheSgkq\ncKY4YK2npXd+Q++Y9f2FPQ6LbxAfdB6akVpgtpuvh1Tuc0D0rzIunrR3sE78ZZcE\nnlQxiuMXA83a6pl+mG0a11SdOX85pWBRzik+qA+7jw+jBEhGxu3t8hwiSPSb0eWa\na2FLAoGBAN4drWQje6lWpVEnlPDiwx3JBjYYOSLbn9AnxJoPk+G8ie1dbGNU7A1V\nFcRkblE55hSsPZMZHEGH1nmvUkdgJrsa/qDlIWAAnVAo7dWI71ETq7v6vswlQ9HP\n8lRooIQYZOGof7hpJGgfgX8spKsNe4ESBfco2dASALSz/jF9uK7t\n-----END RSA PRIVATE KEY-----";
/// Its modulus, base64url; the exponent is 65537.
const TEST_MODULUS: &str = "14vwvPMR_XOAA2IANNrI4ElqASjxu-_kxJZQvbfOwU4Mq7KKZI7-VSds38Pwgfs4AInrJszhbMfFrlJM-K98SzIoFHqBZV8MwsUDtiIkSOCdaI3EU4jN00UTh0RLj5WB63ZwtxLXzEcgrXk1e6cFlhyMiyhWpMIvu4fq5SGzcb3juPrIb-Q8huI1IpNirnw7MqxsrRr26pbGRmG8_GdVVJwvmv9bdCKgtOz3JZCnM_5FbvKyOenUBhYq-SCnf8HQF00j4qLpLnfjFSV-xOo22mEwQt2eaE4UILYx5B3Vz9xrM0bt3OQdPpppdfk5-k-ewkp-ODtAWJHlBoe-8M7Z_w";
const ISSUER: &str = "http://127.0.0.1:9999/idp";

fn verifier() -> CoreIdTokenVerifier<'static> {
    use base64::Engine;
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(TEST_MODULUS)
        .unwrap();
    let key = CoreJsonWebKey::new_rsa(n, vec![1, 0, 1], Some(JsonWebKeyId::new("k1".into())));
    CoreIdTokenVerifier::new_confidential_client(
        ClientId::new("runway".into()),
        ClientSecret::new("secret".into()),
        openidconnect::IssuerUrl::new(ISSUER.into()).unwrap(),
        CoreJsonWebKeySet::new(vec![key]),
    )
}

/// The DER bytes of a PKCS#1 PEM key.
fn der(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

fn token(claims: serde_json::Value, key: &str) -> CoreIdToken {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let jwt =
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_rsa_der(&der(key))).unwrap();
    jwt.parse().unwrap()
}

fn claims() -> serde_json::Value {
    let now = Utc::now().timestamp();
    json!({
        "iss": ISSUER, "aud": "runway", "sub": "u-123", "iat": now, "exp": now + 300, "nonce": "n-1",
        "preferred_username": "ada", "name": "Ada Okafor", "email": "ada@acme.example",
        "groups": ["platform-admins", "payments"]
    })
}

fn check(claims: serde_json::Value, nonce: &str) -> Result<Identity, OidcError> {
    verify(
        &verifier(),
        &token(claims, TEST_KEY),
        nonce,
        ISSUER,
        "groups",
    )
}

#[test]
fn a_good_token_gives_the_identity_and_groups() {
    let identity = check(claims(), "n-1").unwrap();
    assert_eq!(identity.subject, format!("{ISSUER} u-123"));
    assert_eq!(identity.preferred_login.as_deref(), Some("ada"));
    assert_eq!(identity.name.as_deref(), Some("Ada Okafor"));
    assert_eq!(identity.email.as_deref(), Some("ada@acme.example"));
    assert_eq!(
        identity.groups,
        BTreeSet::from(["payments".to_owned(), "platform-admins".to_owned()])
    );
}

#[test]
fn misdirected_and_forged_tokens_are_refused() {
    let refused = |claims: serde_json::Value, nonce: &str| {
        matches!(check(claims, nonce), Err(OidcError::IdToken(_)))
    };
    assert!(refused(claims(), "another-nonce"), "wrong nonce");
    let mut other_issuer = claims();
    other_issuer["iss"] = json!("http://127.0.0.1:6666/evil");
    assert!(refused(other_issuer, "n-1"), "another issuer");
    let mut other_audience = claims();
    other_audience["aud"] = json!("grafana");
    assert!(refused(other_audience, "n-1"), "another audience");
    let mut expired = claims();
    expired["exp"] = json!(Utc::now().timestamp() - 60);
    assert!(refused(expired, "n-1"), "expired");
    // Signed with a key the provider never published.
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("k1".into());
    let forged = jsonwebtoken::encode(
        &header,
        &claims(),
        &EncodingKey::from_secret(b"secret").unwrap(),
    )
    .unwrap();
    assert!(
        matches!(
            verify(
                &verifier(),
                &forged.parse().unwrap(),
                "n-1",
                ISSUER,
                "groups"
            ),
            Err(OidcError::IdToken(_))
        ),
        "HMAC instead of the provider's key"
    );
}

#[test]
fn groups_can_come_from_another_claim() {
    let mut roles = claims();
    roles["roles"] = json!("developers");
    let identity = verify(&verifier(), &token(roles, TEST_KEY), "n-1", ISSUER, "roles").unwrap();
    assert_eq!(identity.groups, BTreeSet::from(["developers".to_owned()]));
    let mut none = claims();
    none.as_object_mut().unwrap().remove("groups");
    none.as_object_mut().unwrap().remove("preferred_username");
    let identity = check(none, "n-1").unwrap();
    assert!(identity.groups.is_empty());
    assert_eq!(
        identity.preferred_login.as_deref(),
        Some("ada"),
        "the email's local part stands in"
    );
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn the_flow_cookie_must_match_the_callback() {
    let keys =
        SessionKeys::new(b"0123456789abcdef0123456789abcdef", "http://127.0.0.1:3000").unwrap();
    let flow = Flow {
        state: "s-1".into(),
        nonce: "n-1".into(),
        verifier: "v-1".into(),
        next: "/catalog".into(),
    };
    let cookie = keys.sign(&flow, FLOW_AUDIENCE, now(), FLOW_LIFETIME);
    assert_eq!(
        Oidc::flow(&keys, Some(&cookie), "s-1", now()).unwrap(),
        flow
    );
    assert_eq!(
        Oidc::flow(&keys, Some(&cookie), "s-2", now()),
        Err(OidcError::WrongState)
    );
    assert_eq!(
        Oidc::flow(&keys, None, "s-1", now()),
        Err(OidcError::NoFlow)
    );
    assert_eq!(
        Oidc::flow(&keys, Some(&cookie), "s-1", now() + Duration::minutes(11)),
        Err(OidcError::NoFlow),
        "expired"
    );
    let other = SessionKeys::new(
        b"another-key-another-key-another!!",
        "http://127.0.0.1:3000",
    )
    .unwrap();
    assert_eq!(
        Oidc::flow(&other, Some(&cookie), "s-1", now()),
        Err(OidcError::NoFlow),
        "signed by someone else"
    );
    let session = keys.issue("u", "s", now(), Duration::minutes(5));
    assert_eq!(
        Oidc::flow(&keys, Some(&session), "s-1", now()),
        Err(OidcError::NoFlow),
        "a session token is not a flow"
    );
}

#[test]
fn group_maps_parse_and_grant() {
    assert_eq!(
        parse_group_map("platform-admins=admin, developers=developer,developers=viewer").unwrap(),
        BTreeMap::from([
            (
                "developers".to_owned(),
                vec!["developer".to_owned(), "viewer".to_owned()]
            ),
            ("platform-admins".to_owned(), vec!["admin".to_owned()])
        ])
    );
    assert_eq!(parse_group_map("").unwrap(), BTreeMap::new());
    assert_eq!(
        parse_group_map("admins"),
        Err("\"admins\" is not group=value".to_owned())
    );
    assert_eq!(
        parse_group_map("=admin"),
        Err("\"=admin\" is not group=value".to_owned())
    );

    let settings = OidcSettings {
        group_roles: parse_group_map("platform-admins=admin,developers=developer").unwrap(),
        group_teams: parse_group_map("pay-squad=group:default/payments").unwrap(),
        ..OidcSettings::default()
    };
    let known = BTreeSet::from([
        "group:default/checkout".to_owned(),
        "group:default/payments".to_owned(),
    ]);
    let groups = BTreeSet::from([
        "developers".to_owned(),
        "pay-squad".to_owned(),
        "Checkout".to_owned(),
        "choir".to_owned(),
    ]);
    let (roles, teams) = settings.grants_for(&groups, &known);
    assert_eq!(roles, BTreeSet::from(["developer".to_owned()]));
    assert_eq!(
        teams,
        BTreeSet::from([
            "group:default/checkout".to_owned(),
            "group:default/payments".to_owned()
        ])
    );
}
