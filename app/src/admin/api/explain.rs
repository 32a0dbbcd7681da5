//! The "explain access" server function: may this user do this, to this entity, and why.

use leptos::prelude::*;

use crate::access::endpoints::requires;
use crate::admin::explanation::Explanation;
use crate::error::AppError;

/// Explains whether `login` may do `permission` (to `entity_ref`, for entity permissions).
#[server(prefix = "/api", endpoint = "admin/explain")]
pub async fn explain_access(
    login: String,
    permission: String,
    entity_ref: Option<String>,
) -> Result<Explanation, AppError> {
    crate::server::run(
        |ctx| async move { service::explain(&ctx, login, permission, entity_ref).await },
    )
    .await
}
requires!(ExplainAccess, AdminRolesManage);

#[cfg(feature = "ssr")]
mod service {
    //! Looks the user, permission and entity up and explains the decision.

    use crate::access::decision::Target;
    use crate::access::permission::Permission;
    use crate::access::store::users;
    use crate::access::store::users::principal_of;
    use crate::admin::explanation::{self, Explanation};
    use crate::catalog::model::EntityRef;
    use crate::catalog::store::owner_of;
    use crate::error::{AppError, FieldError};
    use crate::server::ctx::Ctx;

    pub async fn explain(
        ctx: &Ctx,
        login: String,
        permission: String,
        entity_ref: Option<String>,
    ) -> Result<Explanation, AppError> {
        ctx.authorize(Permission::AdminRolesManage, None)?;
        let db = ctx.db.clone();
        let mut problems = Vec::new();
        let user = users::by_login(&db, &login).await?;
        if user.is_none() {
            problems.push(FieldError::new(
                "login",
                format!("there is no user {:?}", login.trim()),
            ));
        }
        let permission = Permission::parse(permission.trim());
        if permission.is_none() {
            problems.push(FieldError::new(
                "permission",
                "choose a permission from the list",
            ));
        }
        let entity = match entity_ref
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            None => None,
            Some(text) => match EntityRef::parse(text, None, "default") {
                Err(e) => {
                    problems.push(FieldError::new("entity_ref", e.to_string()));
                    None
                }
                Ok(r) => match owner_of(&db, &r.key()).await? {
                    None => {
                        problems.push(FieldError::new(
                            "entity_ref",
                            format!("there is no entity {}", r.key()),
                        ));
                        None
                    }
                    Some(owner) => Some((r.key(), owner)),
                },
            },
        };
        let (Some(user), Some(permission)) = (user, permission) else {
            return Err(AppError::Validation(problems));
        };
        if !problems.is_empty() {
            return Err(AppError::Validation(problems));
        }
        let principal = principal_of(&db, &user.user).await?;
        let target = entity.as_ref().map(|(r, owner)| Target {
            entity_ref: r,
            owner_ref: owner.as_deref(),
        });
        let decision = ctx.policy.clone().decide(&principal, permission, target);
        Ok(explanation::explain(
            &decision, &principal, permission, target,
        ))
    }
}
