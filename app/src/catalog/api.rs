//! Server functions of the catalog: the filtered list with facet counts, search, and imports.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::filter::{CatalogFilter, FacetCounts};
use super::model::EntitySummary;
use super::report::ImportReport;
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
    crate::server::respond(service::list(filter).await)
}

/// The best matches for the search box: name, title and tags, ranked.
#[server(prefix = "/api", endpoint = "catalog/search")]
pub async fn search_entities(text: String) -> Result<Vec<EntitySummary>, AppError> {
    crate::server::respond(service::search(text).await)
}

/// Imports uploaded descriptor files, or with `dry_run` reports what an import would do.
/// With `partial`, valid documents are imported even when others are rejected.
#[server(prefix = "/api", endpoint = "catalog/import", input = server_fn::codec::Json)]
pub async fn import_entities(
    files: Vec<UploadedFile>,
    dry_run: bool,
    partial: bool,
) -> Result<ImportReport, AppError> {
    crate::server::respond(service::import_uploads(files, dry_run, partial).await)
}

#[cfg(feature = "ssr")]
pub mod service {
    //! Checks the caller and the input, then reads or writes the store.

    use super::*;
    use crate::access::permission::Permission;
    use crate::catalog::import::{self, Options, Source};
    use crate::catalog::rules::{Door, Rules, Writer};
    use crate::catalog::store::query::Viewer;
    use crate::error::FieldError;
    use crate::server::caller::{Caller, authorize, client_address, policy, scope};
    use crate::server::{db, state};

    /// What the caller may read, as the store filters it.
    pub async fn viewer() -> Result<(Caller, Viewer), AppError> {
        let (caller, _) = scope(Permission::CatalogEntityRead).await?;
        let viewer = viewer_of(&*policy().await?, &caller);
        Ok((caller, viewer))
    }

    /// What `caller` may read under `policy`.
    pub fn viewer_of(policy: &crate::access::decision::Policy, caller: &Caller) -> Viewer {
        let scope = policy.scope(&caller.principal, Permission::CatalogEntityRead);
        Viewer {
            readable_owners: match scope {
                crate::access::decision::Scope::All => None,
                crate::access::decision::Scope::Owners(owners) => Some(owners),
            },
            teams: caller.principal.teams.clone(),
            user_id: caller.user.id.clone(),
        }
    }

    pub async fn list(filter: CatalogFilter) -> Result<CatalogPage, AppError> {
        let (_, viewer) = viewer().await?;
        check_filter(&filter)?;
        let state = state()?;
        let page = state
            .catalog
            .list(&state.db, &filter, &viewer, PAGE_SIZE, 30)
            .await?;
        Ok(CatalogPage {
            items: page.items,
            total: page.total,
            page: filter.page,
            page_size: PAGE_SIZE,
            facets: page.facets,
        })
    }

    fn check_filter(filter: &CatalogFilter) -> Result<(), AppError> {
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

    pub async fn search(text: String) -> Result<Vec<EntitySummary>, AppError> {
        let (_, viewer) = viewer().await?;
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        if text.chars().count() > 200 {
            return Err(AppError::Validation(vec![FieldError::new(
                "text",
                "search text is limited to 200 characters",
            )]));
        }
        let state = state()?;
        Ok(state.catalog.search(&state.db, &text, &viewer, 12).await?)
    }

    /// Imports files a user sent; the caller needs `catalog.entity.create`, and to change an
    /// existing entity, `catalog.entity.update` on it.
    pub async fn import_uploads(
        files: Vec<UploadedFile>,
        dry_run: bool,
        partial: bool,
    ) -> Result<ImportReport, AppError> {
        let caller = authorize(Permission::CatalogEntityCreate, None).await?;
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
        let request = ImportRequest {
            caller: &caller,
            address: client_address(),
            dry_run,
            partial,
        };
        import_with(&db()?, policy().await?, request, sources).await
    }

    /// Who imports and how.
    pub struct ImportRequest<'a> {
        pub caller: &'a Caller,
        pub address: Option<String>,
        pub dry_run: bool,
        pub partial: bool,
    }

    /// Runs an import for a caller, whose update rights decide over existing entities.
    pub async fn import_with(
        db: &crate::server::Db,
        policy: std::sync::Arc<crate::access::decision::Policy>,
        request: ImportRequest<'_>,
        sources: Vec<Source>,
    ) -> Result<ImportReport, AppError> {
        let rules = Rules {
            writer: Writer::Person {
                policy: &policy,
                principal: &request.caller.principal,
            },
            door: Door::Import,
        };
        let options = Options {
            dry_run: request.dry_run,
            partial: request.partial,
            actor: request.caller.user.login.clone(),
            address: request.address,
            action: "catalog.import".to_owned(),
        };
        import::import(db, sources, &options, &rules).await
    }
}
