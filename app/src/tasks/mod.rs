//! Template tasks: a template run with a person's values. `model` is what pages and the API
//! read; on the server, `store` keeps tasks, steps and events, `engine` claims and runs them
//! with `actions`, rendering `expr`essions (in a `render` worker), with secrets `seal`ed at rest and `redact`ed from
//! everything written.

pub mod api;
pub mod model;
pub mod preview;
pub mod redact;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod engine;
#[cfg(feature = "ssr")]
pub mod expr;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod seal;
#[cfg(feature = "ssr")]
pub mod store;
