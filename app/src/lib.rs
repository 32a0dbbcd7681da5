//! Runway's application crate: pages, components, server functions and one folder per feature,
//! compiled for the server (`ssr`) and for the browser (`hydrate`).

#![recursion_limit = "256"]

pub mod access;
pub mod admin;
pub mod auth;
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod child;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod deployments;
pub mod error;
#[cfg(feature = "ssr")]
pub mod fuzz;
pub mod home;
pub mod layout;
pub mod limits;
pub mod pages;
pub mod root;
mod routes;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod state;
pub mod tasks;
pub mod templates;
pub mod ui;

pub use root::{App, shell};
