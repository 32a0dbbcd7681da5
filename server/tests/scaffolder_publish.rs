//! The demo's "Rust service" template run through the scaffolder API against real git: the
//! skeleton is rendered, pushed to a bare repository the task creates, registered in the
//! catalog as the developer who ran it, and a second run to the same repository fails with
//! git's word, to be retried.

mod support;

use std::path::Path;
use std::time::Duration;

use axum::Router;
use http::StatusCode;
use runway_server::config::RawSettings;
use runway_server::config::integrations::{GitIntegration, Integrations};
use serde_json::{Value, json};
use support::{get_as, json_call, sign_in, text};

async fn setup(t: &app::server::testing::TestDb, git_root: &Path) -> Router {
    let settings = RawSettings {
        admin_password: Some(support::ADMIN_PASSWORD.into()),
        data_dir: Some(git_root.join("data").display().to_string()),
        integrations: Some(Integrations {
            git: vec![GitIntegration {
                host: "github.com".into(),
                url: format!("file://{}/{{owner}}/{{repo}}.git", git_root.display()),
                token: None,
                api: None,
            }],
        }),
        ..RawSettings::default()
    }
    .check()
    .unwrap();
    let settings = runway_server::config::Settings {
        render_worker: Some(env!("CARGO_BIN_EXE_runway").into()),
        ..settings
    };
    app::auth::service::bootstrap::bootstrap(
        &t.db,
        settings.admin_password.as_deref(),
        app::server::now(),
    )
    .await
    .unwrap();
    let state = runway_server::serve::app_state(&settings, t.db.clone())
        .await
        .unwrap();
    app::demo::seed(&t.db, 42, app::server::now())
        .await
        .unwrap();
    tokio::spawn(state.tasks.clone().run_forever());
    runway_server::router(state)
}

async fn run(app: &Router, cookie: &str, name: &str) -> (String, Value) {
    let values = json!({
        "name": name, "owner": "group:default/checkout", "port": 8443,
        "database": "postgres", "size": "small",
        "repoUrl": format!("github.com?owner=acme&repo={name}"),
    });
    run_template(app, cookie, "template:default/rust-service", values).await
}

/// Runs a template through the scaffolder API until its task ends: its id and the task.
async fn run_template(
    app: &Router,
    cookie: &str,
    template: &str,
    values: Value,
) -> (String, Value) {
    let body = json!({"templateRef": template, "values": values});
    let (status, created) = json_call(app, "/api/scaffolder/v2/tasks", &body, cookie).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..400 {
        let response = get_as(app, &format!("/api/scaffolder/v2/tasks/{id}"), Some(cookie)).await;
        let task: Value = serde_json::from_str(&text(response).await).unwrap();
        if ["completed", "failed", "cancelled"].contains(&task["status"].as_str().unwrap_or("")) {
            return (id, task);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("task {id} did not end");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn log(app: &Router, id: &str, cookie: &str) -> String {
    text(
        get_as(
            app,
            &format!("/api/scaffolder/v2/tasks/{id}/events"),
            Some(cookie),
        )
        .await,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_service_template_publishes_a_repository_and_registers_it() {
    let t = app::server::testing::sqlite().await;
    let git_root =
        std::env::temp_dir().join(format!("runway-git-{}", uuid::Uuid::new_v4().simple()));
    let app = setup(&t, &git_root).await;
    let developer = sign_in(&app, "developer", "demo-password").await;

    let (id, task) = run(&app, &developer, "orders").await;
    assert_eq!(
        task["status"],
        "completed",
        "{}",
        log(&app, &id, &developer).await
    );

    // The task worked in the installation's data directory, and left nothing there.
    let workspaces = git_root.join("data/tasks");
    assert!(
        workspaces.is_dir(),
        "no task folder under the data directory"
    );
    assert_eq!(std::fs::read_dir(&workspaces).unwrap().count(), 0);

    // The pushed repository holds the rendered skeleton, workflows as written.
    let bare = git_root.join("acme/orders.git");
    let files = git(&bare, &["ls-tree", "-r", "--name-only", "main"]);
    for file in [
        "Cargo.toml",
        "README.md",
        "catalog-info.yaml",
        "src/main.rs",
        ".github/workflows/ci.yml",
    ] {
        assert!(files.lines().any(|l| l == file), "{file} in {files}");
    }
    assert!(git(&bare, &["show", "main:src/main.rs"]).contains("0.0.0.0:8443"));
    assert!(
        git(&bare, &["show", "main:.github/workflows/ci.yml"]).contains("${{ vars.RUST_LOG }}")
    );

    // Registered in the catalog, and the task's output links to it.
    let response = get_as(
        &app,
        "/api/catalog/entities/by-name/component/default/orders",
        Some(&developer),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let stored = app::tasks::store::get(&t.db, &id).await.unwrap().unwrap();
    let output = stored.output.unwrap();
    let links = output["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["entity_ref"] == "component:default/orders"),
        "{output}"
    );
    // The demo's repository is a file: address, which is no link a page may offer.
    assert!(
        !links
            .iter()
            .any(|l| l["url"].as_str().is_some_and(|u| u.starts_with("file:"))),
        "{output}"
    );
    assert!(
        log(&app, &id, &developer)
            .await
            .contains("Left out the output link")
    );
    let steps = app::tasks::store::steps(&t.db, &id).await.unwrap();
    assert_eq!(
        steps[1].output.as_ref().unwrap()["commitHash"]
            .as_str()
            .unwrap()
            .len(),
        40
    );

    // The same repository again: git refuses, the step says why, and the task can be retried.
    let (again, task) = run(&app, &developer, "orders").await;
    assert_eq!(task["status"], "failed");
    let events = log(&app, &again, &developer).await;
    assert!(events.contains("exists already"), "{events}");
    let steps = app::tasks::store::steps(&t.db, &again).await.unwrap();
    assert_eq!(
        steps[0].view.status,
        app::tasks::model::StepStatus::Completed
    );
    assert_eq!(steps[1].view.status, app::tasks::model::StepStatus::Failed);
    t.close().await;
}

/// catalog:register registers what the task itself published; another repository on the server
/// is refused before anything looks at its path, and leaves no location behind, unless the
/// person manages locations (review item 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_registers_only_what_it_published_unless_its_person_manages_locations() {
    let t = app::server::testing::sqlite().await;
    let root = std::env::temp_dir().join(format!("runway-git-{}", uuid::Uuid::new_v4().simple()));
    let app = setup(&t, &root).await;
    let private = root.join("private");
    std::fs::create_dir_all(&private).unwrap();
    git(&private, &["init", "-q", "-b", "main"]);
    std::fs::write(
        private.join("catalog-info.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: hidden-thing\nspec:\n  type: service\n  lifecycle: production\n  owner: checkout\n",
    )
    .unwrap();
    git(&private, &["add", "."]);
    git(
        &private,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "-m",
            "x",
        ],
    );
    let developer = sign_in(&app, "developer", "demo-password").await;
    let locations = || async {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM locations")
            .fetch_one(t.db.reader())
            .await
            .unwrap();
        sqlx::Row::try_get::<i64, _>(&row, "n").unwrap()
    };
    let before = locations().await;

    for target in [
        private.display().to_string(),
        "/root".into(),
        "/no/such/path".into(),
    ] {
        let values = json!({"catalogInfoUrl": format!("file://{target}#/catalog-info.yaml")});
        let (id, task) = run_template(
            &app,
            &developer,
            "template:default/register-repository",
            values,
        )
        .await;
        assert_eq!(task["status"], "failed", "{target}");
        let events = log(&app, &id, &developer).await;
        assert!(events.contains("is not one of them"), "{target}: {events}");
        assert!(
            !events.contains("not a git repository"),
            "no oracle for paths: {events}"
        );
    }
    assert_eq!(locations().await, before, "no location left behind");
    let hidden = get_as(
        &app,
        "/api/catalog/entities/by-name/component/default/hidden-thing",
        Some(&developer),
    )
    .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    // An administrator manages locations: the same repository is theirs to register.
    let admin = sign_in(&app, "admin", support::ADMIN_PASSWORD).await;
    // One that cannot be read fails, and its location is not kept.
    let values = json!({"catalogInfoUrl": "file:///no/such/path#/catalog-info.yaml"});
    let (_, task) =
        run_template(&app, &admin, "template:default/register-repository", values).await;
    assert_eq!(task["status"], "failed");
    assert_eq!(locations().await, before);
    let values =
        json!({"catalogInfoUrl": format!("file://{}#/catalog-info.yaml", private.display())});
    let (id, task) =
        run_template(&app, &admin, "template:default/register-repository", values).await;
    assert_eq!(
        task["status"],
        "completed",
        "{}",
        log(&app, &id, &admin).await
    );
    assert_eq!(locations().await, before + 1);
    t.close().await;
}
