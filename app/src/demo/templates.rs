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

/// The files of the demo templates' skeletons: (template, path beside the template, text). The
/// fetch actions read them as they read a template's folder in a location.
pub const SKELETONS: &[(&str, &str, &str)] = &[
    (
        "docs-site",
        "skeleton/catalog-info.yaml",
        include_str!("templates/skeletons/docs-site/catalog-info.yaml"),
    ),
    (
        "docs-site",
        "skeleton/docs/decisions.md",
        include_str!("templates/skeletons/docs-site/docs/decisions.md"),
    ),
    (
        "docs-site",
        "skeleton/docs/index.md",
        include_str!("templates/skeletons/docs-site/docs/index.md"),
    ),
    (
        "docs-site",
        "skeleton/mkdocs.yml",
        include_str!("templates/skeletons/docs-site/mkdocs.yml"),
    ),
    (
        "rust-service",
        "skeleton/.github/workflows/ci.yml",
        include_str!("templates/skeletons/rust-service/.github/workflows/ci.yml"),
    ),
    (
        "rust-service",
        "skeleton/Cargo.toml",
        include_str!("templates/skeletons/rust-service/Cargo.toml"),
    ),
    (
        "rust-service",
        "skeleton/README.md",
        include_str!("templates/skeletons/rust-service/README.md"),
    ),
    (
        "rust-service",
        "skeleton/catalog-info.yaml",
        include_str!("templates/skeletons/rust-service/catalog-info.yaml"),
    ),
    (
        "rust-service",
        "skeleton/src/main.rs",
        include_str!("templates/skeletons/rust-service/src/main.rs"),
    ),
];

/// The annotation that tells the fetch actions a template's skeletons are built in.
pub const SKELETONS_ANNOTATION: &str = "runway.dev/skeletons";

/// The templates as catalog entities. They are part of the binary, so a broken one is a bug the
/// test below catches, not something to recover from.
pub fn entities() -> Vec<Entity> {
    SOURCES
        .iter()
        .map(|(file, text)| {
            let document = yaml::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut entity =
                validate(&document).unwrap_or_else(|problems| panic!("{file}: {problems:?}"));
            let built_in = format!("demo:{}", entity.metadata.name);
            entity
                .metadata
                .annotations
                .insert(SKELETONS_ANNOTATION.to_owned(), built_in);
            entity
        })
        .collect()
}

/// Whether `entity` is one of these templates as shipped: its name, namespace and spec. Only
/// those get the built-in skeletons; an imported template that names them in its annotation,
/// or a shipped one whose steps were changed, does not (review item 7).
pub fn is_shipped(entity: &Entity) -> bool {
    static SHIPPED: std::sync::LazyLock<Vec<Entity>> = std::sync::LazyLock::new(entities);
    SHIPPED.iter().any(|shipped| {
        shipped.metadata.name == entity.metadata.name
            && shipped.metadata.namespace == entity.metadata.namespace
            && shipped.spec == entity.spec
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::spec::read_spec_fields;

    #[test]
    fn only_a_shipped_template_is_shipped() {
        let shipped = entities().remove(0);
        assert!(is_shipped(&shipped));
        let mut changed = shipped.clone();
        changed.spec.insert("steps".into(), serde_json::json!([]));
        assert!(!is_shipped(&changed), "its steps changed");
        let mut renamed = shipped.clone();
        renamed.metadata.name = "lookalike".into();
        assert!(!is_shipped(&renamed), "another name claiming the skeletons");
        let mut elsewhere = shipped;
        elsewhere.metadata.namespace = Some("other".into());
        assert!(!is_shipped(&elsewhere));
    }

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
