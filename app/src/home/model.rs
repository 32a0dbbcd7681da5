//! The figures on the home page and how daily series are completed.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::deployments::model::DeploymentRow;

/// How many days the home page's deployment chart covers, today included.
pub const CHART_DAYS: i64 = 14;

/// Everything the home page shows, as of `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeStats {
    /// The server's clock when it answered; relative times are computed against it.
    pub now: DateTime<Utc>,
    /// Components of type `service`.
    pub services: i64,
    pub components: i64,
    pub apis: i64,
    /// Groups of type `team`.
    pub teams: i64,
    /// Deployments to any environment that started in the last 7 days.
    pub deployments_7d: i64,
    /// The same for the 7 days before, for the trend.
    pub deployments_prev_7d: i64,
    pub prod_deployments_7d: i64,
    pub open_incidents: i64,
    pub daily: Vec<DayOutcome>,
    pub recent: Vec<DeploymentRow>,
}

/// Deployments on one UTC day by outcome; failed counts failed and rolled-back ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOutcome {
    pub day: NaiveDate,
    pub succeeded: i64,
    pub failed: i64,
}

/// The `days` days ending with `last`, oldest first, with zeros for days missing from `sparse`.
pub fn fill_days(last: NaiveDate, days: i64, sparse: &[(NaiveDate, i64, i64)]) -> Vec<DayOutcome> {
    (0..days)
        .rev()
        .map(|back| {
            let day = last - Duration::days(back);
            let (succeeded, failed) = sparse
                .iter()
                .find(|(d, _, _)| *d == day)
                .map_or((0, 0), |(_, ok, bad)| (*ok, *bad));
            DayOutcome {
                day,
                succeeded,
                failed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn missing_days_are_zero_and_order_is_oldest_first() {
        let filled = fill_days(
            date(29),
            4,
            &[(date(27), 5, 1), (date(29), 2, 0), (date(20), 9, 9)],
        );
        let expected =
            [(26, 0, 0), (27, 5, 1), (28, 0, 0), (29, 2, 0)].map(|(d, succeeded, failed)| {
                DayOutcome {
                    day: date(d),
                    succeeded,
                    failed,
                }
            });
        assert_eq!(filled, expected);
    }

    #[test]
    fn month_boundaries() {
        let filled = fill_days(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 3, &[]);
        let days: Vec<NaiveDate> = filled.iter().map(|d| d.day).collect();
        assert_eq!(
            days,
            [
                date(29),
                date(30),
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
            ]
        );
    }
}
