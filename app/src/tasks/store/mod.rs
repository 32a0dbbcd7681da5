//! SQL of template tasks: creating one with its steps, a worker claiming the oldest open one
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas share the queue; SQLite has one writer),
//! heartbeats, step and event writes, and the state changes people ask for (cancel, retry).
//! Every change of a task's state is one conditional `UPDATE`, so that two workers, or a worker
//! and a person, cannot both win.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{AnyConnection, Row};

mod read;
mod recover;

pub use read::{OrderField, TaskQuery, events_after, get, list, steps, unfinished};
pub use recover::{fail_interrupted, reopen, stale, take_stale};

use super::actions::skeleton::TemplateBase;
use super::model::{EventKind, StepStatus, StepView, TaskStatus, TaskSummary};
use crate::db::sql::to_millis;
use crate::db::{Backend, Db};
use crate::limits::MAX_RUNNING_TASKS_PER_PERSON;

/// A task to create: its template as it was, its values without secrets, and its steps.
pub struct NewTask<'a> {
    pub id: &'a str,
    pub template_ref: &'a str,
    pub template_title: &'a str,
    pub template_etag: &'a str,
    pub spec: &'a Value,
    pub parameters: &'a Value,
    pub created_by: &'a str,
    /// `(id, name, action)` of each step, in order.
    pub steps: &'a [(String, String, String)],
    /// The secrets, sealed; `None` when the form had none.
    pub sealed_secrets: Option<&'a str>,
    /// Where the template's own files are.
    pub template_base: &'a TemplateBase,
}

/// A task as the engine runs it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub summary: TaskSummary,
    pub spec: Value,
    pub parameters: Value,
    pub claimed_by: Option<String>,
    pub cancel_requested: bool,
    pub output: Option<Value>,
    /// How many times a worker claimed it.
    pub runs: i64,
    pub template_base: TemplateBase,
}

/// One step with its output, as the engine reads it.
#[derive(Debug, Clone)]
pub struct StoredStep {
    pub position: i64,
    pub view: StepView,
    pub output: Option<Value>,
}

pub async fn create(
    conn: &mut AnyConnection,
    task: &NewTask<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let at = to_millis(at);
    sqlx::query(
        "INSERT INTO tasks (id, template_ref, template_title, template_etag, spec, parameters, \
         status, created_by, created_at, updated_at, template_base) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, $9)",
    )
    .bind(task.id.to_owned())
    .bind(task.template_ref.to_owned())
    .bind(task.template_title.to_owned())
    .bind(task.template_etag.to_owned())
    .bind(task.spec.to_string())
    .bind(task.parameters.to_string())
    .bind(task.created_by.to_owned())
    .bind(at)
    .bind(crate::db::sql::json_text(task.template_base)?)
    .execute(&mut *conn)
    .await?;
    for (position, (id, name, action)) in task.steps.iter().enumerate() {
        sqlx::query(
            "INSERT INTO task_steps (task_id, position, step_id, name, action, status) \
             VALUES ($1, $2, $3, $4, $5, 'open')",
        )
        .bind(task.id.to_owned())
        .bind(position as i64)
        .bind(id.clone())
        .bind(name.clone())
        .bind(action.clone())
        .execute(&mut *conn)
        .await?;
    }
    if let Some(sealed) = task.sealed_secrets {
        sqlx::query("INSERT INTO task_secrets (task_id, sealed) VALUES ($1, $2)")
            .bind(task.id.to_owned())
            .bind(sealed.to_owned())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A worker's hold on one run of a task: the task, the worker, and the run its claim began
/// (`runs` after the claim). Every write of a run is fenced by it: once the task was taken back
/// (and perhaps claimed again, even by the same server), the old run writes nothing more, so a
/// step whose worker lost its claim cannot record itself, or be recorded, twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    pub worker: String,
    pub run: i64,
}

/// SQL that holds while `claim` ($1 the task, $W the worker, $R the run) still holds.
fn held(worker: usize, run: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM tasks WHERE id = $1 AND claimed_by = ${worker} AND runs = ${run} \
         AND status = 'processing')"
    )
}

/// Claims an open task for `worker`, or `None` when none may run now. Workers are shared
/// between people: the task chosen is the oldest of the person with the fewest tasks running,
/// and a person with [`MAX_RUNNING_TASKS_PER_PERSON`] tasks running (on any server) waits, so
/// one person's long tasks never hold every worker. (On PostgreSQL two servers claiming at the
/// same moment may each start one more.)
pub async fn claim(db: &Db, worker: &str, at: DateTime<Utc>) -> Result<Option<Claim>, sqlx::Error> {
    let skip_locked = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let running = "(SELECT COUNT(*) FROM tasks r WHERE r.status = 'processing' \
                    AND r.created_by = t.created_by)";
    let sql = format!(
        "UPDATE tasks SET status = 'processing', claimed_by = $1, heartbeat_at = $2, \
         updated_at = $2, runs = runs + 1 \
         WHERE id = (SELECT t.id FROM tasks t WHERE t.status = 'open' AND {running} < $3 \
                     ORDER BY {running}, t.created_at, t.id LIMIT 1{skip_locked}) \
         AND status = 'open' RETURNING id, runs"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(worker.to_owned())
        .bind(to_millis(at))
        .bind(MAX_RUNNING_TASKS_PER_PERSON as i64)
        .fetch_optional(db.writer())
        .await?;
    row.map(|r| {
        Ok(Claim {
            id: r.try_get("id")?,
            worker: worker.to_owned(),
            run: r.try_get("runs")?,
        })
    })
    .transpose()
}

/// What a heartbeat learns: whether the task is still the worker's, and whether someone asked
/// to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    Running,
    CancelRequested,
    /// Another worker recovered it, or it ended: stop without writing.
    Lost,
}

pub async fn heartbeat(db: &Db, claim: &Claim, at: DateTime<Utc>) -> Result<Beat, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE tasks SET heartbeat_at = $3 WHERE id = $1 AND claimed_by = $2 AND runs = $4 \
         AND status = 'processing' RETURNING cancel_requested",
    )
    .bind(claim.id.clone())
    .bind(claim.worker.clone())
    .bind(to_millis(at))
    .bind(claim.run)
    .fetch_optional(db.writer())
    .await?;
    Ok(match row {
        None => Beat::Lost,
        Some(row) if row.try_get::<i64, _>("cancel_requested")? != 0 => Beat::CancelRequested,
        Some(_) => Beat::Running,
    })
}

/// Sets a step's status while `claim` holds: a start time when it starts, an end time and
/// output when it ends. `false` when the claim no longer holds (nothing was written). (Steps
/// become pending again only through [`reopen`].)
pub async fn set_step(
    db: &Db,
    claim: &Claim,
    position: i64,
    status: StepStatus,
    output: Option<&Value>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let times = match status {
        StepStatus::Processing => "started_at = $4, finished_at = NULL",
        _ => "finished_at = $4",
    };
    let sql = format!(
        "UPDATE task_steps SET status = $3, {times}, output = $5 \
         WHERE task_id = $1 AND position = $2 AND {}",
        held(6, 7)
    );
    let written = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(claim.id.clone())
        .bind(position)
        .bind(status.as_str())
        .bind(to_millis(at))
        .bind(output.map(Value::to_string))
        .bind(claim.worker.clone())
        .bind(claim.run)
        .execute(db.writer())
        .await?;
    Ok(written.rows_affected() == 1)
}

/// Appends an event; its text must already be redacted. With `fence`, only while that claim
/// holds (`false` when it did not, and nothing was written).
pub async fn event(
    db: &Db,
    id: &str,
    fence: Option<&Claim>,
    step_id: Option<&str>,
    kind: EventKind,
    message: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let columns = "INSERT INTO task_events (task_id, step_id, kind, body, created_at)";
    let sql = match fence {
        None => format!("{columns} VALUES ($1, $2, $3, $4, $5)"),
        Some(_) => format!("{columns} SELECT $1, $2, $3, $4, $5 WHERE {}", held(6, 7)),
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .bind(step_id.map(str::to_owned))
        .bind(kind.as_str())
        .bind(message.to_owned())
        .bind(to_millis(at));
    if let Some(claim) = fence {
        query = query.bind(claim.worker.clone()).bind(claim.run);
    }
    Ok(query.execute(db.writer()).await?.rows_affected() == 1)
}

/// Ends the run `claim` holds; a completed task's secrets go (a failed or cancelled one keeps
/// them for a retry, until [`forget_old_secrets`]). `false` when the claim no longer held.
pub async fn finish(
    db: &Db,
    claim: &Claim,
    status: TaskStatus,
    output: Option<&Value>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let id = claim.id.as_str();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE tasks SET status = $3, output = $4, updated_at = $5, claimed_by = NULL, \
         heartbeat_at = NULL, cancel_requested = 0 \
         WHERE id = $1 AND claimed_by = $2 AND runs = $6 AND status = 'processing'",
    )
    .bind(id.to_owned())
    .bind(claim.worker.clone())
    .bind(status.as_str())
    .bind(output.map(Value::to_string))
    .bind(to_millis(at))
    .bind(claim.run)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done && status == TaskStatus::Completed {
        forget_secrets(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

async fn forget_secrets(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM task_secrets WHERE task_id = $1")
        .bind(id.to_owned())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes the secrets of tasks that ended before `before`: a retry after that asks again.
pub async fn forget_old_secrets(db: &Db, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM task_secrets WHERE task_id IN (SELECT id FROM tasks \
         WHERE status IN ('completed', 'failed', 'cancelled') AND updated_at < $1)",
    )
    .bind(to_millis(before))
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

pub async fn sealed_secrets(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT sealed FROM task_secrets WHERE task_id = $1")
        .bind(id.to_owned())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| r.try_get("sealed")).transpose()
}

/// What a person's cancel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancel {
    /// It had not started: cancelled at once.
    Cancelled,
    /// It runs: its worker stops the running step at its next heartbeat.
    Requested,
    /// It had ended already.
    AlreadyOver,
}

pub async fn request_cancel(
    conn: &mut AnyConnection,
    id: &str,
    at: DateTime<Utc>,
) -> Result<Cancel, sqlx::Error> {
    let at = to_millis(at);
    let waiting = sqlx::query(
        "UPDATE tasks SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'open'",
    )
    .bind(id.to_owned())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if waiting.rows_affected() == 1 {
        sqlx::query(
            "UPDATE task_steps SET status = 'cancelled' WHERE task_id = $1 AND status = 'open'",
        )
        .bind(id.to_owned())
        .execute(&mut *conn)
        .await?;
        return Ok(Cancel::Cancelled);
    }
    let running = sqlx::query(
        "UPDATE tasks SET cancel_requested = 1, updated_at = $2 WHERE id = $1 AND status = 'processing'",
    )
    .bind(id.to_owned())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(match running.rows_affected() {
        1 => Cancel::Requested,
        _ => Cancel::AlreadyOver,
    })
}
