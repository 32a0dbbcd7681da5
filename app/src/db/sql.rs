//! Portable SQL helpers shared by the stores: time columns and multi-row inserts.
//!
//! Timestamps are stored as `BIGINT` Unix epoch milliseconds in UTC on both engines: the `Any`
//! driver carries no date types, and integers make day bucketing plain arithmetic in SQL.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
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

/// `value` as JSON text for a column, or an error that fails the write: an empty text in its
/// place would store a body that reads back as nothing.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|error| sqlx::Error::Encode(Box::new(error)))
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

/// Keys bound in one statement: within every engine's limit on parameters, and few enough
/// that PostgreSQL plans the statement quickly.
const KEYS_PER_STATEMENT: usize = 500;

/// Runs `sql`, whose `{list}` stands for as many placeholders as there are keys, once per
/// chunk of `keys`, and returns the rows of every chunk.
pub async fn in_chunks(
    conn: &mut AnyConnection,
    sql: &str,
    keys: &[String],
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in keys.chunks(KEYS_PER_STATEMENT) {
        let sql = sql.replace("{list}", &placeholders(1, chunk.len()));
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for key in chunk {
            query = query.bind(key.clone());
        }
        rows.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// [`in_chunks`] on one of the database's reading connections.
pub async fn read_in_chunks(
    db: &super::Db,
    sql: &str,
    keys: &[String],
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut conn = db.reader().acquire().await?;
    in_chunks(&mut conn, sql, keys).await
}

/// Inserts `rows` into `table`, a few thousand rows per statement. Each statement binds one
/// parameter, the rows as a JSON array of arrays, which the database unpacks itself
/// (`json_array_elements` on PostgreSQL, `json_each` on SQLite). Seeding and imports write
/// hundreds of thousands of rows; bound one value at a time, PostgreSQL spent ~100 µs on each
/// row (planning statements of thousands of parameters), against a few µs this way.
///
/// `table` and `columns` are trusted identifiers from the caller's code, never user input.
pub async fn insert_rows(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
) -> Result<(), sqlx::Error> {
    insert(conn, table, columns, rows, false).await
}

/// Like [`insert_rows`], but rows whose key is already stored are left as they are.
pub async fn insert_rows_ignoring_duplicates(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
) -> Result<(), sqlx::Error> {
    insert(conn, table, columns, rows, true).await
}

/// Rows per statement: enough that round trips do not count, few enough that one statement's
/// JSON stays at a few megabytes even for rows that carry whole entities.
const ROWS_PER_STATEMENT: usize = 2_000;

async fn insert(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<SqlValue>],
    ignore_duplicates: bool,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let integers: Vec<bool> = (0..columns.len())
        .map(|c| {
            rows.iter()
                .any(|r| matches!(r.get(c), Some(SqlValue::Int(_) | SqlValue::NullInt)))
        })
        .collect();
    let engine = if conn.backend_name() == "PostgreSQL" {
        Engine::Postgres
    } else {
        Engine::Sqlite
    };
    let sql = insert_sql(engine, table, columns, &integers, ignore_duplicates);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        debug_assert!(
            chunk.iter().all(|r| r.len() == columns.len()),
            "row width for {table}"
        );
        let json = serde_json::to_string(chunk).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(json)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

/// A row is a JSON array; `->>` reads its n-th value as text (PostgreSQL, cast back to
/// `BIGINT` for integer columns) or as the SQL value it holds (SQLite).
fn insert_sql(
    engine: Engine,
    table: &str,
    columns: &[&str],
    integers: &[bool],
    ignore_duplicates: bool,
) -> String {
    let values: Vec<String> = integers
        .iter()
        .enumerate()
        .map(|(i, integer)| match (engine, integer) {
            (Engine::Postgres, true) => format!("(r->>{i})::bigint"),
            (Engine::Postgres, false) => format!("r->>{i}"),
            (Engine::Sqlite, _) => format!("r.value->>{i}"),
        })
        .collect();
    // SQLite needs the WHERE to read `ON CONFLICT` as the insert's clause, not a join's.
    let source = match engine {
        Engine::Postgres => "json_array_elements($1::json) AS r",
        Engine::Sqlite => "json_each($1) AS r WHERE true",
    };
    let conflict = if ignore_duplicates {
        " ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {source}{conflict}",
        columns.join(", "),
        values.join(", ")
    )
}

impl serde::Serialize for SqlValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SqlValue::Text(s) => serializer.serialize_str(s),
            SqlValue::Int(i) => serializer.serialize_i64(*i),
            SqlValue::NullText | SqlValue::NullInt => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_cannot_be_json_fails_instead_of_storing_nothing() {
        assert_eq!(json_text(&vec!["a"]).unwrap(), r#"["a"]"#);
        // JSON keys are strings: a map keyed by pairs has no JSON text.
        let keyed_by_pairs = std::collections::BTreeMap::from([((1, 2), 3)]);
        assert!(matches!(
            json_text(&keyed_by_pairs),
            Err(sqlx::Error::Encode(_))
        ));
    }

    #[test]
    fn inserts_unpack_one_json_parameter() {
        assert_eq!(
            insert_sql(Engine::Postgres, "t", &["a", "n"], &[false, true], false),
            "INSERT INTO t (a, n) SELECT r->>0, (r->>1)::bigint FROM json_array_elements($1::json) AS r"
        );
        assert_eq!(
            insert_sql(Engine::Sqlite, "t", &["a", "n"], &[false, true], true),
            "INSERT INTO t (a, n) SELECT r.value->>0, r.value->>1 FROM json_each($1) AS r WHERE true ON CONFLICT DO NOTHING"
        );
        let row = vec![
            SqlValue::from("x\"y"),
            SqlValue::Int(-3),
            SqlValue::NullText,
            SqlValue::NullInt,
        ];
        assert_eq!(
            serde_json::to_string(&[row]).unwrap(),
            r#"[["x\"y",-3,null,null]]"#
        );
    }

    #[tokio::test]
    async fn rows_round_trip_through_both_databases() {
        use sqlx::Row;
        for t in crate::db::testing::databases().await {
            let mut tx = t.db.begin().await.unwrap();
            sqlx::query("CREATE TABLE t_insert (k TEXT PRIMARY KEY, a TEXT, n BIGINT)")
                .execute(&mut *tx)
                .await
                .unwrap();
            let tricky = "quote ' \" back \\ slash\nnew line, 🚀 ünïcode, $1 %_";
            let rows: Vec<Vec<SqlValue>> = (0..2_500_i64)
                .map(|i| {
                    vec![
                        format!("k{i:05}").into(),
                        if i == 7 {
                            SqlValue::NullText
                        } else {
                            format!("{tricky}{i}").into()
                        },
                        if i == 9 {
                            SqlValue::NullInt
                        } else {
                            SqlValue::Int(i64::MAX - i)
                        },
                    ]
                })
                .collect();
            let columns = ["k", "a", "n"];
            insert_rows(&mut tx, "t_insert", &columns, &rows)
                .await
                .unwrap();
            let again = vec![vec![
                SqlValue::from("k00000"),
                SqlValue::from("changed"),
                SqlValue::Int(1),
            ]];
            insert_rows_ignoring_duplicates(&mut tx, "t_insert", &columns, &again)
                .await
                .unwrap();
            assert!(
                insert_rows(&mut tx, "t_insert", &columns, &again)
                    .await
                    .is_err()
            );
            tx.rollback().await.unwrap();
            let mut tx = t.db.begin().await.unwrap();
            sqlx::query("CREATE TABLE t_insert (k TEXT PRIMARY KEY, a TEXT, n BIGINT)")
                .execute(&mut *tx)
                .await
                .unwrap();
            insert_rows(&mut tx, "t_insert", &columns, &rows)
                .await
                .unwrap();
            insert_rows_ignoring_duplicates(&mut tx, "t_insert", &columns, &again)
                .await
                .unwrap();
            let read = sqlx::query("SELECT k, a, n FROM t_insert ORDER BY k")
                .fetch_all(&mut *tx)
                .await
                .unwrap();
            assert_eq!(read.len(), 2_500, "{:?}", t.backend());
            for (i, row) in read.iter().enumerate() {
                let a: Option<String> = row.try_get("a").unwrap();
                let n: Option<i64> = row.try_get("n").unwrap();
                let i = i as i64;
                assert_eq!(a, (i != 7).then(|| format!("{tricky}{i}")));
                assert_eq!(n, (i != 9).then_some(i64::MAX - i));
            }
            tx.rollback().await.unwrap();
            t.close().await;
        }
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
