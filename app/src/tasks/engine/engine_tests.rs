//! The engine on both databases: claiming once, running steps with conditions, loops and
//! outputs, failing, retrying from the failed step, and surviving a panic.

use std::sync::atomic::Ordering;

use serde_json::json;

use super::test_support::*;
use super::*;
use crate::db::testing;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_open_task_is_claimed_by_exactly_one_worker() {
    for t in testing::databases().await {
        let a = engine(&t, settings());
        let ids = [
            create(&t, &a, json!([]), json!({}), None).await,
            create(&t, &a, json!([]), json!({}), None).await,
            create(&t, &a, json!([]), json!({}), None).await,
        ];
        let claims: Vec<_> = (0..8)
            .map(|n| {
                let db = t.db.clone();
                tokio::spawn(async move {
                    store::claim(&db, &format!("w{n}"), crate::clock::now())
                        .await
                        .unwrap()
                        .map(|claim| claim.id)
                })
            })
            .collect();
        let mut claimed = Vec::new();
        for claim in claims {
            claimed.extend(claim.await.unwrap());
        }
        claimed.sort();
        let mut expected = ids.to_vec();
        expected.sort();
        assert_eq!(claimed, expected, "{}", t.backend().name());
        assert_eq!(
            store::claim(&t.db, "late", crate::clock::now())
                .await
                .unwrap(),
            None
        );
        t.close().await;
    }
}

#[tokio::test]
async fn steps_run_in_order_with_conditions_loops_outputs_and_redacted_secrets() {
    for t in testing::databases().await {
        let (probe, runs) = probe("catalog:fetch", 0, true);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(probe)),
        );
        let steps = json!([
            {"id": "one", "name": "Echo", "action": "catalog:fetch",
             "input": {"url": "https://git.example/${{ parameters.name }}", "token": "${{ secrets.token }}"}},
            {"id": "skip", "name": "Never", "action": "debug:log", "if": "${{ parameters.public }}",
             "input": {"message": "not shown"}},
            {"id": "loop", "name": "Each", "action": "catalog:fetch", "each": "${{ parameters.tags }}",
             "input": {"tag": "${{ each.value }}"}},
            {"id": "say", "name": "Say", "action": "debug:log",
             "input": {"message": "made ${{ steps.one.output.echo.url }} with ${{ secrets.token }}"}}
        ]);
        let params = json!({"name": "checkout", "public": false, "tags": ["a", "b"]});
        let id = create(
            &t,
            &engine,
            steps,
            params,
            Some(json!({"token": "tok-SECRET-42"})),
        )
        .await;
        let task = settle(&engine, &id).await;
        assert_eq!(
            task.summary.status,
            TaskStatus::Completed,
            "{:?}",
            log_of(&t.db, &id).await
        );
        assert_eq!(runs.load(Ordering::SeqCst), 3, "once, then once per tag");
        assert_eq!(
            statuses(&t.db, &id).await,
            [
                StepStatus::Completed,
                StepStatus::Skipped,
                StepStatus::Completed,
                StepStatus::Completed
            ]
        );
        let steps = store::steps(&t.db, &id).await.unwrap();
        assert_eq!(steps[0].output.as_ref().unwrap()["echo"]["token"], "***");
        assert_eq!(
            steps[2].output.as_ref().unwrap()["echo"],
            json!([{"tag": "a"}, {"tag": "b"}])
        );
        let output = task.output.unwrap();
        assert_eq!(output["links"][0]["url"], "https://git.example/checkout");
        assert_eq!(
            output["links"].as_array().unwrap().len(),
            1,
            "no javascript: link"
        );
        assert_eq!(output["text"][0]["content"], "used ***");
        let log = log_of(&t.db, &id).await;
        assert!(
            log.iter()
                .any(|l| l == "made https://git.example/checkout with ***"),
            "{log:?}"
        );
        assert!(log.iter().any(|l| l.contains("Skipped Never")), "{log:?}");
        let everything = format!(
            "{log:?}{:?}{:?}",
            steps.iter().map(|s| &s.output).collect::<Vec<_>>(),
            store::get(&t.db, &id).await.unwrap()
        );
        assert!(
            !everything.contains("SECRET"),
            "a secret was written: {everything}"
        );
        assert_eq!(
            store::sealed_secrets(&t.db, &id).await.unwrap(),
            None,
            "gone once completed"
        );
        let left: Vec<_> = std::fs::read_dir(&engine.settings.workspaces)
            .map(|dir| dir.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(
            !left
                .iter()
                .any(|name| name.to_string_lossy().starts_with(&id)),
            "its folders are removed: {left:?}"
        );
        t.close().await;
    }
}

#[tokio::test]
async fn a_failed_step_names_its_cause_and_a_retry_resumes_there_keeping_earlier_outputs() {
    for t in testing::databases().await {
        let (first, first_runs) = probe("catalog:fetch", 0, true);
        let (flaky, flaky_runs) = probe("catalog:write", 1, true);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(first).with(flaky)),
        );
        let steps = json!([
            {"id": "one", "name": "First", "action": "catalog:fetch", "input": {"url": "u"}},
            {"id": "two", "name": "Flaky", "action": "catalog:write", "input": {"from": "${{ steps.one.output.echo.url }}"}}
        ]);
        let id = create(
            &t,
            &engine,
            steps,
            json!({}),
            Some(json!({"token": "kept-for-retry"})),
        )
        .await;
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Failed);
        assert_eq!(
            statuses(&t.db, &id).await,
            [StepStatus::Completed, StepStatus::Failed]
        );
        let log = log_of(&t.db, &id).await;
        assert!(
            log.iter()
                .any(|l| l == "Failed at step Flaky: run 1 failed on purpose"),
            "{log:?}"
        );
        assert!(
            store::sealed_secrets(&t.db, &id).await.unwrap().is_some(),
            "kept for a retry"
        );

        let mut tx = t.db.begin().await.unwrap();
        let reopened = store::reopen(
            &mut tx,
            &id,
            &[TaskStatus::Failed, TaskStatus::Cancelled],
            crate::clock::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(reopened);
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Completed);
        assert_eq!(
            first_runs.load(Ordering::SeqCst),
            1,
            "the finished step did not run again"
        );
        assert_eq!(flaky_runs.load(Ordering::SeqCst), 2);
        let steps = store::steps(&t.db, &id).await.unwrap();
        assert_eq!(
            steps[1].output.as_ref().unwrap()["echo"]["from"],
            "u",
            "the earlier output was kept"
        );
        // A completed task cannot be reopened.
        let mut tx = t.db.begin().await.unwrap();
        assert!(
            !store::reopen(&mut tx, &id, &[TaskStatus::Failed], crate::clock::now())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        t.close().await;
    }
}

#[tokio::test]
async fn an_undefined_name_fails_the_step_naming_the_expression() {
    let t = testing::sqlite().await;
    let engine = engine(&t, settings());
    let steps = json!([{"id": "say", "name": "Say", "action": "debug:log", "input": {"message": "hi ${{ parameters.nmae }}"}}]);
    let id = create(&t, &engine, steps, json!({"name": "x"}), None).await;
    assert_eq!(
        settle(&engine, &id).await.summary.status,
        TaskStatus::Failed
    );
    let log = log_of(&t.db, &id).await;
    assert!(
        log.iter().any(|l| l
            == "Failed at step Say: hi ${{ parameters.nmae }}: parameters.nmae is not defined"),
        "{log:?}"
    );
    t.close().await;
}

/// A secret passed through a filter is still a secret: the log shows neither the secret nor
/// what the expression made of it (review item 7).
#[tokio::test]
async fn what_a_step_computes_from_a_secret_is_masked_in_its_log() {
    let t = testing::sqlite().await;
    let engine = engine(&t, settings());
    let message = "upper ${{ secrets.token | upper }}, reversed ${{ secrets.token | reverse }}, debug ${{ debug(secrets.token) }}";
    let steps =
        json!([{"id": "say", "name": "Say", "action": "debug:log", "input": {"message": message}}]);
    let id = create(
        &t,
        &engine,
        steps,
        json!({}),
        Some(json!({"token": "tok-SECRET-42"})),
    )
    .await;
    assert_eq!(
        settle(&engine, &id).await.summary.status,
        TaskStatus::Completed
    );
    let everything = log_of(&t.db, &id).await.join("\n");
    for leak in ["tok-SECRET-42", "TOK-SECRET-42", "24-TERCES-kot"] {
        assert!(!everything.contains(leak), "{leak} in {everything}");
    }
    assert!(
        everything.contains("upper ***, reversed ***"),
        "{everything}"
    );
    t.close().await;
}

#[tokio::test]
async fn a_panicking_action_fails_its_step_and_the_worker_goes_on() {
    let t = testing::sqlite().await;
    let (probe, _) = probe("catalog:fetch", 0, true);
    let engine = Arc::new(
        TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
            .with_actions(Registry::default().with(probe)),
    );
    let bad = create(
        &t,
        &engine,
        json!([{"id": "p", "name": "Boom", "action": "catalog:fetch", "input": {"panic": true}}]),
        json!({}),
        None,
    )
    .await;
    let good = create(
        &t,
        &engine,
        json!([{"id": "s", "name": "Say", "action": "debug:log", "input": {"message": "fine"}}]),
        json!({}),
        None,
    )
    .await;
    assert_eq!(
        settle(&engine, &bad).await.summary.status,
        TaskStatus::Failed
    );
    assert!(
        log_of(&t.db, &bad)
            .await
            .iter()
            .any(|l| l.contains("failed unexpectedly: the probe panicked on purpose"))
    );
    assert_eq!(
        settle(&engine, &good).await.summary.status,
        TaskStatus::Completed,
        "{:?}",
        log_of(&t.db, &good).await
    );
    t.close().await;
}
