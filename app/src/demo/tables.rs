//! The demo organisation's fixed data: teams, systems, domains, components, resources and the
//! names people are drawn from. Each table keeps one row per line, so it skips rustfmt.

use super::profile::Profile;

/// A team: its name, display name, the system it owns and how it delivers.
pub struct Team {
    pub name: &'static str,
    pub display_name: &'static str,
    pub system: &'static str,
    pub profile: Profile,
}

#[rustfmt::skip]
pub const TEAMS: &[Team] = &[
    Team { name: "checkout", display_name: "Checkout", system: "storefront", profile: Profile::Elite },
    Team { name: "payments", display_name: "Payments", system: "payments", profile: Profile::High },
    Team { name: "search", display_name: "Search & Discovery", system: "search", profile: Profile::Elite },
    Team { name: "identity", display_name: "Identity", system: "identity", profile: Profile::High },
    Team { name: "logistics", display_name: "Logistics", system: "fulfilment", profile: Profile::Low },
    Team { name: "data", display_name: "Data Platform", system: "analytics", profile: Profile::Improving },
    Team { name: "mobile", display_name: "Mobile", system: "mobile", profile: Profile::Medium },
    Team { name: "platform", display_name: "Platform Engineering", system: "developer-platform", profile: Profile::High },
];

/// (name, title, description, domain) of each system; the owning team is the one naming it.
#[rustfmt::skip]
pub const SYSTEMS: &[(&str, &str, &str, &str)] = &[
    ("storefront", "Storefront", "The shop customers browse and buy from", "commerce"),
    ("payments", "Payments", "Charging, refunds, payouts and the ledger", "commerce"),
    ("search", "Search", "Product search, ranking and recommendations", "customer"),
    ("identity", "Identity", "Accounts, sign-in and permissions", "customer"),
    ("fulfilment", "Fulfilment", "Warehouses, shipping and returns", "operations"),
    ("analytics", "Analytics", "Events, pipelines, reporting and experiments", "operations"),
    ("mobile", "Mobile Apps", "The iOS and Android apps and their backends", "customer"),
    ("developer-platform", "Developer Platform", "CI, deployment, runtime and developer tools", "platform"),
];

#[rustfmt::skip]
pub const DOMAINS: &[(&str, &str, &str, &str)] = &[
    ("commerce", "Commerce", "Everything customers pay for", "payments"),
    ("customer", "Customer Experience", "How customers find, sign in and come back", "identity"),
    ("operations", "Operations", "Getting orders to customers and knowing how it went", "logistics"),
    ("platform", "Platform", "The paved road every team builds on", "platform"),
];

/// (name, system, type, language, lifecycle, description).
#[rustfmt::skip]
pub const COMPONENTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("web-storefront", "storefront", "website", "typescript", "production", "The customer-facing web shop"),
    ("checkout-api", "storefront", "service", "go", "production", "Turns carts into orders"),
    ("cart-service", "storefront", "service", "go", "production", "Shopping carts and saved items"),
    ("pricing-service", "storefront", "service", "kotlin", "production", "Prices, currencies and taxes"),
    ("promotions-service", "storefront", "service", "kotlin", "production", "Coupons and campaigns"),
    ("storefront-bff", "storefront", "service", "typescript", "production", "Backend for the web storefront"),
    ("product-catalog-service", "storefront", "service", "java", "production", "Products, variants and media"),
    ("storefront-ui-kit", "storefront", "library", "typescript", "production", "Shared React components"),
    ("payment-gateway", "payments", "service", "java", "production", "Talks to card networks and wallets"),
    ("ledger-service", "payments", "service", "java", "production", "Double-entry ledger of all money movements"),
    ("fraud-detector", "payments", "service", "python", "production", "Scores payments for fraud risk"),
    ("refunds-service", "payments", "service", "go", "production", "Refunds and chargebacks"),
    ("payouts-worker", "payments", "service", "go", "production", "Pays out marketplace sellers"),
    ("billing-portal", "payments", "website", "typescript", "production", "Invoices and payment methods for business customers"),
    ("payments-sdk", "payments", "library", "java", "production", "Client library for payment APIs"),
    ("search-api", "search", "service", "rust", "production", "Full-text and faceted product search"),
    ("search-indexer", "search", "service", "rust", "production", "Keeps the search index in step with the catalog"),
    ("query-understanding", "search", "service", "python", "experimental", "Spelling, synonyms and intent"),
    ("recommendations", "search", "service", "python", "production", "Personalised product recommendations"),
    ("autocomplete-service", "search", "service", "rust", "production", "Suggestions as customers type"),
    ("search-ui", "search", "website", "typescript", "production", "Search results and filters"),
    ("ranking-lib", "search", "library", "rust", "production", "Learning-to-rank features and models"),
    ("auth-service", "identity", "service", "go", "production", "Sign-in, tokens and sessions"),
    ("user-profile-service", "identity", "service", "kotlin", "production", "Customer profiles and preferences"),
    ("sso-gateway", "identity", "service", "go", "production", "Single sign-on for staff tools"),
    ("permissions-service", "identity", "service", "go", "production", "Who may do what, for internal tools"),
    ("session-service", "identity", "service", "go", "deprecated", "Legacy session store, replaced by auth-service"),
    ("account-portal", "identity", "website", "typescript", "production", "Where customers manage their account"),
    ("identity-sdk", "identity", "library", "go", "production", "Token verification for services"),
    ("warehouse-service", "fulfilment", "service", "java", "production", "Stock locations and picking"),
    ("shipping-service", "fulfilment", "service", "java", "production", "Labels, carriers and delivery promises"),
    ("inventory-service", "fulfilment", "service", "java", "production", "Available-to-promise stock levels"),
    ("returns-service", "fulfilment", "service", "java", "production", "Return requests and refunds triggers"),
    ("carrier-integrations", "fulfilment", "service", "java", "production", "Adapters for 14 parcel carriers"),
    ("route-optimizer", "fulfilment", "service", "python", "experimental", "Plans delivery routes for own fleet"),
    ("tracking-portal", "fulfilment", "website", "typescript", "production", "Where is my parcel?"),
    ("event-collector", "analytics", "service", "go", "production", "Receives client and server events"),
    ("data-pipeline", "analytics", "service", "python", "production", "Batch transformations into the warehouse"),
    ("clickstream-processor", "analytics", "service", "scala", "production", "Sessionises clickstream in real time"),
    ("reporting-api", "analytics", "service", "python", "production", "Business reports for internal tools"),
    ("experiment-service", "analytics", "service", "kotlin", "production", "A/B test assignment and analysis"),
    ("analytics-dashboard", "analytics", "website", "typescript", "production", "Dashboards for the whole company"),
    ("feature-store", "analytics", "service", "python", "production", "Features for recommendation and fraud models"),
    ("schema-registry-client", "analytics", "library", "go", "production", "Event schema validation"),
    ("mobile-bff", "mobile", "service", "kotlin", "production", "Backend for the mobile apps"),
    ("push-notifications", "mobile", "service", "go", "production", "Push messages to iOS and Android"),
    ("ios-app", "mobile", "mobile-app", "swift", "production", "The iPhone and iPad app"),
    ("android-app", "mobile", "mobile-app", "kotlin", "production", "The Android app"),
    ("deep-link-service", "mobile", "service", "go", "production", "Universal links into the apps"),
    ("app-config-service", "mobile", "service", "go", "production", "Remote configuration for the apps"),
    ("mobile-design-system", "mobile", "library", "kotlin", "production", "Shared UI for both apps"),
    ("developer-portal", "developer-platform", "website", "rust", "production", "Runway, this portal"),
    ("ci-runners", "developer-platform", "service", "go", "production", "Autoscaling CI build runners"),
    ("deploy-orchestrator", "developer-platform", "service", "go", "production", "Rolls out releases across environments"),
    ("feature-flags-service", "developer-platform", "service", "go", "production", "Feature flags and gradual rollouts"),
    ("secrets-broker", "developer-platform", "service", "go", "production", "Short-lived credentials for workloads"),
    ("service-mesh-config", "developer-platform", "service", "go", "production", "Traffic policy for the service mesh"),
    ("observability-gateway", "developer-platform", "service", "go", "production", "Metrics, logs and traces intake"),
    ("registry-proxy", "developer-platform", "service", "go", "production", "Caching proxy for container images"),
    ("platform-cli", "developer-platform", "library", "rust", "production", "The `plat` command-line tool"),
];

/// (name, type, system, description, components that depend on it).
#[rustfmt::skip]
pub const RESOURCES: &[(&str, &str, &str, &str, &[&str])] = &[
    ("checkout-db", "database", "storefront", "PostgreSQL for orders", &["checkout-api"]),
    ("cart-cache", "cache", "storefront", "Redis for carts", &["cart-service", "storefront-bff"]),
    ("payments-db", "database", "payments", "PostgreSQL for payments", &["payment-gateway", "refunds-service"]),
    ("ledger-db", "database", "payments", "PostgreSQL for the ledger", &["ledger-service", "payouts-worker"]),
    ("search-cluster", "search-cluster", "search", "OpenSearch cluster", &["search-api", "search-indexer", "autocomplete-service"]),
    ("identity-db", "database", "identity", "PostgreSQL for accounts", &["auth-service", "user-profile-service"]),
    ("orders-queue", "queue", "fulfilment", "Orders waiting to be picked", &["checkout-api", "warehouse-service"]),
    ("events-stream", "stream", "analytics", "Kafka topics for all events", &["event-collector", "clickstream-processor", "data-pipeline"]),
    ("analytics-warehouse", "data-warehouse", "analytics", "The company's data warehouse", &["data-pipeline", "reporting-api"]),
    ("assets-bucket", "object-store", "storefront", "Product images and static assets", &["product-catalog-service", "web-storefront"]),
];

#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Ben", "Bo", "Chen", "Chiara", "Daniel", "Dara",
    "Elena", "Emeka", "Erik", "Fatima", "Grace", "Hana", "Ines", "Ivan", "Jonas", "Julia", "Kai",
    "Kenji", "Lars", "Lea", "Leila", "Luca", "Maya", "Mei", "Mateo", "Nadia", "Nia", "Noah", "Olga",
    "Omar", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tomas", "Uma", "Victor",
    "Yara", "Yusuf", "Zoe",
];

#[rustfmt::skip]
pub const LAST_NAMES: &[&str] = &[
    "Adeyemi", "Andersen", "Bauer", "Costa", "Dubois", "Eriksson", "Fischer", "Garcia", "Haddad",
    "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Novak", "Okafor", "Petrov",
    "Quinn", "Rossi", "Santos", "Schmidt", "Singh", "Tanaka", "Vargas", "Weber", "Xu", "Yilmaz",
];

pub const EMAIL_DOMAIN: &str = "acme.example";
