//! API definitions: the operations of an OpenAPI document, for the entity page's list.

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
}
