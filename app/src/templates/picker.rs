//! What a catalog picker (`EntityPicker`, `OwnerPicker`, …) offers: Backstage's `ui:options`
//! (`catalogFilter`, `allowedKinds`, `defaultKind`) read into the catalog list's own filter, so
//! that suggestions come from the real catalog through the index every page uses.

use serde_json::{Map, Value};

use super::form::Picker;
use crate::catalog::filter::{CatalogFilter, Facet};

/// The catalog filter whose entities a picker suggests, for the `text` typed so far; `None` for
/// pickers that do not pick entities (tags, repository addresses).
pub fn suggestion_filter(
    picker: Picker,
    options: &Map<String, Value>,
    text: &str,
) -> Option<CatalogFilter> {
    let mut filter = CatalogFilter {
        text: text.trim().chars().take(200).collect(),
        ..CatalogFilter::default()
    };
    let mut kinds = Vec::new();
    let mut types = Vec::new();
    // `catalogFilter` is one filter or a list of them (any may match); each key is one value or
    // a list of values.
    let filters: Vec<&Map<String, Value>> = match options.get("catalogFilter") {
        Some(Value::Object(one)) => vec![one],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    for one in filters {
        kinds.extend(texts(one.get("kind")));
        types.extend(texts(one.get("spec.type")));
    }
    kinds.extend(texts(options.get("allowedKinds")));
    match picker {
        Picker::Owner if kinds.is_empty() => kinds = vec!["group".to_owned(), "user".to_owned()],
        Picker::MyGroups => kinds = vec!["group".to_owned()],
        Picker::OwnedEntity => filter.mine = true,
        Picker::EntityTags | Picker::RepoUrl | Picker::EntityName => return None,
        _ => {}
    }
    for kind in kinds {
        filter.select(Facet::Kind, kind);
    }
    for kind_of in types {
        filter.select(Facet::Type, kind_of);
    }
    Some(filter)
}

/// One value or a list of them, lowercase as the catalog's facets hold them.
fn texts(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(one)) => vec![one.to_lowercase()],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn filter(picker: Picker, options: Value, text: &str) -> Option<String> {
        suggestion_filter(picker, options.as_object().unwrap(), text).map(|f| f.to_query())
    }

    #[test]
    fn options_become_the_catalog_filter() {
        let cases = [
            (Picker::Entity, json!({}), "", Some("")),
            (
                Picker::Entity,
                json!({"catalogFilter": {"kind": "System"}}),
                "pay",
                Some("kind=system&q=pay"),
            ),
            (
                Picker::Entity,
                json!({"catalogFilter": [{"kind": ["Component", "API"]}, {"kind": "System", "spec.type": "service"}]}),
                "",
                Some("kind=component&kind=api&kind=system&type=service"),
            ),
            (
                Picker::Entity,
                json!({"allowedKinds": ["Resource"]}),
                "  db ",
                Some("kind=resource&q=db"),
            ),
            (Picker::Owner, json!({}), "", Some("kind=group&kind=user")),
            (
                Picker::Owner,
                json!({"catalogFilter": {"kind": "Group"}}),
                "",
                Some("kind=group"),
            ),
            (
                Picker::OwnedEntity,
                json!({"catalogFilter": {"kind": "Component"}}),
                "",
                Some("kind=component&mine=1"),
            ),
            (
                Picker::MyGroups,
                json!({"catalogFilter": {"kind": "User"}}),
                "",
                Some("kind=group"),
            ),
            (Picker::EntityTags, json!({}), "", None),
            (Picker::RepoUrl, json!({}), "", None),
        ];
        for (picker, options, text, expected) in cases {
            assert_eq!(
                filter(picker, options.clone(), text).as_deref(),
                expected,
                "{picker:?} {options}"
            );
        }
    }

    #[test]
    fn typed_text_is_bounded() {
        let long = "x".repeat(10_000);
        let got = suggestion_filter(Picker::Entity, &Map::new(), &long).unwrap();
        assert_eq!(got.text.len(), 200);
    }
}
