//! Skeletons fetched as Backstage's actions fetch them, and every way a path could leave the
//! workspace or the template's location refused.

use std::sync::Arc;

use serde_json::json;

use std::path::PathBuf;

use super::*;
use crate::db::testing;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::engine::log::Log;

#[test]
fn paths_stay_inside_their_root() {
    let root = Path::new("/w");
    assert_eq!(inside(root, "./a/b").unwrap(), Path::new("/w/a/b"));
    assert_eq!(inside(root, "a/../b").unwrap(), Path::new("/w/b"));
    assert!(inside(root, "../x").is_err());
    assert!(inside(root, "a/../../x").is_err());
    assert!(inside(root, "/etc/passwd").is_err());
}

#[test]
fn globs_match_as_backstage_writes_them() {
    assert!(glob_matches(".github/**", ".github/workflows/ci.yml"));
    assert!(glob_matches("*.md", "README.md"));
    assert!(!glob_matches("*.md", "docs/index.md"));
    assert!(glob_matches("**/*.md", "docs/index.md"));
    assert!(glob_matches("src/?ain.rs", "src/main.rs"));
    assert!(!glob_matches("src/*.rs", "src/bin/x.rs"));
}

async fn fetch(
    templated: bool,
    base: TemplateBase,
    input: Value,
) -> (Result<Map<String, Value>, String>, PathBuf, Vec<String>) {
    let t = testing::sqlite().await;
    let workspace =
        std::env::temp_dir().join(format!("runway-fetch-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&workspace).unwrap();
    let (announce, _) = tokio::sync::broadcast::channel(16);
    let id = "t1";
    sqlx::query("INSERT INTO tasks (id, template_ref, template_title, template_etag, spec, parameters, status, created_by, created_at, updated_at) VALUES ('t1', 'x', 'x', 'e', '{}', '{}', 'processing', 'ada', 0, 0)")
        .execute(t.db.writer())
        .await
        .unwrap();
    let context = ActionContext {
        task_id: id.into(),
        step_id: "fetch".into(),
        input,
        workspace: workspace.clone(),
        log: Log::new(t.db.clone(), id, Arc::default(), announce),
        user_ref: "user:default/ada".into(),
        template_base: base,
        person: None,
        dry_run: false,
        published: Vec::new(),
        renderer: crate::tasks::render::Renderer::InProcess,
        deadline: std::time::Instant::now() + std::time::Duration::from_secs(30),
    };
    let outcome = Fetch { templated }.run(context).await;
    let log = crate::tasks::store::events_after(&t.db, id, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.message)
        .collect();
    t.close().await;
    (outcome, workspace, log)
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_demo_service_skeleton_is_rendered_and_workflows_are_copied_as_they_are() {
    let base = TemplateBase::Demo {
        template: "rust-service".into(),
    };
    let input = json!({
        "url": "./skeleton",
        "values": {"name": "orders", "owner": "group:default/checkout", "port": 8443, "database": "postgres", "size": "small"},
        "copyWithoutTemplating": [".github/**"],
    });
    let (outcome, ws, log) = fetch(true, base, input).await;
    outcome.unwrap();
    assert!(read(&ws, "Cargo.toml").contains("name = \"orders\""));
    assert!(
        read(&ws, "Cargo.toml").contains("sqlx"),
        "the database's dependency"
    );
    assert!(read(&ws, "src/main.rs").contains("0.0.0.0:8443"));
    assert!(read(&ws, "catalog-info.yaml").contains("owner: group:default/checkout"));
    assert!(
        !read(&ws, "catalog-info.yaml").contains("system:"),
        "no system was given"
    );
    assert!(read(&ws, ".github/workflows/ci.yml").contains("${{ vars.RUST_LOG }}"));
    assert!(
        read(&ws, "README.md").ends_with('\n'),
        "a file keeps its last newline"
    );
    assert!(
        log.iter().any(|l| l.starts_with("Fetched 5 files")),
        "{log:?}"
    );
}

#[tokio::test]
async fn names_are_rendered_and_nothing_leaves_the_workspace_or_the_location() {
    let root =
        std::env::temp_dir().join(format!("runway-skeleton-{}", uuid::Uuid::new_v4().simple()));
    let dir = root.join("templates/svc");
    std::fs::create_dir_all(dir.join("skeleton/${{ values.name }}")).unwrap();
    std::fs::write(
        dir.join("skeleton/${{ values.name }}/app.txt.njk"),
        "app ${{ values.name }}\n",
    )
    .unwrap();
    std::fs::write(dir.join("skeleton/plain.txt"), "kept ${{ as is }}").unwrap();
    std::fs::write(
        dir.join("skeleton/${{ values.optional | default('') }}"),
        "left out",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("skeleton/passwd")).unwrap();
    std::fs::create_dir_all(root.join("templates/shared")).unwrap();
    std::fs::write(root.join("templates/shared/x.txt"), "shared").unwrap();
    let base = TemplateBase::File {
        dir: dir.clone(),
        root: root.clone(),
    };

    let (outcome, ws, log) = fetch(true, base.clone(), json!({"url": "./skeleton", "targetPath": "out", "values": {"name": "api"}, "templateFileExtension": true})).await;
    outcome.unwrap();
    assert_eq!(read(&ws, "out/api/app.txt"), "app api\n");
    assert_eq!(
        read(&ws, "out/plain.txt"),
        "kept ${{ as is }}",
        "only .njk files are rendered"
    );
    assert!(!ws.join("out/passwd").exists(), "links are not followed");
    assert!(log.iter().any(|l| l.contains("Left out")), "{log:?}");

    // A folder beside the template, inside the location, is fine; outside it is not.
    let (outcome, ws, _) = fetch(false, base.clone(), json!({"url": "../shared"})).await;
    outcome.unwrap();
    assert_eq!(read(&ws, "x.txt"), "shared");
    for url in ["../../../", "/etc", "https://example.com/skeleton"] {
        let (outcome, _, _) = fetch(false, base.clone(), json!({"url": url})).await;
        assert!(outcome.is_err(), "{url}");
    }
    let (outcome, _, _) = fetch(
        true,
        base.clone(),
        json!({"url": "./skeleton", "targetPath": "../.."}),
    )
    .await;
    assert!(outcome.unwrap_err().contains("leaves the workspace"));
    let (outcome, _, _) = fetch(
        true,
        base.clone(),
        json!({"url": "./skeleton", "values": {"name": "../../escape"}}),
    )
    .await;
    let error = outcome.unwrap_err();
    assert!(error.contains("leaves the workspace"), "{error}");
    let (outcome, _, _) = fetch(true, TemplateBase::None, json!({"url": "./skeleton"})).await;
    assert!(
        outcome
            .unwrap_err()
            .contains("not registered from a location")
    );
    // In a skeleton, a value not given renders empty, as in Backstage: a folder named after it
    // is left out rather than written to the target's root.
    let (outcome, ws, log) = fetch(
        true,
        base,
        json!({"url": "./skeleton", "values": {}, "templateFileExtension": true}),
    )
    .await;
    outcome.unwrap();
    assert!(
        !ws.join("app.txt.njk").exists() && !ws.join("app.txt").exists(),
        "{log:?}"
    );

    // A template at the location's own root fetches beside itself, and not above.
    let at_root = TemplateBase::File {
        dir: dir.clone(),
        root: dir.clone(),
    };
    let (outcome, ws, _) = fetch(false, at_root.clone(), json!({"url": "./skeleton"})).await;
    outcome.unwrap();
    assert_eq!(read(&ws, "plain.txt"), "kept ${{ as is }}");
    let (outcome, _, _) = fetch(false, at_root, json!({"url": "../shared"})).await;
    assert!(
        outcome
            .unwrap_err()
            .contains("leaves the template's location")
    );
}

/// A skeleton's `.git/config` naming a program (issue 27, item 1): the fetch refuses the file,
/// nothing lands under `.git` in the workspace, and the program never runs. A name rendered
/// into `.git` (in any case) is refused the same way.
#[tokio::test]
async fn nothing_is_written_under_a_git_folder() {
    let root =
        std::env::temp_dir().join(format!("runway-skeleton-{}", uuid::Uuid::new_v4().simple()));
    let marker = root.join("ran");
    std::fs::create_dir_all(root.join("skeleton/.git")).unwrap();
    std::fs::write(
        root.join("skeleton/.git/config"),
        format!("[core]\n\tfsmonitor = \"touch {} #\"\n", marker.display()),
    )
    .unwrap();
    std::fs::write(root.join("skeleton/README.md"), "hello").unwrap();
    let base = TemplateBase::File {
        dir: root.clone(),
        root: root.clone(),
    };
    let (outcome, ws, _) = fetch(false, base.clone(), json!({"url": "./skeleton"})).await;
    let error = outcome.unwrap_err();
    assert!(error.contains(".git"), "{error}");
    assert!(!ws.join(".git").exists());

    std::fs::remove_dir_all(root.join("skeleton/.git")).unwrap();
    std::fs::create_dir_all(root.join("named")).unwrap();
    std::fs::write(root.join("named/${{ values.dir }}"), "[core]\n").unwrap();
    for dir in [".git/config", ".GIT/config", "sub/.Git/config"] {
        let input = json!({"url": "./named", "values": {"dir": dir}});
        let (outcome, ws, _) = fetch(true, base.clone(), input).await;
        assert!(outcome.unwrap_err().contains(".git folder"), "{dir}");
        assert!(std::fs::read_dir(&ws).unwrap().next().is_none(), "{dir}");
    }
    assert!(!marker.exists());
    assert!(inside(Path::new("/w"), "a/.git/hooks/x").is_err());
    assert!(inside(Path::new("/w"), "a/.github/x").is_ok());
}
