//! What the catalog index keeps of one entity: the values of the fields it filters, counts and
//! sorts by, and the text that free-text search looks in.

use serde_json::Value;

use crate::catalog::entity_query::search_pairs;

/// A field the index holds. Backstage filter keys on these are answered in memory; filters on
/// any other key go to the database's search table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Kind,
    ApiVersion,
    Namespace,
    Name,
    Title,
    Tags,
    Type,
    Lifecycle,
    /// `spec.owner` as written (Backstage filters compare that).
    SpecOwner,
    /// `spec.system` as written.
    SpecSystem,
    /// The owner resolved to a full lowercase ref (`group:default/team-a`): facets, "mine", scope.
    Owner,
    /// The system resolved to a full lowercase ref.
    System,
}

impl Field {
    pub const COUNT: usize = 12;

    pub const ALL: [Field; Field::COUNT] = [
        Field::Kind,
        Field::ApiVersion,
        Field::Namespace,
        Field::Name,
        Field::Title,
        Field::Tags,
        Field::Type,
        Field::Lifecycle,
        Field::SpecOwner,
        Field::SpecSystem,
        Field::Owner,
        Field::System,
    ];

    /// The field behind a lowercase Backstage key, when the index holds it.
    pub fn of_key(key: &str) -> Option<Field> {
        Some(match key {
            "kind" => Field::Kind,
            "apiversion" => Field::ApiVersion,
            "metadata.namespace" => Field::Namespace,
            "metadata.name" => Field::Name,
            "metadata.title" => Field::Title,
            "metadata.tags" => Field::Tags,
            "spec.type" => Field::Type,
            "spec.lifecycle" => Field::Lifecycle,
            "spec.owner" => Field::SpecOwner,
            "spec.system" => Field::SpecSystem,
            _ => return None,
        })
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One field value: lowercase (what filters compare) and as written (what facets show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldValue {
    pub field: Field,
    pub lower: String,
    pub original: String,
}

/// An entity as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Lowercase entity ref.
    pub key: String,
    pub values: Vec<FieldValue>,
    /// Lowercase name, title, description and tags, space-separated.
    pub text: String,
    pub updated_at: i64,
}

/// What the store knows of an entity beyond its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Resolved<'a> {
    pub owner_ref: Option<&'a str>,
    pub system_ref: Option<&'a str>,
    pub updated_at: i64,
}

impl Document {
    /// The document of a stored entity body (JSON). Field values follow the search table's rules
    /// (`search_pairs`), so a filter gives the same answer in memory and in SQL.
    pub fn new(key: &str, body: &Value, resolved: Resolved<'_>) -> Document {
        let mut values: Vec<FieldValue> = search_pairs(body)
            .into_iter()
            .filter_map(|(key, lower, original)| {
                Field::of_key(&key).map(|field| FieldValue {
                    field,
                    lower,
                    original,
                })
            })
            .collect();
        for (field, resolved) in [
            (Field::Owner, resolved.owner_ref),
            (Field::System, resolved.system_ref),
        ] {
            if let Some(value) = resolved {
                values.push(FieldValue {
                    field,
                    lower: value.to_lowercase(),
                    original: value.to_owned(),
                });
            }
        }
        let metadata = &body["metadata"];
        let mut parts: Vec<&str> = ["name", "title", "description"]
            .iter()
            .filter_map(|k| metadata[*k].as_str())
            .collect();
        if let Some(tags) = metadata["tags"].as_array() {
            parts.extend(tags.iter().filter_map(Value::as_str));
        }
        Document {
            key: key.to_owned(),
            values,
            text: parts.join(" ").to_lowercase(),
            updated_at: resolved.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Document {
        let body = json!({
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {
                "name": "Checkout-API",
                "title": "Checkout",
                "description": "Takes the money",
                "tags": ["java", "payments"],
                "annotations": {"github.com/project-slug": "acme/checkout"}
            },
            "spec": {"type": "Service", "lifecycle": "production", "owner": "team-a", "system": "shop"}
        });
        Document::new(
            "component:default/checkout-api",
            &body,
            Resolved {
                owner_ref: Some("group:default/team-a"),
                system_ref: Some("system:default/shop"),
                updated_at: 7,
            },
        )
    }

    fn check(field: Field, expected: &[&str]) {
        let doc = document();
        let values: Vec<&str> = doc
            .values
            .iter()
            .filter(|v| v.field == field)
            .map(|v| v.lower.as_str())
            .collect();
        assert_eq!(values, expected, "{field:?}");
    }

    #[test]
    fn holds_the_fields_it_filters_by_in_lowercase() {
        check(Field::Kind, &["component"]);
        check(Field::ApiVersion, &["backstage.io/v1alpha1"]);
        check(Field::Namespace, &["default"]);
        check(Field::Name, &["checkout-api"]);
        check(Field::Title, &["checkout"]);
        check(Field::Tags, &["java", "payments"]);
        check(Field::Type, &["service"]);
        check(Field::Lifecycle, &["production"]);
        check(Field::SpecOwner, &["team-a"]);
        check(Field::SpecSystem, &["shop"]);
        check(Field::Owner, &["group:default/team-a"]);
        check(Field::System, &["system:default/shop"]);
    }

    #[test]
    fn keeps_the_spelling_as_written_and_the_search_text() {
        let doc = document();
        let name = doc.values.iter().find(|v| v.field == Field::Name).unwrap();
        assert_eq!(name.original, "Checkout-API");
        assert_eq!(
            doc.text,
            "checkout-api checkout takes the money java payments"
        );
        assert_eq!(doc.updated_at, 7);
    }

    #[test]
    fn backstage_keys_map_to_fields_and_others_do_not() {
        assert_eq!(Field::of_key("spec.owner"), Some(Field::SpecOwner));
        assert_eq!(Field::of_key("metadata.tags"), Some(Field::Tags));
        assert_eq!(Field::of_key("metadata.annotations.a"), None);
        assert_eq!(Field::of_key("relations.ownedby"), None);
        for (i, field) in Field::ALL.iter().enumerate() {
            assert_eq!(field.index(), i);
        }
    }
}
