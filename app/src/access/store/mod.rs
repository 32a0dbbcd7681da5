//! All SQL of access control, one file per table group.

pub mod audit;
pub mod roles;
pub mod sessions;
pub mod settings;
pub mod throttle;
pub mod tokens;
pub mod users;

use sqlx::Row;
use sqlx::any::AnyRow;

/// Reads an optional epoch-millisecond column.
fn optional_time(
    row: &AnyRow,
    column: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, sqlx::Error> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(crate::server::sql::from_millis))
}

#[cfg(test)]
mod session_tests;
