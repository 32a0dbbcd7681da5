//! Validation of entity descriptors by Backstage's rules: the envelope, metadata syntax and the
//! required spec fields of each kind.
//!
//! Works on a JSON value (YAML documents are converted first) so that every problem can be named
//! by its field path, e.g. `spec.providesApis[1]`, instead of a serde message about a struct.

use serde_json::{Map, Value};

use super::kinds::Shape::{Text, TextList};
use super::kinds::spec_rules;
pub use super::kinds::{KIND_VERSIONS, spec_fields};
use super::model::{Entity, EntityRef};
pub use super::names::{is_dns_label, is_valid_key, is_valid_name, is_valid_tag};
use crate::error::FieldError;
pub use crate::error::describe;

/// The envelope's fields; anything else at the top level is a mistake worth reporting.
const ENVELOPE_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "spec",
    "relations",
    "status",
];

/// Checks a descriptor and returns it as an [`Entity`], or every problem found, each with the
/// path of the field at fault.
pub fn validate(document: &Value) -> Result<Entity, Vec<FieldError>> {
    let Some(object) = document.as_object() else {
        return Err(vec![FieldError::new(
            "",
            format!("an entity must be a mapping, not {}", describe(document)),
        )]);
    };
    let depth = crate::limits::nesting_depth(document);
    if depth > crate::limits::MAX_NESTING_DEPTH {
        return Err(vec![FieldError::new(
            "",
            format!(
                "mappings and lists nest {depth} levels deep; an entity may nest at most {}",
                crate::limits::MAX_NESTING_DEPTH
            ),
        )]);
    }
    let size = serde_json::to_vec(document).map_or(usize::MAX, |bytes| bytes.len());
    if size > crate::limits::MAX_ENTITY_BYTES {
        return Err(vec![FieldError::new(
            "",
            format!(
                "the entity is {size} bytes as JSON; an entity may have at most {}",
                crate::limits::MAX_ENTITY_BYTES
            ),
        )]);
    }
    let mut problems = Vec::new();
    for key in object.keys() {
        if !ENVELOPE_FIELDS.contains(&key.as_str()) {
            problems.push(FieldError::new(
                key.as_str(),
                format!(
                    "unknown field; an entity has only {}",
                    ENVELOPE_FIELDS.join(", ")
                ),
            ));
        }
    }
    let kind = check_kind(object, &mut problems);
    let namespace = check_metadata(object.get("metadata"), &mut problems);
    if let Some(kind) = kind {
        check_spec(kind, object.get("spec"), &namespace, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    serde_json::from_value(document.clone())
        .map_err(|error| vec![FieldError::new("", error.to_string())])
}

/// The kind, spelled as Backstage spells it, when it and its `apiVersion` are known.
fn check_kind(object: &Map<String, Value>, problems: &mut Vec<FieldError>) -> Option<&'static str> {
    let api_version = object.get("apiVersion").and_then(Value::as_str);
    let Some(kind_text) = object.get("kind").and_then(Value::as_str) else {
        problems.push(FieldError::new("kind", "required, e.g. Component"));
        return None;
    };
    let Some((kind, versions)) = KIND_VERSIONS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(kind_text))
    else {
        let known: Vec<&str> = KIND_VERSIONS.iter().map(|(k, _)| *k).collect();
        problems.push(FieldError::new(
            "kind",
            format!(
                "unknown kind {kind_text:?}; known kinds are {}",
                known.join(", ")
            ),
        ));
        return None;
    };
    if *kind != kind_text {
        problems.push(FieldError::new(
            "kind",
            format!("write {kind:?}, not {kind_text:?}"),
        ));
    }
    match api_version {
        None => problems.push(FieldError::new(
            "apiVersion",
            format!("required, e.g. {}", versions[0]),
        )),
        Some(version) if !versions.contains(&version) => problems.push(FieldError::new(
            "apiVersion",
            format!(
                "{kind} does not support {version:?}; use {}",
                versions.join(" or ")
            ),
        )),
        Some(_) => {}
    }
    Some(kind)
}

/// Checks `metadata` and returns the entity's namespace (for resolving refs in its spec).
fn check_metadata(metadata: Option<&Value>, problems: &mut Vec<FieldError>) -> String {
    let default = super::model::DEFAULT_NAMESPACE.to_owned();
    let Some(metadata) = metadata.and_then(Value::as_object) else {
        problems.push(FieldError::new(
            "metadata",
            "required, a mapping with at least a name",
        ));
        return default;
    };
    match metadata.get("name") {
        None => problems.push(FieldError::new("metadata.name", "required")),
        Some(Value::String(name)) if !is_valid_name(name) => problems.push(FieldError::new(
            "metadata.name",
            format!(
                "{name:?} is not a valid name: 1 to 63 letters, digits, '-', '_' or '.', \
                 starting and ending with a letter or digit"
            ),
        )),
        Some(Value::String(_)) => {}
        Some(other) => problems.push(not_text("metadata.name", other)),
    }
    let namespace = match metadata.get("namespace") {
        None => default,
        Some(Value::String(ns)) if is_dns_label(ns) => ns.clone(),
        Some(Value::String(ns)) => {
            problems.push(FieldError::new(
                "metadata.namespace",
                format!(
                    "{ns:?} is not a valid namespace: 1 to 63 lowercase letters, digits and '-'"
                ),
            ));
            default
        }
        Some(other) => {
            problems.push(not_text("metadata.namespace", other));
            default
        }
    };
    for field in ["title", "description", "uid", "etag"] {
        if let Some(value) = metadata.get(field).filter(|v| !v.is_string()) {
            problems.push(not_text(&format!("metadata.{field}"), value));
        }
    }
    check_string_map(metadata.get("labels"), "metadata.labels", true, problems);
    check_string_map(
        metadata.get("annotations"),
        "metadata.annotations",
        false,
        problems,
    );
    check_tags(metadata.get("tags"), problems);
    check_links(metadata.get("links"), problems);
    namespace
}

fn check_string_map(
    value: Option<&Value>,
    path: &str,
    label: bool,
    problems: &mut Vec<FieldError>,
) {
    let Some(value) = value else { return };
    let Some(map) = value.as_object() else {
        problems.push(FieldError::new(
            path,
            format!("must be a mapping, not {}", describe(value)),
        ));
        return;
    };
    for (key, value) in map {
        let at = format!("{path}.{key}");
        if !is_valid_key(key) {
            problems.push(FieldError::new(
                &at,
                format!("{key:?} is not a valid key: an optional DNS prefix and '/', then a name"),
            ));
        }
        match value {
            Value::String(text) if label && !text.is_empty() && !is_valid_name(text) => problems
                .push(FieldError::new(
                    &at,
                    format!("{text:?} is not a valid label value"),
                )),
            Value::String(_) => {}
            other => problems.push(not_text(&at, other)),
        }
    }
}

fn check_tags(value: Option<&Value>, problems: &mut Vec<FieldError>) {
    let Some(value) = value else { return };
    let Some(tags) = value.as_array() else {
        problems.push(FieldError::new("metadata.tags", "must be a list of tags"));
        return;
    };
    for (index, tag) in tags.iter().enumerate() {
        let at = format!("metadata.tags[{index}]");
        match tag {
            Value::String(tag) if is_valid_tag(tag) => {}
            Value::String(tag) => problems.push(FieldError::new(
                &at,
                format!(
                    "{tag:?} is not a valid tag: 1 to 63 lowercase letters, digits, ':', '+' \
                     or '#', in words joined by '-'"
                ),
            )),
            other => problems.push(not_text(&at, other)),
        }
    }
}

fn check_links(value: Option<&Value>, problems: &mut Vec<FieldError>) {
    let Some(value) = value else { return };
    let Some(links) = value.as_array() else {
        problems.push(FieldError::new("metadata.links", "must be a list of links"));
        return;
    };
    for (index, link) in links.iter().enumerate() {
        let at = format!("metadata.links[{index}]");
        let Some(link) = link.as_object() else {
            problems.push(FieldError::new(&at, "a link is a mapping with a url"));
            continue;
        };
        match link.get("url") {
            Some(Value::String(url)) if !url.trim().is_empty() && !is_safe_link(url) => problems
                .push(FieldError::new(
                    format!("{at}.url"),
                    "links must be http:, https: or mailto: addresses",
                )),
            Some(Value::String(url)) if !url.trim().is_empty() => {}
            Some(Value::String(_)) | None => {
                problems.push(FieldError::new(format!("{at}.url"), "required"))
            }
            Some(other) => problems.push(not_text(&format!("{at}.url"), other)),
        }
        for field in ["title", "icon", "type"] {
            if let Some(value) = link.get(field).filter(|v| !v.is_string()) {
                problems.push(not_text(&format!("{at}.{field}"), value));
            }
        }
    }
}

fn check_spec(kind: &str, spec: Option<&Value>, namespace: &str, problems: &mut Vec<FieldError>) {
    let empty = Map::new();
    let spec = match spec {
        None => &empty,
        Some(Value::Object(spec)) => spec,
        Some(other) => {
            problems.push(FieldError::new(
                "spec",
                format!("must be a mapping, not {}", describe(other)),
            ));
            return;
        }
    };
    for (field, shape, required, ref_kind) in spec_rules(kind) {
        let at = format!("spec.{field}");
        let items: Vec<(String, &Value)> = match (spec.get(*field), shape) {
            (None | Some(Value::Null), _) => {
                if *required {
                    problems.push(FieldError::new(&at, format!("required for a {kind}")));
                }
                continue;
            }
            (Some(value), Text) => vec![(at, value)],
            (Some(Value::Array(values)), TextList) => values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{at}[{i}]"), v))
                .collect(),
            (Some(other), TextList) => {
                problems.push(FieldError::new(
                    &at,
                    format!("must be a list, not {}", describe(other)),
                ));
                continue;
            }
        };
        for (at, value) in items {
            if is_placeholder(value) {
                // A `$text`/`$json`/`$yaml` that could not be read stays as written and is
                // reported as a warning; the entity is still worth having.
                continue;
            }
            let Some(text) = value.as_str() else {
                problems.push(not_text(&at, value));
                continue;
            };
            if text.trim().is_empty() {
                problems.push(FieldError::new(&at, "must not be empty"));
            } else if let Some(ref_kind) = ref_kind {
                check_ref(text, ref_kind, namespace, &at, problems);
            }
        }
    }
    if kind == "Template" {
        // The steps, forms and output, by Backstage's schema for the kind; `type` and `owner`
        // were checked above, and one problem per field is enough.
        if let Err(found) = crate::templates::spec::read_spec_fields(spec) {
            let reported: std::collections::HashSet<String> =
                problems.iter().map(|p| p.field.clone()).collect();
            problems.extend(found.into_iter().filter(|p| !reported.contains(&p.field)));
        }
    }
    if kind == "Location" && !spec.contains_key("target") && !spec.contains_key("targets") {
        problems.push(FieldError::new(
            "spec.target",
            "a Location needs a target or targets",
        ));
    }
}

fn check_ref(
    text: &str,
    default_kind: &str,
    namespace: &str,
    at: &str,
    problems: &mut Vec<FieldError>,
) {
    match EntityRef::parse(text, Some(default_kind), namespace) {
        Ok(entity_ref) if !is_valid_name(&entity_ref.name) => problems.push(FieldError::new(
            at,
            format!("{text:?} refers to an invalid name {:?}", entity_ref.name),
        )),
        Ok(_) => {}
        Err(error) => problems.push(FieldError::new(at, error.to_string())),
    }
}

/// Whether a link may be shown as a link: `http:`, `https:` or `mailto:` (so never
/// `javascript:` or `data:`, however they are spelled).
pub fn is_safe_link(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':')
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// Whether `value` is an unresolved substitution, `{$text: …}`, `{$json: …}` or `{$yaml: …}`.
pub fn is_placeholder(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        o.len() == 1
            && o.iter()
                .all(|(k, v)| matches!(k.as_str(), "$text" | "$json" | "$yaml") && v.is_string())
    })
}

fn not_text(path: &str, value: &Value) -> FieldError {
    FieldError::new(path, format!("must be text, not {}", describe(value)))
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
