//! Reading tasks: one with its spec and values (for the engine), lists, steps with their
//! outputs, and events after a position (for pages and streams that catch up).

use serde_json::Value;
use sqlx::{Row, any::AnyRow};

use super::{Stored, StoredStep};
use crate::db::Db;
use crate::db::sql::from_millis;
use crate::tasks::model::{EventKind, StepStatus, StepView, TaskEvent, TaskStatus, TaskSummary};

const TASK_COLUMNS: &str = "id, template_ref, template_title, status, created_by, created_at, \
    updated_at, spec, parameters, claimed_by, cancel_requested, output, runs, template_base";

fn task_of(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let json = |column: &str| -> Result<Option<Value>, sqlx::Error> {
        let text: Option<String> = row.try_get(column)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    };
    Ok(Stored {
        summary: TaskSummary {
            id: row.try_get("id")?,
            template_ref: row.try_get("template_ref")?,
            template_title: row.try_get("template_title")?,
            status: TaskStatus::parse(&status).unwrap_or(TaskStatus::Failed),
            created_by: row.try_get("created_by")?,
            created_at: from_millis(row.try_get("created_at")?),
            updated_at: from_millis(row.try_get("updated_at")?),
        },
        spec: json("spec")?.unwrap_or(Value::Null),
        parameters: json("parameters")?.unwrap_or(Value::Null),
        claimed_by: row.try_get("claimed_by")?,
        cancel_requested: row.try_get::<i64, _>("cancel_requested")? != 0,
        output: json("output")?,
        runs: row.try_get("runs")?,
        template_base: json("template_base")?
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(task_of).transpose()
}

/// Tasks, newest first: of one person when `created_by` is set, in one status when `status` is.
pub async fn list(
    db: &Db,
    created_by: Option<&str>,
    status: Option<TaskStatus>,
    limit: i64,
) -> Result<Vec<Stored>, sqlx::Error> {
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks WHERE ($1 IS NULL OR created_by = $1) \
         AND ($2 IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(created_by.map(str::to_owned))
        .bind(status.map(|s| s.as_str().to_owned()))
        .bind(limit)
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(task_of).collect()
}

pub async fn steps(db: &Db, id: &str) -> Result<Vec<StoredStep>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT position, step_id, name, action, status, started_at, finished_at, output \
         FROM task_steps WHERE task_id = $1 ORDER BY position",
    )
    .bind(id.to_owned())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            let output: Option<String> = row.try_get("output")?;
            Ok(StoredStep {
                position: row.try_get("position")?,
                view: StepView {
                    id: row.try_get("step_id")?,
                    name: row.try_get("name")?,
                    action: row.try_get("action")?,
                    status: StepStatus::parse(&status).unwrap_or(StepStatus::Failed),
                    started_at: row
                        .try_get::<Option<i64>, _>("started_at")?
                        .map(from_millis),
                    finished_at: row
                        .try_get::<Option<i64>, _>("finished_at")?
                        .map(from_millis),
                },
                output: output.and_then(|t| serde_json::from_str(&t).ok()),
            })
        })
        .collect()
}

/// Events of a task after `after` (its `seq`), oldest first, at most `limit`.
pub async fn events_after(
    db: &Db,
    id: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<TaskEvent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT seq, step_id, kind, body, created_at FROM task_events \
         WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(id.to_owned())
    .bind(after)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(TaskEvent {
                seq: row.try_get("seq")?,
                step_id: row.try_get("step_id")?,
                kind: EventKind::parse(&kind).unwrap_or(EventKind::Log),
                message: row.try_get("body")?,
                at: from_millis(row.try_get("created_at")?),
            })
        })
        .collect()
}
