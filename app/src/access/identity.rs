//! Users, sessions and API tokens as the browser and the API see them (no secrets).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    /// Lowercase; unique.
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub avatar_url: Option<String>,
    pub active: bool,
    /// Whether the account can sign in with a password.
    pub has_password: bool,
    /// Whether the account is linked to the identity provider.
    pub sso: bool,
    /// The user's catalog entity, e.g. `user:default/ada.okafor`.
    pub entity_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// How a session began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInMethod {
    Password,
    Oidc,
}

impl SignInMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Password => "password",
            SignInMethod::Oidc => "oidc",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "password" => Some(SignInMethod::Password),
            "oidc" => Some(SignInMethod::Oidc),
            _ => None,
        }
    }
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub method: SignInMethod,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

impl Session {
    /// Usable right now: neither revoked nor expired.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// A token for automation, as lists show it: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

/// Login rules: 1 to 64 characters of lowercase letters, digits, `.`, `_` and `-`, starting with
/// a letter or digit. Returns the login lowercased, or why it is not one.
pub fn normalize_login(text: &str) -> Result<String, &'static str> {
    let login = text.trim().to_lowercase();
    if login.is_empty() {
        return Err("a login must not be empty");
    }
    if login.chars().count() > 64 {
        return Err("a login has at most 64 characters");
    }
    if !login
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return Err("a login starts with a letter or a digit");
    }
    if !login
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("a login has only letters, digits, '.', '_' and '-'");
    }
    Ok(login)
}

/// Password rules: at least 12 characters, at most 256.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    match password.chars().count() {
        0..12 => Err("a password has at least 12 characters"),
        12..=256 => Ok(()),
        _ => Err("a password has at most 256 characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        for (text, expected) in [
            ("Ada.Okafor", Ok("ada.okafor")),
            ("  admin ", Ok("admin")),
            ("x_1-2", Ok("x_1-2")),
            ("", Err("a login must not be empty")),
            ("-ada", Err("a login starts with a letter or a digit")),
            (
                "ada okafor",
                Err("a login has only letters, digits, '.', '_' and '-'"),
            ),
            ("ädä", Err("a login starts with a letter or a digit")),
        ] {
            assert_eq!(
                normalize_login(text),
                expected.map(str::to_owned),
                "{text:?}"
            );
        }
        assert!(normalize_login(&"a".repeat(65)).is_err());
    }

    #[test]
    fn passwords() {
        assert_eq!(
            check_new_password("short"),
            Err("a password has at least 12 characters")
        );
        assert_eq!(check_new_password("correct horse battery"), Ok(()));
        assert!(check_new_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn liveness() {
        let at = |s: i64| DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap();
        let mut token = ApiToken {
            id: "t".into(),
            user_id: "u".into(),
            name: "ci".into(),
            prefix: "rwt_abcd".into(),
            created_at: at(0),
            expires_at: None,
            last_used_at: None,
            revoked_at: None,
        };
        assert!(token.is_live(at(10)));
        token.expires_at = Some(at(5));
        assert!(!token.is_live(at(10)));
        token.expires_at = None;
        token.revoked_at = Some(at(1));
        assert!(!token.is_live(at(10)));
    }
}
