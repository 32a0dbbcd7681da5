//! What every input of the wizard shares: the values it writes into, the problems it shows, and
//! the look of a box with a problem.

use leptos::prelude::*;
use serde_json::Value;

use super::form::Field;
use super::values::{set_at, value_at};
use crate::error::FieldError;
use crate::ui::button::INPUT;

/// A text box, list box or number box of the wizard, outlined in red while it has a problem.
pub static INPUT_CLASS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{INPUT} aria-[invalid=true]:border-rose-400 dark:aria-[invalid=true]:border-rose-500/70"
    )
});

/// What every input needs: the values it writes into and the problems to show.
#[derive(Clone, Copy)]
pub struct FormState {
    pub values: RwSignal<Value>,
    pub problems: Signal<Vec<FieldError>>,
}

impl FormState {
    /// The value where `field`'s lives (null when there is none).
    pub fn get(&self, field: &Field) -> Value {
        self.values
            .with(|v| value_at(v, &field.at).cloned())
            .unwrap_or(Value::Null)
    }

    /// Puts `value` (or nothing) where `field`'s value lives.
    pub fn set_value(&self, field: &Field, value: Option<Value>) {
        self.values.update(|v| set_at(v, &field.at, value));
    }

    /// The problem found at `path`, if any.
    pub fn problem(&self, path: &str) -> Option<String> {
        self.problems.with(|all| {
            all.iter()
                .find(|p| p.field == path)
                .map(|p| p.message.clone())
        })
    }
}
