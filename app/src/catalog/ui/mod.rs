//! The catalog pages: the faceted list of entities and the entity page with its tabs.

mod definition;
mod entity;
mod facets;
mod graph_view;
mod list;
mod overview;

pub use entity::EntityPage;
pub use list::CatalogPage;
