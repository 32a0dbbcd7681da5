//! Access control: permissions, roles and bindings, the decision function, and the audit log.

pub mod decision;
pub mod identity;
pub mod model;
pub mod permission;
#[cfg(feature = "ssr")]
pub mod store;
