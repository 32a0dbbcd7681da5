//! SQL of the audit log: append-only; rows are inserted in the transaction of the change.

use sqlx::{AnyConnection, Row};

use crate::access::model::{AuditEntry, AuditFilter};
use crate::db::Db;
use crate::db::sql::{from_millis, to_millis};

pub async fn record(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor, action, target, address, summary) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.id.clone())
    .bind(to_millis(entry.at))
    .bind(entry.actor.clone())
    .bind(entry.action.clone())
    .bind(entry.target.clone())
    .bind(entry.address.clone())
    .bind(entry.summary.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest entries first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    Ok(search(db, &AuditFilter::default(), limit, 0).await?.0)
}

/// Entries matching `filter`, newest first, a page at a time; and how many match.
pub async fn search(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditEntry>, i64), sqlx::Error> {
    const WHERE: &str = "WHERE ($1 = '' OR actor = $1) \
         AND ($2 = '' OR action = $2 OR ($3 <> '' AND action LIKE $3 ESCAPE '\\')) \
         AND ($4 = '' OR LOWER(target) LIKE $4 ESCAPE '\\') \
         AND at >= $5 AND at < $6";
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    };
    let action = text(&filter.action);
    let action_prefix = if action.ends_with('.') {
        format!("{}%", escape(&action))
    } else {
        String::new()
    };
    let target = text(&filter.target).to_lowercase();
    let target = if target.is_empty() {
        target
    } else {
        format!("%{}%", escape(&target))
    };
    let bind = |sql: String| {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(text(&filter.actor))
            .bind(action.clone())
            .bind(action_prefix.clone())
            .bind(target.clone())
            .bind(filter.from.map_or(i64::MIN, to_millis))
            .bind(filter.to.map_or(i64::MAX, to_millis))
    };
    let total: i64 = bind(format!("SELECT COUNT(*) AS n FROM audit_log {WHERE}"))
        .fetch_one(db.reader())
        .await?
        .try_get("n")?;
    let rows = bind(format!("SELECT id, at, actor, action, target, address, summary FROM audit_log {WHERE} ORDER BY at DESC, id LIMIT $7 OFFSET $8"))
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?;
    let entries = rows
        .iter()
        .map(|row| {
            let summary: String = row.try_get("summary")?;
            Ok(AuditEntry {
                id: row.try_get("id")?,
                at: from_millis(row.try_get("at")?),
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                target: row.try_get("target")?,
                address: row.try_get("address")?,
                summary: serde_json::from_str(&summary).map_err(|e| sqlx::Error::ColumnDecode {
                    index: "summary".into(),
                    source: e.into(),
                })?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((entries, total))
}

/// The distinct actions recorded, for the filter's choices.
pub async fn actions(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| r.try_get("action")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;
    use serde_json::json;

    #[tokio::test]
    async fn entries_are_kept_with_their_transaction() {
        for t in testing::databases().await {
            let entry = |id: &str, minute: i64| AuditEntry {
                id: id.into(),
                at: from_millis(1_790_000_000_000 + minute * 60_000),
                actor: "system".into(),
                action: "demo.seed".into(),
                target: "database".into(),
                address: (id == "b").then(|| "127.0.0.1".to_owned()),
                summary: json!({"before": null, "after": {"teams": 8}}),
            };
            let mut tx = t.db.begin().await.unwrap();
            record(&mut tx, &entry("a", 1)).await.unwrap();
            record(&mut tx, &entry("b", 2)).await.unwrap();
            tx.commit().await.unwrap();
            let mut rolled_back = t.db.begin().await.unwrap();
            record(&mut rolled_back, &entry("c", 3)).await.unwrap();
            rolled_back.rollback().await.unwrap();

            assert_eq!(
                recent(&t.db, 10).await.unwrap(),
                vec![entry("b", 2), entry("a", 1)],
                "{:?}",
                t.backend()
            );
            t.close().await;
        }
    }
}
