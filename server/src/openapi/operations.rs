//! What each REST route takes and answers, for the OpenAPI document. A route missing here gets
//! an empty description, which the document's test refuses.

use serde_json::{Map, Value, json};

use super::schemas::{BACKSTAGE_ERROR, RUNWAY_ERROR, reference, response};

/// One operation's description.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    pub summary: String,
    pub description: &'static str,
    pub tag: &'static str,
    pub parameters: Vec<Value>,
    pub body: Option<Value>,
    pub responses: Map<String, Value>,
}

impl Operation {
    pub(crate) fn new(tag: &'static str, summary: &str) -> Self {
        Operation {
            summary: summary.to_owned(),
            tag,
            ..Operation::default()
        }
    }

    pub(crate) fn describe(mut self, text: &'static str) -> Self {
        self.description = text;
        self
    }

    pub(crate) fn param(mut self, place: &str, name: &str, schema: Value, text: &str) -> Self {
        self.parameters.push(json!({
            "name": name, "in": place, "required": place == "path", "schema": schema, "description": text,
        }));
        self
    }

    pub(crate) fn query(self, name: &str, schema: Value, text: &str) -> Self {
        self.param("query", name, schema, text)
    }

    pub(crate) fn path(self, name: &str, text: &str) -> Self {
        self.param("path", name, json!({"type": "string"}), text)
    }

    pub(crate) fn json_body(mut self, schema: Value) -> Self {
        self.body =
            Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}));
        self
    }

    pub(crate) fn answers(mut self, status: u16, text: &str, schema: Option<Value>) -> Self {
        let body = match schema {
            Some(schema) => response(text, schema),
            None => json!({"description": text}),
        };
        self.responses.insert(status.to_string(), body);
        self
    }

    /// A Backstage route's errors (catalog, scaffolder) come in Backstage's shape.
    pub(crate) fn fails(self, status: u16, text: &str) -> Self {
        let error = if self.tag == "catalog" || self.tag == "scaffolder" {
            BACKSTAGE_ERROR
        } else {
            RUNWAY_ERROR
        };
        self.answers(status, text, Some(reference(error)))
    }
}

pub(crate) fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

pub(crate) fn string() -> Value {
    json!({"type": "string"})
}

pub(crate) fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

pub(crate) fn entities() -> Value {
    json!({"type": "array", "items": reference("Entity")})
}

/// Entities cut down to the `fields` asked for.
pub(crate) fn projected() -> Value {
    json!({"type": "array", "items": reference("PartialEntity")})
}

pub(crate) const FILTER: &str = "`key=value` conditions, comma-separated, all of which must hold; repeat the \
    parameter for alternatives. Keys are dotted paths (`kind`, `spec.type`, \
    `metadata.annotations.backstage.io/techdocs-ref`, `relations.ownedBy`); a key without `=` asks \
    that it exists. Case-insensitive.";

/// A server function: a POST the portal's pages make, named after its path
/// (`/api/catalog/list` → "catalog/list").
pub fn server_function(path: &str) -> Operation {
    Operation {
        summary: format!("{} (server function)", path.trim_start_matches("/api/")),
        description: "Arguments are form-encoded (or JSON for structured ones) as the portal \
            sends them; the answer is JSON. Errors answer with their HTTP status and a Runway \
            error body.",
        tag: "browser",
        body: Some(json!({"content": {
            "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}},
        }})),
        parameters: Vec::new(),
        responses: [
            (
                "200".to_owned(),
                json!({"description": "The function's result as JSON"}),
            ),
            (
                "422".to_owned(),
                response("Invalid arguments", reference(RUNWAY_ERROR)),
            ),
        ]
        .into_iter()
        .collect::<Map<_, _>>(),
    }
}
