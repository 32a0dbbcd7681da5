//! Access control: permissions, roles and bindings, the decision function and its policy cache,
//! identities and their secrets, what each endpoint requires, and the stores of users, roles,
//! sessions, tokens and the audit log. The pages and server functions that administer them are
//! in `admin`.

#[cfg(feature = "ssr")]
pub mod cache;
pub mod decision;
pub mod endpoints;
#[cfg(feature = "ssr")]
pub mod hashing;
pub mod identity;
pub mod me;
pub mod model;
pub mod permission;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod store;
