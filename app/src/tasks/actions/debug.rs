//! `debug:log` and `debug:wait`, as Backstage defines them: a message (and the workspace's
//! files) into the log, and a pause of at most ten minutes.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{Action, ActionContext, ActionFuture};

/// The longest `debug:wait`.
const MAX_WAIT: Duration = Duration::from_secs(600);
/// How many workspace entries `listWorkspace` shows.
const MAX_LISTED: usize = 500;

pub struct DebugLog;

impl Action for DebugLog {
    fn id(&self) -> &'static str {
        "debug:log"
    }

    fn description(&self) -> &'static str {
        "Writes a message into the log, and optionally the files of the workspace."
    }

    fn input_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "message": {"type": "string", "title": "Message to write into the log"},
                "listWorkspace": {
                    "title": "List the workspace's files",
                    "type": ["boolean", "string"],
                    "enum": [true, false, "with-filenames", "with-contents"]
                },
                "extra": {"title": "Anything else, written as JSON"}
            }
        })
    }

    fn idempotent(&self) -> bool {
        true
    }

    fn run(&self, context: ActionContext) -> ActionFuture {
        Box::pin(async move {
            if let Some(message) = context.input.get("message").and_then(Value::as_str) {
                context.log.line(message).await;
            }
            if let Some(extra) = context.input.get("extra") {
                context.log.line(&extra.to_string()).await;
            }
            let list = context
                .input
                .get("listWorkspace")
                .cloned()
                .unwrap_or(Value::Bool(false));
            if list == Value::Bool(false) {
                return Ok(Map::new());
            }
            let contents = list == json!("with-contents");
            let root = context.workspace.clone();
            let files = tokio::task::spawn_blocking(move || walk(&root))
                .await
                .map_err(|e| e.to_string())?;
            for (shown, path) in files.iter().enumerate() {
                if shown == MAX_LISTED {
                    context
                        .log
                        .line(&format!("… and {} more", files.len() - shown))
                        .await;
                    break;
                }
                let name = path.strip_prefix(&context.workspace).unwrap_or(path);
                let mut line = name.display().to_string();
                if contents && let Ok(text) = std::fs::read_to_string(path) {
                    let text: String = text.chars().take(10_000).collect();
                    line = format!("{line}:\n{text}");
                }
                context.log.line(&line).await;
            }
            Ok(Map::new())
        })
    }
}

/// Files under `root`, sorted; symbolic links are listed, not followed.
fn walk(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
        if out.len() > MAX_LISTED * 4 {
            break;
        }
    }
    out.sort();
    out
}

pub struct DebugWait;

impl Action for DebugWait {
    fn id(&self) -> &'static str {
        "debug:wait"
    }

    fn description(&self) -> &'static str {
        "Waits for the given time, at most ten minutes."
    }

    fn input_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "minutes": {"type": "number", "minimum": 0, "maximum": 10},
                "seconds": {"type": "number", "minimum": 0, "maximum": 600},
                "milliseconds": {"type": "number", "minimum": 0, "maximum": 600000}
            }
        })
    }

    fn idempotent(&self) -> bool {
        true
    }

    fn run(&self, context: ActionContext) -> ActionFuture {
        Box::pin(async move {
            let part = |key: &str| {
                context
                    .input
                    .get(key)
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
            };
            let seconds = part("minutes") * 60.0 + part("seconds") + part("milliseconds") / 1000.0;
            let wait = Duration::from_secs_f64(seconds.max(0.0));
            if wait > MAX_WAIT {
                return Err(format!(
                    "waiting {seconds} s is longer than the longest wait, {} s",
                    MAX_WAIT.as_secs()
                ));
            }
            if context.dry_run {
                context
                    .log
                    .line(&format!("Would wait {seconds} s (a dry run does not)"))
                    .await;
                return Ok(Map::new());
            }
            context.log.line(&format!("Waiting {seconds} s")).await;
            tokio::time::sleep(wait).await;
            Ok(Map::new())
        })
    }
}
