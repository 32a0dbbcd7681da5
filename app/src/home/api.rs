//! Server functions of the home page.

use leptos::prelude::*;

use super::model::HomeStats;
use crate::access::endpoints::requires;
use crate::error::AppError;

/// The home page's figures.
#[server(prefix = "/api", endpoint = "home/stats")]
pub async fn get_home_stats() -> Result<HomeStats, AppError> {
    crate::server::run(|ctx| async move { service::home_stats(&ctx).await }).await
}
requires!(GetHomeStats, CatalogEntityRead);

#[cfg(feature = "ssr")]
pub mod service {
    //! Gathers the figures from the catalog and deployment stores, within what the caller may
    //! read: a reader limited to their teams sees their teams' figures, not the organisation's.

    use chrono::Duration;

    use super::super::model::{CHART_DAYS, HomeStats, fill_days};
    use crate::access::permission::Permission;
    use crate::catalog::filter::{CatalogFilter, Facet};
    use crate::catalog::store::query::Viewer;
    use crate::deployments::store::{
        count_deployments, count_open_incidents, daily_outcomes, recent_deployments,
    };
    use crate::error::AppError;
    use crate::server::ctx::Ctx;

    pub async fn home_stats(ctx: &Ctx) -> Result<HomeStats, AppError> {
        let viewer = Viewer::of(ctx)?;
        let readable = ctx.scope(Permission::CatalogEntityRead)?;
        let db = &ctx.db;
        let catalog = crate::catalog::index::index(ctx);
        // Counted by the catalog index, as the catalog list counts, so the figures agree.
        let count = async |kind: &str, spec_type: Option<&str>| {
            let mut filter = CatalogFilter::default();
            filter.select(Facet::Kind, kind.to_owned());
            if let Some(spec_type) = spec_type {
                filter.select(Facet::Type, spec_type.to_owned());
            }
            let page = catalog.list(db, &filter, &viewer, 0, 0).await?;
            Ok::<i64, sqlx::Error>(page.total)
        };
        let now = ctx.at;
        let week = Duration::days(7);
        let today = now.date_naive();
        let chart_from = (today - Duration::days(CHART_DAYS - 1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        let services = count("component", Some("service")).await?;
        let components = count("component", None).await?;
        let apis = count("api", None).await?;
        let teams = count("group", Some("team")).await?;
        let (deployments_7d, deployments_prev_7d, prod_deployments_7d, open_incidents) = tokio::try_join!(
            count_deployments(db, now - week, now, false, &readable),
            count_deployments(db, now - week * 2, now - week, false, &readable),
            count_deployments(db, now - week, now, true, &readable),
            count_open_incidents(db, &readable),
        )?;
        let (daily, recent) = tokio::try_join!(
            daily_outcomes(db, chart_from, &readable),
            recent_deployments(db, None, 8, &readable)
        )?;
        Ok(HomeStats {
            now,
            services,
            components,
            apis,
            teams,
            deployments_7d,
            deployments_prev_7d,
            prod_deployments_7d,
            open_incidents,
            daily: fill_days(today, CHART_DAYS, &daily),
            recent,
        })
    }
}
