//! The demo organisation's APIs and their definitions (OpenAPI, AsyncAPI, gRPC, GraphQL).

/// One API: who provides it and what its definition describes.
pub struct Api {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// `openapi`, `asyncapi`, `grpc` or `graphql`, as Backstage's `spec.type`.
    pub kind: &'static str,
    pub provider: &'static str,
    /// The resources the definition exposes, e.g. `orders`.
    pub resources: &'static [&'static str],
}

pub const API_TABLE: &[Api] = &[
    Api {
        name: "checkout-api",
        title: "Checkout API",
        description: "Place and track orders",
        kind: "openapi",
        provider: "checkout-api",
        resources: &["orders", "quotes"],
    },
    Api {
        name: "cart-api",
        title: "Cart API",
        description: "Read and change shopping carts",
        kind: "openapi",
        provider: "cart-service",
        resources: &["carts", "items"],
    },
    Api {
        name: "pricing-api",
        title: "Pricing API",
        description: "Price lookups with taxes",
        kind: "grpc",
        provider: "pricing-service",
        resources: &["Price", "TaxQuote"],
    },
    Api {
        name: "payments-api",
        title: "Payments API",
        description: "Authorise, capture and refund payments",
        kind: "openapi",
        provider: "payment-gateway",
        resources: &["payments", "refunds"],
    },
    Api {
        name: "ledger-events",
        title: "Ledger events",
        description: "Every posting to the ledger",
        kind: "asyncapi",
        provider: "ledger-service",
        resources: &["posting.created", "balance.changed"],
    },
    Api {
        name: "fraud-scoring",
        title: "Fraud scoring",
        description: "Risk scores for payments",
        kind: "grpc",
        provider: "fraud-detector",
        resources: &["Score", "Feedback"],
    },
    Api {
        name: "search-api",
        title: "Search API",
        description: "Product search with facets",
        kind: "openapi",
        provider: "search-api",
        resources: &["search", "facets"],
    },
    Api {
        name: "recommendations-api",
        title: "Recommendations API",
        description: "Products a customer may like",
        kind: "graphql",
        provider: "recommendations",
        resources: &["Recommendation", "Product"],
    },
    Api {
        name: "auth-api",
        title: "Auth API",
        description: "Tokens, sessions and sign-in",
        kind: "openapi",
        provider: "auth-service",
        resources: &["tokens", "sessions"],
    },
    Api {
        name: "user-profile-api",
        title: "User profile API",
        description: "Customer profiles",
        kind: "graphql",
        provider: "user-profile-service",
        resources: &["Profile", "Address"],
    },
    Api {
        name: "shipping-api",
        title: "Shipping API",
        description: "Shipping options, labels and tracking",
        kind: "openapi",
        provider: "shipping-service",
        resources: &["shipments", "labels"],
    },
    Api {
        name: "inventory-events",
        title: "Inventory events",
        description: "Stock level changes",
        kind: "asyncapi",
        provider: "inventory-service",
        resources: &["stock.changed", "stock.reserved"],
    },
    Api {
        name: "reporting-api",
        title: "Reporting API",
        description: "Business reports",
        kind: "openapi",
        provider: "reporting-api",
        resources: &["reports", "exports"],
    },
    Api {
        name: "push-api",
        title: "Push API",
        description: "Send push notifications",
        kind: "grpc",
        provider: "push-notifications",
        resources: &["Notification", "Device"],
    },
    Api {
        name: "feature-flags-api",
        title: "Feature flags API",
        description: "Evaluate and manage flags",
        kind: "openapi",
        provider: "feature-flags-service",
        resources: &["flags", "evaluations"],
    },
];

/// The API's definition document, in the format its `kind` names.
pub fn definition(api: &Api) -> String {
    match api.kind {
        "openapi" => openapi(api),
        "asyncapi" => asyncapi(api),
        "grpc" => grpc(api),
        _ => graphql(api),
    }
}

fn openapi(api: &Api) -> String {
    let mut paths = String::new();
    for resource in api.resources {
        let singular = resource.trim_end_matches('s');
        paths.push_str(&format!(
            "  /{resource}:\n    get:\n      summary: List {resource}\n      operationId: list_{resource}\n      responses:\n        '200':\n          description: A page of {resource}\n    post:\n      summary: Create a {singular}\n      operationId: create_{singular}\n      responses:\n        '201':\n          description: The new {singular}\n  /{resource}/{{id}}:\n    get:\n      summary: Get a {singular}\n      operationId: get_{singular}\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '200':\n          description: The {singular}\n        '404':\n          description: No such {singular}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo:\n  title: {}\n  version: 1.4.0\n  description: {}\nservers:\n  - url: https://api.acme.example/{}\npaths:\n{paths}",
        api.title, api.description, api.name
    )
}

fn asyncapi(api: &Api) -> String {
    let mut channels = String::new();
    for channel in api.resources {
        channels.push_str(&format!(
            "  {channel}:\n    subscribe:\n      message:\n        name: {channel}\n        payload:\n          type: object\n          properties:\n            id:\n              type: string\n            occurredAt:\n              type: string\n              format: date-time\n"
        ));
    }
    format!(
        "asyncapi: 2.6.0\ninfo:\n  title: {}\n  version: 2.1.0\nchannels:\n{channels}",
        api.title
    )
}

fn grpc(api: &Api) -> String {
    let service: String = api.title.split_whitespace().collect();
    let mut body = format!(
        "syntax = \"proto3\";\n\npackage acme.{};\n\nservice {service} {{\n",
        api.name.replace('-', "_")
    );
    for message in api.resources {
        body.push_str(&format!(
            "  rpc Get{message}(Get{message}Request) returns ({message});\n"
        ));
    }
    body.push_str("}\n");
    for message in api.resources {
        body.push_str(&format!(
            "\nmessage Get{message}Request {{\n  string id = 1;\n}}\n\nmessage {message} {{\n  string id = 1;\n  int64 updated_at = 2;\n}}\n"
        ));
    }
    body
}

fn graphql(api: &Api) -> String {
    let mut body = String::from("type Query {\n");
    for ty in api.resources {
        body.push_str(&format!("  {}(id: ID!): {ty}\n", ty.to_lowercase()));
    }
    body.push_str("}\n");
    for ty in api.resources {
        body.push_str(&format!(
            "\ntype {ty} {{\n  id: ID!\n  name: String\n  updatedAt: String\n}}\n"
        ));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_has_a_definition_in_its_format() {
        let starts = [
            ("openapi", "openapi: 3.0.3"),
            ("asyncapi", "asyncapi: 2.6.0"),
            ("grpc", "syntax = \"proto3\";"),
            ("graphql", "type Query {"),
        ];
        for api in API_TABLE {
            let text = definition(api);
            let (_, start) = starts
                .iter()
                .find(|(k, _)| *k == api.kind)
                .expect("a known API kind");
            assert!(text.starts_with(start), "{} starts with {start}", api.name);
            for resource in api.resources {
                assert!(text.contains(resource), "{} mentions {resource}", api.name);
            }
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = API_TABLE.iter().map(|a| a.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), API_TABLE.len());
    }
}
