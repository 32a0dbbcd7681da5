//! The pieces of Backstage's catalog API that are pure logic: entity filters
//! (`filter=kind=component,spec.type=service`), the flattened search keys they match against,
//! field projection (`fields=metadata.name`) and paging cursors.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Values longer than this are not indexed for filtering (API definitions, long descriptions).
pub const MAX_INDEXED_VALUE: usize = 200;

/// One `key[=value]` of a filter; without values it asks that the key exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// Lowercase dotted path, e.g. `spec.type` or `relations.ownedby`.
    pub key: String,
    /// Lowercase alternatives; empty means "has the key".
    pub values: Vec<String>,
}

/// A filter: any of the alternatives (`filter` parameters), each all of its conditions.
pub type EntityFilter = Vec<Vec<Condition>>;

/// Parses the `filter` parameters. Within one parameter, conditions on the same key are
/// alternatives (`kind=api,kind=component`), as in Backstage.
pub fn parse_filter<'a>(params: impl IntoIterator<Item = &'a str>) -> Result<EntityFilter, String> {
    let mut filter = Vec::new();
    for param in params {
        let mut conditions: Vec<Condition> = Vec::new();
        for part in param.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = match part.split_once('=') {
                Some((key, value)) => (key.trim(), Some(value.trim())),
                None => (part, None),
            };
            if key.is_empty() {
                return Err(format!("invalid filter {part:?}: the key is empty"));
            }
            let key = key.to_lowercase();
            match conditions.iter_mut().find(|c| c.key == key) {
                Some(existing) => existing.values.extend(value.map(str::to_lowercase)),
                None => conditions.push(Condition {
                    key,
                    values: value.map(str::to_lowercase).into_iter().collect(),
                }),
            }
        }
        if !conditions.is_empty() {
            filter.push(conditions);
        }
    }
    Ok(filter)
}

/// A search row: lowercase key and value, and the value as written.
pub type SearchPair = (String, String, String);

/// The pairs an entity is found by: every scalar under `metadata` and `spec` (lists give one
/// pair per item), `kind` and `apiVersion`. Keys and values are lowercase, as filters compare
/// case-insensitively. Relations are not here: they change when *other* entities change, so
/// filters on `relations.<type>` read the relations table itself.
pub fn search_pairs(entity: &Value) -> Vec<SearchPair> {
    let mut pairs = Vec::new();
    for key in ["apiVersion", "kind"] {
        if let Some(value) = entity[key].as_str() {
            pairs.push((key.to_lowercase(), value.to_lowercase(), value.to_owned()));
        }
    }
    for root in ["metadata", "spec"] {
        flatten(&entity[root], root, &mut pairs);
    }
    if entity["metadata"]["namespace"].is_null() {
        pairs.push((
            "metadata.namespace".into(),
            "default".into(),
            "default".into(),
        ));
    }
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    pairs
}

fn flatten(value: &Value, path: &str, pairs: &mut Vec<SearchPair>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                flatten(child, &format!("{path}.{key}"), pairs);
            }
        }
        Value::Array(items) => {
            for item in items {
                if !item.is_object() && !item.is_array() {
                    flatten(item, path, pairs);
                }
            }
        }
        Value::String(text) if text.len() <= MAX_INDEXED_VALUE => {
            pairs.push((path.to_lowercase(), text.to_lowercase(), text.clone()));
        }
        Value::Bool(_) | Value::Number(_) => {
            pairs.push((path.to_lowercase(), value.to_string(), value.to_string()))
        }
        _ => {}
    }
}

/// Keeps only `fields` of an entity (`kind`, `metadata.name`, `metadata.annotations.a.io/b`…);
/// no fields keeps everything. Keys containing dots are matched whole, longest first.
pub fn project(entity: &Value, fields: &[String]) -> Value {
    if fields.is_empty() {
        return entity.clone();
    }
    let mut out = Value::Object(Map::new());
    for field in fields {
        let mut path = Vec::new();
        if let Some(found) = locate(entity, field, &mut path) {
            insert(&mut out, &path, found.clone());
        }
    }
    out
}

/// Follows `field` into `value`, choosing at each level the longest key that matches.
fn locate<'a>(value: &'a Value, field: &str, path: &mut Vec<String>) -> Option<&'a Value> {
    if field.is_empty() {
        return Some(value);
    }
    let map = value.as_object()?;
    let mut cut = field.len();
    loop {
        let key = &field[..cut];
        if let Some(child) = map.get(key) {
            let rest = field[cut..].strip_prefix('.').unwrap_or("");
            path.push(key.to_owned());
            if let Some(found) = locate(child, rest, path) {
                return Some(found);
            }
            path.pop();
        }
        cut = field[..cut].rfind('.')?;
    }
}

fn insert(out: &mut Value, path: &[String], value: Value) {
    let mut slot = out;
    for (i, key) in path.iter().enumerate() {
        let map = slot.as_object_mut().expect("projection nodes are objects");
        if i + 1 == path.len() {
            map.insert(key.clone(), value);
            return;
        }
        slot = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// A paging cursor: where the next page starts and the query it belongs to, opaque to clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub offset: i64,
    /// The original query string (without `cursor`, `limit` and `fields`).
    pub query: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        json.bytes().map(|b| format!("{b:02x}")).collect()
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        if !text.len().is_multiple_of(2) || text.len() > 8192 {
            return None;
        }
        // By bytes, not by `&str` slices: a cursor is the client's to forge, and a slice
        // through a multi-byte character would panic.
        let bytes: Option<Vec<u8>> = text
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                let hex = std::str::from_utf8(pair).ok()?;
                u8::from_str_radix(hex, 16).ok()
            })
            .collect();
        serde_json::from_slice(&bytes?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_parse_as_backstage_reads_them() {
        let filter = parse_filter([
            "kind=Component,spec.type=service,kind=API",
            "metadata.annotations.x",
        ])
        .unwrap();
        assert_eq!(
            filter,
            vec![
                vec![
                    Condition {
                        key: "kind".into(),
                        values: vec!["component".into(), "api".into()]
                    },
                    Condition {
                        key: "spec.type".into(),
                        values: vec!["service".into()]
                    },
                ],
                vec![Condition {
                    key: "metadata.annotations.x".into(),
                    values: vec![]
                }],
            ]
        );
        assert_eq!(
            parse_filter(["=x"]).unwrap_err(),
            "invalid filter \"=x\": the key is empty"
        );
        assert_eq!(parse_filter(["", " , "]).unwrap(), EntityFilter::new());
    }

    #[test]
    fn entities_flatten_into_search_pairs() {
        let entity = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "Cart", "tags": ["java", "web"], "annotations": {"a.io/b": "X"}},
            "spec": {"type": "service", "definition": "x".repeat(300), "replicas": 3, "deep": [{"no": 1}]}});
        let triples = search_pairs(&entity);
        assert!(triples.contains(&("kind".into(), "component".into(), "Component".into())));
        let pairs: Vec<(String, String)> = triples.into_iter().map(|(k, v, _)| (k, v)).collect();
        for expected in [
            ("kind", "component"),
            ("metadata.name", "cart"),
            ("metadata.namespace", "default"),
            ("metadata.tags", "java"),
            ("metadata.tags", "web"),
            ("metadata.annotations.a.io/b", "x"),
            ("spec.replicas", "3"),
        ] {
            assert!(
                pairs.contains(&(expected.0.into(), expected.1.into())),
                "{expected:?} in {pairs:?}"
            );
        }
        assert!(
            !pairs
                .iter()
                .any(|(k, _)| k == "spec.definition" || k.starts_with("spec.deep"))
        );
    }

    #[test]
    fn projection_keeps_the_asked_fields() {
        let entity = json!({"kind": "API", "metadata": {"name": "a", "title": "A",
            "annotations": {"backstage.io/view-url": "u", "other": "o"}}, "spec": {"type": "openapi"}});
        let fields = [
            "kind",
            "metadata.name",
            "metadata.annotations.backstage.io/view-url",
            "spec.missing",
        ]
        .map(String::from);
        assert_eq!(
            project(&entity, &fields),
            json!({"kind": "API", "metadata": {"name": "a", "annotations": {"backstage.io/view-url": "u"}}})
        );
        assert_eq!(project(&entity, &[]), entity);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            offset: 40,
            query: "filter=kind=api".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("zz"), None);
        assert_eq!(Cursor::decode("abc"), None);
    }
}
