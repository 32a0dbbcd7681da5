//! Authentication: local accounts, single sign-on, sessions, API tokens and who is calling.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
