//! The demo organisation's software templates, kept as YAML in `templates/` beside this file so
//! that they read as any team's templates do, and go through the catalog's own validation.

use crate::catalog::import::yaml;
use crate::catalog::model::Entity;
use crate::catalog::validate::validate;

/// The templates, as written.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "rust-service.yaml",
        include_str!("templates/rust-service.yaml"),
    ),
    (
        "ephemeral-environment.yaml",
        include_str!("templates/ephemeral-environment.yaml"),
    ),
    ("docs-site.yaml", include_str!("templates/docs-site.yaml")),
    (
        "register-repository.yaml",
        include_str!("templates/register-repository.yaml"),
    ),
];

/// The templates as catalog entities. They are part of the binary, so a broken one is a bug the
/// test below catches, not something to recover from.
pub fn entities() -> Vec<Entity> {
    SOURCES
        .iter()
        .map(|(file, text)| {
            let document = yaml::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            validate(&document).unwrap_or_else(|problems| panic!("{file}: {problems:?}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::spec::read_spec_fields;

    #[test]
    fn every_demo_template_is_valid_and_has_a_form() {
        let all = entities();
        assert_eq!(all.len(), SOURCES.len());
        for entity in all {
            let spec = read_spec_fields(&entity.spec).expect("a valid spec");
            assert!(!spec.parameters.is_empty(), "{}", entity.metadata.name);
            assert!(!spec.steps.is_empty(), "{}", entity.metadata.name);
        }
    }
}
