//! The catalog pages: the faceted list of entities, the entity page with its tabs, and the
//! forms that edit and register entities.

mod create;
mod definition;
mod edit;
mod entity;
mod facets;
mod form_fields;
mod graph_view;
mod import;
mod labels;
mod list;
mod overview;

pub use create::NewEntityPage;
pub use edit::EditEntityPage;
pub use entity::EntityPage;
pub use facets::FacetPanel;
pub use labels::{entity_href, kind_label};
pub use list::{CatalogPage, use_query_filter};
