//! What a step runs: each action with its id, its input and output as JSON Schema (the
//! scaffolder API lists them), whether running it twice is harmless (a step interrupted by a
//! restart runs again only then), and its work. The registry holds the ones Runway can run; a
//! step naming an action the template spec accepts but the registry lacks fails saying so.

mod catalog;
mod debug;
pub mod fetch;
pub mod publish;
pub mod skeleton;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::engine::log::Log;

/// What an action's run gives back: its output, or why it failed (in words for the log).
pub type Outcome = Result<Map<String, Value>, String>;

pub type ActionFuture = Pin<Box<dyn Future<Output = Outcome> + Send + 'static>>;

/// What a step hands its action.
#[derive(Clone)]
pub struct ActionContext {
    pub task_id: String,
    pub step_id: String,
    /// The step's input with every expression rendered (secrets included: the action needs them;
    /// the log redacts them).
    pub input: Value,
    /// The task's working folder, shared by its steps.
    pub workspace: PathBuf,
    pub log: Log,
    /// Who started the task, e.g. `user:default/ada`.
    pub user_ref: String,
    /// Where the template's own files are.
    pub template_base: skeleton::TemplateBase,
    /// The person who started the task, as actions that change the catalog act; `None` when
    /// their account is gone or deactivated.
    pub person: Option<crate::server::ctx::Ctx>,
    /// A dry run: actions that reach beyond the working folder (publish, register, wait) check
    /// what they can and say what they would do instead of doing it.
    pub dry_run: bool,
    /// The repositories this task's earlier publish steps created (their `remoteUrl`): the
    /// ones `catalog:register` registers for anyone who may create entities.
    pub published: Vec<String>,
    /// Where the action's own expressions (a skeleton's files) are evaluated.
    pub renderer: super::render::Renderer,
    /// When the step must have finished.
    pub deadline: std::time::Instant,
}

/// One action a step may run.
pub trait Action: Send + Sync {
    fn id(&self) -> &'static str;
    fn description(&self) -> &'static str;
    /// JSON Schema of the input, checked before the action runs.
    fn input_schema(&self) -> Value;
    fn output_schema(&self) -> Value {
        serde_json::json!({"type": "object"})
    }
    /// Whether running it again after an interruption does no harm.
    fn idempotent(&self) -> bool;
    fn run(&self, context: ActionContext) -> ActionFuture;
}

/// The actions Runway runs, by id.
#[derive(Clone)]
pub struct Registry(Arc<Vec<Arc<dyn Action>>>);

impl Default for Registry {
    fn default() -> Self {
        Registry::new(Vec::new())
    }
}

impl Registry {
    /// Every action, publishing to `hosts`.
    pub fn new(hosts: Vec<publish::GitHost>) -> Self {
        let publish = |id| {
            Arc::new(publish::Publish {
                id,
                hosts: hosts.clone(),
            })
        };
        Registry(Arc::new(vec![
            Arc::new(debug::DebugLog),
            Arc::new(debug::DebugWait),
            Arc::new(fetch::Fetch { templated: true }),
            Arc::new(fetch::Fetch { templated: false }),
            publish("publish:git"),
            publish("publish:github"),
            publish("publish:gitlab"),
            Arc::new(catalog::CatalogRegister),
        ]))
    }

    pub fn find(&self, id: &str) -> Option<Arc<dyn Action>> {
        self.0.iter().find(|a| a.id() == id).cloned()
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<dyn Action>> {
        self.0.iter()
    }

    /// These actions with `action` in place of any of its id (tests stand actions in).
    #[cfg(test)]
    pub fn with(self, action: Arc<dyn Action>) -> Registry {
        let mut all: Vec<Arc<dyn Action>> = self
            .0
            .iter()
            .filter(|a| a.id() != action.id())
            .cloned()
            .collect();
        all.push(action);
        Registry(Arc::new(all))
    }
}

/// The regular files under `root`, sorted by path; links are not followed (one could point
/// anywhere on the server).
pub fn files_under(root: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => folders.push(entry.path()),
                Ok(t) if t.is_file() => found.push(entry.path()),
                _ => {}
            }
        }
    }
    found.sort();
    found
}

/// The problems of `input` under `action`'s schema, one line.
pub fn check_input(action: &dyn Action, input: &Value) -> Result<(), String> {
    let schema = match action.input_schema() {
        Value::Object(schema) => schema,
        _ => Map::new(),
    };
    let problems = crate::templates::check::check(&schema, input);
    match problems.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "the input of {} is not valid: {}",
            action.id(),
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_action_is_one_templates_may_name() {
        let registry = Registry::default();
        for action in registry.all() {
            assert!(
                crate::templates::actions::is_known_action(action.id()),
                "{}",
                action.id()
            );
            assert_eq!(action.input_schema()["type"], "object", "{}", action.id());
        }
        assert!(registry.find("debug:log").is_some());
        assert!(registry.find("debug:nope").is_none());
    }

    #[test]
    fn input_is_checked_against_the_actions_schema() {
        let wait = debug::DebugWait;
        assert!(check_input(&wait, &serde_json::json!({"seconds": 1})).is_ok());
        let error = check_input(&wait, &serde_json::json!({"seconds": "soon"})).unwrap_err();
        assert!(error.contains("seconds"), "{error}");
        let error = check_input(&wait, &serde_json::json!({"minutes": 11})).unwrap_err();
        assert!(error.contains("minutes"), "{error}");
    }
}
