//! The OpenAPI 3.1 document of everything under `/api`, at `GET /api/v1/openapi.json`. REST
//! operations come from the route declarations (`crate::route`), server functions from their
//! registrations and declared requirements, so the document cannot leave a route out or misstate
//! who may call it.

pub(crate) mod operations;
pub(crate) mod schemas;

use std::sync::Arc;

use app::access::endpoints::{Requirement, declared};
use axum::Json;
use axum::extract::Extension;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::route::Route;

pub use operations::Operation;
pub use schemas::response;

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// `GET /api/v1/openapi.json`. Public: it describes the API's shape and holds no data, and tools
/// (client generators, schemathesis) read it before they have a token.
/// The router hands it the document it built from its own routes.
pub async fn serve(Extension(document): Extension<Document>) -> Response {
    Json(document.0.as_ref().clone()).into_response()
}

/// The document as the router built it, shared by every request.
#[derive(Clone)]
pub struct Document(pub Arc<Value>);

/// One operation under `/api`.
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub requires: Requirement,
    pub operation: Operation,
    pub server_fn: bool,
}

/// Every operation under `/api`: the REST `routes` and the server functions, ordered by path
/// and method.
pub fn endpoints(routes: Vec<Route>) -> Vec<Endpoint> {
    let mut all: Vec<Endpoint> = routes
        .into_iter()
        .map(|route| Endpoint {
            method: route.method.to_string(),
            path: route.path.to_owned(),
            requires: route.requires,
            operation: route.doc,
            server_fn: false,
        })
        .collect();
    for (path, method) in server_fn::axum::server_fn_paths() {
        all.push(Endpoint {
            method: method.to_string(),
            path: path.to_owned(),
            requires: declared(path).unwrap_or(Requirement::SignedIn),
            operation: operations::server_function(path),
            server_fn: true,
        });
    }
    all.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    all.dedup_by(|a, b| a.path == b.path && a.method == b.method);
    all
}

/// The whole document of the REST `routes` and the server functions, for a portal reached at
/// `public_url`.
pub fn document(public_url: &str, routes: Vec<Route>) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for endpoint in endpoints(routes) {
        let entry = paths
            .entry(endpoint.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[endpoint.method.to_lowercase()] = render(&endpoint);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Runway API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Runway's HTTP API. `/api/catalog` is Backstage's catalog API (paths, \
                parameters and JSON shapes), so Backstage tooling such as `@backstage/catalog-client` \
                works unchanged. `/api/v1` holds Runway's own endpoints. The other `/api/...` \
                paths are the browser's server functions: listed with their requirements, their \
                bodies follow the portal's Rust types and may change between versions. \
                Authenticate with `Authorization: Bearer <token>` (a personal API token) or the \
                session cookie; cookie requests that change state must come from the portal's own \
                origin.",
        },
        "servers": [{"url": public_url}],
        "tags": [
            {"name": "catalog", "description": "Backstage's catalog API"},
            {"name": "runway", "description": "Runway's own REST API"},
            {"name": "browser", "description": "Server functions the portal's pages call"},
        ],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token: Account → API tokens, or `runway token create`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "runway_session"},
            },
            "schemas": schemas::all(),
        },
        "paths": paths,
    })
}

/// One operation object, with its requirement and the errors every protected route can answer.
fn render(endpoint: &Endpoint) -> Value {
    let (method, path, operation) = (&endpoint.method, &endpoint.path, &endpoint.operation);
    let requirement = endpoint.requires;
    let (requires, security) = match requirement {
        Requirement::Public => ("anyone".to_owned(), json!([])),
        Requirement::SignedIn => (
            "signed in".to_owned(),
            json!([{"bearer": []}, {"session": []}]),
        ),
        Requirement::Permission(p) => (
            p.name().to_owned(),
            json!([{"bearer": []}, {"session": []}]),
        ),
    };
    let mut responses = operation.responses.clone();
    if requirement != Requirement::Public {
        // The authentication layer answers these before any handler, in Runway's error shape.
        let error = schemas::reference(schemas::RUNWAY_ERROR);
        responses
            .entry("401")
            .or_insert_with(|| response("Not signed in", error.clone()));
        if matches!(requirement, Requirement::Permission(_)) {
            responses.entry("403").or_insert_with(|| {
                response(
                    "The caller holds the required permission nowhere",
                    error.clone(),
                )
            });
        }
        // A route that answers these itself in another shape may answer them from the layer
        // too (a cross-site request, say): either shape.
        for status in ["401", "403"] {
            if let Some(answer) = responses.get_mut(status) {
                let schema = &mut answer["content"]["application/json"]["schema"];
                if !schema.is_null() && *schema != error {
                    *schema = json!({"anyOf": [schema.clone(), error.clone()]});
                }
            }
        }
    }
    let mut out = json!({
        "operationId": operation_id(method, path),
        "summary": operation.summary,
        "tags": [operation.tag],
        "security": security,
        "x-runway-requires": requires,
        "parameters": operation.parameters,
        "responses": responses,
    });
    if !operation.description.is_empty() {
        out["description"] = operation.description.into();
    }
    if let Some(body) = &operation.body {
        out["requestBody"] = body.clone();
    }
    out
}

/// `GET /api/catalog/entities/by-name/{kind}/…` → `get_api_catalog_entities_by_name_kind_…`.
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_lowercase();
    for part in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            id.push('_');
            id.push_str(part);
        }
    }
    id
}

#[cfg(test)]
mod tests;
