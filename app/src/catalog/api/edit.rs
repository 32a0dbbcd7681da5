//! Server functions that change one entity from the browser: preview a draft as YAML with a diff
//! against what is stored, save it (and write it back to its file), create one, or delete it.
//! All audited.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::endpoints::requires;
use crate::catalog::model::Entity;
use crate::error::{AppError, FieldError};

/// One line of a diff: `+` added, `-` removed, ` ` unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub tag: char,
    pub text: String,
}

/// What saving a draft would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditPreview {
    /// The draft as a descriptor file would hold it.
    pub yaml: String,
    pub diff: Vec<DiffLine>,
    /// Validation problems; saving is refused while there are any.
    pub problems: Vec<FieldError>,
    /// The stored entity's etag, which saving must still match.
    pub etag: Option<String>,
}

/// Checks an edit of an existing entity and shows it as YAML with the diff against what is
/// stored.
#[server(prefix = "/api", endpoint = "catalog/preview", input = server_fn::codec::Json)]
pub async fn preview_entity(draft: Entity) -> Result<EditPreview, AppError> {
    crate::server::run(|ctx| async move { service::preview(&ctx, draft, true).await }).await
}
requires!(PreviewEntity, CatalogEntityUpdate);

/// Checks a new entity and shows it as YAML (all of it new).
#[server(prefix = "/api", endpoint = "catalog/preview_new", input = server_fn::codec::Json)]
pub async fn preview_new_entity(draft: Entity) -> Result<EditPreview, AppError> {
    crate::server::run(|ctx| async move { service::preview(&ctx, draft, false).await }).await
}
requires!(PreviewNewEntity, CatalogEntityCreate);

/// Saves an edit when `etag` (from the preview) still matches what is stored. Returns the
/// entity's ref.
#[server(prefix = "/api", endpoint = "catalog/save", input = server_fn::codec::Json)]
pub async fn save_entity(draft: Entity, etag: String) -> Result<String, AppError> {
    crate::server::run(|ctx| async move { service::save(&ctx, draft, Some(etag)).await }).await
}
requires!(SaveEntity, CatalogEntityUpdate);

/// Registers a new entity; an entity with the same ref is a conflict. Returns its ref.
#[server(prefix = "/api", endpoint = "catalog/create", input = server_fn::codec::Json)]
pub async fn create_entity(draft: Entity) -> Result<String, AppError> {
    crate::server::run(|ctx| async move { service::save(&ctx, draft, None).await }).await
}
requires!(CreateEntity, CatalogEntityCreate);

/// Deletes an entity.
#[server(prefix = "/api", endpoint = "catalog/delete")]
pub async fn delete_entity(entity_ref: String) -> Result<(), AppError> {
    crate::server::run(|ctx| async move { service::delete(&ctx, entity_ref).await }).await
}
requires!(DeleteEntity, CatalogEntityDelete);

pub use crate::catalog::model::descriptor;

#[cfg(feature = "ssr")]
pub mod service {
    //! Authorization, validation, optimistic concurrency, write-back and audit.

    use super::*;
    use crate::access::decision::Target;
    use crate::access::permission::Permission;
    use crate::catalog::model::EntityRef;
    use crate::catalog::rules::{Door, Rules};
    use crate::catalog::store::query::{By, Stored, get};
    use crate::catalog::store::{self, Placement, changes, locations};
    use crate::server::ctx::Ctx;

    fn yaml(entity: &Entity) -> String {
        serde_norway::to_string(&descriptor(entity)).unwrap_or_default()
    }

    async fn stored(ctx: &Ctx, key: &str) -> Result<Option<Stored>, AppError> {
        Ok(get(&ctx.db, By::Refs(&[key.to_owned()]))
            .await?
            .into_iter()
            .next())
    }

    /// Whether the caller may write: register a new entity at `key` (`creating`), or change
    /// `stored`. Permission comes first; then a taken ref is a conflict for a new entity, and a
    /// missing one is not found for an edit (as is one the caller may not read).
    fn may_write(
        ctx: &Ctx,
        key: &str,
        stored: Option<&Stored>,
        creating: bool,
    ) -> Result<(), AppError> {
        match (creating, stored) {
            (true, existing) => {
                ctx.authorize(Permission::CatalogEntityCreate, None)?;
                match existing {
                    Some(_) => Err(AppError::Conflict(format!(
                        "{key} exists already; open it to edit it"
                    ))),
                    None => Ok(()),
                }
            }
            (false, None) => Err(AppError::NotFound(key.to_owned())),
            (false, Some(s)) => {
                let target = Target {
                    entity_ref: key,
                    owner_ref: s.owner_ref.as_deref(),
                };
                ctx.authorize(Permission::CatalogEntityRead, Some(target))?;
                ctx.authorize(Permission::CatalogEntityUpdate, Some(target))
            }
        }
    }

    pub async fn preview(
        ctx: &Ctx,
        draft: Entity,
        existing: bool,
    ) -> Result<EditPreview, AppError> {
        let key = draft.entity_ref().key();
        let current = stored(ctx, &key).await?;
        may_write(ctx, &key, current.as_ref(), !existing)?;
        let problems = crate::catalog::validate::validate(
            &serde_json::to_value(descriptor(&draft)).unwrap_or_default(),
        )
        .err()
        .unwrap_or_default();
        let before = current
            .as_ref()
            .map(|s| yaml(&s.entity))
            .unwrap_or_default();
        let after = yaml(&draft);
        let diff = crate::catalog::diff::lines(&before, &after);
        Ok(EditPreview {
            yaml: after,
            diff,
            problems,
            etag: current.and_then(|s| s.entity.metadata.etag),
        })
    }

    /// Creates (`etag` none) or changes an entity. The etag is compared inside the write's
    /// transaction, after the catalog's write lock, so of many saves with one etag exactly one
    /// wins; the file is written back after the commit.
    pub async fn save(ctx: &Ctx, draft: Entity, etag: Option<String>) -> Result<String, AppError> {
        let key = draft.entity_ref().key();
        let current = stored(ctx, &key).await?;
        may_write(ctx, &key, current.as_ref(), etag.is_none())?;
        let clean = descriptor(&draft);
        let mut entity =
            crate::catalog::validate::validate(&serde_json::to_value(&clean).unwrap_or_default())
                .map_err(AppError::Validation)?;
        if let Some(previous) = &current {
            for key in [
                "backstage.io/managed-by-location",
                "backstage.io/managed-by-origin-location",
            ] {
                if let Some(value) = previous.entity.metadata.annotations.get(key) {
                    entity
                        .metadata
                        .annotations
                        .insert(key.to_owned(), value.clone());
                }
            }
        }
        let mut tx = ctx.db.begin().await?;
        changes::lock(&mut tx).await?;
        let before = store::existing(&mut tx, std::slice::from_ref(&key))
            .await?
            .remove(&key);
        match (&before, &etag) {
            (Some(_), None) => {
                return Err(AppError::Conflict(format!(
                    "{key} exists already; open it to edit it"
                )));
            }
            (None, Some(_)) => return Err(AppError::NotFound(key)),
            (Some(before), Some(etag)) if &before.etag != etag => {
                return Err(AppError::Conflict(format!(
                    "{key} changed since you opened it; review the changes again"
                )));
            }
            _ => {}
        }
        refuse(Rules::of(ctx, Door::Edit).check(
            &key,
            before.as_ref().map(|b| b.before()),
            Some(&entity),
        ))?;
        let placement = current
            .as_ref()
            .map(|s| Placement {
                location_id: s.location_id.clone(),
                source_file: s.source_file.clone(),
            })
            .unwrap_or_default();
        let file = match (&placement.source_file, &placement.location_id) {
            (Some(path), Some(location)) => Some(prepare_file(ctx, location, path, &entity).await?),
            _ => None,
        };
        store::save_entities(&mut tx, &[(entity.clone(), placement)], ctx.at).await?;
        let action = if current.is_some() {
            "catalog.entity.update"
        } else {
            "catalog.entity.create"
        };
        let was = current.map(|s| serde_json::to_value(descriptor(&s.entity)).unwrap_or_default());
        let summary = serde_json::json!({"before": was, "after": descriptor(&entity)});
        ctx.audited(&mut tx, action, &key, summary).await?;
        tx.commit().await?;
        if let Some(file) = file {
            file.replace()?;
        }
        Ok(key)
    }

    /// The entity's file, ready to be replaced: only inside the location it came from.
    async fn prepare_file(
        ctx: &Ctx,
        location_id: &str,
        path: &str,
        entity: &Entity,
    ) -> Result<crate::catalog::write_back::Prepared, AppError> {
        let location = locations::by_id(&ctx.db, location_id)
            .await?
            .ok_or_else(|| AppError::Conflict(format!("{path} no longer belongs to a location")))?;
        let target = std::path::Path::new(&location.target);
        let root = if target.is_dir() {
            target
        } else {
            target.parent().unwrap_or(target)
        };
        crate::catalog::write_back::prepare(root, std::path::Path::new(path), entity).await
    }

    /// A refusal of the write rules as the error it is: a conflict with another source, or a
    /// missing permission.
    fn refuse(checked: Result<(), crate::catalog::rules::Refusal>) -> Result<(), AppError> {
        checked.map_err(|refusal| match refusal.conflict {
            true => AppError::Conflict(refusal.message),
            false => AppError::Forbidden(refusal.message),
        })
    }

    /// Deletes an entity: "not found" when the caller may not read it, forbidden when they may
    /// not delete it. One audit row, whichever door it came through (the portal, Backstage's
    /// `DELETE /entities/by-uid`).
    pub async fn delete(ctx: &Ctx, entity_ref: String) -> Result<(), AppError> {
        let key = EntityRef::parse(&entity_ref, None, "default")
            .map_err(|e| AppError::Validation(vec![FieldError::new("entity_ref", e.to_string())]))?
            .key();
        let current = stored(ctx, &key)
            .await?
            .ok_or_else(|| AppError::NotFound(key.clone()))?;
        let target = Target {
            entity_ref: &key,
            owner_ref: current.owner_ref.as_deref(),
        };
        ctx.authorize(Permission::CatalogEntityRead, Some(target))?;
        ctx.authorize(Permission::CatalogEntityDelete, Some(target))?;
        let mut tx = ctx.db.begin().await?;
        changes::lock(&mut tx).await?;
        let before = store::existing(&mut tx, std::slice::from_ref(&key))
            .await?
            .remove(&key)
            .ok_or_else(|| AppError::NotFound(key.clone()))?;
        refuse(Rules::of(ctx, Door::Edit).check(&key, Some(before.before()), None))?;
        store::delete_entities(&mut tx, std::slice::from_ref(&key)).await?;
        let summary = serde_json::json!({"before": descriptor(&current.entity)});
        ctx.audited(&mut tx, "catalog.entity.delete", &key, summary)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
