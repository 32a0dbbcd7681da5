//! The catalog pages: the faceted list of entities and the entity page with its tabs.

mod definition;
mod edit;
mod entity;
mod facets;
mod graph_view;
mod import;
mod list;
mod overview;

pub use edit::EditEntityPage;
pub use entity::EntityPage;
pub use list::{CatalogPage, entity_href, kind_label};
