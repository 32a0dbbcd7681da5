//! Server functions of the deployments pages.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{DeploymentRow, Environment};
use crate::access::endpoints::requires;
use crate::error::AppError;

/// How many deployments the list shows.
pub const PAGE_SIZE: i64 = 50;

/// The deployments page: the environments to filter by and the latest deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentsPage {
    pub now: DateTime<Utc>,
    pub environments: Vec<Environment>,
    pub rows: Vec<DeploymentRow>,
}

/// The latest deployments, in every environment or in the one named.
#[server(prefix = "/api", endpoint = "deployments/list")]
pub async fn list_deployments(environment: Option<String>) -> Result<DeploymentsPage, AppError> {
    crate::server::run(|ctx| async move { service::list(&ctx, environment).await }).await
}
requires!(ListDeployments, CatalogEntityRead);

#[cfg(feature = "ssr")]
mod service {
    //! Validates the filter and reads the store.

    use super::{DeploymentsPage, PAGE_SIZE};
    use crate::access::permission::Permission;
    use crate::deployments::store::{list_environments, recent_deployments};
    use crate::error::{AppError, FieldError};
    use crate::server::ctx::Ctx;

    /// The latest deployments of the entities the caller may read.
    pub async fn list(ctx: &Ctx, environment: Option<String>) -> Result<DeploymentsPage, AppError> {
        let readable = ctx.scope(Permission::CatalogEntityRead)?;
        let db = &ctx.db;
        let environments = list_environments(db).await?;
        let environment = environment.filter(|e| !e.is_empty());
        if let Some(name) = environment
            .as_ref()
            .filter(|n| !environments.iter().any(|e| &e.name == *n))
        {
            return Err(AppError::Validation(vec![FieldError::new(
                "environment",
                format!("there is no environment named {name:?}"),
            )]));
        }
        let rows = recent_deployments(db, environment.as_deref(), PAGE_SIZE, &readable).await?;
        Ok(DeploymentsPage {
            now: ctx.at,
            environments,
            rows,
        })
    }
}
