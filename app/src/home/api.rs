//! Server functions of the home page.

use leptos::prelude::*;

use super::model::HomeStats;
use crate::error::AppError;

/// The home page's figures.
#[server(prefix = "/api", endpoint = "home/stats")]
pub async fn get_home_stats() -> Result<HomeStats, AppError> {
    crate::server::respond(service::home_stats().await)
}

#[cfg(feature = "ssr")]
pub mod service {
    //! Gathers the figures from the catalog and deployment stores.

    use chrono::Duration;

    use super::super::model::{CHART_DAYS, HomeStats, fill_days};
    use crate::catalog::store::count_entities;
    use crate::deployments::store::{
        count_deployments, count_open_incidents, daily_outcomes, recent_deployments,
    };
    use crate::error::AppError;
    use crate::server::{db, now};

    pub async fn home_stats() -> Result<HomeStats, AppError> {
        let db = db()?;
        let now = now();
        let week = Duration::days(7);
        let today = now.date_naive();
        let chart_from = (today - Duration::days(CHART_DAYS - 1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        let (services, components, apis, teams) = tokio::try_join!(
            count_entities(&db, "component", Some("service")),
            count_entities(&db, "component", None),
            count_entities(&db, "api", None),
            count_entities(&db, "group", Some("team")),
        )?;
        let (deployments_7d, deployments_prev_7d, prod_deployments_7d, open_incidents) = tokio::try_join!(
            count_deployments(&db, now - week, now, false),
            count_deployments(&db, now - week * 2, now - week, false),
            count_deployments(&db, now - week, now, true),
            count_open_incidents(&db),
        )?;
        let (daily, recent) = tokio::try_join!(
            daily_outcomes(&db, chart_from),
            recent_deployments(&db, None, 8)
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
