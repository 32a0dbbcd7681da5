//! The demo organisation as catalog entities: teams, people, domains, systems, components, APIs
//! and resources of a mid-sized online retailer.
//!
//! Names and structure are fixed so screenshots and docs stay recognisable; the seed picks the
//! people in each team, the API consumers and the identifiers.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::apis::{API_TABLE, definition};
use super::profile::Profile;
use crate::catalog::model::{API_VERSION, Entity, Link, Metadata};

/// A team: name, display name, its system, its domain, how it delivers.
pub struct Team {
    pub name: &'static str,
    pub display_name: &'static str,
    pub system: &'static str,
    pub profile: Profile,
}

pub const TEAMS: &[Team] = &[
    Team {
        name: "checkout",
        display_name: "Checkout",
        system: "storefront",
        profile: Profile::Elite,
    },
    Team {
        name: "payments",
        display_name: "Payments",
        system: "payments",
        profile: Profile::High,
    },
    Team {
        name: "search",
        display_name: "Search & Discovery",
        system: "search",
        profile: Profile::Elite,
    },
    Team {
        name: "identity",
        display_name: "Identity",
        system: "identity",
        profile: Profile::High,
    },
    Team {
        name: "logistics",
        display_name: "Logistics",
        system: "fulfilment",
        profile: Profile::Low,
    },
    Team {
        name: "data",
        display_name: "Data Platform",
        system: "analytics",
        profile: Profile::Improving,
    },
    Team {
        name: "mobile",
        display_name: "Mobile",
        system: "mobile",
        profile: Profile::Medium,
    },
    Team {
        name: "platform",
        display_name: "Platform Engineering",
        system: "developer-platform",
        profile: Profile::High,
    },
];

/// (name, title, description, domain) of each system; the owning team is the one naming it.
const SYSTEMS: &[(&str, &str, &str, &str)] = &[
    (
        "storefront",
        "Storefront",
        "The shop customers browse and buy from",
        "commerce",
    ),
    (
        "payments",
        "Payments",
        "Charging, refunds, payouts and the ledger",
        "commerce",
    ),
    (
        "search",
        "Search",
        "Product search, ranking and recommendations",
        "customer",
    ),
    (
        "identity",
        "Identity",
        "Accounts, sign-in and permissions",
        "customer",
    ),
    (
        "fulfilment",
        "Fulfilment",
        "Warehouses, shipping and returns",
        "operations",
    ),
    (
        "analytics",
        "Analytics",
        "Events, pipelines, reporting and experiments",
        "operations",
    ),
    (
        "mobile",
        "Mobile Apps",
        "The iOS and Android apps and their backends",
        "customer",
    ),
    (
        "developer-platform",
        "Developer Platform",
        "CI, deployment, runtime and developer tools",
        "platform",
    ),
];

const DOMAINS: &[(&str, &str, &str, &str)] = &[
    (
        "commerce",
        "Commerce",
        "Everything customers pay for",
        "payments",
    ),
    (
        "customer",
        "Customer Experience",
        "How customers find, sign in and come back",
        "identity",
    ),
    (
        "operations",
        "Operations",
        "Getting orders to customers and knowing how it went",
        "logistics",
    ),
    (
        "platform",
        "Platform",
        "The paved road every team builds on",
        "platform",
    ),
];

/// (name, system, type, language, lifecycle, description).
pub const COMPONENTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "web-storefront",
        "storefront",
        "website",
        "typescript",
        "production",
        "The customer-facing web shop",
    ),
    (
        "checkout-api",
        "storefront",
        "service",
        "go",
        "production",
        "Turns carts into orders",
    ),
    (
        "cart-service",
        "storefront",
        "service",
        "go",
        "production",
        "Shopping carts and saved items",
    ),
    (
        "pricing-service",
        "storefront",
        "service",
        "kotlin",
        "production",
        "Prices, currencies and taxes",
    ),
    (
        "promotions-service",
        "storefront",
        "service",
        "kotlin",
        "production",
        "Coupons and campaigns",
    ),
    (
        "storefront-bff",
        "storefront",
        "service",
        "typescript",
        "production",
        "Backend for the web storefront",
    ),
    (
        "product-catalog-service",
        "storefront",
        "service",
        "java",
        "production",
        "Products, variants and media",
    ),
    (
        "storefront-ui-kit",
        "storefront",
        "library",
        "typescript",
        "production",
        "Shared React components",
    ),
    (
        "payment-gateway",
        "payments",
        "service",
        "java",
        "production",
        "Talks to card networks and wallets",
    ),
    (
        "ledger-service",
        "payments",
        "service",
        "java",
        "production",
        "Double-entry ledger of all money movements",
    ),
    (
        "fraud-detector",
        "payments",
        "service",
        "python",
        "production",
        "Scores payments for fraud risk",
    ),
    (
        "refunds-service",
        "payments",
        "service",
        "go",
        "production",
        "Refunds and chargebacks",
    ),
    (
        "payouts-worker",
        "payments",
        "service",
        "go",
        "production",
        "Pays out marketplace sellers",
    ),
    (
        "billing-portal",
        "payments",
        "website",
        "typescript",
        "production",
        "Invoices and payment methods for business customers",
    ),
    (
        "payments-sdk",
        "payments",
        "library",
        "java",
        "production",
        "Client library for payment APIs",
    ),
    (
        "search-api",
        "search",
        "service",
        "rust",
        "production",
        "Full-text and faceted product search",
    ),
    (
        "search-indexer",
        "search",
        "service",
        "rust",
        "production",
        "Keeps the search index in step with the catalog",
    ),
    (
        "query-understanding",
        "search",
        "service",
        "python",
        "experimental",
        "Spelling, synonyms and intent",
    ),
    (
        "recommendations",
        "search",
        "service",
        "python",
        "production",
        "Personalised product recommendations",
    ),
    (
        "autocomplete-service",
        "search",
        "service",
        "rust",
        "production",
        "Suggestions as customers type",
    ),
    (
        "search-ui",
        "search",
        "website",
        "typescript",
        "production",
        "Search results and filters",
    ),
    (
        "ranking-lib",
        "search",
        "library",
        "rust",
        "production",
        "Learning-to-rank features and models",
    ),
    (
        "auth-service",
        "identity",
        "service",
        "go",
        "production",
        "Sign-in, tokens and sessions",
    ),
    (
        "user-profile-service",
        "identity",
        "service",
        "kotlin",
        "production",
        "Customer profiles and preferences",
    ),
    (
        "sso-gateway",
        "identity",
        "service",
        "go",
        "production",
        "Single sign-on for staff tools",
    ),
    (
        "permissions-service",
        "identity",
        "service",
        "go",
        "production",
        "Who may do what, for internal tools",
    ),
    (
        "session-service",
        "identity",
        "service",
        "go",
        "deprecated",
        "Legacy session store, replaced by auth-service",
    ),
    (
        "account-portal",
        "identity",
        "website",
        "typescript",
        "production",
        "Where customers manage their account",
    ),
    (
        "identity-sdk",
        "identity",
        "library",
        "go",
        "production",
        "Token verification for services",
    ),
    (
        "warehouse-service",
        "fulfilment",
        "service",
        "java",
        "production",
        "Stock locations and picking",
    ),
    (
        "shipping-service",
        "fulfilment",
        "service",
        "java",
        "production",
        "Labels, carriers and delivery promises",
    ),
    (
        "inventory-service",
        "fulfilment",
        "service",
        "java",
        "production",
        "Available-to-promise stock levels",
    ),
    (
        "returns-service",
        "fulfilment",
        "service",
        "java",
        "production",
        "Return requests and refunds triggers",
    ),
    (
        "carrier-integrations",
        "fulfilment",
        "service",
        "java",
        "production",
        "Adapters for 14 parcel carriers",
    ),
    (
        "route-optimizer",
        "fulfilment",
        "service",
        "python",
        "experimental",
        "Plans delivery routes for own fleet",
    ),
    (
        "tracking-portal",
        "fulfilment",
        "website",
        "typescript",
        "production",
        "Where is my parcel?",
    ),
    (
        "event-collector",
        "analytics",
        "service",
        "go",
        "production",
        "Receives client and server events",
    ),
    (
        "data-pipeline",
        "analytics",
        "service",
        "python",
        "production",
        "Batch transformations into the warehouse",
    ),
    (
        "clickstream-processor",
        "analytics",
        "service",
        "scala",
        "production",
        "Sessionises clickstream in real time",
    ),
    (
        "reporting-api",
        "analytics",
        "service",
        "python",
        "production",
        "Business reports for internal tools",
    ),
    (
        "experiment-service",
        "analytics",
        "service",
        "kotlin",
        "production",
        "A/B test assignment and analysis",
    ),
    (
        "analytics-dashboard",
        "analytics",
        "website",
        "typescript",
        "production",
        "Dashboards for the whole company",
    ),
    (
        "feature-store",
        "analytics",
        "service",
        "python",
        "production",
        "Features for recommendation and fraud models",
    ),
    (
        "schema-registry-client",
        "analytics",
        "library",
        "go",
        "production",
        "Event schema validation",
    ),
    (
        "mobile-bff",
        "mobile",
        "service",
        "kotlin",
        "production",
        "Backend for the mobile apps",
    ),
    (
        "push-notifications",
        "mobile",
        "service",
        "go",
        "production",
        "Push messages to iOS and Android",
    ),
    (
        "ios-app",
        "mobile",
        "mobile-app",
        "swift",
        "production",
        "The iPhone and iPad app",
    ),
    (
        "android-app",
        "mobile",
        "mobile-app",
        "kotlin",
        "production",
        "The Android app",
    ),
    (
        "deep-link-service",
        "mobile",
        "service",
        "go",
        "production",
        "Universal links into the apps",
    ),
    (
        "app-config-service",
        "mobile",
        "service",
        "go",
        "production",
        "Remote configuration for the apps",
    ),
    (
        "mobile-design-system",
        "mobile",
        "library",
        "kotlin",
        "production",
        "Shared UI for both apps",
    ),
    (
        "developer-portal",
        "developer-platform",
        "website",
        "rust",
        "production",
        "Runway, this portal",
    ),
    (
        "ci-runners",
        "developer-platform",
        "service",
        "go",
        "production",
        "Autoscaling CI build runners",
    ),
    (
        "deploy-orchestrator",
        "developer-platform",
        "service",
        "go",
        "production",
        "Rolls out releases across environments",
    ),
    (
        "feature-flags-service",
        "developer-platform",
        "service",
        "go",
        "production",
        "Feature flags and gradual rollouts",
    ),
    (
        "secrets-broker",
        "developer-platform",
        "service",
        "go",
        "production",
        "Short-lived credentials for workloads",
    ),
    (
        "service-mesh-config",
        "developer-platform",
        "service",
        "go",
        "production",
        "Traffic policy for the service mesh",
    ),
    (
        "observability-gateway",
        "developer-platform",
        "service",
        "go",
        "production",
        "Metrics, logs and traces intake",
    ),
    (
        "registry-proxy",
        "developer-platform",
        "service",
        "go",
        "production",
        "Caching proxy for container images",
    ),
    (
        "platform-cli",
        "developer-platform",
        "library",
        "rust",
        "production",
        "The `plat` command-line tool",
    ),
];

/// (name, type, system, description, components that depend on it).
const RESOURCES: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "checkout-db",
        "database",
        "storefront",
        "PostgreSQL for orders",
        &["checkout-api"],
    ),
    (
        "cart-cache",
        "cache",
        "storefront",
        "Redis for carts",
        &["cart-service", "storefront-bff"],
    ),
    (
        "payments-db",
        "database",
        "payments",
        "PostgreSQL for payments",
        &["payment-gateway", "refunds-service"],
    ),
    (
        "ledger-db",
        "database",
        "payments",
        "PostgreSQL for the ledger",
        &["ledger-service", "payouts-worker"],
    ),
    (
        "search-cluster",
        "search-cluster",
        "search",
        "OpenSearch cluster",
        &["search-api", "search-indexer", "autocomplete-service"],
    ),
    (
        "identity-db",
        "database",
        "identity",
        "PostgreSQL for accounts",
        &["auth-service", "user-profile-service"],
    ),
    (
        "orders-queue",
        "queue",
        "fulfilment",
        "Orders waiting to be picked",
        &["checkout-api", "warehouse-service"],
    ),
    (
        "events-stream",
        "stream",
        "analytics",
        "Kafka topics for all events",
        &["event-collector", "clickstream-processor", "data-pipeline"],
    ),
    (
        "analytics-warehouse",
        "data-warehouse",
        "analytics",
        "The company's data warehouse",
        &["data-pipeline", "reporting-api"],
    ),
    (
        "assets-bucket",
        "object-store",
        "storefront",
        "Product images and static assets",
        &["product-catalog-service", "web-storefront"],
    ),
];

const FIRST_NAMES: &[&str] = &[
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Ben", "Bo", "Chen", "Chiara", "Daniel", "Dara",
    "Elena", "Emeka", "Erik", "Fatima", "Grace", "Hana", "Ines", "Ivan", "Jonas", "Julia", "Kai",
    "Kenji", "Lars", "Lea", "Leila", "Luca", "Maya", "Mei", "Mateo", "Nadia", "Nia", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tomas", "Uma",
    "Victor", "Yara", "Yusuf", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Adeyemi", "Andersen", "Bauer", "Costa", "Dubois", "Eriksson", "Fischer", "Garcia", "Haddad",
    "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Novak", "Okafor", "Petrov",
    "Quinn", "Rossi", "Santos", "Schmidt", "Singh", "Tanaka", "Vargas", "Weber", "Xu", "Yilmaz",
];

pub const EMAIL_DOMAIN: &str = "acme.example";

/// A person in the demo organisation.
pub struct Person {
    pub login: String,
    pub display_name: String,
    pub team: &'static str,
}

/// Picks 4 to 7 people per team, each with a unique login.
pub fn people(rng: &mut ChaCha8Rng) -> Vec<Person> {
    let mut taken = std::collections::BTreeSet::new();
    let mut people = Vec::new();
    for team in TEAMS {
        for _ in 0..rng.random_range(4..=7) {
            let (first, last) = loop {
                let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
                let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
                if taken.insert((first, last)) {
                    break (first, last);
                }
            };
            people.push(Person {
                login: format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
                display_name: format!("{first} {last}"),
                team: team.name,
            });
        }
    }
    people
}

/// The team owning a system.
pub fn owner_of_system(system: &str) -> &'static str {
    TEAMS
        .iter()
        .find(|t| t.system == system)
        .map_or("platform", |t| t.name)
}

fn entity(kind: &str, name: &str, title: Option<&str>, description: &str, spec: Value) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: kind.into(),
        metadata: Metadata {
            name: name.into(),
            title: title.map(str::to_owned),
            description: Some(description.into()),
            ..Metadata::default()
        },
        spec: spec.as_object().cloned().unwrap_or_default(),
        relations: vec![],
    }
}

/// Every catalog entity of the organisation. `people` come from [`people`].
pub fn entities(rng: &mut ChaCha8Rng, people: &[Person]) -> Vec<Entity> {
    let mut all = vec![entity(
        "Group",
        "engineering",
        Some("Engineering"),
        "Everyone who builds Acme's products",
        json!({"type": "organization", "profile": {"displayName": "Engineering", "email": format!("engineering@{EMAIL_DOMAIN}")}, "children": TEAMS.iter().map(|t| t.name).collect::<Vec<_>>()}),
    )];
    for team in TEAMS {
        all.push(entity(
            "Group",
            team.name,
            Some(team.display_name),
            &format!("The {} team", team.display_name),
            json!({"type": "team", "parent": "engineering", "children": [], "profile": {"displayName": team.display_name, "email": format!("{}@{EMAIL_DOMAIN}", team.name)}}),
        ));
    }
    for person in people {
        all.push(entity(
            "User",
            &person.login,
            None,
            &format!("Member of {}", person.team),
            json!({"profile": {"displayName": person.display_name, "email": format!("{}@{EMAIL_DOMAIN}", person.login)}, "memberOf": [person.team]}),
        ));
    }
    for (name, title, description, owner) in DOMAINS {
        all.push(entity(
            "Domain",
            name,
            Some(title),
            description,
            json!({"owner": owner}),
        ));
    }
    for (name, title, description, domain) in SYSTEMS {
        all.push(entity(
            "System",
            name,
            Some(title),
            description,
            json!({"owner": owner_of_system(name), "domain": domain}),
        ));
    }
    let service_names: Vec<&str> = COMPONENTS
        .iter()
        .filter(|c| c.2 == "service")
        .map(|c| c.0)
        .collect();
    for (name, system, kind, language, lifecycle, description) in COMPONENTS {
        let provides: Vec<&str> = API_TABLE
            .iter()
            .filter(|a| a.provider == *name)
            .map(|a| a.name)
            .collect();
        let consumes: Vec<&str> = API_TABLE
            .iter()
            .filter(|a| a.provider != *name && rng.random_bool(0.12))
            .map(|a| a.name)
            .collect();
        let mut depends: Vec<String> = RESOURCES
            .iter()
            .filter(|r| r.4.contains(name))
            .map(|r| format!("resource:{}", r.0))
            .collect();
        if *kind == "service" && rng.random_bool(0.3) {
            let other = service_names[rng.random_range(0..service_names.len())];
            if other != *name {
                depends.push(format!("component:{other}"));
            }
        }
        let mut e = entity(
            "Component",
            name,
            None,
            description,
            json!({"type": kind, "lifecycle": lifecycle, "owner": owner_of_system(system), "system": system,
                   "providesApis": provides, "consumesApis": consumes, "dependsOn": depends}),
        );
        e.metadata.tags = vec![language.to_string()];
        e.metadata.annotations = [
            ("github.com/project-slug".to_owned(), format!("acme/{name}")),
            ("backstage.io/techdocs-ref".to_owned(), "dir:.".to_owned()),
            (
                "pagerduty.com/service-id".to_owned(),
                format!("P{:06X}", rng.random_range(0..0xFF_FFFF)),
            ),
        ]
        .into();
        e.metadata.links = vec![
            Link {
                url: format!("https://runbooks.{EMAIL_DOMAIN}/{name}"),
                title: Some("Runbook".into()),
                icon: Some("docs".into()),
            },
            Link {
                url: format!("https://grafana.{EMAIL_DOMAIN}/d/{name}"),
                title: Some("Dashboard".into()),
                icon: Some("dashboard".into()),
            },
        ];
        all.push(e);
    }
    for api in API_TABLE {
        let system = COMPONENTS
            .iter()
            .find(|c| c.0 == api.provider)
            .map_or("developer-platform", |c| c.1);
        let mut e = entity(
            "API",
            api.name,
            Some(api.title),
            api.description,
            json!({"type": api.kind, "lifecycle": "production", "owner": owner_of_system(system), "system": system,
                   "definition": definition(api)}),
        );
        e.metadata.tags = vec![api.kind.to_string()];
        all.push(e);
    }
    for (name, kind, system, description, _) in RESOURCES {
        all.push(entity(
            "Resource",
            name,
            None,
            description,
            json!({"type": kind, "owner": owner_of_system(system), "system": system}),
        ));
    }
    for e in &mut all {
        e.metadata.uid = Some(
            uuid::Builder::from_random_bytes(rng.random())
                .into_uuid()
                .to_string(),
        );
    }
    all
}
