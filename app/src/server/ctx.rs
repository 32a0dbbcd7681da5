//! The context a use case runs in: the database, the policy, who calls and from where. An entry
//! point (a server function, a REST handler) builds it once and passes it to the service, which
//! never reads the request itself; so every door runs the same checks.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::caller::{Caller, client_address, refusal, signed_in};
use super::{AppState, Db};
use crate::access::decision::{Policy, Target};
use crate::access::model::AuditEntry;
use crate::access::permission::Permission;
use crate::error::AppError;

/// Who does something, with what they need to do it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: Db,
    pub policy: Arc<Policy>,
    pub caller: Caller,
    /// The client's address, for the audit log.
    pub address: Option<String>,
}

impl Ctx {
    /// The context of the current server function: its caller must be signed in.
    pub async fn of_request() -> Result<Ctx, AppError> {
        let state = super::state()?;
        let caller = signed_in()?;
        Ctx::new(&state, caller, client_address()).await
    }

    /// The context of a request an HTTP handler serves.
    pub async fn new(
        state: &AppState,
        caller: Caller,
        address: Option<String>,
    ) -> Result<Ctx, AppError> {
        Ok(Ctx {
            policy: state.auth.policy.get(&state.db).await?,
            db: state.db.clone(),
            caller,
            address,
        })
    }

    /// Whether the caller may do `permission` (to `target`).
    pub fn may(&self, permission: Permission, target: Option<Target<'_>>) -> bool {
        self.policy
            .decide(&self.caller.principal, permission, target)
            .allowed
    }

    /// Nothing, if the caller may do `permission` (to `target`); otherwise the error a deny
    /// looks like.
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

    /// The audit entry of the caller doing `action` to `target` at `at`.
    pub fn entry(
        &self,
        action: &str,
        target: &str,
        at: DateTime<Utc>,
        summary: serde_json::Value,
    ) -> AuditEntry {
        let login = &self.caller.user.login;
        AuditEntry::new(login, action, target, self.address.clone(), at, summary)
    }

    /// The catalog's write rules for this caller through `door`.
    pub fn rules<'a>(
        &'a self,
        door: crate::catalog::rules::Door<'a>,
    ) -> crate::catalog::rules::Rules<'a> {
        crate::catalog::rules::Rules {
            writer: crate::catalog::rules::Writer::Person {
                policy: &self.policy,
                principal: &self.caller.principal,
            },
            door,
        }
    }
}
