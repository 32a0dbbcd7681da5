//! What each REST route takes and answers, for the OpenAPI document. A route missing here gets
//! an empty description, which the document's test refuses.

use serde_json::{Map, Value, json};

use super::response;
use super::schemas::{BACKSTAGE_ERROR, RUNWAY_ERROR, reference};

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
    fn new(tag: &'static str, summary: &str) -> Self {
        Operation {
            summary: summary.to_owned(),
            tag,
            ..Operation::default()
        }
    }

    fn describe(mut self, text: &'static str) -> Self {
        self.description = text;
        self
    }

    fn param(mut self, place: &str, name: &str, schema: Value, text: &str) -> Self {
        self.parameters.push(json!({
            "name": name, "in": place, "required": place == "path", "schema": schema, "description": text,
        }));
        self
    }

    fn query(self, name: &str, schema: Value, text: &str) -> Self {
        self.param("query", name, schema, text)
    }

    fn path(self, name: &str, text: &str) -> Self {
        self.param("path", name, json!({"type": "string"}), text)
    }

    fn json_body(mut self, schema: Value) -> Self {
        self.body =
            Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}));
        self
    }

    fn answers(mut self, status: u16, text: &str, schema: Option<Value>) -> Self {
        let body = match schema {
            Some(schema) => response(text, schema),
            None => json!({"description": text}),
        };
        self.responses.insert(status.to_string(), body);
        self
    }

    /// A Backstage route's errors come in Backstage's shape.
    fn fails(self, status: u16, text: &str) -> Self {
        let error = if self.tag == "catalog" {
            BACKSTAGE_ERROR
        } else {
            RUNWAY_ERROR
        };
        self.answers(status, text, Some(reference(error)))
    }
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

fn entities() -> Value {
    json!({"type": "array", "items": reference("Entity")})
}

/// Entities cut down to the `fields` asked for.
fn projected() -> Value {
    json!({"type": "array", "items": reference("PartialEntity")})
}

const FILTER: &str = "`key=value` conditions, comma-separated, all of which must hold; repeat the \
    parameter for alternatives. Keys are dotted paths (`kind`, `spec.type`, \
    `metadata.annotations.backstage.io/techdocs-ref`, `relations.ownedBy`); a key without `=` asks \
    that it exists. Case-insensitive.";

/// The description of a REST route, or `None` when there is none.
pub fn describe(method: &str, path: &str) -> Option<Operation> {
    let catalog = |summary: &str| Operation::new("catalog", summary);
    let fields = "Dotted fields to return (`kind,metadata.name`); everything when absent";
    Some(match (method, path) {
        ("GET", "/api/catalog/entities") => catalog("List entities")
            .query("filter", string(), FILTER)
            .query("fields", string(), fields)
            .query("order", string(), "`asc:metadata.name` or `desc:…`; repeatable")
            .query("offset", count(), "Entities to skip")
            .query("limit", count(), "At most this many entities")
            .answers(200, "The entities the caller may read", Some(projected()))
            .fails(400, "A malformed parameter"),
        ("GET", "/api/catalog/entities/by-query") => catalog("Query entities a page at a time")
            .describe("Answered from Runway's in-memory catalog index: filters, ordering and \
                full-text search take milliseconds at 100,000 entities.")
            .query("filter", string(), FILTER)
            .query("fields", string(), fields)
            .query("orderField", string(), "`metadata.name,asc` or `…,desc`; repeatable")
            .query("fullTextFilterTerm", string(), "Text that must appear (case-insensitive)")
            .query("fullTextFilterFields", string(), "Fields the term is looked for in; name, title, description and tags when absent")
            .query("limit", json!({"type": "integer", "minimum": 0, "maximum": 10_000, "default": 20}), "Page size")
            .query("offset", count(), "Entities to skip (without a cursor)")
            .query("cursor", string(), "`nextCursor` or `prevCursor` of an earlier page")
            .answers(200, "A page", Some(reference("EntityPage")))
            .fails(400, "A malformed parameter or cursor"),
        ("POST", "/api/catalog/entities/by-refs") => catalog("Entities by refs, in the order asked")
            .query("fields", string(), fields)
            .json_body(json!({
                "type": "object", "required": ["entityRefs"], "additionalProperties": false,
                "properties": {"entityRefs": strings(), "fields": strings()},
            }))
            .answers(200, "One item per ref: the entity, or null when it is missing or hidden",
                Some(json!({"type": "object", "properties": {"items": {"type": "array", "items": {"oneOf": [reference("PartialEntity"), {"type": "null"}]}}}})))
            .fails(400, "A malformed body or ref"),
        ("GET", "/api/catalog/entities/by-name/{kind}/{namespace}/{name}") => catalog("One entity by kind, namespace and name")
            .path("kind", "e.g. component")
            .path("namespace", "e.g. default")
            .path("name", "e.g. checkout")
            .answers(200, "The entity", Some(reference("Entity")))
            .fails(404, "No such entity, or one the caller may not read"),
        ("GET", "/api/catalog/entities/by-uid/{uid}") => catalog("One entity by uid")
            .path("uid", "The entity's metadata.uid")
            .answers(200, "The entity", Some(reference("Entity")))
            .fails(404, "No such entity, or one the caller may not read"),
        ("DELETE", "/api/catalog/entities/by-uid/{uid}") => catalog("Delete an entity")
            .describe("Needs catalog.entity.delete on that entity. An entity still in a \
                location's files comes back at the location's next refresh.")
            .path("uid", "The entity's metadata.uid")
            .answers(204, "Deleted", None)
            .fails(403, "The caller may not delete this entity")
            .fails(404, "No such entity, or one the caller may not read"),
        ("GET", "/api/catalog/entity-facets") => catalog("Facet counts")
            .query("facet", string(), "A dotted field to count values of; repeatable (1 to 50)")
            .query("filter", string(), FILTER)
            .answers(200, "For each facet, its values by how many entities hold them", Some(reference("Facets")))
            .fails(400, "No facet, too many, or a malformed filter"),
        ("POST", "/api/catalog/validate-entity") => catalog("Check a descriptor without storing it")
            .json_body(json!({
                "type": "object", "required": ["entity"],
                "properties": {"entity": {"type": "object"}, "location": string()},
            }))
            .answers(200, "Valid", Some(json!({"type": "object"})))
            .answers(400, "Invalid: `errors` lists each problem with its field path", Some(reference("ValidationErrors"))),
        ("GET", "/api/catalog/locations") => catalog("Registered locations")
            .answers(200, "Every location", Some(json!({"type": "array", "items": {"type": "object", "properties": {"data": reference("Location")}}}))),
        ("POST", "/api/catalog/locations") => catalog("Register a location")
            .describe("A file or directory on the server's disk (`file`), or a local git \
                repository read at HEAD (`git`). Runway reads it now, every five minutes, and on \
                POST /refresh. Needs catalog.location.manage.")
            .query("dryRun", json!({"type": "boolean"}), "Read it and report; store nothing")
            .json_body(json!({
                "type": "object", "required": ["target"], "additionalProperties": false,
                "properties": {"type": {"enum": ["file", "git"], "default": "file"}, "target": string()},
            }))
            .answers(201, "Registered (or, with dryRun, read)", Some(json!({
                "type": "object",
                "properties": {"location": reference("Location"), "entities": entities(), "exists": {"type": "boolean"}},
            })))
            .fails(400, "A target that is not an absolute path, or that cannot be read"),
        ("GET", "/api/catalog/locations/{id}") => catalog("One location")
            .path("id", "The location's id")
            .answers(200, "The location", Some(reference("Location")))
            .fails(404, "No such location"),
        ("DELETE", "/api/catalog/locations/{id}") => catalog("Remove a location")
            .describe("Its entities stay, marked as orphans, until someone deletes them.")
            .path("id", "The location's id")
            .answers(204, "Removed", None)
            .fails(404, "No such location"),
        ("POST", "/api/catalog/refresh") => catalog("Read an entity's location again, now")
            .json_body(json!({
                "type": "object", "required": ["entityRef"],
                "properties": {"entityRef": string(), "authorizationToken": string()},
            }))
            .answers(200, "Refreshed", None)
            .fails(404, "No such entity, or it has no location"),
        ("GET", "/api/v1/me") => Operation::new("runway", "Who is calling")
            .answers(200, "The caller with teams, roles and effective permissions", Some(reference("Me"))),
        ("GET", "/api/v1/audit.csv") => Operation::new("runway", "The audit log as CSV")
            .query("actor", string(), "Only entries by this login")
            .query("action", string(), "Only this action, e.g. catalog.entity.update")
            .query("target", string(), "Only entries whose target contains this")
            .query("from", string(), "From this day (YYYY-MM-DD, UTC)")
            .query("to", string(), "Up to this day (YYYY-MM-DD, UTC)")
            .answers(200, "Newest first, up to 100,000 rows", None),
        ("POST", "/api/v1/catalog/import") => Operation::new("runway", "Import descriptor files")
            .describe("The body is one YAML file of one or more documents (`---`). All of it is \
                imported in one transaction, or nothing is; `partial` imports the valid documents \
                anyway. Imports are idempotent. Bodies over 16 MiB are refused with 413.")
            .query("dryRun", json!({"type": "boolean"}), "Report what would happen; change nothing")
            .query("partial", json!({"type": "boolean"}), "Import the valid documents even when others are rejected")
            .query("file", string(), "The name reports give the body (default request.yaml)")
            .answers(200, "Applied, or a dry run", Some(reference("ImportReport")))
            .answers(422, "Documents were rejected and nothing was stored (the report), or the body is not YAML (an error)",
                Some(json!({"oneOf": [reference("ImportReport"), reference(RUNWAY_ERROR)]}))),
        ("GET", super::PATH) => Operation::new("runway", "This document")
            .answers(200, "The OpenAPI 3.1 document of /api", Some(json!({"type": "object"}))),
        _ => return None,
    })
}

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
