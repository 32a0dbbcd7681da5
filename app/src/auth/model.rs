//! What the browser learns about authentication: who is signed in and how one can sign in.

use serde::{Deserialize, Serialize};

pub use crate::access::me::Me;

/// How the sign-in page offers to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// The login and password form.
    pub local: bool,
    /// Single sign-on, with the button's label.
    pub sso: Option<String>,
}

/// Keeps a post-sign-in destination on this site: a path of the portal's own, or `/`.
///
/// Browsers drop tabs and newlines inside URLs and read `\\` as `/`, so `/\t/evil.example` and
/// `/\\evil.example` would leave the site as `//evil.example`; a newline would also break the
/// `Location` header. So beyond "starts with one `/`", no control character, backslash or
/// whitespace is allowed anywhere.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains("://")
                && path.len() <= 2048
                && !path
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Why a single sign-on failed, as the callback tells the sign-in page: a code in the URL, shown
/// as a fixed message, so that nobody can make the page say what they like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoFailure {
    NotConfigured,
    Unreachable,
    Expired,
    WrongState,
    Refused,
    CodeRefused,
    BadToken,
    Deactivated,
    Server,
}

impl SsoFailure {
    const ALL: [SsoFailure; 9] = [
        SsoFailure::NotConfigured,
        SsoFailure::Unreachable,
        SsoFailure::Expired,
        SsoFailure::WrongState,
        SsoFailure::Refused,
        SsoFailure::CodeRefused,
        SsoFailure::BadToken,
        SsoFailure::Deactivated,
        SsoFailure::Server,
    ];

    /// The code in `/sign-in?error=`.
    pub fn code(self) -> &'static str {
        match self {
            SsoFailure::NotConfigured => "not-configured",
            SsoFailure::Unreachable => "unreachable",
            SsoFailure::Expired => "expired",
            SsoFailure::WrongState => "state",
            SsoFailure::Refused => "refused",
            SsoFailure::CodeRefused => "code",
            SsoFailure::BadToken => "token",
            SsoFailure::Deactivated => "deactivated",
            SsoFailure::Server => "server",
        }
    }

    /// The failure a code names; unknown codes are a generic failure.
    pub fn from_code(code: &str) -> SsoFailure {
        SsoFailure::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .unwrap_or(SsoFailure::Server)
    }

    /// What the sign-in page says.
    pub fn message(self) -> &'static str {
        match self {
            SsoFailure::NotConfigured => "single sign-on is not configured on this portal",
            SsoFailure::Unreachable => "the identity provider cannot be reached; try again later",
            SsoFailure::Expired => {
                "the sign-on expired or was started in another browser; start again"
            }
            SsoFailure::WrongState => "the sign-on's state does not match; start again",
            SsoFailure::Refused => "the identity provider refused to sign you in",
            SsoFailure::CodeRefused => {
                "the identity provider refused the code (it may have been used already); start again"
            }
            SsoFailure::BadToken => "the identity provider's answer could not be verified",
            SsoFailure::Deactivated => {
                "your account is deactivated; ask an administrator to reactivate it"
            }
            SsoFailure::Server => "something went wrong on the server; try again",
        }
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
            // Browsers drop tabs and newlines and read backslashes as slashes.
            (Some("/\t/evil.example"), "/"),
            (Some("/\n/evil.example"), "/"),
            (Some("/\r\nSet-Cookie: x=1"), "/"),
            (Some("/\\/evil.example"), "/"),
            (Some("/catalog\\..\\x"), "/"),
            (Some(" /catalog"), "/"),
            (Some("/a b"), "/"),
            (Some("/\u{2028}x"), "/"),
            (Some("/%2F%2Fevil.example"), "/%2F%2Fevil.example"),
        ] {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
    }

    #[test]
    fn failures_travel_as_codes_and_show_fixed_messages() {
        for failure in SsoFailure::ALL {
            assert_eq!(SsoFailure::from_code(failure.code()), failure);
        }
        assert_eq!(
            SsoFailure::from_code("Your account is compromised, call 555-0100"),
            SsoFailure::Server
        );
    }
}
