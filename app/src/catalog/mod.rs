//! The software catalog: Backstage-compatible entities, their validation, import and relations,
//! and the pages that list and show them.

pub mod api;
pub mod definition;
#[cfg(feature = "ssr")]
pub mod diff;
pub mod entity_query;
pub mod filter;
#[cfg(feature = "ssr")]
pub mod git;
pub mod graph;
#[cfg(feature = "ssr")]
pub mod highlight;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod index;
pub mod kinds;
#[cfg(feature = "ssr")]
pub mod location;
pub mod model;
pub mod names;
pub mod report;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
pub mod validate;
#[cfg(feature = "ssr")]
pub mod write_back;
