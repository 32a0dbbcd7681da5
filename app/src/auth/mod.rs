//! Authentication: local accounts, single sign-on, sessions, API tokens and who is calling.

#[cfg(feature = "ssr")]
pub mod service;
