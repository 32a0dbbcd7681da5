//! The kinds of entity Runway understands: their API versions and the spec fields each requires
//! or allows, with the kind a field's refs default to.

/// The kinds Runway understands, with the API versions each accepts.
pub const KIND_VERSIONS: &[(&str, &[&str])] = &[
    ("Component", BACKSTAGE_VERSIONS),
    ("API", BACKSTAGE_VERSIONS),
    ("Resource", BACKSTAGE_VERSIONS),
    ("System", BACKSTAGE_VERSIONS),
    ("Domain", BACKSTAGE_VERSIONS),
    ("Group", BACKSTAGE_VERSIONS),
    ("User", BACKSTAGE_VERSIONS),
    ("Location", BACKSTAGE_VERSIONS),
    ("Template", &["scaffolder.backstage.io/v1beta3"]),
];

const BACKSTAGE_VERSIONS: &[&str] = &["backstage.io/v1alpha1", "backstage.io/v1beta1"];

/// Spec fields per kind: (field, shape, required, default kind when the field holds refs).
pub(super) type SpecRule = (&'static str, Shape, bool, Option<&'static str>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Text,
    TextList,
}

use Shape::{Text, TextList};

const COMPONENT: &[SpecRule] = &[
    ("type", Text, true, None),
    ("lifecycle", Text, true, None),
    ("owner", Text, true, Some("group")),
    ("system", Text, false, Some("system")),
    ("subcomponentOf", Text, false, Some("component")),
    ("providesApis", TextList, false, Some("api")),
    ("consumesApis", TextList, false, Some("api")),
    ("dependsOn", TextList, false, Some("component")),
    ("dependencyOf", TextList, false, Some("component")),
];
const API: &[SpecRule] = &[
    ("type", Text, true, None),
    ("lifecycle", Text, true, None),
    ("owner", Text, true, Some("group")),
    ("definition", Text, true, None),
    ("system", Text, false, Some("system")),
];
const RESOURCE: &[SpecRule] = &[
    ("type", Text, true, None),
    ("owner", Text, true, Some("group")),
    ("system", Text, false, Some("system")),
    ("dependsOn", TextList, false, Some("component")),
    ("dependencyOf", TextList, false, Some("component")),
];
const SYSTEM: &[SpecRule] = &[
    ("owner", Text, true, Some("group")),
    ("domain", Text, false, Some("domain")),
    ("type", Text, false, None),
];
const DOMAIN: &[SpecRule] = &[
    ("owner", Text, true, Some("group")),
    ("subdomainOf", Text, false, Some("domain")),
    ("type", Text, false, None),
];
const GROUP: &[SpecRule] = &[
    ("type", Text, true, None),
    ("children", TextList, true, Some("group")),
    ("parent", Text, false, Some("group")),
    ("members", TextList, false, Some("user")),
];
const USER: &[SpecRule] = &[("memberOf", TextList, false, Some("group"))];
const LOCATION: &[SpecRule] = &[
    ("type", Text, false, None),
    ("target", Text, false, None),
    ("targets", TextList, false, None),
    ("presence", Text, false, None),
];
const TEMPLATE: &[SpecRule] = &[
    ("type", Text, true, None),
    ("owner", Text, false, Some("group")),
];

pub(super) fn spec_rules(kind: &str) -> &'static [SpecRule] {
    match kind {
        "Component" => COMPONENT,
        "API" => API,
        "Resource" => RESOURCE,
        "System" => SYSTEM,
        "Domain" => DOMAIN,
        "Group" => GROUP,
        "User" => USER,
        "Location" => LOCATION,
        _ => TEMPLATE,
    }
}

/// Values people usually give a spec field, offered in forms; any other value is valid too.
/// These are the ones Backstage's documentation and example catalog use.
pub fn suggestions(kind: &str, field: &str) -> &'static [&'static str] {
    match (kind.to_ascii_lowercase().as_str(), field) {
        ("component" | "api", "lifecycle") => &["production", "experimental", "deprecated"],
        ("component", "type") => &["service", "website", "library"],
        ("api", "type") => &["openapi", "asyncapi", "graphql", "grpc"],
        ("resource", "type") => &["database", "cache", "queue", "bucket"],
        ("group", "type") => &["team", "business-unit", "product-area", "organization"],
        ("location", "type") => &["url", "file"],
        _ => &[],
    }
}

/// The spec fields of a kind as (field, is a list, required), for forms.
pub fn spec_fields(kind: &str) -> Vec<(&'static str, bool, bool)> {
    let kind = KIND_VERSIONS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.eq_ignore_ascii_case(kind))
        .unwrap_or("Template");
    spec_rules(kind)
        .iter()
        .filter(|(field, ..)| *field != "definition")
        .map(|(field, shape, required, _)| (*field, *shape == TextList, *required))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_for_fields_the_kind_has() {
        for (kind, _) in KIND_VERSIONS {
            let fields: Vec<&str> = spec_fields(kind).iter().map(|(f, ..)| *f).collect();
            for field in ["type", "lifecycle", "owner", "system"] {
                if !suggestions(kind, field).is_empty() {
                    assert!(fields.contains(&field), "{kind} has no {field}");
                }
            }
        }
        assert_eq!(
            suggestions("Component", "type"),
            ["service", "website", "library"]
        );
        assert_eq!(suggestions("API", "lifecycle")[0], "production");
        assert!(suggestions("User", "type").is_empty());
    }
}
