//! The demo's sign-in accounts: one per built-in role below admin, each linked to a catalog user
//! in a team, so that ownership rules show (the developer edits Checkout's services only).

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::AnyConnection;

use crate::access::decision::{RoleBinding, Subject};
use crate::access::store::{roles, users};
use crate::catalog::model::{API_VERSION, Entity, Metadata};

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "demo-password";

/// (login, display name, role, team) of each demo account.
pub const ACCOUNTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("developer", "Dana Developer", "developer", Some("checkout")),
    ("manager", "Morgan Manager", "manager", Some("payments")),
    ("viewer", "Vic Viewer", "viewer", None),
];

/// The accounts' catalog users, memberships included.
pub fn entities() -> Vec<Entity> {
    ACCOUNTS
        .iter()
        .map(|(login, name, _, team)| Entity {
            api_version: API_VERSION.into(),
            kind: "User".into(),
            metadata: Metadata { name: login.to_string(), description: Some("Demo account".into()), ..Metadata::default() },
            spec: json!({"profile": {"displayName": name, "email": format!("{login}@{}", super::EMAIL_DOMAIN)}, "memberOf": team.iter().collect::<Vec<_>>()})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            relations: vec![],
            status: None,
        })
        .collect()
}

/// Creates the accounts with `password_hash` and binds their roles.
pub async fn create(
    conn: &mut AnyConnection,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (login, name, role, _) in ACCOUNTS {
        let new = users::NewUser {
            login: login.to_string(),
            display_name: name.to_string(),
            email: Some(format!("{login}@{}", super::EMAIL_DOMAIN)),
            password_hash: Some(password_hash.to_owned()),
            entity_ref: Some(format!("user:default/{login}")),
            ..users::NewUser::default()
        };
        let user = users::insert(&mut *conn, &new, now).await?;
        let binding = RoleBinding {
            id: uuid::Uuid::new_v4().to_string(),
            subject: Subject::User(user.id),
            role: role.to_string(),
            scope: None,
            source: "admin".into(),
        };
        roles::create_binding(&mut *conn, &binding, "demo", now).await?;
    }
    roles::bump_version(conn).await
}
