//! Server functions of template tasks: preview one (a dry run), start one from the wizard, read
//! it with its log (from an event on, so a page catches up without reading it all again), list,
//! cancel and retry.
//! Starting needs `template.run` on the template; a task is its starter's to read, cancel and
//! retry, and everyone's for those with `template.task.read` and `template.task.cancel`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{TaskEvent, TaskStatus, TaskSummary, TaskView};
use crate::access::endpoints::requires;
use crate::error::AppError;

/// Events one read returns at most; the page asks again from the last one.
pub const EVENTS_PER_READ: i64 = 500;

/// A task with its events after the ones the page has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskPage {
    pub task: TaskView,
    pub events: Vec<TaskEvent>,
    /// The server's time of the answer, for durations of steps still running.
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Tasks, the server's time for "5 min ago", and whether the caller may list everyone's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskList {
    /// The newest, at most `limits::MAX_TASK_PAGE`.
    pub tasks: Vec<TaskSummary>,
    /// How many tasks the list matches in all.
    pub total: i64,
    pub now: chrono::DateTime<chrono::Utc>,
    pub may_list_all: bool,
}

/// Starts the template `namespace/name` with `values` (secrets included: they are taken out
/// before anything is stored). Answers the new task's id; invalid values are a 400 with field
/// errors and no task.
#[server(prefix = "/api", endpoint = "tasks/start", input = server_fn::codec::Json)]
pub async fn start_task(
    namespace: String,
    name: String,
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<String, AppError> {
    crate::server::run(|ctx| async move { service::start(&ctx, &namespace, &name, values).await })
        .await
}
requires!(StartTask, TemplateRun);

/// Task `id` and its events after `after` (0 for all).
#[server(prefix = "/api", endpoint = "tasks/get")]
pub async fn get_task(id: String, after: i64) -> Result<TaskPage, AppError> {
    crate::server::run(|ctx| async move { service::page(&ctx, &id, after).await }).await
}
requires!(GetTask, SignedIn);

/// Tasks, newest first: the caller's own, or everyone's (`all`) for those who may read them.
#[server(prefix = "/api", endpoint = "tasks/list")]
pub async fn list_tasks(all: bool, status: Option<TaskStatus>) -> Result<TaskList, AppError> {
    crate::server::run(|ctx| async move {
        let query = crate::tasks::store::TaskQuery {
            statuses: status.into_iter().collect(),
            ..Default::default()
        };
        let (tasks, total) = service::list(&ctx, all, query).await?;
        let tasks = tasks.into_iter().map(|t| t.summary).collect();
        Ok(TaskList {
            tasks,
            total,
            now: ctx.at,
            may_list_all: ctx.may(
                crate::access::permission::Permission::TemplateTaskRead,
                None,
            ),
        })
    })
    .await
}
requires!(ListTasks, SignedIn);

/// Cancels task `id`: at once when it waits, at the running step's next heartbeat otherwise.
#[server(prefix = "/api", endpoint = "tasks/cancel")]
pub async fn cancel_task(id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::cancel(&ctx, &id).await }).await
}
requires!(CancelTask, SignedIn);

/// Runs a failed or cancelled task again from the step that did not finish.
#[server(prefix = "/api", endpoint = "tasks/retry")]
pub async fn retry_task(id: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::retry(&ctx, &id).await }).await
}
requires!(RetryTask, SignedIn);

/// What template `namespace/name` would do with `values`, done in a throw-away folder: the
/// wizard's preview before Run. Invalid values are a 400 with field errors.
#[server(prefix = "/api", endpoint = "tasks/preview", input = server_fn::codec::Json)]
pub async fn preview_task(
    namespace: String,
    name: String,
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<super::preview::DryRunReport, AppError> {
    crate::server::run(
        |ctx| async move { dry_service::preview(&ctx, &namespace, &name, values).await },
    )
    .await
}
requires!(PreviewTask, TemplateRun);

#[cfg(feature = "ssr")]
#[path = "service.rs"]
pub mod service;

#[cfg(feature = "ssr")]
#[path = "dry_service.rs"]
pub mod dry_service;
