//! Backstage's scaffolder REST API under `/api/scaffolder/v2`, with its paths, parameters and
//! JSON shapes, so that Backstage tooling (`@backstage/plugin-scaffolder-common`'s client,
//! scripts, CI jobs that start templates) works against Runway unchanged.

mod dry_run;
mod routes;
mod stream;
mod tasks;

pub use routes::routes;

use app::tasks::model::{EventKind, TaskEvent};
use serde_json::{Value, json};

/// Backstage's `SerializedTaskEvent`; a status line is a `log` event whose body says so.
pub fn serialized_event(task_id: &str, event: &TaskEvent) -> Value {
    let kind = match event.kind {
        EventKind::Completion => "completion",
        EventKind::Log | EventKind::Status => "log",
    };
    json!({
        "id": event.seq,
        "taskId": task_id,
        "type": kind,
        "createdAt": event.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "body": {
            "message": event.message,
            "stepId": event.step_id,
            "kind": event.kind.as_str(),
        },
    })
}
