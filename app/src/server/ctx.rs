//! The context a use case runs in: the database, the policy, who acts, from where, and when.
//!
//! An entry point builds it once (a server function with [`Ctx::of_request`], a REST handler by
//! taking `Ctx` as an extractor, the CLI and background work with [`Ctx::system`]) and passes
//! it to a service. Services authorize, open transactions and audit through it, and never read
//! the request themselves, so every door runs the same checks and writes the same audit rows.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::caller::{Caller, CallerSlot, ClientAddress, Origin, refusal};
use super::extensions::Extensions;
use super::{Db, Shared};
use crate::access::cache::PolicyCache;
use crate::access::decision::{Policy, Scope, Target};
use crate::access::model::AuditEntry;
use crate::access::permission::Permission;
use crate::error::AppError;

/// Who acts.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A signed-in person, decided by the policy.
    Person(Box<Caller>),
    /// Runway itself (the CLI, start-up, schedules), named in the audit log; may do anything.
    System(&'static str),
    /// Someone proving who they are (signing in): named in the audit log, may do nothing.
    SigningIn(String),
}

/// Who does something, with what they need to do it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: Db,
    pub policy: Arc<Policy>,
    pub actor: Actor,
    /// Where the request came from, for sessions and the audit log.
    pub origin: Origin,
    /// When the use case started: one time for all it writes.
    pub at: DateTime<Utc>,
    /// What features keep for the life of the server (the catalog index).
    pub extensions: Extensions,
    /// The policy every replica reloads when access changes; none for the CLI.
    pub policy_cache: Option<Arc<PolicyCache>>,
}

impl Ctx {
    /// The context of the current server function; its caller must be signed in.
    pub async fn of_request() -> Result<Ctx, AppError> {
        let shared = super::shared()?;
        let caller = super::caller::signed_in()?;
        let origin = Origin {
            address: super::caller::client_address(),
            user_agent: super::caller::user_agent(),
        };
        Ctx::person(&shared, caller, origin).await
    }

    /// The context of a signed-in person's request.
    pub async fn person(shared: &Shared, caller: Caller, origin: Origin) -> Result<Ctx, AppError> {
        Ok(Ctx {
            policy: shared.policy.get(&shared.db).await?,
            db: shared.db.clone(),
            actor: Actor::Person(Box::new(caller)),
            origin,
            at: super::now(),
            extensions: shared.extensions.clone(),
            policy_cache: Some(shared.policy.clone()),
        })
    }

    /// Runway's own context, named `name` in the audit log (`system` for the CLI and
    /// schedules).
    pub fn system(db: &Db, policy: Arc<Policy>, name: &'static str) -> Ctx {
        Ctx {
            db: db.clone(),
            policy,
            actor: Actor::System(name),
            origin: Origin::default(),
            at: super::now(),
            extensions: Extensions::default(),
            policy_cache: None,
        }
    }

    /// The context of someone signing in as `login`, before they hold a session.
    pub fn signing_in(db: &Db, login: &str, origin: Origin, at: DateTime<Utc>) -> Ctx {
        Ctx {
            actor: Actor::SigningIn(login.to_owned()),
            origin,
            at,
            ..Ctx::system(db, Arc::default(), "system")
        }
    }

    /// The same context with the request's origin and time (Runway's own work on behalf of a
    /// request, such as single sign-on).
    pub fn from(mut self, origin: Origin, at: DateTime<Utc>) -> Ctx {
        self.origin = origin;
        self.at = at;
        self
    }

    /// After a change to users, teams, roles or bindings: this replica forgets its policy at
    /// once (the others reload within a second, from `access_version`).
    pub fn policy_changed(&self) {
        if let Some(cache) = &self.policy_cache {
            cache.invalidate();
        }
    }

    /// The person acting, or "sign in to continue" for Runway itself.
    pub fn caller(&self) -> Result<&Caller, AppError> {
        match &self.actor {
            Actor::Person(caller) => Ok(caller.as_ref()),
            Actor::System(_) | Actor::SigningIn(_) => Err(AppError::Unauthenticated),
        }
    }

    /// The name the audit log gives the actor: a login, or Runway's own name for the work.
    pub fn login(&self) -> &str {
        match &self.actor {
            Actor::Person(caller) => &caller.user.login,
            Actor::System(name) => name,
            Actor::SigningIn(login) => login,
        }
    }

    /// Whether the actor may do `permission` (to `target`).
    pub fn may(&self, permission: Permission, target: Option<Target<'_>>) -> bool {
        match &self.actor {
            Actor::Person(caller) => {
                self.policy
                    .decide(&caller.principal, permission, target)
                    .allowed
            }
            Actor::System(_) => true,
            Actor::SigningIn(_) => false,
        }
    }

    /// Nothing, if the actor may do `permission` (to `target`); otherwise the error a deny
    /// looks like: "not found" for a hidden read of one entity, "forbidden" for the rest.
    pub fn authorize(
        &self,
        permission: Permission,
        target: Option<Target<'_>>,
    ) -> Result<(), AppError> {
        match self.may(permission, target) {
            true => Ok(()),
            false => Err(refusal(permission, target)),
        }
    }

    /// Where `permission` holds for the actor; forbidden when it holds nowhere.
    pub fn scope(&self, permission: Permission) -> Result<Scope, AppError> {
        let scope = match &self.actor {
            Actor::Person(caller) => self.policy.scope(&caller.principal, permission),
            Actor::System(_) => Scope::All,
            Actor::SigningIn(_) => Scope::Owners(Default::default()),
        };
        match scope.is_empty() {
            true => Err(refusal(permission, None)),
            false => Ok(scope),
        }
    }

    /// The audit entry of the actor doing `action` to `target`.
    pub fn entry(&self, action: &str, target: &str, summary: serde_json::Value) -> AuditEntry {
        let address = self.origin.address.clone();
        AuditEntry::new(self.login(), action, target, address, self.at, summary)
    }

    /// Records the actor doing `action` to `target`, in the transaction that does it.
    pub async fn audited(
        &self,
        conn: &mut AnyConnection,
        action: &str,
        target: &str,
        summary: serde_json::Value,
    ) -> Result<(), sqlx::Error> {
        crate::access::store::audit::record(conn, &self.entry(action, target, summary)).await
    }
}

/// REST handlers take a `Ctx` as an argument: the caller the authentication layer resolved, or
/// 401 when there is none.
impl<S> axum::extract::FromRequestParts<S> for Ctx
where
    S: Send + Sync,
    Shared: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Ctx, AppError> {
        let caller = parts
            .extensions
            .get::<CallerSlot>()
            .and_then(|slot| slot.0.clone())
            .ok_or(AppError::Unauthenticated)?;
        let origin = Origin {
            address: parts.extensions.get::<ClientAddress>().map(|a| a.0.clone()),
            user_agent: parts
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(300).collect()),
        };
        Ctx::person(&axum::extract::FromRef::from_ref(state), caller, origin).await
    }
}

#[cfg(test)]
#[path = "ctx_tests.rs"]
mod tests;
