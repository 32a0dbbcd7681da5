//! SQL of taking tasks back: finding those whose worker stopped beating, taking one back once,
//! and either opening it again from the step that did not finish or failing it; retry opens a
//! task again the same way.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use crate::db::Db;
use crate::db::sql::to_millis;
use crate::tasks::model::TaskStatus;

/// Fails a stale task taken with [`take_stale`] whose running step cannot safely run again.
pub async fn fail_interrupted(
    conn: &mut AnyConnection,
    id: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let at = to_millis(at);
    sqlx::query(
        "UPDATE task_steps SET status = 'failed', finished_at = $2 WHERE task_id = $1 AND status = 'processing'",
    )
    .bind(id.to_owned())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE tasks SET status = 'failed', claimed_by = NULL, heartbeat_at = NULL, updated_at = $2 WHERE id = $1",
    )
    .bind(id.to_owned())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Tasks whose worker stopped beating before `before`: their server died or hung.
pub async fn stale(db: &Db, before: DateTime<Utc>) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id FROM tasks WHERE status = 'processing' AND heartbeat_at < $1 ORDER BY created_at LIMIT 100",
    )
    .bind(to_millis(before))
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

/// Takes a stale task back from its dead worker, once: `true` for the one caller that did, which
/// then decides whether it runs again ([`reopen`]) or fails ([`fail_interrupted`]).
pub async fn take_stale(
    conn: &mut AnyConnection,
    id: &str,
    before: DateTime<Utc>,
    worker: &str,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "UPDATE tasks SET claimed_by = $3 WHERE id = $1 AND status = 'processing' AND heartbeat_at < $2",
    )
    .bind(id.to_owned())
    .bind(to_millis(before))
    .bind(worker.to_owned())
    .execute(&mut *conn)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Opens a task again from its first step that did not finish; finished steps keep their
/// outputs. Used by retry (from failed or cancelled) and by recovery (from processing).
pub async fn reopen(
    conn: &mut AnyConnection,
    id: &str,
    from: &[TaskStatus],
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let allowed: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "UPDATE tasks SET status = 'open', claimed_by = NULL, heartbeat_at = NULL, \
         cancel_requested = 0, output = NULL, updated_at = $2 \
         WHERE id = $1 AND status IN ({})",
        allowed.join(", ")
    );
    let reopened = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .bind(to_millis(at))
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1;
    if reopened {
        sqlx::query(
            "UPDATE task_steps SET status = 'open', started_at = NULL, finished_at = NULL, output = NULL \
             WHERE task_id = $1 AND status NOT IN ('completed', 'skipped')",
        )
        .bind(id.to_owned())
        .execute(&mut *conn)
        .await?;
    }
    Ok(reopened)
}
