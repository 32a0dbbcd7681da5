//! Writing an edited entity back to the descriptor file it came from: its document replaced,
//! the file's other documents kept as written.
//!
//! The file lives in a location someone else may write to, so it is checked as it is now, not
//! as it was when read: a regular file (not a link), inside the location. The new content goes
//! to a temporary file beside it, which replaces the file by a rename only after the database
//! has committed the edit, under a lock per file, so two saves never interleave their writes
//! and a crash never leaves half a file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use tokio::sync::OwnedMutexGuard;

use super::model::{Entity, descriptor};
use crate::error::AppError;

/// A file's new content, written beside it and waiting for [`Prepared::replace`].
#[derive(Debug)]
pub struct Prepared {
    path: PathBuf,
    temporary: PathBuf,
    _lock: OwnedMutexGuard<()>,
}

impl Prepared {
    /// Puts the new content in place.
    pub fn replace(self) -> Result<(), AppError> {
        std::fs::rename(&self.temporary, &self.path).map_err(AppError::internal)
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // After a rename there is nothing left to remove; otherwise the edit was abandoned.
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Prepares `path` (inside the location at `root`) with `entity`'s document replaced.
pub async fn prepare(root: &Path, path: &Path, entity: &Entity) -> Result<Prepared, AppError> {
    let lock = lock_of(path).lock_owned().await;
    let outside = || {
        AppError::Conflict(format!(
            "{} is no longer a file inside its location; refresh the location",
            path.display()
        ))
    };
    let meta = std::fs::symlink_metadata(path).map_err(|_| outside())?;
    let root = root.canonicalize().map_err(|_| outside())?;
    let real = path.canonicalize().map_err(|_| outside())?;
    if !meta.file_type().is_file() || real != path || !real.starts_with(&root) {
        return Err(outside());
    }
    let text = std::fs::read_to_string(path).map_err(AppError::internal)?;
    let content = replace_document(&text, entity).ok_or_else(|| {
        AppError::Conflict(format!(
            "{} no longer holds {}; refresh its location first",
            path.display(),
            entity.entity_ref().key()
        ))
    })?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = path.with_file_name(format!(".{name}.runway-{}", uuid::Uuid::new_v4()));
    std::fs::write(&temporary, content).map_err(AppError::internal)?;
    Ok(Prepared {
        path: path.to_owned(),
        temporary,
        _lock: lock,
    })
}

/// The lock of one file, shared by every save of it in this process.
fn lock_of(path: &Path) -> Arc<tokio::sync::Mutex<()>> {
    static LOCKS: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Mutex::default);
    let mut locks = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
    // Locks nobody holds or waits for are dropped, so the map stays small.
    locks.retain(|_, lock| Arc::strong_count(lock) > 1);
    locks.entry(path.to_owned()).or_default().clone()
}

/// `text` with the document of `entity` replaced by its descriptor; `None` when no document
/// of the text is that entity.
fn replace_document(text: &str, entity: &Entity) -> Option<String> {
    let key = entity.entity_ref().key();
    let mut found = false;
    let mut documents: Vec<String> = Vec::new();
    for chunk in split_documents(text) {
        let same = super::import::yaml::parse(&chunk)
            .ok()
            .and_then(|v| serde_json::from_value::<Entity>(v).ok())
            .is_some_and(|e| e.entity_ref().key() == key);
        if same {
            found = true;
            documents.push(serde_norway::to_string(&descriptor(entity)).ok()?);
        } else {
            documents.push(chunk);
        }
    }
    let joined: Vec<&str> = documents.iter().map(|d| d.trim_end_matches('\n')).collect();
    found.then(|| format!("{}\n", joined.join("\n---\n")))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, description: &str) -> Entity {
        let yaml = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  description: {description}\nspec:\n  type: service\n  owner: a\n"
        );
        serde_json::from_value(super::super::import::yaml::parse(&yaml).unwrap()).unwrap()
    }

    fn temp() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("runway-wb-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn documents_split_at_their_markers() {
        assert_eq!(
            split_documents("---\na: 1\n---\n\n---\nb: 2\n"),
            ["a: 1\n", "b: 2\n"]
        );
    }

    #[tokio::test]
    async fn the_document_is_replaced_only_when_committed() {
        let dir = temp();
        let file = dir.join("catalog-info.yaml");
        std::fs::write(&file, "# kept\nkind: System\nmetadata:\n  name: shop\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  owner: a\n").unwrap();
        let prepared = prepare(&dir, &file, &entity("cart", "new")).await.unwrap();
        assert!(!std::fs::read_to_string(&file).unwrap().contains("new"));
        prepared.replace().unwrap();
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.starts_with("# kept\n") && written.contains("description: new"));
        // An abandoned edit leaves nothing behind.
        drop(
            prepare(&dir, &file, &entity("cart", "abandoned"))
                .await
                .unwrap(),
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(matches!(
            prepare(&dir, &file, &entity("other", "x")).await,
            Err(AppError::Conflict(m)) if m.contains("no longer holds component:default/other")
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_file_that_became_a_link_or_left_the_location_is_never_written() {
        let (dir, outside) = (temp(), temp());
        let target = outside.join("victim.yaml");
        let original =
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n";
        std::fs::write(&target, original).unwrap();
        let link = dir.join("catalog-info.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for (root, path) in [(&dir, &link), (&dir, &target)] {
            let refused = prepare(root, path, &entity("cart", "x")).await.unwrap_err();
            assert!(
                matches!(refused, AppError::Conflict(ref m) if m.contains("no longer a file inside"))
            );
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), original);
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }
}
