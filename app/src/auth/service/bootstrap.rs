//! What every start does before serving: built-in roles as the code defines them, and a first
//! administrator when the database has no users.

use chrono::{DateTime, Utc};

use super::credentials::{hash_password, random_secret};
use crate::access::decision::{RoleBinding, Subject, builtin_roles};
use crate::access::store::{roles, users};
use crate::db::Db;
use crate::server::ctx::Ctx;

pub const ADMIN_LOGIN: &str = "admin";

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("invalid RUNWAY_ADMIN_PASSWORD: {0}")]
    Password(&'static str),
    #[error("cannot prepare access control: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot hash the administrator's password: {0}")]
    Hash(String),
}

/// The first administrator, when one was created.
#[derive(Debug, PartialEq, Eq)]
pub struct FirstAdmin {
    pub login: String,
    /// Set when the password was generated: shown once, never stored in clear.
    pub generated_password: Option<String>,
}

/// Syncs the built-in roles and creates `admin` when there are no users yet, with
/// `admin_password` or a generated one.
pub async fn bootstrap(
    db: &Db,
    admin_password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<FirstAdmin>, BootstrapError> {
    if let Some(password) = admin_password {
        crate::access::identity::check_new_password(password).map_err(BootstrapError::Password)?;
    }
    let mut tx = db.begin().await?;
    roles::sync_builtin(&mut tx, &builtin_roles(), now).await?;
    roles::bump_version(&mut tx).await?;
    tx.commit().await?;
    if users::count(db).await? > 0 {
        return Ok(None);
    }
    let generated = admin_password.is_none().then(random_secret);
    let password = admin_password
        .map(str::to_owned)
        .or(generated.clone())
        .unwrap_or_default();
    let hash = hash_password(password)
        .await
        .map_err(BootstrapError::Hash)?;
    let mut tx = db.begin().await?;
    let admin = users::insert(
        &mut tx,
        &users::NewUser {
            login: ADMIN_LOGIN.into(),
            display_name: "Administrator".into(),
            password_hash: Some(hash),
            ..users::NewUser::default()
        },
        now,
    )
    .await?;
    let binding = RoleBinding {
        id: uuid::Uuid::new_v4().to_string(),
        subject: Subject::User(admin.id.clone()),
        role: "admin".into(),
        scope: None,
        source: "admin".into(),
    };
    roles::create_binding(&mut tx, &binding, "system", now).await?;
    roles::bump_version(&mut tx).await?;
    Ctx::system(db, Default::default(), "system")
        .from(Default::default(), now)
        .audited(
            &mut tx,
            "auth.user.create",
            "user:admin",
            serde_json::json!({"before": null, "after": {"login": "admin", "role": "admin"}}),
        )
        .await?;
    tx.commit().await?;
    Ok(Some(FirstAdmin {
        login: admin.login,
        generated_password: generated,
    }))
}
