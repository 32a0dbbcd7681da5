//! The JSON schemas the OpenAPI document refers to: Backstage's entity envelope and pages, and
//! Runway's own bodies and errors.

use serde_json::{Value, json};

pub const BACKSTAGE_ERROR: &str = "BackstageError";
pub const RUNWAY_ERROR: &str = "RunwayError";

/// `{"$ref": "#/components/schemas/<name>"}`.
pub fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An entity as `fields` may cut it down: the same properties, none required.
fn partial(entity: &Value) -> Value {
    let mut partial = entity.clone();
    if let Some(object) = partial.as_object_mut() {
        object.remove("required");
        object.insert(
            "description".into(),
            json!("An entity, or the fields of it that were asked for"),
        );
    }
    if let Some(metadata) = partial["properties"]["metadata"].as_object_mut() {
        metadata.remove("required");
    }
    partial
}

pub fn all() -> Value {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let map = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let problem = json!({
        "type": "object", "required": ["file", "document", "path", "message"],
        "properties": {
            "file": {"type": "string"},
            "document": {"type": "integer", "description": "1-based position in the file; 0 for the file as a whole"},
            "path": {"type": "string", "description": "The field at fault, e.g. spec.owner"},
            "message": {"type": "string"},
        },
    });
    let mut schemas = json!({
        "Entity": {
            "type": "object",
            "description": "A Backstage entity descriptor with its computed relations",
            "required": ["apiVersion", "kind", "metadata"],
            "properties": {
                "apiVersion": {"type": "string", "examples": ["backstage.io/v1alpha1"]},
                "kind": {"type": "string", "examples": ["Component"]},
                "metadata": {
                    "type": "object", "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "namespace": {"type": "string", "default": "default"},
                        "uid": {"type": "string"},
                        "etag": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "labels": map,
                        "annotations": map,
                        "tags": strings,
                        "links": {"type": "array", "items": {
                            "type": "object", "required": ["url"],
                            "properties": {"url": {"type": "string"}, "title": {"type": "string"}, "icon": {"type": "string"}},
                        }},
                    },
                },
                "spec": {"type": "object"},
                "relations": {"type": "array", "items": {
                    "type": "object", "required": ["type", "targetRef"],
                    "properties": {"type": {"type": "string"}, "targetRef": {"type": "string"}},
                }},
                "status": {"type": "object"},
            },
        },
        "EntityPage": {
            "type": "object", "required": ["items", "totalItems", "pageInfo"],
            "properties": {
                "items": {"type": "array", "items": reference("PartialEntity")},
                "totalItems": {"type": "integer"},
                "pageInfo": {"type": "object", "properties": {"nextCursor": {"type": "string"}, "prevCursor": {"type": "string"}}},
            },
        },
        "Facets": {
            "type": "object", "required": ["facets"],
            "properties": {"facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                "type": "object", "required": ["value", "count"],
                "properties": {"value": {"type": "string"}, "count": {"type": "integer"}},
            }}}},
        },
        "Location": {
            "type": "object", "required": ["id", "type", "target"],
            "properties": {"id": {"type": "string"}, "type": {"enum": ["file", "git"]}, "target": {"type": "string"}},
        },
        "Me": {
            "type": "object", "required": ["login", "displayName", "teams", "roles", "permissions"],
            "properties": {
                "login": {"type": "string"},
                "displayName": {"type": "string"},
                "email": {"type": ["string", "null"]},
                "teams": strings,
                "roles": strings,
                "permissions": strings,
            },
        },
        "ImportReport": {
            "type": "object",
            "required": ["created", "updated", "unchanged", "rejected", "errors", "warnings", "entities", "dryRun", "applied"],
            "properties": {
                "created": {"type": "integer"},
                "updated": {"type": "integer"},
                "unchanged": {"type": "integer"},
                "rejected": {"type": "integer"},
                "errors": {"type": "array", "items": problem},
                "warnings": {"type": "array", "items": problem},
                "entities": {"type": "array", "items": {
                    "type": "object", "required": ["file", "document", "entityRef", "outcome"],
                    "properties": {
                        "file": {"type": "string"},
                        "document": {"type": "integer"},
                        "entityRef": {"type": "string"},
                        "title": {"type": ["string", "null"]},
                        "outcome": {"enum": ["created", "updated", "unchanged", "rejected"]},
                    },
                }},
                "dryRun": {"type": "boolean"},
                "applied": {"type": "boolean"},
            },
        },
        "ValidationErrors": {
            "type": "object", "required": ["errors"],
            "description": "Backstage's answer to an invalid entity: each problem with its field path",
            "properties": {"errors": {"type": "array", "items": {
                "type": "object", "required": ["name", "message"],
                "properties": {"name": {"type": "string"}, "message": {"type": "string"}},
            }}},
        },
        BACKSTAGE_ERROR: {
            "type": "object", "required": ["error", "response"],
            "properties": {
                "error": {"type": "object", "required": ["name", "message"], "properties": {"name": {"type": "string"}, "message": {"type": "string"}}},
                "response": {"type": "object", "properties": {"statusCode": {"type": "integer"}}},
            },
        },
        RUNWAY_ERROR: {
            "description": "One of Runway's errors; the message is for people",
            "oneOf": [
                {"const": "Unauthenticated"},
                {"type": "object", "maxProperties": 1, "properties": {
                    "NotFound": {"type": "string"},
                    "Forbidden": {"type": "string"},
                    "Conflict": {"type": "string"},
                    "RateLimited": {"type": "string"},
                    "BadRequest": {"type": "string", "description": "Arguments that do not parse"},
                    "Internal": {"type": "string", "description": "A reference to quote; details are in the server's log"},
                    "Validation": {"type": "array", "items": {
                        "type": "object", "required": ["field", "message"],
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    }},
                }},
            ],
        },
    });
    let partial = partial(&schemas["Entity"]);
    schemas["PartialEntity"] = partial;
    schemas
}

/// A response object with a JSON body of `schema`.
pub fn response(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}
