//! Server functions of administration: users, sessions and tokens, teams, roles and bindings,
//! explaining access, and the audit log. The authentication layer has already checked the
//! permission each one names in `access::endpoints`; each service checks again, through its
//! `Ctx`, before it acts.

pub mod audit;
pub mod explain;
pub mod roles;
pub mod teams;
pub mod tokens;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    //! What every change to access does besides its own work: tell every replica.

    use sqlx::AnyConnection;

    use crate::access::store::roles;
    use crate::error::AppError;

    /// Marks access as changed, in the change's transaction: every replica reloads its policy.
    pub async fn access_changed(conn: &mut AnyConnection) -> Result<(), AppError> {
        roles::bump_version(conn).await?;
        Ok(())
    }
}
