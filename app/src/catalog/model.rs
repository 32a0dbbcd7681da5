//! Catalog entities in Backstage's descriptor format: the envelope, entity refs and relations.
//!
//! Pure code for both the browser and the server. Relations follow the rules of Backstage's
//! built-in kinds processor: a spec field such as `owner` yields a pair (`ownedBy` on the entity,
//! `ownerOf` on the target), with the target's kind defaulting by field.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_NAMESPACE: &str = "default";
pub const API_VERSION: &str = "backstage.io/v1alpha1";

/// A reference to an entity, `[kind:][namespace/]name`, with kind and namespace resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityRef {
    /// Lowercase, e.g. `component`.
    pub kind: String,
    /// Lowercase, e.g. `default`.
    pub namespace: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("an entity reference must not be empty")]
    Empty,
    #[error("{0:?} has no kind and none can be assumed here")]
    MissingKind(String),
    #[error("{0:?} is not of the form [kind:][namespace/]name")]
    Malformed(String),
}

impl EntityRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        Self {
            kind: kind.to_ascii_lowercase(),
            namespace: namespace.to_ascii_lowercase(),
            name: name.to_owned(),
        }
    }

    /// Parses `[kind:][namespace/]name`, filling a missing kind or namespace from the defaults.
    pub fn parse(
        text: &str,
        default_kind: Option<&str>,
        default_namespace: &str,
    ) -> Result<Self, RefError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(RefError::Empty);
        }
        let (kind, rest) = match text.split_once(':') {
            Some((kind, rest)) => (Some(kind), rest),
            None => (None, text),
        };
        let (namespace, name) = match rest.split_once('/') {
            Some((namespace, name)) => (namespace, name),
            None => (default_namespace, rest),
        };
        let kind = kind
            .or(default_kind)
            .ok_or_else(|| RefError::MissingKind(text.to_owned()))?;
        let malformed = |part: &str| part.is_empty() || part.contains([':', '/']);
        if malformed(kind) || malformed(namespace) || malformed(name) {
            return Err(RefError::Malformed(text.to_owned()));
        }
        Ok(Self::new(kind, namespace, name))
    }

    /// The case-insensitive identity used as a database key.
    pub fn key(&self) -> String {
        self.to_string().to_ascii_lowercase()
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.kind, self.namespace, self.name)
    }
}

/// A catalog entity: Backstage's envelope with a free-form `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    pub api_version: String,
    pub kind: String,
    pub metadata: Metadata,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub spec: serde_json::Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Processing status (Backstage's `status.items`): problems found when the entity was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relation {
    #[serde(rename = "type")]
    pub kind: String,
    pub target_ref: String,
}

impl Entity {
    pub fn namespace(&self) -> &str {
        self.metadata
            .namespace
            .as_deref()
            .unwrap_or(DEFAULT_NAMESPACE)
    }

    pub fn entity_ref(&self) -> EntityRef {
        EntityRef::new(&self.kind, self.namespace(), &self.metadata.name)
    }

    /// A string field of `spec`, when present.
    pub fn spec_str(&self, field: &str) -> Option<&str> {
        self.spec.get(field).and_then(Value::as_str)
    }

    /// A spec field that refers to another entity, resolved against this entity's namespace.
    pub fn spec_ref(&self, field: &str, default_kind: &str) -> Option<EntityRef> {
        EntityRef::parse(self.spec_str(field)?, Some(default_kind), self.namespace()).ok()
    }
}

/// A relation between two entities, in one direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelationEdge {
    pub source: EntityRef,
    pub kind: &'static str,
    pub target: EntityRef,
}

/// Every relation type, as Backstage spells it.
pub const RELATION_TYPES: &[&str] = &[
    "ownedBy",
    "ownerOf",
    "partOf",
    "hasPart",
    "subcomponentOf",
    "hasSubcomponent",
    "providesApi",
    "apiProvidedBy",
    "consumesApi",
    "apiConsumedBy",
    "dependsOn",
    "dependencyOf",
    "memberOf",
    "hasMember",
    "childOf",
    "parentOf",
];

/// Spec fields that create relations: (kinds the rule applies to, field, default target kind,
/// relation on this entity, inverse relation on the target).
const RELATION_RULES: &[(&[&str], &str, &str, &str, &str)] = &[
    (
        &["component", "api", "resource", "system", "domain"],
        "owner",
        "group",
        "ownedBy",
        "ownerOf",
    ),
    (
        &["component", "api", "resource"],
        "system",
        "system",
        "partOf",
        "hasPart",
    ),
    (&["system"], "domain", "domain", "partOf", "hasPart"),
    (&["domain"], "subdomainOf", "domain", "partOf", "hasPart"),
    (
        &["component"],
        "subcomponentOf",
        "component",
        "subcomponentOf",
        "hasSubcomponent",
    ),
    (
        &["component"],
        "providesApis",
        "api",
        "providesApi",
        "apiProvidedBy",
    ),
    (
        &["component"],
        "consumesApis",
        "api",
        "consumesApi",
        "apiConsumedBy",
    ),
    (
        &["component", "resource"],
        "dependsOn",
        "component",
        "dependsOn",
        "dependencyOf",
    ),
    (
        &["component", "resource"],
        "dependencyOf",
        "component",
        "dependencyOf",
        "dependsOn",
    ),
    (&["user"], "memberOf", "group", "memberOf", "hasMember"),
    (&["group"], "parent", "group", "childOf", "parentOf"),
    (&["group"], "children", "group", "parentOf", "childOf"),
    (&["group"], "members", "user", "hasMember", "memberOf"),
];

/// Every relation an entity's spec declares, in both directions, sorted and without duplicates.
/// Values that are not valid refs are skipped here; validation reports them.
pub fn relations_of(entity: &Entity) -> Vec<RelationEdge> {
    let source = entity.entity_ref();
    let mut edges = Vec::new();
    for (kinds, field, default_kind, forward, inverse) in RELATION_RULES {
        if !kinds.contains(&source.kind.as_str()) {
            continue;
        }
        let values: Vec<&str> = match entity.spec.get(*field) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        for value in values {
            let Ok(target) = EntityRef::parse(value, Some(default_kind), entity.namespace()) else {
                continue;
            };
            edges.push(RelationEdge {
                source: source.clone(),
                kind: forward,
                target: target.clone(),
            });
            edges.push(RelationEdge {
                source: target,
                kind: inverse,
                target: source.clone(),
            });
        }
    }
    edges.sort();
    edges.dedup();
    debug_assert!(edges.iter().all(|e| RELATION_TYPES.contains(&e.kind)));
    edges
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

/// One row of an entity list: the fields tables show, without the whole body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub entity_ref: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub spec_type: Option<String>,
    pub lifecycle: Option<String>,
    pub owner_ref: Option<String>,
    pub system_ref: Option<String>,
}

impl EntitySummary {
    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }
}

/// The short form of a ref for display: `payments` for `group:default/payments`.
pub fn short_ref(entity_ref: &str) -> &str {
    let rest = entity_ref
        .split_once(':')
        .map_or(entity_ref, |(_, rest)| rest);
    match rest.split_once('/') {
        Some((namespace, name)) if namespace == DEFAULT_NAMESPACE => name,
        _ => rest,
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
