//! Server functions that change one entity from the browser: preview a draft as YAML with a diff
//! against what is stored, save it (and write it back to its file), create one, or delete it.
//! All audited.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::Entity;
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
    crate::server::respond(service::preview(draft, true).await)
}

/// Checks a new entity and shows it as YAML (all of it new).
#[server(prefix = "/api", endpoint = "catalog/preview_new", input = server_fn::codec::Json)]
pub async fn preview_new_entity(draft: Entity) -> Result<EditPreview, AppError> {
    crate::server::respond(service::preview(draft, false).await)
}

/// Saves an edit when `etag` (from the preview) still matches what is stored. Returns the
/// entity's ref.
#[server(prefix = "/api", endpoint = "catalog/save", input = server_fn::codec::Json)]
pub async fn save_entity(draft: Entity, etag: String) -> Result<String, AppError> {
    crate::server::respond(service::save(draft, Some(etag)).await)
}

/// Registers a new entity; an entity with the same ref is a conflict. Returns its ref.
#[server(prefix = "/api", endpoint = "catalog/create", input = server_fn::codec::Json)]
pub async fn create_entity(draft: Entity) -> Result<String, AppError> {
    crate::server::respond(service::save(draft, None).await)
}

/// Deletes an entity.
#[server(prefix = "/api", endpoint = "catalog/delete")]
pub async fn delete_entity(entity_ref: String) -> Result<(), AppError> {
    crate::server::respond(service::delete(entity_ref).await)
}

/// The descriptor as people write it: no uid, etag, relations or status.
pub fn descriptor(entity: &Entity) -> Entity {
    let mut clean = entity.clone();
    clean.metadata.uid = None;
    clean.metadata.etag = None;
    clean.relations.clear();
    clean.status = None;
    for key in [
        "backstage.io/managed-by-location",
        "backstage.io/managed-by-origin-location",
    ] {
        clean.metadata.annotations.remove(key);
    }
    clean
}

#[cfg(feature = "ssr")]
pub mod service {
    //! Authorization, validation, optimistic concurrency, write-back and audit.

    use super::*;
    use crate::access::decision::Target;
    use crate::access::model::AuditEntry;
    use crate::access::permission::Permission;
    use crate::catalog::model::EntityRef;
    use crate::catalog::store::query::{By, Stored, get};
    use crate::catalog::store::{self, Placement};
    use crate::server::caller::{Caller, authorize, client_address};
    use crate::server::db;

    fn yaml(entity: &Entity) -> String {
        serde_norway::to_string(&descriptor(entity)).unwrap_or_default()
    }

    async fn stored(key: &str) -> Result<Option<Stored>, AppError> {
        Ok(get(&db()?, By::Refs(&[key.to_owned()]))
            .await?
            .into_iter()
            .next())
    }

    /// The caller, if they may write: register a new entity at `key` (`creating`), or change
    /// `stored`. Permission comes first; then a taken ref is a conflict for a new entity, and a
    /// missing one is not found for an edit.
    async fn may_write(
        key: &str,
        stored: Option<&Stored>,
        creating: bool,
    ) -> Result<Caller, AppError> {
        match (creating, stored) {
            (true, existing) => {
                let caller = authorize(Permission::CatalogEntityCreate, None).await?;
                match existing {
                    Some(_) => Err(AppError::Conflict(format!(
                        "{key} exists already; open it to edit it"
                    ))),
                    None => Ok(caller),
                }
            }
            (false, None) => Err(AppError::NotFound(key.to_owned())),
            (false, Some(s)) => {
                // Reading first, so that an entity one may not see stays "not found".
                let target = Target {
                    entity_ref: key,
                    owner_ref: s.owner_ref.as_deref(),
                };
                authorize(Permission::CatalogEntityRead, Some(target)).await?;
                authorize(Permission::CatalogEntityUpdate, Some(target)).await
            }
        }
    }

    pub async fn preview(draft: Entity, existing: bool) -> Result<EditPreview, AppError> {
        let key = draft.entity_ref().key();
        let current = stored(&key).await?;
        may_write(&key, current.as_ref(), !existing).await?;
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
        let diff = similar::TextDiff::from_lines(&before, &after)
            .iter_all_changes()
            .map(|change| DiffLine {
                tag: match change.tag() {
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Equal => ' ',
                },
                text: change.value().trim_end_matches('\n').to_owned(),
            })
            .collect();
        Ok(EditPreview {
            yaml: after,
            diff,
            problems,
            etag: current.and_then(|s| s.entity.metadata.etag),
        })
    }

    pub async fn save(draft: Entity, etag: Option<String>) -> Result<String, AppError> {
        let key = draft.entity_ref().key();
        let current = stored(&key).await?;
        let caller = may_write(&key, current.as_ref(), etag.is_none()).await?;
        if let (Some(s), Some(etag)) = (&current, &etag)
            && s.entity.metadata.etag.as_ref() != Some(etag)
        {
            return Err(AppError::Conflict(format!(
                "{key} changed since you opened it; review the changes again"
            )));
        }
        let clean = descriptor(&draft);
        let mut entity =
            crate::catalog::validate::validate(&serde_json::to_value(&clean).unwrap_or_default())
                .map_err(AppError::Validation)?;
        // A developer may not give an entity away to a team whose entities they may not change.
        if current.is_some() {
            let new_owner = entity.spec_ref("owner", "group").map(|r| r.key());
            let target = Target {
                entity_ref: &key,
                owner_ref: new_owner.as_deref(),
            };
            authorize(Permission::CatalogEntityUpdate, Some(target)).await?;
        }
        let placement = current
            .as_ref()
            .map(|s| Placement {
                location_id: s.location_id.clone(),
                source_file: s.source_file.clone(),
            })
            .unwrap_or_default();
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
        if let Some(path) = &placement.source_file {
            write_back(path, &entity)?;
        }
        let db = db()?;
        let mut tx = db.begin().await?;
        let now = crate::server::now();
        store::save_entities(&mut tx, &[(entity.clone(), placement)], now).await?;
        let action = if current.is_some() {
            "catalog.entity.update"
        } else {
            "catalog.entity.create"
        };
        let before =
            current.map(|s| serde_json::to_value(descriptor(&s.entity)).unwrap_or_default());
        crate::access::store::audit::record(
            &mut tx,
            &AuditEntry {
                id: uuid::Uuid::new_v4().to_string(),
                at: now,
                actor: caller.user.login.clone(),
                action: action.into(),
                target: key.clone(),
                address: client_address(),
                summary: serde_json::json!({"before": before, "after": descriptor(&entity)}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// Replaces the entity's document in its descriptor file, keeping the other documents.
    fn write_back(path: &str, entity: &Entity) -> Result<(), AppError> {
        let text = std::fs::read_to_string(path).map_err(AppError::internal)?;
        let key = entity.entity_ref().key();
        let mut documents: Vec<String> = Vec::new();
        let mut found = false;
        for chunk in split_documents(&text) {
            let same = crate::catalog::import::yaml::parse(&chunk)
                .ok()
                .and_then(|v| serde_json::from_value::<Entity>(v).ok())
                .is_some_and(|e| e.entity_ref().key() == key);
            if same {
                found = true;
                documents.push(
                    serde_norway::to_string(&descriptor(entity)).map_err(AppError::internal)?,
                );
            } else {
                documents.push(chunk);
            }
        }
        if !found {
            return Err(AppError::Conflict(format!(
                "{path} no longer holds {key}; refresh its location first"
            )));
        }
        let joined = documents
            .iter()
            .map(|d| d.trim_end_matches('\n'))
            .collect::<Vec<_>>()
            .join("\n---\n");
        std::fs::write(path, format!("{joined}\n")).map_err(AppError::internal)
    }

    /// Splits a multi-document YAML file at its `---` lines.
    fn split_documents(text: &str) -> Vec<String> {
        let mut documents = vec![String::new()];
        for line in text.lines() {
            if line.trim_end() == "---" {
                documents.push(String::new());
            } else if let Some(current) = documents.last_mut() {
                current.push_str(line);
                current.push('\n');
            }
        }
        documents
            .into_iter()
            .filter(|d| !d.trim().is_empty())
            .collect()
    }

    pub async fn delete(entity_ref: String) -> Result<(), AppError> {
        let key = EntityRef::parse(&entity_ref, None, "default")
            .map_err(|e| AppError::Validation(vec![FieldError::new("entity_ref", e.to_string())]))?
            .key();
        let current = stored(&key)
            .await?
            .ok_or_else(|| AppError::NotFound(key.clone()))?;
        let target = Target {
            entity_ref: &key,
            owner_ref: current.owner_ref.as_deref(),
        };
        authorize(Permission::CatalogEntityRead, Some(target)).await?;
        let caller = authorize(Permission::CatalogEntityDelete, Some(target)).await?;
        let db = db()?;
        let mut tx = db.begin().await?;
        store::delete_entities(&mut tx, std::slice::from_ref(&key)).await?;
        crate::access::store::audit::record(
            &mut tx,
            &AuditEntry {
                id: uuid::Uuid::new_v4().to_string(),
                at: crate::server::now(),
                actor: caller.user.login.clone(),
                action: "catalog.entity.delete".into(),
                target: key,
                address: client_address(),
                summary: serde_json::json!({"before": descriptor(&current.entity)}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::split_documents;

        #[test]
        fn documents_split_at_their_markers() {
            assert_eq!(
                split_documents("---\na: 1\n---\n\n---\nb: 2\n"),
                ["a: 1\n", "b: 2\n"]
            );
        }
    }
}
