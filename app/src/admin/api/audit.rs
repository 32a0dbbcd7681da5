//! The audit log server function: search with filters, a page at a time.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::access::model::AuditEntry;
use crate::error::AppError;

pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    /// Every action recorded, for the filter.
    pub actions: Vec<String>,
}

/// Audit entries matching the filters, newest first.
#[server(prefix = "/api", endpoint = "admin/audit/search")]
pub async fn search_audit(
    actor: Option<String>,
    action: Option<String>,
    target: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    page: Option<i64>,
) -> Result<AuditPage, AppError> {
    let filter = crate::access::model::AuditFilter {
        actor,
        action,
        target,
        from,
        to,
    };
    crate::server::run(|ctx| async move { service::search(&ctx, filter, page.unwrap_or(0)).await })
        .await
}
requires!(SearchAudit, AuditRead);

#[cfg(feature = "ssr")]
pub mod service {
    //! Reads the audit store for the page and for the CSV export; both need `audit.read`.

    use super::{AuditPage, PAGE_SIZE};
    use crate::access::model::{AuditEntry, AuditFilter};
    use crate::access::permission::Permission;
    use crate::access::store::audit;
    use crate::error::AppError;
    use crate::server::ctx::Ctx;

    /// Rows one CSV export gives at most.
    pub const CSV_ROWS: i64 = 100_000;

    pub async fn search(ctx: &Ctx, filter: AuditFilter, page: i64) -> Result<AuditPage, AppError> {
        ctx.authorize(Permission::AuditRead, None)?;
        let page = page.clamp(0, 100_000);
        let (entries, total) = audit::search(&ctx.db, &filter, PAGE_SIZE, page * PAGE_SIZE).await?;
        Ok(AuditPage {
            entries,
            total,
            page,
            actions: audit::actions(&ctx.db).await?,
        })
    }

    /// The entries for a CSV export, newest first.
    pub async fn export(ctx: &Ctx, filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        ctx.authorize(Permission::AuditRead, None)?;
        Ok(audit::search(&ctx.db, &filter, CSV_ROWS, 0).await?.0)
    }
}
