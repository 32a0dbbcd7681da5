//! The parsers that take outside input, each as one function of arbitrary bytes that panics only
//! when a property breaks. `cargo fuzz` (`make fuzz`, in `fuzz/`) drives them with generated
//! input; `make test` replays the corpus kept in `fuzz/corpus/<target>/`, findings included.
//!
//! Properties, beyond "does not panic":
//! - whatever the YAML reader accepts and validation passes can be stored and read back, and
//!   nests no deeper than the limit (the catalog-poisoning defect);
//! - entity refs print to a key that parses back to itself;
//! - `next` always stays on the portal;
//! - Backstage filters, field projections and cursors answer or refuse, never fail.

use serde_json::Value;

use crate::catalog::model::{Entity, EntityRef};

/// A fuzz target: a function of arbitrary bytes.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/` call them.
pub const TARGETS: &[(&str, Target)] = &[
    ("yaml_import", yaml_import),
    ("backstage_query", backstage_query),
    ("entity_ref", entity_ref),
    ("request_bodies", request_bodies),
    ("next_path", next_path),
];

/// A descriptor file as an import reads it: documents, validation, what is derived on write.
pub fn yaml_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (_, document) in crate::catalog::import::yaml::documents(text) {
        let Ok(value) = document else { continue };
        assert!(crate::limits::nesting_depth(&value) <= crate::limits::MAX_NESTING_DEPTH);
        crate::catalog::entity_query::search_pairs(&value);
        if let Ok(entity) = crate::catalog::validate::validate(&value) {
            stored_body_reads_back(&entity);
            crate::catalog::model::relations_of(&entity);
            crate::catalog::rules::memberships(&entity);
            crate::catalog::store::definitions::operations(&entity);
        }
    }
}

/// What the store writes for an entity, every reader can read.
fn stored_body_reads_back(entity: &Entity) {
    let body = serde_json::to_string(entity).expect("an entity serializes");
    let back: Entity = serde_json::from_str(&body).expect("a stored body reads back");
    let value: Value = serde_json::from_str(&body).expect("a stored body reads as JSON");
    assert_eq!(back.entity_ref().key(), entity.entity_ref().key());
    assert!(crate::limits::nesting_depth(&value) <= crate::limits::MAX_NESTING_DEPTH);
}

/// A Backstage query string: filters, field projections, a cursor.
pub fn backstage_query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let filters: Vec<&str> = lines.next().unwrap_or_default().split('&').collect();
    let _ = crate::catalog::entity_query::parse_filter(filters);
    let fields: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::to_owned)
        .collect();
    let entity: Value = lines
        .next()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_else(|| serde_json::json!({"kind": "Component", "metadata": {"name": "x"}}));
    crate::catalog::entity_query::project(&entity, &fields);
    if let Some(cursor) = lines.next() {
        let _ = crate::catalog::entity_query::Cursor::decode(cursor);
    }
}

/// `[kind:][namespace/]name` as written anywhere: its key parses back to the same key.
pub fn entity_ref(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for default_kind in [None, Some("group")] {
        if let Ok(parsed) = EntityRef::parse(&text, default_kind, "default") {
            let key = parsed.key();
            let again = EntityRef::parse(&key, None, "default").expect("a key parses");
            assert_eq!(again.key(), key);
        }
    }
}

/// JSON bodies of the server functions and REST routes that take entities and filters.
pub fn request_bodies(data: &[u8]) {
    if let Ok(entity) = serde_json::from_slice::<Entity>(data) {
        let value = serde_json::to_value(&entity).expect("an entity serializes");
        if let Ok(valid) = crate::catalog::validate::validate(&value) {
            stored_body_reads_back(&valid);
        }
    }
    let _ = serde_json::from_slice::<crate::catalog::filter::CatalogFilter>(data);
    let _ = serde_json::from_slice::<Vec<crate::catalog::api::UploadedFile>>(data);
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let _ = crate::catalog::validate::validate(&value);
    }
}

/// A post-sign-in destination: always a path of the portal's own.
pub fn next_path(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let next = crate::auth::model::safe_next(Some(&text));
    assert!(next.starts_with('/') && !next.starts_with("//"), "{next:?}");
    assert!(
        !next.chars().any(|c| c.is_control() || c == '\\'),
        "{next:?}"
    );
    assert!(http::HeaderValue::from_str(&next).is_ok(), "{next:?}");
}

#[cfg(test)]
mod tests {
    /// Replays every input kept in `fuzz/corpus/<target>/`: the seeds and every finding.
    #[test]
    fn the_fuzz_corpus_replays_cleanly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
        let mut replayed = 0;
        for (name, target) in super::TARGETS {
            let dir = root.join(name);
            let entries =
                std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            for entry in entries {
                let path = entry.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(outcome.is_ok(), "{name}: {} fails", path.display());
                replayed += 1;
            }
        }
        assert!(replayed >= super::TARGETS.len() * 3, "{replayed} inputs");
    }
}
