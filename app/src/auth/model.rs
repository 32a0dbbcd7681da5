//! What the browser learns about authentication: who is signed in and how one can sign in.

use serde::{Deserialize, Serialize};

use crate::access::identity::User;

/// The signed-in user, with what they may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    /// Team entity refs.
    pub teams: Vec<String>,
    /// Roles bound to the user directly or through a team.
    pub roles: Vec<String>,
    /// Dotted names of the permissions held for at least some entities.
    pub permissions: Vec<String>,
}

impl Me {
    pub fn may(&self, permission: crate::access::permission::Permission) -> bool {
        self.permissions.iter().any(|p| p == permission.name())
    }

    /// Initials for the avatar: "Ada Okafor" → "AO".
    pub fn initials(&self) -> String {
        let initials: String = self
            .user
            .display_name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect();
        if initials.is_empty() {
            self.user
                .login
                .chars()
                .take(1)
                .collect::<String>()
                .to_uppercase()
        } else {
            initials.to_uppercase()
        }
    }
}

/// How the sign-in page offers to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// The login and password form.
    pub local: bool,
    /// Single sign-on, with the button's label.
    pub sso: Option<String>,
}

/// Keeps a post-sign-in destination on this site: a path, not another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.contains("://") =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        for (next, expected) in [
            (Some("/catalog?kind=api"), "/catalog?kind=api"),
            (Some("//evil.example.com"), "/"),
            (Some("/\\evil.example.com"), "/"),
            (Some("https://evil.example.com/"), "/"),
            (Some("catalog"), "/"),
            (Some("/redirect?to=https://evil"), "/"),
            (None, "/"),
        ] {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
    }
}
