//! Task, template and action routes of the scaffolder API, each an adapter of the task service
//! the portal's own pages use, answering Backstage's JSON shapes.

use app::catalog::model::{DEFAULT_NAMESPACE, EntityRef};
use app::server::ctx::Ctx;
use app::state::AppState;
use app::tasks::api::service;
use app::tasks::model::TaskStatus;
use app::tasks::store;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::backstage::ApiError;

type Result<T> = std::result::Result<T, ApiError>;

/// Backstage's `SerializedTask`: the spec as it runs, status, creator and times.
fn serialized(stored: &store::Stored) -> Value {
    let summary = &stored.summary;
    let mut spec = stored.spec.as_object().cloned().unwrap_or_default();
    spec.insert(
        "apiVersion".into(),
        json!("scaffolder.backstage.io/v1beta3"),
    );
    spec.insert("parameters".into(), stored.parameters.clone());
    spec.insert(
        "templateInfo".into(),
        json!({"entityRef": summary.template_ref}),
    );
    spec.insert("user".into(), json!({"ref": user_ref(&summary.created_by)}));
    json!({
        "id": summary.id,
        "spec": spec,
        "status": summary.status.as_str(),
        "createdAt": summary.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "lastHeartbeatAt": summary.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "createdBy": user_ref(&summary.created_by),
    })
}

fn user_ref(login: &str) -> String {
    format!("user:default/{}", login.to_lowercase())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewTask {
    template_ref: String,
    #[serde(default)]
    values: Map<String, Value>,
    #[serde(default)]
    secrets: std::collections::BTreeMap<String, String>,
}

/// `POST /v2/tasks`: 201 `{id}`; values that fail the template's form are a 400 naming each
/// field, and no task is made.
pub async fn create(ctx: Ctx, Json(body): Json<NewTask>) -> Result<Response> {
    let template = EntityRef::parse(&body.template_ref, Some("template"), DEFAULT_NAMESPACE)
        .map_err(|e| ApiError::input(format!("templateRef: {e}")))?;
    if template.kind != "template" {
        return Err(ApiError::input("templateRef must name a Template"));
    }
    let secrets = body
        .secrets
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let started = service::start_with(
        &ctx,
        &template.namespace,
        &template.name,
        body.values,
        secrets,
    )
    .await;
    // Backstage answers values that fail the form with an InputError, which is a 400.
    let id = started.map_err(|error| match error {
        app::error::AppError::Validation(_) => ApiError::input(error.to_string()),
        other => other.into(),
    })?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    created_by: Option<String>,
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    order: Option<String>,
}

/// `GET /v2/tasks?createdBy=user:default/ada&status=failed&limit=20&offset=40&order=desc:created_at`:
/// `{tasks, totalTasks}`, as Backstage answers (`status` and `order` may list several, comma
/// separated; `order` fields are `created_at`, `status` and `created_by`). Without
/// `template.task.read`, only the caller's own tasks.
pub async fn list(ctx: Ctx, Query(query): Query<ListQuery>) -> Result<Response> {
    let mut statuses = Vec::new();
    for text in query
        .status
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
    {
        statuses.push(TaskStatus::parse(text).ok_or_else(|| {
            ApiError::input(format!(
                "status must be one of open, processing, completed, failed, cancelled; not {text:?}"
            ))
        })?);
    }
    let mut order = Vec::new();
    for item in query
        .order
        .iter()
        .flat_map(|o| o.split(','))
        .filter(|o| !o.is_empty())
    {
        let parsed = item.split_once(':').and_then(|(direction, field)| {
            let desc = match direction {
                "asc" => false,
                "desc" => true,
                _ => return None,
            };
            Some((store::OrderField::parse(field)?, desc))
        });
        order.push(parsed.ok_or_else(|| {
            ApiError::input(format!(
                "order {item:?}: expected <asc or desc>:<created_at, status or created_by>"
            ))
        })?);
    }
    let created_by = match query.created_by.filter(|c| !c.is_empty()) {
        None => None,
        Some(created_by) => {
            let wanted = EntityRef::parse(&created_by, Some("user"), DEFAULT_NAMESPACE)
                .map_err(|e| ApiError::input(format!("createdBy: {e}")))?;
            Some(wanted.name)
        }
    };
    let task_query = store::TaskQuery {
        created_by,
        statuses,
        order,
        limit: query.limit.unwrap_or(app::limits::MAX_TASK_PAGE as i64),
        offset: query.offset.unwrap_or(0),
    };
    let everyone = ctx.may(app::access::permission::Permission::TemplateTaskRead, None);
    let (tasks, total) = service::list(&ctx, everyone, task_query)
        .await
        .map_err(|error| match error {
            app::error::AppError::BadRequest(_) => ApiError::input(error.to_string()),
            other => other.into(),
        })?;
    let items: Vec<Value> = tasks.iter().map(serialized).collect();
    Ok(Json(json!({"tasks": items, "totalTasks": total})).into_response())
}

/// `GET /v2/tasks/{taskId}`.
pub async fn one(ctx: Ctx, Path(id): Path<String>) -> Result<Response> {
    let task = service::visible(&ctx, &id).await?;
    Ok(Json(serialized(&task)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<i64>,
}

/// `GET /v2/tasks/{taskId}/events?after=12`: the events after that one, oldest first.
pub async fn events(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<After>,
) -> Result<Response> {
    let page = service::page(&ctx, &id, query.after.unwrap_or(0)).await?;
    let events: Vec<Value> = page
        .events
        .iter()
        .map(|e| super::serialized_event(&id, e))
        .collect();
    Ok(Json(events).into_response())
}

/// `POST /v2/tasks/{taskId}/cancel`: `{status}` as the task now is.
pub async fn cancel(ctx: Ctx, Path(id): Path<String>) -> Result<Response> {
    service::cancel(&ctx, &id).await?;
    let task = service::visible(&ctx, &id).await?;
    Ok(Json(json!({"status": task.summary.status.as_str()})).into_response())
}

/// `POST /v2/tasks/{taskId}/retry`: 201 `{id}`, the same task run again from its failed step.
pub async fn retry(ctx: Ctx, Path(id): Path<String>) -> Result<Response> {
    service::retry(&ctx, &id).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// `GET /v2/actions`: every action Runway runs, with its input and output schemas.
pub async fn actions(State(state): State<AppState>, _ctx: Ctx) -> Result<Response> {
    let list: Vec<Value> = state
        .tasks
        .actions()
        .all()
        .map(|a| {
            json!({
                "id": a.id(),
                "description": a.description(),
                "schema": {"input": a.input_schema(), "output": a.output_schema()},
            })
        })
        .collect();
    Ok(Json(list).into_response())
}

/// `GET /v2/templates/{namespace}/{kind}/{name}/parameter-schema`: `{title, description,
/// steps: [{title, description, schema}]}`.
pub async fn parameter_schema(
    ctx: Ctx,
    Path((namespace, kind, name)): Path<(String, String, String)>,
) -> Result<Response> {
    if !kind.eq_ignore_ascii_case("template") {
        return Err(ApiError::not_found(format!(
            "no template {kind}:{namespace}/{name}"
        )));
    }
    let form = app::templates::api::service::form(&ctx, &namespace, &name).await?;
    let steps: Vec<Value> = form
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"title": s.title_at(i), "description": s.description, "schema": s.schema}))
        .collect();
    Ok(
        Json(json!({"title": form.title, "description": form.description, "steps": steps}))
            .into_response(),
    )
}
