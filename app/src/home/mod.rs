//! The home page: the platform at a glance, from live figures in the database.

pub mod api;
pub mod model;
pub mod ui;
