//! Administration: the pages and server functions through which platform admins manage users,
//! teams, roles, bindings, sessions and tokens, explain a decision, and read the audit log.

pub mod api;
pub mod explanation;
pub mod ui;
