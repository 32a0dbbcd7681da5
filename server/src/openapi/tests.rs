//! The document covers every route with a real description, says what each requires as the
//! authentication layer enforces it, declares every path parameter, and every reference resolves.

use super::*;

use crate::route::Requirements;
use crate::router::routes;

fn doc() -> Value {
    document("https://runway.example.com", routes())
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    &doc["paths"][path][method.to_lowercase()]
}

#[test]
fn every_route_and_server_function_is_described() {
    let doc = doc();
    let listed: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|methods| methods.as_object().unwrap().len())
        .sum();
    let all = endpoints(routes());
    assert_eq!(listed, all.len());
    assert!(all.len() > 40, "{} operations", all.len());
    for Endpoint {
        method,
        path,
        server_fn,
        ..
    } in &all
    {
        let op = operation(&doc, method, path);
        let summary = op["summary"].as_str().unwrap_or_default();
        assert!(
            !summary.is_empty(),
            "{method} {path} has no description in operations.rs"
        );
        assert_eq!(op["tags"][0] == "browser", *server_fn, "{method} {path}");
    }
    assert_eq!(
        operation(&doc, "POST", "/api/catalog/list")["summary"],
        "catalog/list (server function)"
    );
}

#[test]
fn requirements_follow_the_access_table() {
    let doc = doc();
    let check = |method: &str, path: &str, requires: &str, secured: bool| {
        let op = operation(&doc, method, path);
        assert_eq!(op["x-runway-requires"], requires, "{method} {path}");
        assert_eq!(op["security"].as_array().unwrap().is_empty(), !secured);
        assert_eq!(
            op["responses"]["401"].is_object(),
            secured,
            "{method} {path}"
        );
    };
    check(
        "GET",
        "/api/catalog/entities/by-query",
        "catalog.entity.read",
        true,
    );
    check(
        "DELETE",
        "/api/catalog/entities/by-uid/{uid}",
        "catalog.entity.delete",
        true,
    );
    check(
        "GET",
        "/api/catalog/entities/by-uid/{uid}",
        "catalog.entity.read",
        true,
    );
    check(
        "POST",
        "/api/v1/catalog/import",
        "catalog.entity.create",
        true,
    );
    check("GET", "/api/v1/me", "signed in", true);
    check("GET", PATH, "anyone", false);
    check("POST", "/api/auth/sign_in", "anyone", false);
    check(
        "POST",
        "/api/admin/users/create",
        "admin.users.manage",
        true,
    );
    // What the document states is what the authentication layer enforces.
    let requirements = Requirements::of(&routes());
    for Endpoint { method, path, .. } in endpoints(routes()) {
        let op = operation(&doc, &method, &path);
        let enforced = requirements.of_request(&method.parse().unwrap(), &path);
        let expected = match enforced {
            Requirement::Public => "anyone".to_owned(),
            Requirement::SignedIn => "signed in".to_owned(),
            Requirement::Permission(p) => p.name().to_owned(),
        };
        assert_eq!(
            op["x-runway-requires"],
            expected.as_str(),
            "{method} {path}"
        );
        assert!(
            op["operationId"]
                .as_str()
                .unwrap()
                .starts_with(&method.to_lowercase())
        );
    }
}

#[test]
fn path_parameters_are_declared_and_references_resolve() {
    let doc = doc();
    let mut ids = std::collections::HashSet::new();
    for Endpoint { method, path, .. } in endpoints(routes()) {
        let op = operation(&doc, &method, &path);
        assert!(
            ids.insert(op["operationId"].as_str().unwrap().to_owned()),
            "{method} {path}"
        );
        let declared: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let segments: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(declared, segments, "{method} {path}");
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20);
    for reference in refs {
        let name = reference.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{reference}"
        );
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
