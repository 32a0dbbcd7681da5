//! The caller of a request, as the authentication layer sets it on the request, what a server
//! function's adapter reads of it to build a `Ctx`, and what a refusal looks like.

use leptos::prelude::*;

use crate::access::decision::{Principal, Target};
use crate::access::identity::User;
use crate::access::permission::{DenyAs, Permission};
use crate::error::AppError;

/// Where a request came from, for sessions and the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

/// A signed-in user making a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub principal: Principal,
    pub via: Via,
}

/// How the caller authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Session {
        id: String,
    },
    Token {
        id: String,
    },
    /// A template task acting as the person who started it.
    Task {
        id: String,
    },
}

/// The request extension the authentication layer sets on every request it lets through.
#[derive(Debug, Clone, Default)]
pub struct CallerSlot(pub Option<Caller>);

/// The client's address, from the connection (or a trusted proxy's header).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// Who is calling, if anyone signed in.
pub fn caller() -> Option<Caller> {
    parts()?.extensions.get::<CallerSlot>()?.0.clone()
}

/// Where the request came from, for the audit log and rate limits.
pub fn client_address() -> Option<String> {
    parts()?
        .extensions
        .get::<ClientAddress>()
        .map(|a| a.0.clone())
}

pub fn user_agent() -> Option<String> {
    parts()?
        .headers
        .get(http::header::USER_AGENT)?
        .to_str()
        .ok()
        .map(|s| s.chars().take(300).collect())
}

/// The caller, or "sign in to continue".
pub fn signed_in() -> Result<Caller, AppError> {
    caller().ok_or(AppError::Unauthenticated)
}

/// The error a deny of `permission` (to `target`) looks like: "not found" for hidden reads of
/// one entity, "forbidden" for everything else.
pub fn refusal(permission: Permission, target: Option<Target<'_>>) -> AppError {
    match (permission.deny_as(), target) {
        (DenyAs::Hidden, Some(target)) => AppError::NotFound(target.entity_ref.to_owned()),
        (_, Some(target)) => AppError::Forbidden(format!(
            "{} for {} ({permission})",
            lowercase_first(permission.description()),
            target.entity_ref
        )),
        (_, None) => AppError::Forbidden(format!(
            "{} ({permission})",
            lowercase_first(permission.description())
        )),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}
