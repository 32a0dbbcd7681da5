//! Software templates (Backstage's `scaffolder.backstage.io/v1beta3`): the template spec read and
//! validated with field paths, the actions a step may use, its forms as a model the wizard
//! renders and checks (the same check the server runs), the Create page and the wizard. The task
//! engine and the scaffolder API build on these.

pub mod actions;
pub mod api;
pub mod check;
#[cfg(test)]
mod check_tests;
pub mod form;
mod form_state;
#[cfg(test)]
mod form_tests;
mod formats;
mod inputs;
mod list_input;
pub mod picker;
mod picker_input;
mod review;
pub mod schema;
pub mod spec;
#[cfg(test)]
mod spec_tests;
mod stepper;
pub mod ui;
pub mod values;
pub mod wizard;
