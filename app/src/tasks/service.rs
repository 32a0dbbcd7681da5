//! The use cases behind the task server functions and the scaffolder API: who may see and
//! touch a task, starting one (values checked by the form's own check, secrets taken out and
//! sealed), reading, cancelling and retrying, each change audited.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::*;
use std::path::{Path, PathBuf};

use crate::access::permission::Permission;
use crate::catalog::store::locations;
use crate::catalog::store::query::Stored;
use crate::demo::templates::{SKELETONS, SKELETONS_ANNOTATION};
use crate::limits::{MAX_TASK_PAGE, MAX_UNFINISHED_TASKS_PER_PERSON};
use crate::server::ctx::Ctx;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::engine::TaskEngine;
use crate::tasks::model::{StepView, TaskOutput};
use crate::tasks::store::{self, Cancel, NewTask};
use crate::templates::api::service::{check, form_of, runnable_template};
use crate::templates::form::{Control, Field, Key, fields};
use crate::templates::values::{set_at, value_at};

/// The server's task engine.
pub fn engine(ctx: &Ctx) -> Result<Arc<TaskEngine>, AppError> {
    ctx.extensions
        .get::<TaskEngine>()
        .ok_or_else(|| AppError::internal("the task engine is missing"))
}

pub async fn start(
    ctx: &Ctx,
    namespace: &str,
    name: &str,
    values: Map<String, Value>,
) -> Result<String, AppError> {
    start_with(ctx, namespace, name, values, Map::new()).await
}

/// [`start`] with secrets given apart from the values as well (the scaffolder API's
/// `secrets`), which the actions see as `${{ secrets.name }}`.
pub async fn start_with(
    ctx: &Ctx,
    namespace: &str,
    name: &str,
    mut values: Map<String, Value>,
    given_secrets: Map<String, Value>,
) -> Result<String, AppError> {
    let engine = engine(ctx)?;
    let (stored, spec) = runnable_template(ctx, namespace, name).await?;
    room_for_another(ctx).await?;
    let base = template_base(ctx, &stored).await?;
    let etag = stored.entity.metadata.etag.clone().unwrap_or_default();
    let full_spec = Value::Object(stored.entity.spec.clone());
    let form = form_of(stored, spec.clone());
    let problems = check(&form, &values, None)?;
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let mut secrets = take_secrets(&form.steps, &mut values);
    secrets.extend(given_secrets);
    let id = uuid::Uuid::new_v4().to_string();
    let sealed = match secrets.is_empty() {
        true => None,
        false => Some(
            engine
                .sealer()
                .seal(&id, &Value::Object(secrets))
                .map_err(AppError::internal)?,
        ),
    };
    let steps: Vec<(String, String, String)> = spec
        .steps
        .iter()
        .map(|s| (s.id.clone(), s.name.clone(), s.action.clone()))
        .collect();
    let mut tx = ctx.db.begin().await?;
    store::create(
        &mut tx,
        &NewTask {
            id: &id,
            template_ref: &form.entity_ref,
            template_title: &form.title,
            template_etag: &etag,
            spec: &full_spec,
            parameters: &Value::Object(values),
            created_by: ctx.login(),
            steps: &steps,
            sealed_secrets: sealed.as_deref(),
            template_base: &base,
        },
        ctx.at,
    )
    .await?;
    let summary = json!({"template": form.entity_ref, "steps": steps.len()});
    ctx.audited(
        &mut tx,
        "template.task.create",
        &format!("task:{id}"),
        summary,
    )
    .await?;
    tx.commit().await?;
    engine.wake();
    Ok(id)
}

/// Where the template's own files are, from what the catalog stored: the folder of its file in
/// a file location, or the skeletons built into Runway for a demo template.
pub(super) async fn template_base(ctx: &Ctx, stored: &Stored) -> Result<TemplateBase, AppError> {
    let built_in = stored
        .entity
        .metadata
        .annotations
        .get(SKELETONS_ANNOTATION)
        .and_then(|v| v.strip_prefix("demo:"));
    if let Some(template) = built_in
        && SKELETONS.iter().any(|(t, _, _)| *t == template)
        && crate::demo::templates::is_shipped(&stored.entity)
    {
        return Ok(TemplateBase::Demo {
            template: template.to_owned(),
        });
    }
    let (Some(location_id), Some(file)) = (&stored.location_id, &stored.source_file) else {
        return Ok(TemplateBase::None);
    };
    let Some(location) = locations::by_id(&ctx.db, location_id).await? else {
        return Ok(TemplateBase::None);
    };
    let target = PathBuf::from(&location.target);
    let root = match target.is_dir() {
        true => target,
        false => target.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    match Path::new(file).parent() {
        Some(dir) if location.kind == "file" && dir.starts_with(&root) => Ok(TemplateBase::File {
            dir: dir.to_path_buf(),
            root,
        }),
        _ => Ok(TemplateBase::None),
    }
}

/// Takes the values of secret fields (`ui:field: Secret`, `ui:widget: password`) out of
/// `values`, by field name, as Backstage's `secrets` has them.
pub(crate) fn take_secrets(
    pages: &[crate::templates::spec::ParameterStep],
    values: &mut Map<String, Value>,
) -> Map<String, Value> {
    let mut secret_fields = Vec::new();
    let snapshot = Value::Object(values.clone());
    for page in pages {
        collect_secrets(&fields(&page.schema, &snapshot), &mut secret_fields);
    }
    let mut secrets = Map::new();
    let mut placed = Map::new();
    let mut all = Value::Object(std::mem::take(values));
    for field in secret_fields {
        if let Some(value) = value_at(&all, &field.at).cloned() {
            // Backstage's flat `secrets.<name>`: the first of a name. A secret inside a list item
            // also goes back to its place when the task runs (`engine::scope::place_secrets`),
            // so the second item's is not lost.
            // Keyed by the place as JSON: the redactor masks every value and no key.
            if field.at.iter().any(|k| matches!(k, Key::Item(_)))
                && let Ok(at) = serde_json::to_string(&field.at)
            {
                placed.insert(at, value.clone());
            }
            secrets.entry(field.name.clone()).or_insert(value);
            set_at(&mut all, &field.at, None);
        }
    }
    if !placed.is_empty() {
        secrets.insert(PLACED_SECRETS.into(), Value::Object(placed));
    }
    if let Value::Object(map) = all {
        *values = map;
    }
    secrets
}

/// Where the secrets of list items are kept among a task's sealed secrets, with their places
/// in the values (`$`: no `secrets.` expression names it by accident).
pub const PLACED_SECRETS: &str = "$placed";

fn collect_secrets(fields: &[Field], out: &mut Vec<Field>) {
    for field in fields {
        match &field.control {
            Control::Secret => out.push(field.clone()),
            Control::Group { fields } => collect_secrets(fields, out),
            Control::List { items, .. } => items.iter().for_each(|item| collect_secrets(item, out)),
            _ => {}
        }
    }
}

/// Task `id` if the caller may see it: their own, or any with `template.task.read`. Anything
/// else is "not found", so that others' tasks cannot be told from missing ones.
pub async fn visible(ctx: &Ctx, id: &str) -> Result<store::Stored, AppError> {
    let caller = ctx.caller()?;
    let task = store::get(&ctx.db, id)
        .await?
        .filter(|t| {
            t.summary.created_by == caller.user.login || ctx.may(Permission::TemplateTaskRead, None)
        })
        .ok_or_else(|| AppError::NotFound(format!("task {id}")))?;
    Ok(task)
}

/// Whether the caller may cancel or retry `task`: their own, or any with `template.task.cancel`.
fn may_change(ctx: &Ctx, task: &store::Stored) -> bool {
    task.summary.created_by == ctx.login() || ctx.may(Permission::TemplateTaskCancel, None)
}

pub async fn page(ctx: &Ctx, id: &str, after: i64) -> Result<TaskPage, AppError> {
    let task = visible(ctx, id).await?;
    let steps = store::steps(&ctx.db, id).await?;
    let events = store::events_after(&ctx.db, id, after.max(0), EVENTS_PER_READ).await?;
    let may = may_change(ctx, &task);
    let status = task.summary.status;
    Ok(TaskPage {
        task: TaskView {
            steps: steps.into_iter().map(|s| s.view).collect::<Vec<StepView>>(),
            output: task
                .output
                .and_then(|o| serde_json::from_value::<TaskOutput>(o).ok()),
            cancelling: task.cancel_requested && !status.is_final(),
            may_cancel: may && !status.is_final(),
            may_retry: may && status.may_retry() && ctx.may(Permission::TemplateRun, None),
            summary: task.summary,
        },
        events,
        now: ctx.at,
    })
}

/// One page of the tasks `query` asks for, and how many it matches: everyone's (`all`, for
/// those who may read them), or else only the caller's (asking for another person's then
/// matches nothing). A page holds at most [`MAX_TASK_PAGE`] tasks.
pub async fn list(
    ctx: &Ctx,
    all: bool,
    mut query: store::TaskQuery,
) -> Result<(Vec<store::Stored>, i64), AppError> {
    let caller = ctx.caller()?;
    if all {
        ctx.authorize(Permission::TemplateTaskRead, None)?;
    } else {
        let me = caller.user.login.as_str();
        match &query.created_by {
            Some(other) if !other.eq_ignore_ascii_case(me) => return Ok((Vec::new(), 0)),
            _ => query.created_by = Some(me.to_owned()),
        }
    }
    if !(1..=MAX_TASK_PAGE as i64).contains(&query.limit) {
        return Err(AppError::BadRequest(format!(
            "limit must be from 1 to {MAX_TASK_PAGE}, not {}",
            query.limit
        )));
    }
    if query.offset < 0 {
        return Err(AppError::BadRequest("offset must not be negative".into()));
    }
    Ok(store::list(&ctx.db, &query).await?)
}

/// Refuses another task for the caller while [`MAX_UNFINISHED_TASKS_PER_PERSON`] of theirs
/// wait or run.
async fn room_for_another(ctx: &Ctx) -> Result<(), AppError> {
    let unfinished = store::unfinished(&ctx.db, ctx.login()).await?;
    match unfinished >= MAX_UNFINISHED_TASKS_PER_PERSON as i64 {
        true => Err(AppError::RateLimited(format!(
            "you have {unfinished} tasks waiting or running, the most one person may have; \
             start another when one has ended"
        ))),
        false => Ok(()),
    }
}

pub async fn cancel(ctx: &Ctx, id: &str) -> Result<(), AppError> {
    let task = visible(ctx, id).await?;
    if !may_change(ctx, &task) {
        return Err(AppError::Forbidden("cancel another person's task".into()));
    }
    let mut tx = ctx.db.begin().await?;
    let outcome = store::request_cancel(&mut tx, id, ctx.at).await?;
    if outcome == Cancel::AlreadyOver {
        return Err(AppError::Conflict(format!(
            "the task has ended ({}); there is nothing to cancel",
            task.summary.status.label().to_lowercase()
        )));
    }
    ctx.audited(
        &mut tx,
        "template.task.cancel",
        &format!("task:{id}"),
        json!({"template": task.summary.template_ref}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn retry(ctx: &Ctx, id: &str) -> Result<(), AppError> {
    let task = visible(ctx, id).await?;
    ctx.authorize(Permission::TemplateRun, None)?;
    if !may_change(ctx, &task) {
        return Err(AppError::Forbidden("retry another person's task".into()));
    }
    room_for_another(ctx).await?;
    let mut tx = ctx.db.begin().await?;
    let retryable = [TaskStatus::Failed, TaskStatus::Cancelled];
    if !store::reopen(&mut tx, id, &retryable, ctx.at).await? {
        return Err(AppError::Conflict(format!(
            "only a failed or cancelled task can be retried; this one is {}",
            task.summary.status.label().to_lowercase()
        )));
    }
    ctx.audited(
        &mut tx,
        "template.task.retry",
        &format!("task:{id}"),
        json!({"template": task.summary.template_ref}),
    )
    .await?;
    tx.commit().await?;
    engine(ctx)?.wake();
    Ok(())
}
