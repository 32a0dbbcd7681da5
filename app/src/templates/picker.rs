//! What a catalog picker (`EntityPicker`, `OwnerPicker`, …) offers: Backstage's `ui:options`
//! (`catalogFilter`, `allowedKinds`, `defaultKind`) read into the catalog list's own filter, so
//! that suggestions come from the real catalog through the index every page uses.

use serde_json::{Map, Value};

use serde::{Deserialize, Serialize};

use crate::catalog::filter::{CatalogFilter, Facet};

/// Backstage's catalog field extensions, by their `ui:field` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Picker {
    Entity,
    Owner,
    OwnedEntity,
    MyGroups,
    EntityName,
    EntityTags,
    RepoUrl,
}

impl Picker {
    pub fn from_field(name: &str) -> Option<Picker> {
        Some(match name {
            "EntityPicker" => Picker::Entity,
            "OwnerPicker" => Picker::Owner,
            "OwnedEntityPicker" => Picker::OwnedEntity,
            "MyGroupsPicker" => Picker::MyGroups,
            "EntityNamePicker" => Picker::EntityName,
            "EntityTagsPicker" => Picker::EntityTags,
            "RepoUrlPicker" => Picker::RepoUrl,
            _ => return None,
        })
    }
}

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

/// A repository address as Backstage's `RepoUrlPicker` writes it: `github.com?owner=acme&repo=x`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepoUrl {
    pub host: String,
    pub owner: String,
    pub repo: String,
}

impl RepoUrl {
    /// Reads `host?owner=…&repo=…`; missing parts are empty.
    pub fn parse(text: &str) -> RepoUrl {
        let (host, query) = text.split_once('?').unwrap_or((text, ""));
        let mut url = RepoUrl {
            host: host.trim().to_owned(),
            ..RepoUrl::default()
        };
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("owner", v)) => url.owner = crate::ui::url::decode(v),
                Some(("repo", v)) => url.repo = crate::ui::url::decode(v),
                _ => {}
            }
        }
        url
    }

    /// Writes it back the way Backstage's actions read it.
    pub fn to_value(&self) -> String {
        format!(
            "{}?owner={}&repo={}",
            self.host,
            crate::ui::url::encode(&self.owner),
            crate::ui::url::encode(&self.repo)
        )
    }
}

/// What is wrong with `text` for the picker named by `ui:field`, beyond its schema: an entity
/// name that the catalog would refuse, a repository address without its parts or on a host the
/// template does not allow.
pub fn picker_problem(
    ui_field: &str,
    options: Option<&Map<String, Value>>,
    text: &str,
) -> Option<String> {
    match Picker::from_field(ui_field)? {
        Picker::EntityName if !crate::catalog::names::is_valid_name(text) => Some(
            "must be a name of at most 63 letters, digits, dashes, dots or underscores, starting and ending with a letter or digit".to_owned(),
        ),
        Picker::RepoUrl => {
            let url = RepoUrl::parse(text);
            let allowed = texts(options.and_then(|o| o.get("allowedHosts")));
            if url.host.is_empty() || url.owner.is_empty() || url.repo.is_empty() {
                Some("needs a host, an owner and a repository".to_owned())
            } else if !allowed.is_empty() && !allowed.contains(&url.host.to_lowercase()) {
                Some(format!("must be on {}", allowed.join(" or ")))
            } else {
                None
            }
        }
        _ => None,
    }
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
    fn repository_addresses_read_and_write_as_backstage_does() {
        let url = RepoUrl::parse("github.com?owner=acme&repo=orders%20api&other=1");
        assert_eq!(
            url,
            RepoUrl {
                host: "github.com".into(),
                owner: "acme".into(),
                repo: "orders api".into()
            }
        );
        assert_eq!(url.to_value(), "github.com?owner=acme&repo=orders%20api");
        assert_eq!(
            RepoUrl::parse("gitlab.com"),
            RepoUrl {
                host: "gitlab.com".into(),
                ..RepoUrl::default()
            }
        );
        // A value that would add its own parameters is written escaped.
        let sneaky = RepoUrl {
            host: "github.com".into(),
            owner: "a&repo=b".into(),
            repo: "c".into(),
        };
        assert_eq!(RepoUrl::parse(&sneaky.to_value()), sneaky);
    }

    #[test]
    fn pickers_check_what_their_values_mean() {
        let hosts = json!({"allowedHosts": ["github.com"]});
        let hosts = hosts.as_object();
        let cases = [
            ("RepoUrlPicker", hosts, "github.com?owner=acme&repo=x", None),
            (
                "RepoUrlPicker",
                hosts,
                "github.com?owner=acme",
                Some("needs a host, an owner and a repository"),
            ),
            (
                "RepoUrlPicker",
                hosts,
                "evil.example?owner=a&repo=b",
                Some("must be on github.com"),
            ),
            ("RepoUrlPicker", None, "gitlab.com?owner=a&repo=b", None),
            ("EntityNamePicker", None, "orders-api", None),
            ("EntityNamePicker", None, "Bad Name", Some("must be a name")),
            ("OwnerPicker", None, "anything", None),
            ("NotAPicker", None, "anything", None),
        ];
        for (field, options, text, expected) in cases {
            let got = picker_problem(field, options, text);
            match expected {
                None => assert_eq!(got, None, "{field} {text}"),
                Some(start) => assert!(
                    got.as_deref().is_some_and(|g| g.starts_with(start)),
                    "{field} {text}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn typed_text_is_bounded() {
        let long = "x".repeat(10_000);
        let got = suggestion_filter(Picker::Entity, &Map::new(), &long).unwrap();
        assert_eq!(got.text.len(), 200);
    }
}
