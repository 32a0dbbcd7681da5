//! Server functions of one entity: its page, its relation graph and the caller's star.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::catalog::graph::Graph;
use crate::catalog::model::{Entity, EntitySummary};
use crate::error::AppError;

/// Everything the entity page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityDetail {
    pub entity: Entity,
    /// Lowercase ref, the entity's key.
    pub entity_ref: String,
    pub owner_ref: Option<String>,
    pub orphan: bool,
    /// Unix milliseconds.
    pub updated_at: i64,
    /// Summaries of related entities the caller may read, for names and kinds.
    pub related: Vec<EntitySummary>,
    pub can_edit: bool,
    pub can_delete: bool,
    pub starred: bool,
    /// For an OpenAPI definition, its operations.
    pub operations: Vec<crate::catalog::definition::Operation>,
    /// An API's definition, highlighted when its syntax is known.
    pub highlighted: Option<crate::catalog::definition::Highlighted>,
}

/// One entity, by the parts of its page's URL; "not found" when the caller may not read it.
#[server(prefix = "/api", endpoint = "catalog/entity")]
pub async fn get_entity(
    kind: String,
    namespace: String,
    name: String,
) -> Result<EntityDetail, AppError> {
    crate::server::run(|ctx| async move { service::detail(&ctx, kind, namespace, name).await })
        .await
}
requires!(GetEntity, CatalogEntityRead);

/// The entities within `depth` (1–3) relations of an entity.
#[server(prefix = "/api", endpoint = "catalog/graph")]
pub async fn entity_graph(entity_ref: String, depth: i64) -> Result<Graph, AppError> {
    crate::server::run(|ctx| async move { service::graph(&ctx, entity_ref, depth).await }).await
}
requires!(EntityGraph, CatalogEntityRead);

/// Stars (or unstars) an entity for the caller.
#[server(prefix = "/api", endpoint = "catalog/star")]
pub async fn star_entity(entity_ref: String, starred: bool) -> Result<bool, AppError> {
    crate::server::run(|ctx| async move { service::star(&ctx, entity_ref, starred).await }).await
}
requires!(StarEntity, CatalogEntityRead);

#[cfg(feature = "ssr")]
mod service {
    //! Reads within what the caller may see.

    use super::*;
    use crate::access::decision::Target;
    use crate::access::permission::Permission;
    use crate::catalog::model::EntityRef;
    use crate::catalog::store::neighbourhood::neighbourhood;
    use crate::catalog::store::query::Viewer;
    use crate::catalog::store::query::summaries;
    use crate::catalog::store::query::{By, get, get_for};
    use crate::catalog::store::stars::{set_star, starred};
    use crate::server::ctx::Ctx;

    pub async fn detail(
        ctx: &Ctx,
        kind: String,
        namespace: String,
        name: String,
    ) -> Result<EntityDetail, AppError> {
        let viewer = Viewer::of(ctx)?;
        let key = EntityRef::new(&kind, &namespace, &name).key();
        let db = &ctx.db;
        let stored = get_for(db, By::Refs(std::slice::from_ref(&key)), &viewer)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::NotFound(key.clone()))?;
        let mut targets: Vec<String> = stored
            .entity
            .relations
            .iter()
            .map(|r| r.target_ref.clone())
            .collect();
        targets.extend(stored.owner_ref.clone());
        targets.sort();
        targets.dedup();
        let mut related: Vec<EntitySummary> = summaries(db, &targets, &viewer)
            .await?
            .into_values()
            .collect();
        related.sort_by(|a, b| a.entity_ref.cmp(&b.entity_ref));
        let target = Some(Target {
            entity_ref: &key,
            owner_ref: stored.owner_ref.as_deref(),
        });
        let may = |p: Permission| ctx.may(p, target);
        // An API's definition: its operations when it is OpenAPI, and its text highlighted.
        let (operations, highlighted) = match (
            stored.entity.kind.as_str(),
            stored.entity.spec_str("type"),
            stored.entity.spec_str("definition"),
        ) {
            ("API", Some(kind), Some(text)) => (
                crate::catalog::store::definitions::of(db, &key).await?,
                crate::catalog::highlight::highlight(kind, text),
            ),
            _ => (Vec::new(), None),
        };
        Ok(EntityDetail {
            operations,
            highlighted,
            can_edit: may(Permission::CatalogEntityUpdate),
            can_delete: may(Permission::CatalogEntityDelete),
            starred: starred(db, &viewer.user_id, &key).await?,
            entity_ref: key,
            owner_ref: stored.owner_ref,
            orphan: stored.orphan,
            updated_at: stored.updated_at,
            related,
            entity: stored.entity,
        })
    }

    pub async fn graph(ctx: &Ctx, entity_ref: String, depth: i64) -> Result<Graph, AppError> {
        let viewer = Viewer::of(ctx)?;
        let key = EntityRef::parse(&entity_ref, None, "default")
            .map_err(|e| {
                AppError::Validation(vec![crate::error::FieldError::new(
                    "entity_ref",
                    e.to_string(),
                )])
            })?
            .key();
        let depth = depth.clamp(1, 3) as u32;
        neighbourhood(&ctx.db, &key, depth, &viewer)
            .await?
            .ok_or(AppError::NotFound(key))
    }

    pub async fn star(ctx: &Ctx, entity_ref: String, on: bool) -> Result<bool, AppError> {
        let viewer = Viewer::of(ctx)?;
        let caller = ctx.caller()?;
        let key = entity_ref.to_lowercase();
        let db = &ctx.db;
        let visible = get(db, By::Refs(std::slice::from_ref(&key)))
            .await?
            .into_iter()
            .any(|s| viewer.may_read(s.owner_ref.as_deref()));
        if !visible {
            return Err(AppError::NotFound(key));
        }
        set_star(db, &caller.user.id, &key, on, ctx.at).await?;
        Ok(on)
    }
}
