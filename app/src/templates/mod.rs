//! Software templates (Backstage's `scaffolder.backstage.io/v1beta3`): the template spec read and
//! validated with field paths, and the actions a step may use. The wizard, the task engine and
//! the scaffolder API build on these.

pub mod actions;
pub mod spec;
#[cfg(test)]
mod spec_tests;
