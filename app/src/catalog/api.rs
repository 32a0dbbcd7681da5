//! Server functions of the catalog.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::EntitySummary;
use crate::error::AppError;

/// Entities per page of the catalog list.
pub const PAGE_SIZE: i64 = 25;

/// The kinds of entity the catalog holds, as filters take them.
pub const KINDS: &[(&str, &str)] = &[
    ("component", "Components"),
    ("api", "APIs"),
    ("resource", "Resources"),
    ("system", "Systems"),
    ("domain", "Domains"),
    ("group", "Groups"),
    ("user", "Users"),
];

/// One page of the catalog list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityPage {
    pub items: Vec<EntitySummary>,
    pub total: i64,
    /// Zero-based.
    pub page: i64,
    pub page_size: i64,
}

/// Entities of one kind (or all), matching `text`, a page at a time.
#[server(prefix = "/api", endpoint = "catalog/list")]
pub async fn list_entities(
    kind: Option<String>,
    text: Option<String>,
    page: Option<i64>,
) -> Result<EntityPage, AppError> {
    crate::server::respond(service::list(kind, text, page).await)
}

#[cfg(feature = "ssr")]
mod service {
    //! Validates the filter and reads the store.

    use super::{EntityPage, KINDS, PAGE_SIZE};
    use crate::catalog::store::{EntityQuery, list_entities};
    use crate::error::{AppError, FieldError};
    use crate::server::db;

    pub async fn list(
        kind: Option<String>,
        text: Option<String>,
        page: Option<i64>,
    ) -> Result<EntityPage, AppError> {
        let kind = kind.unwrap_or_default().to_ascii_lowercase();
        let mut problems = Vec::new();
        if !kind.is_empty() && !KINDS.iter().any(|(k, _)| *k == kind) {
            problems.push(FieldError::new(
                "kind",
                format!("{kind:?} is not a kind of entity"),
            ));
        }
        let text = text.unwrap_or_default();
        if text.chars().count() > 200 {
            problems.push(FieldError::new(
                "text",
                "search text is limited to 200 characters",
            ));
        }
        let page = page.unwrap_or(0);
        if !(0..=100_000).contains(&page) {
            problems.push(FieldError::new("page", "page must be between 0 and 100000"));
        }
        if !problems.is_empty() {
            return Err(AppError::Validation(problems));
        }
        let query = EntityQuery {
            kind,
            text,
            limit: PAGE_SIZE,
            offset: page * PAGE_SIZE,
        };
        let (items, total) = list_entities(&db()?, &query).await?;
        Ok(EntityPage {
            items,
            total,
            page,
            page_size: PAGE_SIZE,
        })
    }
}
