//! The `runway` server: settings, the HTTP router, middleware and the binary's commands.

// Leptos views nest deeply in types; the route tree needs more than the default 128.
#![recursion_limit = "256"]

pub mod auth;
pub mod backstage;
pub mod catalog_rest;
pub mod cli;
pub mod config;
pub mod files;
pub mod health;
pub mod isolation;
pub mod observability;
pub mod oidc;
pub mod openapi;
pub mod rest;
pub mod route;
pub mod router;
pub mod scaffolder;
pub mod security;
pub mod serve;

pub use router::router;
