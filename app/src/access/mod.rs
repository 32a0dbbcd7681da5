//! Access control: permissions, roles and bindings, the decision function, and the audit log.

#[cfg(feature = "ssr")]
pub mod cache;
pub mod decision;
pub mod endpoints;
pub mod identity;
pub mod model;
pub mod permission;
#[cfg(feature = "ssr")]
pub mod store;
