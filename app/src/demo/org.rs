//! The demo organisation as catalog entities: teams, people, domains, systems, components, APIs
//! and resources of a mid-sized online retailer.
//!
//! Names and structure are fixed so screenshots and docs stay recognisable; the seed picks the
//! people in each team, the API consumers and the identifiers.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::apis::{API_TABLE, definition};
use super::tables::{
    COMPONENTS, DOMAINS, EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES, RESOURCES, SYSTEMS, TEAMS,
};
use crate::catalog::model::{API_VERSION, Entity, Link, Metadata};

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
        status: None,
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
    all.extend(super::accounts::entities());
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
