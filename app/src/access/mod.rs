//! Access control: permissions, roles and bindings, the decision function, administration and
//! the audit log.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
pub mod decision;
pub mod endpoints;
pub mod explanation;
#[cfg(feature = "ssr")]
pub mod hashing;
pub mod identity;
pub mod model;
pub mod permission;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
