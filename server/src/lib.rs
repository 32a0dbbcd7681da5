//! The `runway` server: settings, the HTTP router, middleware and the binary's commands.

pub mod cli;
pub mod config;
pub mod health;
pub mod observability;
pub mod router;
pub mod security;
pub mod serve;

pub use router::router;
