//! Software templates (Backstage's `scaffolder.backstage.io/v1beta3`): the template spec read and
//! validated with field paths, the actions a step may use, and its forms as a model a wizard
//! renders and checks (the same check the server runs). The wizard, the task engine and the
//! scaffolder API build on these.

pub mod actions;
pub mod check;
pub mod form;
mod formats;
pub mod picker;
pub mod schema;
pub mod spec;
pub mod values;
#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod spec_tests;
