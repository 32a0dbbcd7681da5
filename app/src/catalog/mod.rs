//! The software catalog: Backstage-compatible entities, their relations and the pages that list them.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
