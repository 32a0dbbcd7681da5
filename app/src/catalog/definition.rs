//! API definitions: the operations of an OpenAPI document, for the entity page's list, and
//! the tokens a highlighted definition is drawn from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One operation of an OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// Uppercase, e.g. `GET`.
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub operation_id: Option<String>,
    pub deprecated: bool,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations of an OpenAPI 3 (or Swagger 2) document, in the document's path order.
pub fn openapi_operations(document: &Value) -> Vec<Operation> {
    let Some(paths) = document["paths"].as_object() else {
        return Vec::new();
    };
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            operations.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: operation["summary"]
                    .as_str()
                    .or(operation["description"].as_str())
                    .map(|s| s.lines().next().unwrap_or_default().to_owned()),
                operation_id: operation["operationId"].as_str().map(str::to_owned),
                deprecated: operation["deprecated"].as_bool().unwrap_or(false),
            });
        }
    }
    operations
}

/// What a piece of a definition is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    Plain,
    Comment,
    Keyword,
    String,
    Number,
    /// A type or other declared name.
    Type,
    /// A mapping key (YAML, JSON).
    Key,
    Punctuation,
}

/// A run of text of one tone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub tone: Tone,
    pub text: String,
}

/// A highlighted definition, line by line.
pub type Highlighted = Vec<Vec<Token>>;

/// The tone of text inside these TextMate scopes (outermost first, as a scope stack lists
/// them). A mapping key wins wherever it is; otherwise the innermost scope that says something
/// decides, punctuation only when nothing else does (quotes belong to their string, a decimal
/// point to its number).
pub fn tone_of(scopes: &[&str]) -> Tone {
    let has = |scope: &str, prefix: &str| {
        scope == prefix
            || scope
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
    };
    if scopes.iter().any(|s| has(s, "meta.mapping.key")) {
        return Tone::Key;
    }
    let mut punctuation = false;
    for scope in scopes.iter().rev() {
        let scope = *scope;
        let tone = if has(scope, "comment") {
            Tone::Comment
        } else if has(scope, "string") {
            Tone::String
        } else if has(scope, "constant.numeric") || has(scope, "constant.language") {
            Tone::Number
        } else if has(scope, "entity.name.tag") || has(scope, "entity.name.field") {
            Tone::Key
        } else if [
            "variable.type",
            "support.type",
            "support.class",
            "entity.name",
        ]
        .iter()
        .any(|p| has(scope, p))
        {
            Tone::Type
        } else if has(scope, "punctuation") || has(scope, "keyword.operator") {
            punctuation = true;
            continue;
        } else if ["keyword", "storage", "support.function"]
            .iter()
            .any(|p| has(scope, p))
        {
            Tone::Keyword
        } else {
            continue;
        };
        return tone;
    }
    if punctuation {
        Tone::Punctuation
    } else {
        Tone::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_come_in_path_order_with_their_summary() {
        let doc = json!({"openapi": "3.0.0", "paths": {
            "/pets": {"get": {"summary": "List pets", "operationId": "listPets"}, "post": {"description": "Create a pet\nwith details"}},
            "/pets/{id}": {"delete": {"deprecated": true}, "parameters": []}
        }});
        let ops = openapi_operations(&doc);
        let brief: Vec<(&str, &str, Option<&str>)> = ops
            .iter()
            .map(|o| (o.method.as_str(), o.path.as_str(), o.summary.as_deref()))
            .collect();
        assert_eq!(
            brief,
            [
                ("GET", "/pets", Some("List pets")),
                ("POST", "/pets", Some("Create a pet")),
                ("DELETE", "/pets/{id}", None)
            ]
        );
        assert!(ops[2].deprecated);
        assert_eq!(openapi_operations(&json!("not a document")), vec![]);
    }

    #[test]
    fn scopes_map_to_tones_as_the_syntaxes_emit_them() {
        // Scope stacks as syntect's YAML, JSON, GraphQL and Protocol Buffer syntaxes give them.
        let check = |scopes: &str, tone: Tone| {
            let scopes: Vec<&str> = scopes.split(' ').collect();
            assert_eq!(tone_of(&scopes), tone, "{scopes:?}");
        };
        check(
            "source.yaml comment.line.number-sign.yaml punctuation.definition.comment.line.number-sign.yaml",
            Tone::Comment,
        );
        check(
            "source.yaml string.unquoted.plain.out.yaml entity.name.tag.yaml",
            Tone::Key,
        );
        check(
            "source.yaml punctuation.separator.key-value.mapping.yaml",
            Tone::Punctuation,
        );
        check(
            "source.yaml constant.numeric.float.decimal.yaml punctuation.separator.decimal.yaml",
            Tone::Number,
        );
        check(
            "source.yaml string.quoted.single.yaml punctuation.definition.string.begin.yaml",
            Tone::String,
        );
        check(
            "source.json meta.mapping.key.json string.quoted.double.json",
            Tone::Key,
        );
        check(
            "source.json meta.mapping.value.json string.quoted.double.json",
            Tone::String,
        );
        check(
            "source.json meta.mapping.json punctuation.section.mapping.begin.json",
            Tone::Punctuation,
        );
        check(
            "source.graphql keyword.declaration.type.graphql",
            Tone::Keyword,
        );
        check("source.graphql entity.name.type.object.graphql", Tone::Type);
        check(
            "source.graphql meta.block.graphql entity.name.field.graphql",
            Tone::Key,
        );
        check(
            "source.graphql meta.block.graphql variable.parameter.graphql",
            Tone::Plain,
        );
        check(
            "source.graphql meta.block.graphql variable.type.graphql support.type.graphql",
            Tone::Type,
        );
        check(
            "source.graphql meta.block.graphql storage.modifier.required.graphql",
            Tone::Keyword,
        );
        check("source.proto storage.type.service.proto", Tone::Keyword);
        check(
            "source.proto meta.service.proto storage.type.proto variable.type.proto",
            Tone::Type,
        );
        check(
            "source.proto keyword.operator.assignment.proto",
            Tone::Punctuation,
        );
        check(
            "source.proto meta.class.proto variable.other.field.proto",
            Tone::Plain,
        );
        assert_eq!(tone_of(&[]), Tone::Plain);
    }
}
