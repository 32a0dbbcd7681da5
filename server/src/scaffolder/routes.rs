//! The routes of Backstage's scaffolder API, each declared once with its requirement and its
//! OpenAPI description (see `crate::route`).

use app::access::endpoints::Requirement::{Permission, SignedIn};
use app::access::permission::Permission::TemplateRun;
use serde_json::json;

use super::{dry_run, stream, tasks};
use crate::openapi::operations::{Operation, count, string};
use crate::route::Route;

/// Every route of the scaffolder API.
pub fn routes() -> Vec<Route> {
    let op = |summary: &str| Operation::new("scaffolder", summary);
    let task = || {
        json!({"type": "object", "required": ["id", "spec", "status", "createdAt"], "properties": {
        "id": {"type": "string"}, "spec": {"type": "object"},
        "status": {"enum": ["open", "processing", "completed", "failed", "cancelled"]},
        "createdAt": {"type": "string"}, "lastHeartbeatAt": {"type": "string"}, "createdBy": {"type": "string"}}})
    };
    let event = json!({"type": "object", "properties": {
        "id": {"type": "integer"}, "taskId": {"type": "string"}, "type": {"enum": ["log", "completion"]},
        "createdAt": {"type": "string"}, "body": {"type": "object"}}});
    let id =
        || json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}});
    vec![
        Route::get(
            "/api/scaffolder/v2/templates/{namespace}/{kind}/{name}/parameter-schema",
            Permission(TemplateRun),
            tasks::parameter_schema,
            op("A template's form, page by page")
                .path("namespace", "e.g. default")
                .path("kind", "template")
                .path("name", "e.g. rust-service")
                .answers(200, "The title, description and each page's JSON Schema", Some(json!({"type": "object", "properties": {
                    "title": {"type": "string"}, "description": {"type": ["string", "null"]},
                    "steps": {"type": "array", "items": {"type": "object"}}}})))
                .fails(404, "No such template, or one the caller may not run"),
        ),
        Route::get(
            "/api/scaffolder/v2/actions",
            Permission(TemplateRun),
            tasks::actions,
            op("The actions steps may run")
                .answers(200, "Each action's id, description and input and output schemas",
                    Some(json!({"type": "array", "items": {"type": "object"}}))),
        ),
        Route::post(
            "/api/scaffolder/v2/tasks",
            Permission(TemplateRun),
            tasks::create,
            op("Run a template")
                .describe("Values are checked against the template's form as the wizard checks them; \
                    secret fields and `secrets` are sealed apart and never stored with the values.")
                .json_body(json!({"type": "object", "required": ["templateRef"], "additionalProperties": false, "properties": {
                    "templateRef": {"type": "string"}, "values": {"type": "object"},
                    "secrets": {"type": "object", "additionalProperties": {"type": "string"}}}}))
                .answers(201, "The new task", Some(id()))
                .fails(400, "A malformed body, or values that fail the form (each field named)")
                .fails(404, "No such template, or one the caller may not run"),
        ),
        Route::get(
            "/api/scaffolder/v2/tasks",
            SignedIn,
            tasks::list,
            op("Tasks, newest first, a page at a time")
                .describe("Everyone's for those with `template.task.read`; otherwise the caller's own.")
                .query("createdBy", string(), "A user entity ref, e.g. user:default/ada")
                .query("status", json!({"enum": ["open", "processing", "completed", "failed", "cancelled"]}), "Only tasks in this status (several may be given, comma-separated)")
                .query("limit", json!({"type": "integer", "minimum": 1, "maximum": app::limits::MAX_TASK_PAGE}), "Tasks in the page (default and most: 100)")
                .query("offset", json!({"type": "integer", "minimum": 0}), "Tasks to skip")
                .query("order", json!({"type": "string", "pattern": "^(asc|desc):(created_at|status|created_by)(,(asc|desc):(created_at|status|created_by))*$"}), "e.g. desc:created_at (the default), asc:status")
                .answers(200, "The tasks (`totalTasks`: how many match in all)", Some(json!({"type": "object", "properties": {
                    "tasks": {"type": "array", "items": task()}, "totalTasks": {"type": "integer"}}})))
                .fails(400, "A malformed parameter"),
        ),
        Route::get(
            "/api/scaffolder/v2/tasks/{taskId}",
            SignedIn,
            tasks::one,
            op("One task")
                .path("taskId", "The task's id")
                .answers(200, "The task", Some(task()))
                .fails(404, "No such task, or another person's"),
        ),
        Route::get(
            "/api/scaffolder/v2/tasks/{taskId}/events",
            SignedIn,
            tasks::events,
            op("A task's events")
                .path("taskId", "The task's id")
                .query("after", count(), "Only events after this one")
                .answers(200, "The events, oldest first", Some(json!({"type": "array", "items": event})))
                .fails(404, "No such task, or another person's"),
        ),
        Route::get(
            "/api/scaffolder/v2/tasks/{taskId}/eventstream",
            SignedIn,
            stream::eventstream,
            op("A task's events, live")
                .describe("Server-sent events (`log`, `completion`), each with its id, until the \
                    task completes; `Last-Event-ID` or `after` resumes.")
                .path("taskId", "The task's id")
                .query("after", count(), "Only events after this one")
                .answers(200, "An event stream (text/event-stream)", None)
                .fails(404, "No such task, or another person's"),
        ),
        Route::post(
            "/api/scaffolder/v2/tasks/{taskId}/cancel",
            SignedIn,
            tasks::cancel,
            op("Cancel a task")
                .path("taskId", "The task's id")
                .answers(200, "The task's status now", Some(json!({"type": "object", "properties": {"status": {"type": "string"}}})))
                .fails(403, "Another person's task, without template.task.cancel")
                .fails(404, "No such task, or another person's")
                .fails(409, "The task has ended"),
        ),
        Route::post(
            "/api/scaffolder/v2/tasks/{taskId}/retry",
            SignedIn,
            tasks::retry,
            op("Retry a task from its failed step")
                .path("taskId", "The task's id")
                .answers(201, "The task, open again", Some(id()))
                .fails(403, "Another person's task, without template.task.cancel")
                .fails(404, "No such task, or another person's")
                .fails(409, "The task did not fail and was not cancelled"),
        ),
        Route::post(
            "/api/scaffolder/v2/dry-run",
            Permission(TemplateRun),
            dry_run::dry_run,
            op("Dry-run a template given inline")
                .describe("The template's steps run with `values` in a throw-away folder seeded with \
                    `directoryContents`; publish and register check what they can and say what they \
                    would do. Nothing is stored. Up to 16 MiB of body; two dry runs at once per server.")
                .json_body(json!({"type": "object", "required": ["template"], "additionalProperties": false, "properties": {
                    "template": {"type": "object"}, "values": {"type": "object"},
                    "secrets": {"type": "object", "additionalProperties": {"type": "string"}},
                    "directoryContents": {"type": "array", "items": {"type": "object", "required": ["path", "base64Content"],
                        "additionalProperties": false,
                        "properties": {"path": {"type": "string"}, "base64Content": {"type": "string"}}}}}}))
                .answers(200, "The log, the files written (base64), the steps and the output", Some(json!({"type": "object", "properties": {
                    "status": {"enum": ["completed", "failed"]},
                    "log": {"type": "array", "items": {"type": "object"}},
                    "directoryContents": {"type": "array", "items": {"type": "object"}},
                    "steps": {"type": "array", "items": {"type": "object"}},
                    "output": {"type": "object"}}})))
                .fails(400, "A malformed body, a template that is not valid, or values that fail its form")
                .fails(429, "Two dry runs are running; try again in a moment"),
        ),
    ]
}
