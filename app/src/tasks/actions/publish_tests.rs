//! Publishing runs git on a workspace a template filled: whatever lies in it, git's own folder
//! is elsewhere and no configuration in the workspace can make git run a program.

use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::db::testing;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::engine::log::Log;

/// A workspace holding a hostile `.git/config` (as a skeleton could have, were the fetch not to
/// refuse it) is published: the push succeeds, the program it names never runs, and the
/// repository holds the files without the `.git` folder; the git folder beside the workspace is
/// gone afterwards.
#[tokio::test]
async fn a_git_folder_in_the_workspace_is_never_git_s_own() {
    let root =
        std::env::temp_dir().join(format!("runway-publish-{}", uuid::Uuid::new_v4().simple()));
    let workspace = root.join("workspaces/t1");
    let marker = root.join("ran");
    std::fs::create_dir_all(workspace.join(".git/hooks")).unwrap();
    std::fs::write(
        workspace.join(".git/config"),
        format!(
            "[core]\n\tfsmonitor = \"touch {m} #\"\n\thooksPath = .git/hooks\n",
            m = marker.display()
        ),
    )
    .unwrap();
    let hook = workspace.join(".git/hooks/pre-commit");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::write(workspace.join("README.md"), "hello").unwrap();

    let t = testing::sqlite().await;
    sqlx::query("INSERT INTO tasks (id, template_ref, template_title, template_etag, spec, parameters, status, created_by, created_at, updated_at) VALUES ('t1', 'x', 'x', 'e', '{}', '{}', 'processing', 'ada', 0, 0)")
        .execute(t.db.writer())
        .await
        .unwrap();
    let (announce, _) = tokio::sync::broadcast::channel(16);
    let context = ActionContext {
        task_id: "t1".into(),
        step_id: "publish".into(),
        input: json!({"repoUrl": "github.com?owner=acme&repo=demo"}),
        workspace: workspace.clone(),
        log: Log::new(t.db.clone(), "t1", Arc::default(), announce),
        user_ref: "user:default/ada".into(),
        template_base: TemplateBase::None,
        person: None,
        dry_run: false,
        published: Vec::new(),
        renderer: crate::tasks::render::Renderer::InProcess,
        deadline: std::time::Instant::now() + std::time::Duration::from_secs(30),
    };
    let publish = Publish {
        id: "publish:git",
        hosts: vec![GitHost {
            host: "github.com".into(),
            url: format!("file://{}/git/{{owner}}/{{repo}}.git", root.display()),
            token: None,
        }],
    };
    let output = publish.run(context).await.unwrap();
    t.close().await;

    assert!(!marker.exists(), "git ran a program the workspace named");
    assert!(!git_dir_beside(&workspace).exists());
    assert_eq!(
        output["remoteUrl"],
        json!(format!("file://{}/git/acme/demo.git", root.display()))
    );
    let listed = std::process::Command::new("git")
        .args(["--git-dir"])
        .arg(root.join("git/acme/demo.git"))
        .args(["ls-tree", "-r", "--name-only", "main"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "README.md\n");
    std::fs::remove_dir_all(&root).unwrap();
}
