//! Running one claimed task: its steps in order from the first that has not finished (so a
//! retry or a recovery keeps earlier outputs), each step's `if`, `each` and input rendered, its
//! action supervised (heartbeat, cancel, timeout, panic), and the output rendered at the end.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::TaskEngine;
use super::expressions::{inputs_of, render_deadline, step_holds, step_timeout};
use super::log::Log;
use super::scope;
use super::supervise::Stop;
use crate::server::ctx::Ctx;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::actions::{ActionContext, check_input};
use crate::tasks::expr;
use crate::tasks::model::{StepStatus, TaskStatus};
use crate::tasks::redact::Redactor;
use crate::tasks::store::{self, Beat, Claim, StoredStep};
use crate::templates::spec::{Step, read_spec};

/// Runs the task this engine claimed; every way it can end is written down, while the claim
/// holds (see [`Claim`]).
pub(super) async fn run(engine: &Arc<TaskEngine>, claim: Claim) {
    let id = claim.id.as_str();
    if let Err(error) = run_task(engine, &claim).await {
        tracing::error!(%error, task = id, "a task failed on a database error");
        let _ = store::finish(
            &engine.db,
            &claim,
            TaskStatus::Failed,
            None,
            crate::clock::now(),
        )
        .await;
    }
    let workspace = workspace_of(engine, &claim);
    let _ =
        tokio::fs::remove_dir_all(crate::tasks::actions::publish::git_dir_beside(&workspace)).await;
    let _ = tokio::fs::remove_dir_all(workspace).await;
}

async fn run_task(engine: &Arc<TaskEngine>, claim: &Claim) -> Result<(), sqlx::Error> {
    let id = claim.id.as_str();
    let db = &engine.db;
    let Some(task) = store::get(db, id).await? else {
        return Ok(());
    };
    let secrets = match store::sealed_secrets(db, id).await? {
        Some(sealed) => match engine.sealer.open(id, &sealed) {
            Some(secrets) => secrets,
            None => {
                let log = engine.log(id).fenced(claim);
                log.completion("Failed: this task's secrets cannot be opened (the server's secret changed); start it again.").await;
                return end(engine, claim, TaskStatus::Failed, None).await;
            }
        },
        None => json!({}),
    };
    let redactor = Arc::new(Redactor::new(&secrets));
    let log = Log::new(db.clone(), id, redactor.clone(), engine.announce.clone()).fenced(claim);
    let spec = match read_spec(&task.spec) {
        Ok(spec) => spec,
        Err(problems) => {
            let first = problems
                .first()
                .map(|p| format!("{}: {}", p.field, p.message));
            log.completion(&format!(
                "Failed: the template is not valid ({})",
                first.unwrap_or_default()
            ))
            .await;
            return end(engine, claim, TaskStatus::Failed, None).await;
        }
    };
    let steps = store::steps(db, id).await?;
    let person = scope::person_of(engine, &task).await?;
    let mut scope = scope::scope_of(engine, &task, secrets).await?;
    scope[expr::KNOWN] = Value::from(scope::declared(&spec));
    for done in steps.iter().filter(|s| s.view.status.is_done()) {
        scope["steps"][&done.view.id] = json!({"output": done.output.clone().unwrap_or(json!({}))});
    }
    let workspace = workspace_of(engine, claim);
    if let Err(error) = tokio::fs::create_dir_all(&workspace).await {
        log.completion(&format!("Failed: no working folder ({error})"))
            .await;
        return end(engine, claim, TaskStatus::Failed, None).await;
    }
    log.status(match task.runs {
        1 => "Started",
        _ => "Started again",
    })
    .await;
    for stored in steps.iter().filter(|s| !s.view.status.is_done()) {
        let Some(step) = spec.steps.get(stored.position as usize) else {
            log.completion("Failed: the task's steps no longer match its template")
                .await;
            return end(engine, claim, TaskStatus::Failed, None).await;
        };
        match store::heartbeat(db, claim, crate::clock::now()).await? {
            Beat::Running => {}
            Beat::CancelRequested => return cancelled(engine, claim, stored, &log).await,
            Beat::Lost => return Ok(()),
        }
        let step_log = log.for_step(&step.id);
        match step_holds(engine, step, &scope, None, false).await {
            Ok(true) => {}
            Ok(false) => {
                if !store::set_step(
                    db,
                    claim,
                    stored.position,
                    StepStatus::Skipped,
                    None,
                    crate::clock::now(),
                )
                .await?
                {
                    return Ok(());
                }
                step_log
                    .status(&format!("Skipped {}: its condition is false", step.name))
                    .await;
                continue;
            }
            Err(reason) => return failed(engine, claim, stored, &step_log, &reason).await,
        }
        if !store::set_step(
            db,
            claim,
            stored.position,
            StepStatus::Processing,
            None,
            crate::clock::now(),
        )
        .await?
        {
            return Ok(());
        }
        step_log
            .status(&format!("Beginning step {}", step.name))
            .await;
        let place = Place {
            task_id: id,
            workspace: &workspace,
            base: &task.template_base,
            person: &person,
            claim: Some(claim),
            steps: &spec.steps,
            deadline: None,
            dry_run: false,
        };
        match run_step(engine, &place, step, &scope, &step_log).await {
            Ok(output) => {
                let output = redactor.value(&Value::Object(output));
                if !store::set_step(
                    db,
                    claim,
                    stored.position,
                    StepStatus::Completed,
                    Some(&output),
                    crate::clock::now(),
                )
                .await?
                {
                    return Ok(());
                }
                step_log
                    .status(&format!("Finished step {}", step.name))
                    .await;
                scope["steps"][&step.id] = json!({"output": output});
            }
            Err(Stop::Failed(reason)) => {
                return failed(engine, claim, stored, &step_log, &reason).await;
            }
            Err(Stop::Cancelled) => return cancelled(engine, claim, stored, &step_log).await,
            Err(Stop::Lost) => return Ok(()),
        }
    }
    let deadline = render_deadline(engine, None, false);
    let output = scope::output_of(engine, &spec, &scope, &log, deadline).await;
    let output = redactor.value(&serde_json::to_value(&output).unwrap_or_default());
    log.completion("Completed").await;
    end(engine, claim, TaskStatus::Completed, Some(&output)).await
}

/// The working folder of one run of a task: a run that lost its task to another (which may be
/// on this server) removes only its own folder when it ends.
fn workspace_of(engine: &TaskEngine, claim: &Claim) -> std::path::PathBuf {
    engine
        .settings
        .workspaces
        .join(format!("{}-run{}", claim.id, claim.run))
}

/// Where a step runs: its task, the task's working folder, the template's files, the person
/// it acts as, and whether it is a dry run.
pub(super) struct Place<'a> {
    pub task_id: &'a str,
    pub workspace: &'a std::path::Path,
    pub base: &'a TemplateBase,
    pub person: &'a Option<Ctx>,
    /// The run's claim, which its heartbeat keeps (none for a dry run).
    pub claim: Option<&'a Claim>,
    /// The template's steps (which of them published what).
    pub steps: &'a [Step],
    /// When the whole run must have ended (a dry run's limit), beside each step's own.
    pub deadline: Option<std::time::Instant>,
    pub dry_run: bool,
}

/// Runs a step's action once, or once per item of its `each` (each output key then collects a
/// list, as Backstage's does).
pub(super) async fn run_step(
    engine: &Arc<TaskEngine>,
    place: &Place<'_>,
    step: &Step,
    scope: &Value,
    log: &Log,
) -> Result<Map<String, Value>, Stop> {
    let Some(action) = engine.actions.find(&step.action) else {
        return Err(Stop::Failed(format!(
            "Runway cannot run the action {} yet",
            step.action
        )));
    };
    // One limit for the whole step, its expressions and however many items its `each` has (and
    // the run's, when it has one): checked between items, and given to each item as the time
    // it has left.
    let deadline = render_deadline(engine, place.deadline, place.dry_run);
    let renderer = &engine.settings.renderer;
    let items: Vec<Option<Value>> = match &step.each {
        None => vec![None],
        Some(each) => match renderer
            .value(each, scope, deadline)
            .await
            .map_err(Stop::Failed)?
        {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(key, value)| Some(json!({"key": key, "value": value})))
                .collect(),
            Value::Object(map) => map
                .into_iter()
                .map(|(key, value)| Some(json!({"key": key, "value": value})))
                .collect(),
            other => {
                return Err(Stop::Failed(format!(
                    "each must be a list or an object, not {other}"
                )));
            }
        },
    };
    if items.len() > crate::limits::MAX_EACH_ITEMS {
        return Err(Stop::Failed(format!(
            "each gives {} items; a step may loop over at most {}",
            items.len(),
            crate::limits::MAX_EACH_ITEMS
        )));
    }
    let inputs = inputs_of(engine, step, scope, &items, deadline).await?;
    let timeout = step_timeout(engine, place.dry_run);
    let mut output = Map::new();
    for (item, (input, derived)) in items.into_iter().zip(inputs) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(Stop::Failed(format!(
                "the step did not finish within {} s",
                timeout.as_secs()
            )));
        }
        let log = match derived.is_empty() {
            true => log.clone(),
            false => log.with_secrets(&derived),
        };
        check_input(action.as_ref(), &input).map_err(Stop::Failed)?;
        let context = ActionContext {
            task_id: place.task_id.to_owned(),
            step_id: step.id.clone(),
            input,
            workspace: place.workspace.to_path_buf(),
            log: log.clone(),
            user_ref: scope["user"]["ref"].as_str().unwrap_or_default().to_owned(),
            renderer: renderer.clone(),
            deadline,
            template_base: place.base.clone(),
            person: place.person.clone(),
            dry_run: place.dry_run,
            published: scope::published(place.steps, scope),
        };
        let beat_for = place.claim;
        let produced =
            super::supervise::supervise(engine, beat_for, (left, timeout), action.run(context))
                .await?
                .map_err(Stop::Failed)?;
        let produced = match log.redactor().value(&Value::Object(produced)) {
            Value::Object(produced) => produced,
            _ => Map::new(),
        };
        for (key, value) in produced {
            match item {
                None => {
                    output.insert(key, value);
                }
                Some(_) => {
                    let list = output.entry(key).or_insert_with(|| json!([]));
                    if let Value::Array(list) = list {
                        list.push(value);
                    }
                }
            }
        }
    }
    Ok(output)
}

async fn failed(
    engine: &TaskEngine,
    claim: &Claim,
    stored: &StoredStep,
    log: &Log,
    reason: &str,
) -> Result<(), sqlx::Error> {
    if !store::set_step(
        &engine.db,
        claim,
        stored.position,
        StepStatus::Failed,
        None,
        crate::clock::now(),
    )
    .await?
    {
        return Ok(());
    }
    log.completion(&format!("Failed at step {}: {reason}", stored.view.name))
        .await;
    end(engine, claim, TaskStatus::Failed, None).await
}

async fn cancelled(
    engine: &TaskEngine,
    claim: &Claim,
    stored: &StoredStep,
    log: &Log,
) -> Result<(), sqlx::Error> {
    if !store::set_step(
        &engine.db,
        claim,
        stored.position,
        StepStatus::Cancelled,
        None,
        crate::clock::now(),
    )
    .await?
    {
        return Ok(());
    }
    log.completion(&format!("Cancelled during step {}", stored.view.name))
        .await;
    end(engine, claim, TaskStatus::Cancelled, None).await
}

async fn end(
    engine: &TaskEngine,
    claim: &Claim,
    status: TaskStatus,
    output: Option<&Value>,
) -> Result<(), sqlx::Error> {
    store::finish(&engine.db, claim, status, output, crate::clock::now()).await?;
    Ok(())
}
