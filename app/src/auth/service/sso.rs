//! Finishing a single sign-on: the account (created just in time, or updated), the roles and
//! teams its groups give, and a session.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::oidc::{Identity, OidcSettings};
use super::runtime::AuthRuntime;
use super::session::{self, Origin};
use crate::access::identity::{SignInMethod, User, normalize_login};
use crate::access::store::{roles, users};
use crate::db::Db;
use crate::error::AppError;
use crate::server::ctx::Ctx;

/// Signs in the person the identity provider vouched for; returns them and the session cookie.
pub async fn sign_in(
    db: &Db,
    auth: &AuthRuntime,
    settings: &OidcSettings,
    identity: &Identity,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    let (user, created) = match users::by_oidc_subject(db, &identity.subject).await? {
        Some(stored) => (stored.user, false),
        None => (create(db, settings, identity, now).await?, true),
    };
    if !user.active {
        return Err(AppError::Forbidden(
            "use this portal: your account is deactivated; ask an administrator".into(),
        ));
    }
    let known_teams: BTreeSet<String> = crate::catalog::store::groups(db)
        .await?
        .into_iter()
        .map(|(r, _, _)| r)
        .collect();
    let (wanted_roles, teams) = settings.grants_for(&identity.groups, &known_teams);
    let existing: BTreeSet<String> = roles::list(db).await?.into_iter().map(|r| r.name).collect();
    let unknown: Vec<&String> = wanted_roles.difference(&existing).collect();
    if !unknown.is_empty() {
        tracing::warn!(
            ?unknown,
            "RUNWAY_OIDC_GROUP_ROLES names roles that do not exist; they are ignored"
        );
    }
    let granted: BTreeSet<String> = wanted_roles.intersection(&existing).cloned().collect();
    let name = identity
        .name
        .clone()
        .unwrap_or_else(|| user.display_name.clone());
    let mut tx = db.begin().await?;
    if !created && (name != user.display_name || identity.email != user.email) {
        users::update_profile(&mut tx, &user.id, &name, identity.email.as_deref(), now).await?;
    }
    let roles_changed = roles::sync_user_bindings(&mut tx, &user.id, "oidc", &granted, now).await?;
    let teams_changed = users::set_memberships(&mut tx, &user.id, "oidc", &teams, now).await?;
    if created || roles_changed || teams_changed {
        let summary = serde_json::json!({"groups": identity.groups, "after": {"roles": granted, "teams": teams}});
        let action = if created {
            "auth.user.create"
        } else {
            "auth.sso.sync"
        };
        let ctx = Ctx::system(db, Default::default(), "system").from(origin.clone(), now);
        ctx.audited(&mut tx, action, &format!("user:{}", user.login), summary)
            .await?;
        roles::bump_version(&mut tx).await?;
    }
    tx.commit().await?;
    auth.policy.invalidate();
    let (_, cookie) = session::start(db, auth, &user, SignInMethod::Oidc, origin, now).await?;
    Ok((user, cookie))
}

/// The catalog user a new account stands for: the one whose profile has the person's e-mail,
/// when the provider verified that e-mail and it is in one of the configured domains, and
/// exactly one user has it. Never by name: whoever picks a login at the provider would
/// otherwise inherit the teams of the catalog user so named.
async fn linked_user(
    db: &Db,
    settings: &OidcSettings,
    identity: &Identity,
) -> Result<Option<String>, AppError> {
    let Some(email) = identity
        .email
        .as_deref()
        .filter(|_| identity.email_verified)
    else {
        return Ok(None);
    };
    let domain = email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    if !domain.is_some_and(|d| settings.email_domains.contains(&d)) {
        return Ok(None);
    }
    let found = crate::catalog::store::search::users_with_email(db, email).await?;
    Ok(match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// A new account for `identity`, with a free login derived from what the provider calls them,
/// linked to a catalog user only by a verified e-mail (see [`linked_user`]).
async fn create(
    db: &Db,
    settings: &OidcSettings,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let base = identity
        .preferred_login
        .as_deref()
        .map(|l| {
            l.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
        })
        .and_then(|l| normalize_login(l.trim_start_matches(['.', '_', '-'])).ok())
        .unwrap_or_else(|| "user".to_owned());
    let mut login = base.clone();
    let mut n = 1;
    while users::by_login(db, &login).await?.is_some() {
        n += 1;
        login = format!("{base}-{n}");
    }
    let linked = linked_user(db, settings, identity).await?;
    let new = users::NewUser {
        login: login.clone(),
        display_name: identity.name.clone().unwrap_or_else(|| login.clone()),
        email: identity.email.clone(),
        password_hash: None,
        oidc_subject: Some(identity.subject.clone()),
        entity_ref: linked,
    };
    let mut tx = db.begin().await?;
    let user = users::insert(&mut tx, &new, now).await?;
    tx.commit().await?;
    Ok(user)
}

#[cfg(test)]
#[path = "sso_tests.rs"]
mod tests;
