//! A step's expressions, evaluated by the engine's renderer before its action runs: its
//! condition, and its input for each item of its `each` (one batch), all before the step's
//! deadline.

use serde_json::Value;

use super::TaskEngine;
use super::supervise::Stop;
use crate::tasks::render::{Job, Piece};
use crate::templates::spec::Step;

/// When the expressions of a step (or of the output) must have been evaluated: the step's time
/// limit from now, and the run's when it has one.
pub(crate) fn render_deadline(
    engine: &TaskEngine,
    run: Option<std::time::Instant>,
    dry_run: bool,
) -> std::time::Instant {
    let step = std::time::Instant::now() + step_timeout(engine, dry_run);
    run.map_or(step, |run| run.min(step))
}

/// How long one step may take: the engine's limit, and a dry run's own, shorter one.
pub(crate) fn step_timeout(engine: &TaskEngine, dry_run: bool) -> std::time::Duration {
    match dry_run {
        true => engine.settings.step_timeout.min(super::dry::STEP_TIMEOUT),
        false => engine.settings.step_timeout,
    }
}

/// Whether the step's `if` holds (a step without one always runs).
pub(crate) async fn step_holds(
    engine: &TaskEngine,
    step: &Step,
    scope: &Value,
    run: Option<std::time::Instant>,
    dry_run: bool,
) -> Result<bool, String> {
    match &step.condition {
        None => Ok(true),
        Some(condition) => {
            let deadline = render_deadline(engine, run, dry_run);
            engine
                .settings
                .renderer
                .holds(condition, scope, deadline)
                .await
        }
    }
}

/// The step's input for each item, with what it computes from secrets (masked like them in
/// the log and the output), evaluated in one batch.
pub(super) async fn inputs_of(
    engine: &TaskEngine,
    step: &Step,
    scope: &Value,
    items: &[Option<Value>],
    deadline: std::time::Instant,
) -> Result<Vec<(Value, Vec<String>)>, Stop> {
    let template = Value::Object(step.input.clone());
    let pieces = items
        .iter()
        .flat_map(|each| {
            [
                Piece::Value {
                    template: template.clone(),
                    each: each.clone(),
                },
                Piece::SecretResults {
                    template: template.clone(),
                    each: each.clone(),
                },
            ]
        })
        .collect();
    let job = Job {
        scope: scope.clone(),
        pieces,
    };
    let answers = engine.settings.renderer.run(job, deadline).await;
    let mut answers = answers.map_err(|e| Stop::Failed(e.0))?.into_iter();
    let mut inputs = Vec::with_capacity(items.len());
    while let (Some(input), Some(derived)) = (answers.next(), answers.next()) {
        let input = input.map_err(|e| Stop::Failed(e.to_string()))?;
        let derived = derived.map_err(|e| Stop::Failed(e.to_string()))?;
        let derived = match derived {
            Value::Array(found) => found
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        inputs.push((input, derived));
    }
    match inputs.len() == items.len() {
        true => Ok(inputs),
        false => Err(Stop::Failed("the step's input was not rendered".into())),
    }
}
