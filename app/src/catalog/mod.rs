//! The software catalog: Backstage-compatible entities, their validation, import and relations,
//! and the pages that list and show them.

pub mod api;
pub mod filter;
#[cfg(feature = "ssr")]
pub mod import;
pub mod model;
pub mod report;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
pub mod validate;
