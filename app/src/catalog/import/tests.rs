//! Import tests on SQLite and PostgreSQL: Backstage's example catalog, idempotence, and every
//! kind of bad input refused with a precise message and nothing stored.

use std::path::PathBuf;

use super::*;
use crate::catalog::store::{count_entities, relations_from};
use crate::db::{Db, testing};
use crate::server::ctx::Ctx;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/backstage-examples")
}

/// Runway's own context over `db`, as `runway import` has.
fn ctx(db: &Db) -> Ctx {
    Ctx::system(db, Default::default(), "tester")
}

fn options() -> Options {
    Options {
        action: "catalog.import".into(),
        ..Options::default()
    }
}

fn read_all(root: &std::path::Path) -> (Vec<Source>, Vec<ImportProblem>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let remote = substitute::Remote::default();
    files::read_tree(root, &Placement::default(), &remote, deadline)
}

/// The rules of `runway import`: Runway itself, through the import door.
const SYSTEM: Rules<'static> = Rules {
    writer: crate::catalog::rules::Writer::System,
    door: crate::catalog::rules::Door::Import,
};

fn upload(file: &str, text: &str) -> Source {
    Source {
        file: file.into(),
        text: text.into(),
        ..Source::default()
    }
}

async fn total(db: &Db) -> i64 {
    let mut n = 0;
    for kind in [
        "component",
        "api",
        "resource",
        "system",
        "domain",
        "group",
        "user",
        "location",
    ] {
        n += count_entities(db, kind, None).await.unwrap();
    }
    n
}

#[tokio::test]
async fn imports_the_backstage_example_catalog() {
    let (sources, problems) = read_all(&examples());
    assert_eq!(problems, vec![], "every example file is readable");
    assert_eq!(sources.len(), 40);
    for t in testing::databases().await {
        let report = import(&ctx(&t.db), sources.clone(), &options(), &SYSTEM)
            .await
            .unwrap();
        assert_eq!(report.errors, vec![], "{:?}", t.backend());
        assert_eq!(
            (report.created, report.updated, report.rejected),
            (57, 0, 0)
        );
        assert!(report.applied);
        for (kind, expected) in [
            ("user", 16),
            ("component", 13),
            ("group", 8),
            ("api", 7),
            ("location", 7),
            ("system", 3),
            ("domain", 2),
            ("resource", 1),
        ] {
            assert_eq!(
                count_entities(&t.db, kind, None).await.unwrap(),
                expected,
                "{kind}"
            );
        }
        // The three definitions that live on GitHub cannot be fetched here: one clear warning each.
        assert_eq!(report.warnings.len(), 3, "{:?}", report.warnings);
        for warning in &report.warnings {
            assert!(warning.file.starts_with("apis/"), "{warning}");
            assert_eq!(warning.path, "spec.definition");
            assert!(
                warning
                    .message
                    .contains("https://github.com/APIs-guru/openapi-directory"),
                "{warning}"
            );
            assert!(
                warning
                    .message
                    .contains("github.com is not an allowed host"),
                "{warning}"
            );
        }
        // Relations in both directions, from spec fields of several kinds.
        let artist_lookup = relations_from(&t.db, "component:default/artist-lookup")
            .await
            .unwrap();
        for expected in [
            ("ownedBy", "group:default/team-a"),
            ("partOf", "system:default/artist-engagement-portal"),
        ] {
            assert!(
                artist_lookup.contains(&(expected.0.to_owned(), expected.1.to_owned())),
                "{artist_lookup:?}"
            );
        }
        let team_a = relations_from(&t.db, "group:default/team-a").await.unwrap();
        assert!(team_a.contains(&("ownerOf".into(), "component:default/artist-lookup".into())));
        assert!(team_a.iter().any(|(kind, _)| kind == "hasMember"));
        assert!(
            team_a.contains(&("childOf".into(), "group:default/backstage".into())),
            "{team_a:?}"
        );

        // Importing the same files again changes nothing.
        let again = import(&ctx(&t.db), sources.clone(), &options(), &SYSTEM)
            .await
            .unwrap();
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 57));
        assert!(!again.applied);
        t.close().await;
    }
}

#[tokio::test]
async fn bad_documents_are_refused_precisely_and_nothing_is_stored() {
    let valid = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n";
    let cases: Vec<(&str, String, &str, i64, &str)> = vec![
        (
            "syntax.yaml",
            format!("{valid}---\nkind: [\n"),
            "",
            2,
            "invalid YAML",
        ),
        (
            "list.yaml",
            format!("{valid}---\n- a\n- b\n"),
            "",
            2,
            "must be a mapping, not a list",
        ),
        (
            "version.yaml",
            valid.replace("v1alpha1", "v9"),
            "apiVersion",
            1,
            "does not support",
        ),
        (
            "kind.yaml",
            valid.replace("Component", "Widget"),
            "kind",
            1,
            "unknown kind",
        ),
        (
            "name.yaml",
            valid.replace("name: cart", "name: -cart-"),
            "metadata.name",
            1,
            "not a valid name",
        ),
        (
            "owner.yaml",
            valid.replace("  owner: team-a\n", ""),
            "spec.owner",
            1,
            "required for a Component",
        ),
        (
            "twice.yaml",
            format!("{valid}---\n{valid}"),
            "metadata.name",
            1,
            "also defined in twice.yaml document 2",
        ),
        (
            "binary.yaml",
            "\u{0}\u{1}ELF".to_owned(),
            "",
            0,
            "binary data",
        ),
        (
            "unknown.yaml",
            format!("{valid}extra: 1\n"),
            "extra",
            1,
            "unknown field",
        ),
    ];
    for t in testing::databases().await {
        for (file, text, path, document, message) in &cases {
            let sources = vec![
                upload("good.yaml", &valid.replace("cart", "good")),
                upload(file, text),
            ];
            let report = import(&ctx(&t.db), sources, &options(), &SYSTEM)
                .await
                .unwrap();
            assert!(!report.applied, "{file}");
            let error = report
                .errors
                .first()
                .unwrap_or_else(|| panic!("{file}: no error"));
            assert_eq!(
                (error.file.as_str(), error.path.as_str(), error.document),
                (*file, *path, *document),
                "{error}"
            );
            assert!(error.message.contains(message), "{file}: {error}");
            assert_eq!(total(&t.db).await, 0, "{file}: nothing stored");
        }
        t.close().await;
    }
}

#[tokio::test]
async fn partial_imports_keep_the_valid_documents_and_dry_runs_keep_nothing() {
    let good = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: shop\nspec:\n  owner: team-a\n";
    let dangling = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  lifecycle: beta\n  owner: team-a\n  dependsOn: [component:ghost]\n";
    let bad = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: bad name\n";
    for t in testing::databases().await {
        let sources = || {
            vec![upload(
                "a.yaml",
                &format!("{good}---\n{dangling}---\n{bad}"),
            )]
        };
        let dry = Options {
            dry_run: true,
            partial: true,
            ..options()
        };
        let report = import(&ctx(&t.db), sources(), &dry, &SYSTEM).await.unwrap();
        assert_eq!(
            (report.created, report.rejected, report.applied),
            (2, 1, false)
        );
        assert_eq!(total(&t.db).await, 0);

        let partial = Options {
            partial: true,
            ..options()
        };
        let report = import(&ctx(&t.db), sources(), &partial, &SYSTEM)
            .await
            .unwrap();
        assert!(report.applied);
        assert_eq!(total(&t.db).await, 2, "{:?}", t.backend());
        // A ref to a missing entity is accepted; the relation is stored and dangles.
        let cart = relations_from(&t.db, "component:default/cart")
            .await
            .unwrap();
        assert!(cart.contains(&("dependsOn".into(), "component:default/ghost".into())));

        // Someone who may not update others' entities gets a rejection, not a silent overwrite.
        let changed = good.replace("team-a", "team-b");
        let policy = crate::access::decision::Policy::default();
        let principal = crate::access::decision::Principal {
            user_id: "nobody".into(),
            login: "nobody".into(),
            active: true,
            teams: Default::default(),
        };
        let nobody = Rules {
            writer: crate::catalog::rules::Writer::Person {
                policy: &policy,
                principal: &principal,
            },
            door: crate::catalog::rules::Door::Import,
        };
        let report = import(
            &ctx(&t.db),
            vec![upload("s.yaml", &changed)],
            &options(),
            &nobody,
        )
        .await
        .unwrap();
        assert_eq!(report.rejected, 1);
        assert!(
            report.errors[0]
                .message
                .contains("you may not change system:default/shop")
        );
        t.close().await;
    }
}

#[tokio::test]
async fn location_substitutions_stay_inside_the_location() {
    let dir = std::env::temp_dir().join(format!("runway-import-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("catalog")).unwrap();
    std::fs::write(dir.join("secret.txt"), "password").unwrap();
    std::fs::write(
        dir.join("catalog/api.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: leak\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ../secret.txt\n",
    )
    .unwrap();
    let (sources, problems) = read_all(&dir.join("catalog"));
    assert_eq!(problems, vec![]);
    for t in testing::databases().await {
        let report = import(&ctx(&t.db), sources.clone(), &options(), &SYSTEM)
            .await
            .unwrap();
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].path, "spec.definition");
        assert_eq!(
            report.errors[0].message,
            "../secret.txt is outside its location"
        );
        assert_eq!(total(&t.db).await, 0);
        t.close().await;
    }
    std::fs::remove_dir_all(dir).unwrap();
}
