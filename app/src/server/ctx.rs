//! The context a use case runs in: the database, the policy, who acts, from where, and when.
//!
//! An entry point builds it once (a server function with [`Ctx::of_request`], a REST handler by
//! taking `Ctx` as an extractor, the CLI and background work with [`Ctx::system`]) and passes
//! it to a service. Services authorize, open transactions and audit through it, and never read
//! the request themselves, so every door runs the same checks and writes the same audit rows.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::caller::{Caller, CallerSlot, ClientAddress, refusal};
use super::{AppState, Db};
use crate::access::decision::{Policy, Scope, Target};
use crate::access::model::AuditEntry;
use crate::access::permission::Permission;
use crate::auth::service::session::Origin;
use crate::error::AppError;

/// Who acts.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A signed-in person, decided by the policy.
    Person(Box<Caller>),
    /// Runway itself (the CLI, start-up, schedules), named in the audit log; may do anything.
    System(&'static str),
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
    /// The catalog in memory, for lists, facets and search.
    pub catalog: Arc<crate::catalog::index::CatalogIndex>,
    /// Authentication at run time (the policy cache); none for the CLI.
    pub auth: Option<Arc<crate::auth::service::runtime::AuthRuntime>>,
}

impl Ctx {
    /// The context of the current server function; its caller must be signed in.
    pub async fn of_request() -> Result<Ctx, AppError> {
        let state = super::state()?;
        let caller = super::caller::signed_in()?;
        let origin = Origin {
            address: super::caller::client_address(),
            user_agent: super::caller::user_agent(),
        };
        Ctx::person(&state, caller, origin).await
    }

    /// The context of a signed-in person's request.
    pub async fn person(state: &AppState, caller: Caller, origin: Origin) -> Result<Ctx, AppError> {
        Ok(Ctx {
            policy: state.auth.policy.get(&state.db).await?,
            db: state.db.clone(),
            actor: Actor::Person(Box::new(caller)),
            origin,
            at: super::now(),
            catalog: state.catalog.clone(),
            auth: Some(state.auth.clone()),
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
            catalog: Default::default(),
            auth: None,
        }
    }

    /// After a change to users, teams, roles or bindings: this replica forgets its policy at
    /// once (the others reload within a second, from `access_version`).
    pub fn policy_changed(&self) {
        if let Some(auth) = &self.auth {
            auth.policy.invalidate();
        }
    }

    /// The person acting, or "sign in to continue" for Runway itself.
    pub fn caller(&self) -> Result<&Caller, AppError> {
        match &self.actor {
            Actor::Person(caller) => Ok(caller.as_ref()),
            Actor::System(_) => Err(AppError::Unauthenticated),
        }
    }

    /// The name the audit log gives the actor: a login, or Runway's own name for the work.
    pub fn login(&self) -> &str {
        match &self.actor {
            Actor::Person(caller) => &caller.user.login,
            Actor::System(name) => name,
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
        };
        match scope.is_empty() {
            true => Err(refusal(permission, None)),
            false => Ok(scope),
        }
    }

    /// What the actor may read of the catalog, as its stores filter it.
    pub fn viewer(&self) -> Result<crate::catalog::store::query::Viewer, AppError> {
        let scope = self.scope(Permission::CatalogEntityRead)?;
        let (teams, user_id) = match &self.actor {
            Actor::Person(caller) => (caller.principal.teams.clone(), caller.user.id.clone()),
            Actor::System(_) => Default::default(),
        };
        Ok(crate::catalog::store::query::Viewer {
            readable_owners: match scope {
                Scope::All => None,
                Scope::Owners(owners) => Some(owners),
            },
            teams,
            user_id,
        })
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
    ) -> Result<(), AppError> {
        crate::access::store::audit::record(conn, &self.entry(action, target, summary)).await?;
        Ok(())
    }

    /// The catalog's write rules for the actor through `door`.
    pub fn rules<'a>(
        &'a self,
        door: crate::catalog::rules::Door<'a>,
    ) -> crate::catalog::rules::Rules<'a> {
        use crate::catalog::rules::{Rules, Writer};
        let writer = match &self.actor {
            Actor::Person(caller) => Writer::Person {
                policy: &self.policy,
                principal: &caller.principal,
            },
            Actor::System(_) => Writer::System,
        };
        Rules { writer, door }
    }
}

/// REST handlers take a `Ctx` as an argument: the caller the authentication layer resolved, or
/// 401 when there is none.
impl axum::extract::FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &AppState,
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
        Ctx::person(state, caller, origin).await
    }
}

#[cfg(test)]
mod tests {
    //! The architecture's rules that can be checked by reading the code.

    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    fn sources(crate_dir: &str) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir);
        rust_files(&root, &mut files);
        files
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect()
    }

    #[test]
    fn services_never_read_the_request() {
        let mut checked = 0;
        for (path, text) in sources("src") {
            let Some(start) = text
                .find("mod service {")
                .filter(|_| !path.ends_with("ctx.rs"))
            else {
                continue;
            };
            checked += 1;
            let service = &text[start..];
            for reading in [
                "use_context",
                "Ctx::of_request",
                "server::state()",
                "caller::caller()",
                "caller::signed_in",
                "leptos_axum::",
            ] {
                assert!(
                    !service.contains(reading),
                    "{} reads the request in its service ({reading})",
                    path.display()
                );
            }
        }
        assert!(checked >= 10, "{checked} service modules");
    }

    #[test]
    fn no_http_handler_opens_a_transaction() {
        for (path, text) in sources("../server/src") {
            assert!(
                !text.contains(".begin()"),
                "{} opens a transaction; call a service",
                path.display()
            );
        }
    }
}
