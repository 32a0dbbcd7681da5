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

/// What a task list may be sorted by (Backstage's `order=desc:created_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderField {
    CreatedAt,
    Status,
    CreatedBy,
}

impl OrderField {
    /// Backstage's names for them.
    pub fn parse(name: &str) -> Option<OrderField> {
        match name {
            "created_at" => Some(OrderField::CreatedAt),
            "status" => Some(OrderField::Status),
            "created_by" => Some(OrderField::CreatedBy),
            _ => None,
        }
    }

    fn column(self) -> &'static str {
        match self {
            OrderField::CreatedAt => "created_at",
            OrderField::Status => "status",
            OrderField::CreatedBy => "created_by",
        }
    }
}

/// Which tasks a list shows, in which order, and which page of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskQuery {
    /// Whose (a login, any case): everyone's when `None`.
    pub created_by: Option<String>,
    /// In any of these statuses: any status when empty.
    pub statuses: Vec<TaskStatus>,
    /// Fields and whether descending; newest first when empty. Ties go by id.
    pub order: Vec<(OrderField, bool)>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for TaskQuery {
    fn default() -> Self {
        TaskQuery {
            created_by: None,
            statuses: Vec::new(),
            order: Vec::new(),
            limit: crate::limits::MAX_TASK_PAGE as i64,
            offset: 0,
        }
    }
}

/// One page of the tasks `query` asks for, and how many it matches in all.
pub async fn list(db: &Db, query: &TaskQuery) -> Result<(Vec<Stored>, i64), sqlx::Error> {
    // $1 is the person; the statuses are numbered after it.
    let mut filter = "($1 IS NULL OR LOWER(created_by) = $1)".to_owned();
    if !query.statuses.is_empty() {
        let places: Vec<String> = (0..query.statuses.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        filter.push_str(&format!(" AND status IN ({})", places.join(", ")));
    }
    let mut order: Vec<String> = query
        .order
        .iter()
        .map(|(field, desc)| format!("{} {}", field.column(), if *desc { "DESC" } else { "ASC" }))
        .collect();
    if order.is_empty() {
        order.push("created_at DESC".into());
    }
    order.push("id DESC".into());
    let next = query.statuses.len() + 2;
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks WHERE {filter} ORDER BY {} LIMIT ${next} OFFSET ${}",
        order.join(", "),
        next + 1
    );
    let person = query.created_by.as_deref().map(str::to_lowercase);
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(person.clone());
    for status in &query.statuses {
        rows = rows.bind(status.as_str().to_owned());
    }
    let rows = rows
        .bind(query.limit.max(0))
        .bind(query.offset.max(0))
        .fetch_all(db.reader())
        .await?;
    let sql = format!("SELECT COUNT(*) AS n FROM tasks WHERE {filter}");
    let mut count = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(person);
    for status in &query.statuses {
        count = count.bind(status.as_str().to_owned());
    }
    let total: i64 = count.fetch_one(db.reader()).await?.try_get("n")?;
    Ok((rows.iter().map(task_of).collect::<Result<_, _>>()?, total))
}

/// How many of `login`'s tasks wait or run.
pub async fn unfinished(db: &Db, login: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM tasks WHERE LOWER(created_by) = $1 \
         AND status IN ('open', 'processing')",
    )
    .bind(login.to_lowercase())
    .fetch_one(db.writer())
    .await?
    .try_get("n")
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
