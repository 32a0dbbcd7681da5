//! The editor's inputs: what each one writes into the draft entity, read alike as it is typed
//! and, on submit, from the form as it stands; and how spec fields are labelled.

use leptos::prelude::*;
use serde_json::Value;

use crate::catalog::model::Entity;
use crate::catalog::validate::spec_fields;

/// A list field's text: one value per comma.
pub(super) fn list_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// `providesApis` → `Provides APIs`: spec field names as people read them.
pub(super) fn field_label(field: &str) -> String {
    let mut words = String::new();
    for (i, c) in field.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            words.push(' ');
            words.push(c.to_ascii_lowercase());
        } else if i == 0 {
            words.push(c.to_ascii_uppercase());
        } else {
            words.push(c);
        }
    }
    words.replace("apis", "APIs")
}

/// How an input's text goes into the draft: the same when it is typed and when the form is
/// read on submit.
pub(super) type Apply = std::sync::Arc<dyn Fn(&mut Entity, &str) + Send + Sync>;

pub(super) fn set_name(draft: &mut Entity, text: &str) {
    draft.metadata.name = text.trim().to_owned();
}

pub(super) fn set_namespace(draft: &mut Entity, text: &str) {
    draft.metadata.namespace = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
}

fn set_spec(field: &'static str, list: bool) -> Apply {
    std::sync::Arc::new(move |draft: &mut Entity, text: &str| {
        let value = if list {
            Value::Array(split_list(text))
        } else {
            Value::String(text.trim().to_owned())
        };
        if value == Value::String(String::new()) || value == Value::Array(vec![]) {
            draft.spec.remove(field);
        } else {
            draft.spec.insert(field.to_owned(), value);
        }
    })
}

/// Every input of the form for an entity of `kind`, by id, in order.
pub(super) fn inputs(kind: &str, existing: bool) -> Vec<(String, Apply)> {
    let mut all: Vec<(String, Apply)> = Vec::new();
    if !existing {
        all.push(("meta-name".into(), std::sync::Arc::new(set_name)));
        all.push(("meta-namespace".into(), std::sync::Arc::new(set_namespace)));
    }
    all.push((
        "meta-title".into(),
        std::sync::Arc::new(|d: &mut Entity, t: &str| {
            d.metadata.title = Some(t.to_owned()).filter(|t| !t.trim().is_empty())
        }),
    ));
    all.push((
        "meta-description".into(),
        std::sync::Arc::new(|d: &mut Entity, t: &str| {
            d.metadata.description = Some(t.to_owned()).filter(|t| !t.trim().is_empty())
        }),
    ));
    all.push((
        "meta-tags".into(),
        std::sync::Arc::new(|d: &mut Entity, t: &str| {
            d.metadata.tags = t
                .split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect()
        }),
    ));
    for (field, list, _) in spec_fields(kind) {
        all.push((format!("spec-{field}"), set_spec(field, list)));
    }
    all
}

/// Reads every input as it stands into the draft, so that what someone typed before the page
/// became interactive (no input events reached the draft then) is not lost.
pub(super) fn read_form(inputs: &[(String, Apply)], draft: RwSignal<Entity>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let document = document();
        draft.update(|d| {
            for (id, apply) in inputs {
                let input = document
                    .get_element_by_id(id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let Some(input) = input {
                    apply(d, &input.value());
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (inputs, draft);
}

fn split_list(text: &str) -> Vec<Value> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_writes_its_part_of_the_draft() {
        let mut draft = crate::catalog::model::Entity {
            api_version: "backstage.io/v1alpha1".into(),
            kind: "Component".into(),
            metadata: Default::default(),
            spec: serde_json::json!({"owner": "team-a", "system": "shop"})
                .as_object()
                .cloned()
                .unwrap(),
            relations: vec![],
            status: None,
        };
        let typed = [
            ("meta-name", " cart "),
            ("meta-namespace", ""),
            ("meta-title", "Cart"),
            ("meta-description", "  "),
            ("meta-tags", "go, ,rust"),
            ("spec-type", "service"),
            ("spec-dependsOn", "a, b"),
            ("spec-system", ""),
        ];
        let all = inputs("Component", false);
        for (id, text) in typed {
            let (_, apply) = all
                .iter()
                .find(|(i, _)| i == id)
                .unwrap_or_else(|| panic!("{id}"));
            apply(&mut draft, text);
        }
        assert_eq!(draft.metadata.name, "cart");
        assert_eq!(draft.metadata.namespace, None);
        assert_eq!(draft.metadata.title.as_deref(), Some("Cart"));
        assert_eq!(draft.metadata.description, None);
        assert_eq!(draft.metadata.tags, ["go", "rust"]);
        assert_eq!(
            serde_json::Value::Object(draft.spec),
            serde_json::json!({"owner": "team-a", "type": "service", "dependsOn": ["a", "b"]})
        );
        // An edit does not rename: no name or namespace inputs.
        assert!(
            inputs("Component", true)
                .iter()
                .all(|(id, _)| !id.starts_with("meta-name"))
        );
        assert_eq!(
            all.len(),
            5 + crate::catalog::validate::spec_fields("Component").len()
        );
    }

    #[test]
    fn field_names_read_as_words() {
        assert_eq!(field_label("owner"), "Owner");
        assert_eq!(field_label("providesApis"), "Provides APIs");
        assert_eq!(field_label("subcomponentOf"), "Subcomponent of");
        assert_eq!(list_text(Some(&serde_json::json!(["a", "b"]))), "a, b");
        assert_eq!(
            split_list(" a, ,b "),
            vec![Value::from("a"), Value::from("b")]
        );
    }
}
