//! The catalog pages: the faceted list of entities (and, later, entity pages and editing).

mod facets;
mod list;

pub use list::CatalogPage;
