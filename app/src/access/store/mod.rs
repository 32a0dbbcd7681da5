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

use crate::access::decision::Scope;

/// Reads an optional epoch-millisecond column.
fn optional_time(
    row: &AnyRow,
    column: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, sqlx::Error> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(crate::db::sql::from_millis))
}

/// ` AND column IN ($first, …)`, keeping the rows whose owner `scope` covers, with the owners
/// to bind after the statement's other values: nothing for a scope over everything, a
/// condition no row meets for a scope over nobody.
pub fn owned_by(column: &str, scope: &Scope, first: usize) -> (String, Vec<String>) {
    match scope {
        Scope::All => (String::new(), Vec::new()),
        Scope::Owners(owners) if owners.is_empty() => (" AND 1 = 0".to_owned(), Vec::new()),
        Scope::Owners(owners) => (
            format!(
                " AND {column} IN ({})",
                crate::db::sql::placeholders(first, owners.len())
            ),
            owners.iter().cloned().collect(),
        ),
    }
}

#[cfg(test)]
mod tests;
