//! The routes of Backstage's catalog API, each declared once with its requirement and its
//! OpenAPI description (see `crate::route`).

use app::access::endpoints::Requirement::Permission;
use app::access::permission::Permission::*;
use serde_json::json;

use super::{entities, locations};
use crate::openapi::operations::{FILTER, Operation, count, entities, projected, string, strings};
use crate::openapi::schemas::reference;
use crate::route::Route;

/// Every route of the catalog API.
pub fn routes() -> Vec<Route> {
    let catalog = |summary: &str| Operation::new("catalog", summary);
    let fields = "Dotted fields to return (`kind,metadata.name`); everything when absent";
    vec![
        Route::get(
            "/api/catalog/entities",
            Permission(CatalogEntityRead),
            entities::list,
            catalog("List entities")
                .query("filter", string(), FILTER)
                .query("fields", string(), fields)
                .query("order", string(), "`asc:metadata.name` or `desc:…`; repeatable")
                .query("offset", count(), "Entities to skip")
                .query("limit", count(), "At most this many entities")
                .answers(200, "The entities the caller may read", Some(projected()))
                .fails(400, "A malformed parameter"),
        ),
        Route::get(
            "/api/catalog/entities/by-query",
            Permission(CatalogEntityRead),
            entities::by_query,
            catalog("Query entities a page at a time")
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
        ),
        Route::post(
            "/api/catalog/entities/by-refs",
            Permission(CatalogEntityRead),
            entities::by_refs,
            catalog("Entities by refs, in the order asked")
                .query("fields", string(), fields)
                .json_body(json!({
                    "type": "object", "required": ["entityRefs"], "additionalProperties": false,
                    "properties": {"entityRefs": strings(), "fields": strings()},
                }))
                .answers(200, "One item per ref: the entity, or null when it is missing or hidden",
                    Some(json!({"type": "object", "properties": {"items": {"type": "array", "items": {"oneOf": [reference("PartialEntity"), {"type": "null"}]}}}})))
                .fails(400, "A malformed body or ref"),
        ),
        Route::get(
            "/api/catalog/entities/by-name/{kind}/{namespace}/{name}",
            Permission(CatalogEntityRead),
            entities::by_name,
            catalog("One entity by kind, namespace and name")
                .path("kind", "e.g. component")
                .path("namespace", "e.g. default")
                .path("name", "e.g. checkout")
                .answers(200, "The entity", Some(reference("Entity")))
                .fails(404, "No such entity, or one the caller may not read"),
        ),
        Route::get(
            "/api/catalog/entities/by-uid/{uid}",
            Permission(CatalogEntityRead),
            entities::by_uid,
            catalog("One entity by uid")
                .path("uid", "The entity's metadata.uid")
                .answers(200, "The entity", Some(reference("Entity")))
                .fails(404, "No such entity, or one the caller may not read"),
        ),
        Route::delete(
            "/api/catalog/entities/by-uid/{uid}",
            Permission(CatalogEntityDelete),
            entities::delete_by_uid,
            catalog("Delete an entity")
                .describe("Needs catalog.entity.delete on that entity. An entity still in a \
                    location's files comes back at the location's next refresh.")
                .path("uid", "The entity's metadata.uid")
                .answers(204, "Deleted", None)
                .fails(403, "The caller may not delete this entity")
                .fails(404, "No such entity, or one the caller may not read"),
        ),
        Route::get(
            "/api/catalog/entity-facets",
            Permission(CatalogEntityRead),
            entities::facets,
            catalog("Facet counts")
                .query("facet", string(), "A dotted field to count values of; repeatable (1 to 50)")
                .query("filter", string(), FILTER)
                .answers(200, "For each facet, its values by how many entities hold them", Some(reference("Facets")))
                .fails(400, "No facet, too many, or a malformed filter"),
        ),
        Route::post(
            "/api/catalog/validate-entity",
            Permission(CatalogEntityRead),
            entities::validate,
            catalog("Check a descriptor without storing it")
                .json_body(json!({
                    "type": "object", "required": ["entity"],
                    "properties": {"entity": {"type": "object"}, "location": string()},
                }))
                .answers(200, "Valid", Some(json!({"type": "object"})))
                .answers(400, "Invalid: `errors` lists each problem with its field path", Some(reference("ValidationErrors"))),
        ),
        Route::get(
            "/api/catalog/locations",
            Permission(CatalogEntityRead),
            locations::list,
            catalog("Registered locations")
                .answers(200, "Every location", Some(json!({"type": "array", "items": {"type": "object", "properties": {"data": reference("Location")}}}))),
        ),
        Route::post(
            "/api/catalog/locations",
            Permission(CatalogLocationManage),
            locations::create,
            catalog("Register a location")
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
        ),
        Route::get(
            "/api/catalog/locations/{id}",
            Permission(CatalogEntityRead),
            locations::one,
            catalog("One location")
                .path("id", "The location's id")
                .answers(200, "The location", Some(reference("Location")))
                .fails(404, "No such location"),
        ),
        Route::delete(
            "/api/catalog/locations/{id}",
            Permission(CatalogLocationManage),
            locations::remove,
            catalog("Remove a location")
                .describe("Its entities stay, marked as orphans, until someone deletes them.")
                .path("id", "The location's id")
                .answers(204, "Removed", None)
                .fails(404, "No such location"),
        ),
        Route::post(
            "/api/catalog/refresh",
            Permission(CatalogLocationManage),
            locations::refresh,
            catalog("Read an entity's location again, now")
                .json_body(json!({
                    "type": "object", "required": ["entityRef"],
                    "properties": {"entityRef": string(), "authorizationToken": string()},
                }))
                .answers(200, "Refreshed", None)
                .fails(404, "No such entity, or it has no location"),
        ),
    ]
}
