//! Server functions of the catalog: the filtered list with facet counts, search, and imports.

pub mod edit;
pub mod entity;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::catalog::filter::{CatalogFilter, FacetCounts};
use crate::catalog::model::EntitySummary;
use crate::catalog::report::ImportReport;
use crate::error::AppError;

/// Entities per page of the catalog list.
pub const PAGE_SIZE: i64 = 25;

/// Largest total size of the files one browser import may send.
pub use crate::limits::MAX_UPLOAD_BYTES;

/// One page of the catalog list with the facet counts beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub items: Vec<EntitySummary>,
    pub total: i64,
    /// Zero-based.
    pub page: i64,
    pub page_size: i64,
    pub facets: Vec<FacetCounts>,
}

/// A file dropped on the catalog page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub name: String,
    pub text: String,
}

/// Entities matching `filter` that the caller may read, a page at a time, with facet counts.
#[server(prefix = "/api", endpoint = "catalog/list", input = server_fn::codec::Json)]
pub async fn list_entities(filter: CatalogFilter) -> Result<CatalogPage, AppError> {
    crate::server::run(|ctx| async move { service::list(&ctx, filter).await }).await
}
requires!(ListEntities, CatalogEntityRead);

/// The best matches for the search box: name, title and tags, ranked.
#[server(prefix = "/api", endpoint = "catalog/search")]
pub async fn search_entities(text: String) -> Result<Vec<EntitySummary>, AppError> {
    crate::server::run(|ctx| async move { service::search(&ctx, text).await }).await
}
requires!(SearchEntities, CatalogEntityRead);

/// Imports uploaded descriptor files, or with `dry_run` reports what an import would do.
/// With `partial`, valid documents are imported even when others are rejected.
#[server(prefix = "/api", endpoint = "catalog/import", input = server_fn::codec::Json)]
pub async fn import_entities(
    files: Vec<UploadedFile>,
    dry_run: bool,
    partial: bool,
) -> Result<ImportReport, AppError> {
    crate::server::run(
        |ctx| async move { service::import_uploads(&ctx, files, dry_run, partial).await },
    )
    .await
}
requires!(ImportEntities, CatalogEntityCreate);

#[cfg(feature = "ssr")]
pub mod service {
    //! Checks the caller and the input, then reads or writes the store.

    use super::*;
    use crate::access::permission::Permission;
    use crate::catalog::import::{self, Options, Source};
    use crate::catalog::index::index;
    use crate::catalog::rules::{Door, Rules};
    use crate::catalog::store::query::Viewer;
    use crate::error::FieldError;
    use crate::server::ctx::Ctx;

    pub async fn list(ctx: &Ctx, filter: CatalogFilter) -> Result<CatalogPage, AppError> {
        let viewer = Viewer::of(ctx)?;
        check_filter(&filter)?;
        let page = index(ctx)
            .list(&ctx.db, &filter, &viewer, PAGE_SIZE, 30)
            .await?;
        Ok(CatalogPage {
            items: page.items,
            total: page.total,
            page: filter.page,
            page_size: PAGE_SIZE,
            facets: page.facets,
        })
    }

    pub(crate) fn check_filter(filter: &CatalogFilter) -> Result<(), AppError> {
        let mut problems = Vec::new();
        if filter.text.chars().count() > 200 {
            problems.push(FieldError::new(
                "q",
                "search text is limited to 200 characters",
            ));
        }
        if !(0..=100_000).contains(&filter.page) {
            problems.push(FieldError::new("page", "page must be between 1 and 100001"));
        }
        let values: usize = filter.facets.iter().map(|(_, v)| v.len()).sum();
        if values > 100 {
            problems.push(FieldError::new(
                "facets",
                "at most 100 facet values at once",
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(problems))
        }
    }

    pub async fn search(ctx: &Ctx, text: String) -> Result<Vec<EntitySummary>, AppError> {
        let viewer = Viewer::of(ctx)?;
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        if text.chars().count() > 200 {
            return Err(AppError::Validation(vec![FieldError::new(
                "text",
                "search text is limited to 200 characters",
            )]));
        }
        Ok(index(ctx).search(&ctx.db, &text, &viewer, 12).await?)
    }

    /// Imports files a person sent from the portal.
    pub async fn import_uploads(
        ctx: &Ctx,
        files: Vec<UploadedFile>,
        dry_run: bool,
        partial: bool,
    ) -> Result<ImportReport, AppError> {
        ctx.authorize(Permission::CatalogEntityCreate, None)?;
        let size: usize = files.iter().map(|f| f.name.len() + f.text.len()).sum();
        if size > MAX_UPLOAD_BYTES {
            return Err(AppError::Validation(vec![FieldError::new(
                "files",
                format!(
                    "the files add up to {size} bytes; one import takes at most {MAX_UPLOAD_BYTES} (register a location for larger catalogs)"
                ),
            )]));
        }
        if files.is_empty() {
            return Err(AppError::Validation(vec![FieldError::new(
                "files",
                "choose at least one YAML file",
            )]));
        }
        let sources = files
            .into_iter()
            .map(|f| Source {
                file: f.name,
                text: f.text,
                ..Source::default()
            })
            .collect();
        import_sources(ctx, sources, dry_run, partial).await
    }

    /// Imports descriptor files through the import door, whoever sent them (the portal, the
    /// REST API, the CLI): the caller needs `catalog.entity.create`, and the write rules decide
    /// over each entity.
    pub async fn import_sources(
        ctx: &Ctx,
        sources: Vec<Source>,
        dry_run: bool,
        partial: bool,
    ) -> Result<ImportReport, AppError> {
        ctx.authorize(Permission::CatalogEntityCreate, None)?;
        let options = Options {
            dry_run,
            partial,
            action: "catalog.import".to_owned(),
        };
        import::import(ctx, sources, &options, &Rules::of(ctx, Door::Import)).await
    }
}
