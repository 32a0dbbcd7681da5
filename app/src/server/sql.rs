//! Portable SQL helpers shared by the stores: time columns and multi-row inserts.
//!
//! Timestamps are stored as `BIGINT` Unix epoch milliseconds in UTC on both engines: the `Any`
//! driver carries no date types, and integers make day bucketing plain arithmetic in SQL.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AssertSqlSafe};

/// Milliseconds in a day, for bucketing epoch-millisecond columns by UTC day in SQL.
pub const DAY_MS: i64 = 86_400_000;

pub fn to_millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Reads an epoch-millisecond column; out-of-range values (never written by Runway) clamp to
/// the epoch rather than failing a whole page.
pub fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A value bound into a multi-row insert. Nulls carry their type because PostgreSQL refuses a
/// text-typed NULL for a `BIGINT` column.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Text(String),
    Int(i64),
    NullText,
    NullInt,
}

impl From<String> for SqlValue {
    fn from(v: String) -> Self {
        SqlValue::Text(v)
    }
}

impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        SqlValue::Text(v.to_owned())
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Int(v)
    }
}

impl From<Option<String>> for SqlValue {
    fn from(v: Option<String>) -> Self {
        v.map_or(SqlValue::NullText, SqlValue::Text)
    }
}

impl From<Option<i64>> for SqlValue {
    fn from(v: Option<i64>) -> Self {
        v.map_or(SqlValue::NullInt, SqlValue::Int)
    }
}

/// `$start, $start+1, …`: `n` numbered placeholders for an `IN (…)` list.
pub fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts `rows` into `table` with as few statements as the engines' parameter limits allow
/// (SQLite takes 32,766 parameters per statement, PostgreSQL 65,535). Seeding and imports write
/// tens of thousands of rows, and one round trip per row would dominate on PostgreSQL.
///
/// `table` and `columns` are trusted identifiers from the caller's code, never user input.
pub async fn insert_rows(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
) -> Result<(), sqlx::Error> {
    insert(conn, table, columns, rows, "").await
}

/// Like [`insert_rows`], but rows whose key is already stored are left as they are.
pub async fn insert_rows_ignoring_duplicates(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
) -> Result<(), sqlx::Error> {
    insert(conn, table, columns, rows, " ON CONFLICT DO NOTHING").await
}

async fn insert(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
    suffix: &str,
) -> Result<(), sqlx::Error> {
    let per_statement = (30_000 / columns.len()).clamp(1, 500);
    for chunk in rows.chunks(per_statement) {
        let mut sql = insert_sql(table, columns, chunk.len());
        sql.push_str(suffix);
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            debug_assert_eq!(row.len(), columns.len(), "row width for {table}");
            for value in row {
                query = match value {
                    SqlValue::Text(s) => query.bind(s.clone()),
                    SqlValue::Int(i) => query.bind(*i),
                    SqlValue::NullText => query.bind(None::<String>),
                    SqlValue::NullInt => query.bind(None::<i64>),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_sql_numbers_placeholders_across_rows() {
        assert_eq!(insert_sql("t", &["a"], 1), "INSERT INTO t (a) VALUES ($1)");
        assert_eq!(
            insert_sql("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn millis_round_trip() {
        let at = DateTime::parse_from_rfc3339("2026-11-29T09:30:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(from_millis(to_millis(at)), at);
        assert_eq!(from_millis(i64::MAX), DateTime::<Utc>::default());
    }

    #[test]
    fn values_convert_from_rust_types() {
        assert_eq!(SqlValue::from("x"), SqlValue::Text("x".into()));
        assert_eq!(SqlValue::from(Some(3_i64)), SqlValue::Int(3));
        assert_eq!(SqlValue::from(None::<String>), SqlValue::NullText);
        assert_eq!(SqlValue::from(None::<i64>), SqlValue::NullInt);
    }
}
