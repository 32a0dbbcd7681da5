//! Access control and the audit log. For now: the audit record every mutation writes.

pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
