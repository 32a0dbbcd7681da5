//! Dry runs: files rendered into a throw-away folder and answered, publish and register saying
//! what they would do without pushing or registering, secrets masked in the files shown and the
//! log, and a failing step ending the run with the later steps not run.

use serde_json::{Value, json};

use super::test_support::*;
use super::*;
use crate::db::testing;
use crate::tasks::actions::publish::GitHost;
use crate::tasks::actions::skeleton::TemplateBase;
use crate::tasks::model::{EventKind, StepStatus, TaskStatus};
use crate::templates::spec::read_spec;

/// A template folder with a two-file skeleton, and a git host pushing under `git/`.
fn fixture() -> (std::path::PathBuf, Settings) {
    let root = std::env::temp_dir().join(format!("runway-dry-{}", uuid::Uuid::new_v4().simple()));
    let skeleton = root.join("template/skeleton");
    std::fs::create_dir_all(skeleton.join("docs")).unwrap();
    std::fs::write(
        skeleton.join("catalog-info.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: service\n",
    )
    .unwrap();
    std::fs::write(
        skeleton.join("docs/index.md"),
        "# ${{ values.name }}\n\nDeploy key: ${{ values.key }}\n",
    )
    .unwrap();
    let mut settings = settings();
    settings.git_hosts = vec![GitHost {
        host: "github.com".into(),
        url: format!("file://{}/git/{{owner}}/{{repo}}.git", root.display()),
        token: None,
    }];
    (root, settings)
}

fn spec(publish_to: &str) -> crate::templates::spec::TemplateSpec {
    read_spec(&json!({
        "type": "service",
        "parameters": [{"properties": {"name": {"type": "string"}}}],
        "steps": [
            {"id": "fetch", "name": "Fetch", "action": "fetch:template",
             "input": {"url": "./skeleton", "values": {"name": "${{ parameters.name }}", "key": "${{ secrets.key }}"}}},
            {"id": "publish", "name": "Publish", "action": "publish:github",
             "input": {"repoUrl": format!("{publish_to}?owner=acme&repo=${{{{ parameters.name }}}}")}},
            {"id": "register", "name": "Register", "action": "catalog:register",
             "input": {"repoContentsUrl": "${{ steps.publish.output.repoContentsUrl }}", "catalogInfoPath": "/catalog-info.yaml"}}
        ],
        "output": {"links": [{"title": "Open in catalog", "entityRef": "${{ steps.register.output.entityRef }}"}]}
    }))
    .unwrap()
}

async fn dry(settings: Settings, root: &std::path::Path, publish_to: &str) -> DryOutcome {
    let t = testing::sqlite().await;
    let engine = engine(&t, settings);
    let policy = Arc::new(crate::access::decision::Policy::default());
    let request = DryRequest {
        spec: spec(publish_to),
        base: TemplateBase::File {
            dir: root.join("template"),
            root: root.join("template"),
        },
        parameters: serde_json::Map::from_iter([("name".into(), json!("orders"))]),
        secrets: serde_json::Map::from_iter([("key".into(), json!("s3cr3t-deploy-key"))]),
        person: crate::server::ctx::Ctx::system(&t.db, policy, "ada"),
        user_entity: None,
    };
    let outcome = engine
        .dry_run(engine.dry_slot().unwrap(), request)
        .await
        .unwrap();
    t.close().await;
    outcome
}

fn messages(outcome: &DryOutcome) -> Vec<String> {
    outcome
        .report
        .log
        .iter()
        .map(|l| l.message.clone())
        .collect()
}

#[tokio::test]
async fn a_dry_run_writes_files_and_says_what_publish_and_register_would_do() {
    let (root, settings) = fixture();
    let workspaces = settings.workspaces.clone();
    let outcome = dry(settings, &root, "github.com").await;
    let report = &outcome.report;
    assert_eq!(
        report.status,
        TaskStatus::Completed,
        "{:?}",
        messages(&outcome)
    );
    assert!(
        report
            .steps
            .iter()
            .all(|s| s.status == StepStatus::Completed)
    );
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["catalog-info.yaml", "docs/index.md"]);
    assert!(
        report.files[0]
            .text
            .as_deref()
            .unwrap()
            .contains("name: orders")
    );
    // The file as written holds the secret; the preview's text and the log do not.
    let shown = report.files[1].text.as_deref().unwrap();
    assert!(
        shown.starts_with("# orders") && !shown.contains("s3cr3t-deploy-key"),
        "{shown}"
    );
    assert!(String::from_utf8_lossy(&outcome.files[1].bytes).contains("s3cr3t-deploy-key"));
    let log = messages(&outcome).join("\n");
    assert!(!log.contains("s3cr3t-deploy-key"));
    let remote = format!("file://{}/git/acme/orders.git", root.display());
    assert!(
        log.contains(&format!(
            "Would create {remote} and push 2 files to its main branch"
        )),
        "{log}"
    );
    assert!(
        log.contains("Would register") && log.contains("component:default/orders"),
        "{log}"
    );
    assert_eq!(
        report.log.last().map(|l| l.kind),
        Some(EventKind::Completion)
    );
    // Nothing was pushed, and the throw-away folder is gone.
    assert!(!root.join("git").exists());
    let left: Vec<_> = std::fs::read_dir(&workspaces)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(
        report.output.links[0].entity_ref.as_deref(),
        Some("component:default/orders")
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_failing_step_ends_the_dry_run_and_the_steps_after_it_do_not_run() {
    let (root, settings) = fixture();
    let outcome = dry(settings, &root, "gitlab.example.com").await;
    let report = &outcome.report;
    assert_eq!(report.status, TaskStatus::Failed);
    let statuses: Vec<StepStatus> = report.steps.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            StepStatus::Completed,
            StepStatus::Failed,
            StepStatus::Pending
        ]
    );
    let last = report.log.last().unwrap();
    assert_eq!(last.kind, EventKind::Completion);
    assert!(
        last.message.starts_with("Failed at step Publish")
            && last
                .message
                .contains("no git integration for \"gitlab.example.com\""),
        "{}",
        last.message
    );
    // What the steps before it wrote is still shown.
    assert_eq!(report.files.len(), 2);
    assert!(report.output.links.is_empty());
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_loop_that_logs_without_end_keeps_a_bounded_log_and_its_last_word() {
    let (root, settings) = fixture();
    let t = testing::sqlite().await;
    let engine = engine(&t, settings);
    let policy = Arc::new(crate::access::decision::Policy::default());
    let items: Vec<Value> = (0..crate::limits::MAX_EACH_ITEMS)
        .map(Value::from)
        .collect();
    let request = DryRequest {
        spec: read_spec(&json!({
            "type": "service",
            "steps": [{"id": "say", "name": "Say", "action": "debug:log",
                       "each": items, "input": {"message": "line ${{ each.value }}"}}]
        }))
        .unwrap(),
        base: TemplateBase::None,
        parameters: Default::default(),
        secrets: Default::default(),
        person: crate::server::ctx::Ctx::system(&t.db, policy, "ada"),
        user_entity: None,
    };
    let outcome = engine
        .dry_run(engine.dry_slot().unwrap(), request)
        .await
        .unwrap();
    t.close().await;
    let log = &outcome.report.log;
    assert_eq!(log.len(), log::MAX_DRY_RUN_LINES + 2);
    assert!(
        log[log::MAX_DRY_RUN_LINES]
            .message
            .contains("more lines were left out")
    );
    assert_eq!(log.last().unwrap().kind, EventKind::Completion);
    let _ = std::fs::remove_dir_all(&root);
}

/// A loop's items share their step's time, a loop longer than `MAX_EACH_ITEMS` fails at once,
/// and a dry run whose request is dropped (a client that hangs up) leaves no folder behind
/// (review item 5).
#[tokio::test]
async fn a_dry_run_keeps_its_limits_inside_steps_and_cleans_up_when_dropped() {
    let (root, mut settings) = fixture();
    settings.step_timeout = std::time::Duration::from_secs(2);
    let workspaces = settings.workspaces.clone();
    let t = testing::sqlite().await;
    // A dry run's debug:wait does not wait: the probe sleeps in dry runs too.
    let (probe, _) = probe("catalog:fetch", 0, true);
    let engine = Arc::new(
        TaskEngine::new(t.db.clone(), [3; 32], policy(), settings)
            .with_actions(crate::tasks::actions::Registry::default().with(probe)),
    );
    let request = |each: Value, seconds: u64| DryRequest {
        spec: read_spec(&json!({
            "type": "service",
            "steps": [{"id": "wait", "name": "Wait", "action": "catalog:fetch",
                       "each": each, "input": {"sleepMs": seconds * 1000}}]
        }))
        .unwrap(),
        base: TemplateBase::None,
        parameters: Default::default(),
        secrets: Default::default(),
        person: crate::server::ctx::Ctx::system(
            &t.db,
            Arc::new(crate::access::decision::Policy::default()),
            "ada",
        ),
        user_entity: None,
    };
    let started = std::time::Instant::now();
    let outcome = engine
        .dry_run(
            engine.dry_slot().unwrap(),
            request(json!([1, 2, 3, 4, 5]), 1),
        )
        .await
        .unwrap();
    assert_eq!(outcome.report.status, TaskStatus::Failed);
    assert!(
        messages(&outcome)
            .iter()
            .any(|m| m.contains("did not finish within 2 s")),
        "{:?}",
        messages(&outcome)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "five items of 1 s each ran on"
    );

    let many: Vec<Value> = (0..=crate::limits::MAX_EACH_ITEMS)
        .map(Value::from)
        .collect();
    let outcome = engine
        .dry_run(engine.dry_slot().unwrap(), request(Value::from(many), 0))
        .await
        .unwrap();
    assert!(
        messages(&outcome)
            .iter()
            .any(|m| m.contains("at most 1000")),
        "{:?}",
        messages(&outcome)
    );

    let dropped = tokio::time::timeout(
        std::time::Duration::from_millis(300),
        engine.dry_run(engine.dry_slot().unwrap(), request(json!([1]), 5)),
    )
    .await;
    assert!(dropped.is_err(), "the dry run was still running");
    let mut left = Vec::new();
    for _ in 0..50 {
        left = std::fs::read_dir(&workspaces)
            .map(|dir| dir.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(left.is_empty(), "left behind: {left:?}");
    t.close().await;
    let _ = std::fs::remove_dir_all(&root);
}
