//! `POST /v2/dry-run`, as Backstage's template editor calls it: a Template entity given inline
//! with its folder's files in base64, run with `values` (and `secrets`) in a throw-away folder;
//! the answer is Backstage's `{log, directoryContents, steps, output}`.

use app::server::ctx::Ctx;
use app::tasks::api::dry_service::{GivenFile, dry_run_inline, dry_slot};
use axum::Json;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::backstage::ApiError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DryRunBody {
    template: Value,
    #[serde(default)]
    values: Map<String, Value>,
    #[serde(default)]
    secrets: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    directory_contents: Vec<GivenContent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GivenContent {
    path: String,
    base64_content: String,
}

/// Takes the dry run's turn first, then reads and checks the body: a large body costs nothing
/// while two dry runs are running.
pub async fn dry_run(ctx: Ctx, request: axum::extract::Request) -> Result<Response, ApiError> {
    let slot = dry_slot(&ctx)?;
    // `security::body_limit` bounds the body already; this bound only names the type's limit.
    let bytes = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .map_err(|e| ApiError::input(format!("the body could not be read: {e}")))?;
    let body: DryRunBody = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::input(format!("the body is not a dry run: {e}")))?;
    let files = body
        .directory_contents
        .into_iter()
        .map(|file| {
            let bytes = STANDARD
                .decode(file.base64_content.trim())
                .map_err(|e| ApiError::input(format!("directoryContents {:?}: {e}", file.path)))?;
            Ok(GivenFile {
                path: file.path,
                bytes,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let secrets = body
        .secrets
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let outcome = dry_run_inline(&ctx, slot, &body.template, body.values, secrets, files)
        .await
        .map_err(|error| match error {
            app::error::AppError::Validation(_) => ApiError::input(error.to_string()),
            other => other.into(),
        })?;
    let report = outcome.report;
    let log: Vec<Value> = report
        .log
        .iter()
        .map(|line| {
            let mut body = json!({"message": line.message});
            if let Some(step) = &line.step_id {
                body["stepId"] = json!(step);
            }
            if line.kind == app::tasks::model::EventKind::Completion {
                body["status"] = json!(report.status.as_str());
            }
            json!({"body": body})
        })
        .collect();
    let contents: Vec<Value> = outcome
        .files
        .iter()
        .map(|f| json!({"path": f.path, "executable": f.executable, "base64Content": STANDARD.encode(&f.bytes)}))
        .collect();
    let steps: Vec<Value> = report
        .steps
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "action": s.action, "status": s.status.as_str()}))
        .collect();
    let mut output = Map::new();
    for link in &report.output.links {
        let list = output.entry("links").or_insert_with(|| json!([]));
        if let Value::Array(list) = list {
            list.push(json!({"title": link.title, "url": link.url, "entityRef": link.entity_ref, "icon": link.icon}));
        }
    }
    for text in &report.output.text {
        let list = output.entry("text").or_insert_with(|| json!([]));
        if let Value::Array(list) = list {
            list.push(json!({"title": text.title, "content": text.content}));
        }
    }
    Ok(Json(json!({
        "status": report.status.as_str(),
        "log": log,
        "directoryContents": contents,
        "steps": steps,
        "output": output,
    }))
    .into_response())
}
