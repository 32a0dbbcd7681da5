//! Server functions of administration: users, sessions and tokens, teams, roles and bindings,
//! explaining access, and the audit log. The authentication layer has already checked the
//! permission each one names in `access::endpoints`; each checks again before it acts.

pub mod audit;
pub mod explain;
pub mod roles;
pub mod teams;
pub mod tokens;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    //! What every admin change does besides its own work: audit, tell replicas, forget the cache.

    use sqlx::AnyConnection;

    use crate::access::store::{audit, roles};
    use crate::auth::service::session::{Origin, entry};
    use crate::error::AppError;
    use crate::server::caller::{Caller, client_address, user_agent};

    pub fn origin() -> Origin {
        Origin {
            address: client_address(),
            user_agent: user_agent(),
        }
    }

    /// Records `action` on `target` by `caller` in the change's transaction.
    pub async fn audited(
        conn: &mut AnyConnection,
        caller: &Caller,
        action: &str,
        target: &str,
        summary: serde_json::Value,
    ) -> Result<(), AppError> {
        let at = crate::server::now();
        audit::record(
            conn,
            &entry(&caller.user.login, action, target, &origin(), at, summary),
        )
        .await?;
        Ok(())
    }

    /// Marks access as changed (every replica reloads its policy) and forgets this one's now.
    pub async fn access_changed(conn: &mut AnyConnection) -> Result<(), AppError> {
        roles::bump_version(conn).await?;
        Ok(())
    }

    pub fn forget_policy() -> Result<(), AppError> {
        crate::server::state()?.auth.policy.invalidate();
        Ok(())
    }
}
