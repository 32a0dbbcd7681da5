//! The engine on both databases when things go wrong around a step: cancelling, timing out,
//! and taking back a dead server's task.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::json;

use super::test_support::*;
use super::*;
use crate::db::testing::{self, TestDb};
use crate::tasks::model::EventKind;

#[tokio::test]
async fn cancel_stops_the_running_step_and_timeouts_fail_it() {
    for t in testing::databases().await {
        let engine = engine(&t, settings());
        let id = create(
            &t,
            &engine,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {"seconds": 30}}]),
            json!({}),
            None,
        )
        .await;
        engine.claim_while_free().await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            store::request_cancel(&mut tx, &id, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::Requested
        );
        tx.commit().await.unwrap();
        let started = std::time::Instant::now();
        let task = settle(&engine, &id).await;
        assert_eq!(task.summary.status, TaskStatus::Cancelled);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stopped at the next heartbeat"
        );
        assert_eq!(statuses(&t.db, &id).await, [StepStatus::Cancelled]);
        // An open task is cancelled at once; an ended one stays as it was.
        let waiting = create(
            &t,
            &engine,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {}}]),
            json!({}),
            None,
        )
        .await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            store::request_cancel(&mut tx, &waiting, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::Cancelled
        );
        assert_eq!(
            store::request_cancel(&mut tx, &id, crate::clock::now())
                .await
                .unwrap(),
            store::Cancel::AlreadyOver
        );
        tx.commit().await.unwrap();

        let hasty = Arc::new(TaskEngine::new(
            t.db.clone(),
            [3; 32],
            policy(),
            Settings {
                step_timeout: Duration::from_millis(200),
                ..settings()
            },
        ));
        let slow = create(
            &t,
            &hasty,
            json!([{"id": "w", "name": "Wait", "action": "debug:wait", "input": {"seconds": 5}}]),
            json!({}),
            None,
        )
        .await;
        assert_eq!(
            settle(&hasty, &slow).await.summary.status,
            TaskStatus::Failed
        );
        assert!(
            log_of(&t.db, &slow)
                .await
                .iter()
                .any(|l| l.contains("did not finish within"))
        );
        t.close().await;
    }
}

/// A task left `processing` by a server that died (`dead` claimed it and stopped beating).
async fn orphan(t: &TestDb, engine: &TaskEngine, action: &str) -> String {
    let id = create(
        t,
        engine,
        json!([{"id": "s", "name": "Interrupted", "action": action, "input": {}}]),
        json!({}),
        None,
    )
    .await;
    let long_ago = crate::clock::now() - chrono::Duration::minutes(5);
    let claim = store::claim(&t.db, "dead", long_ago)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.id, id);
    assert!(
        store::set_step(&t.db, &claim, 0, StepStatus::Processing, None, long_ago)
            .await
            .unwrap()
    );
    id
}

/// A run whose server lost the task (taken back as stale, then claimed again, even by the same
/// server) writes nothing more: no step status, no log line, no heartbeat, no end; the new run
/// writes as usual.
#[tokio::test]
async fn a_run_that_lost_its_claim_writes_nothing_more() {
    for t in testing::databases().await {
        let engine = engine(&t, settings());
        let id = create(
            &t,
            &engine,
            json!([{"id": "s", "name": "Publish", "action": "debug:log", "input": {}}]),
            json!({}),
            None,
        )
        .await;
        let long_ago = crate::clock::now() - chrono::Duration::minutes(5);
        let old = store::claim(&t.db, "server-a", long_ago)
            .await
            .unwrap()
            .unwrap();
        assert!(
            store::set_step(&t.db, &old, 0, StepStatus::Processing, None, long_ago)
                .await
                .unwrap()
        );
        // Server a's heart stops beating; recovery takes the task back and opens it again, and
        // the same server claims it anew.
        let mut tx = t.db.begin().await.unwrap();
        assert!(
            store::take_stale(&mut tx, &id, crate::clock::now(), "server-a")
                .await
                .unwrap()
        );
        assert!(
            store::reopen(&mut tx, &id, &[TaskStatus::Processing], crate::clock::now())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let new = store::claim(&t.db, "server-a", crate::clock::now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((new.id.as_str(), new.run), (id.as_str(), old.run + 1));

        let now = crate::clock::now();
        let done = json!({"remoteUrl": "twice"});
        assert!(
            !store::set_step(&t.db, &old, 0, StepStatus::Completed, Some(&done), now)
                .await
                .unwrap()
        );
        assert!(
            !store::event(
                &t.db,
                &id,
                Some(&old),
                Some("s"),
                EventKind::Log,
                "old run",
                now
            )
            .await
            .unwrap()
        );
        assert_eq!(
            store::heartbeat(&t.db, &old, now).await.unwrap(),
            store::Beat::Lost
        );
        assert!(
            !store::finish(&t.db, &old, TaskStatus::Completed, None, now)
                .await
                .unwrap()
        );
        assert_eq!(
            statuses(&t.db, &id).await,
            [StepStatus::Pending],
            "{}",
            t.backend().name()
        );
        assert!(!log_of(&t.db, &id).await.iter().any(|l| l == "old run"));

        assert!(
            store::set_step(&t.db, &new, 0, StepStatus::Processing, None, now)
                .await
                .unwrap()
        );
        assert!(
            store::event(
                &t.db,
                &id,
                Some(&new),
                Some("s"),
                EventKind::Log,
                "new run",
                now
            )
            .await
            .unwrap()
        );
        assert_eq!(
            store::heartbeat(&t.db, &new, now).await.unwrap(),
            store::Beat::Running
        );
        assert!(
            store::finish(&t.db, &new, TaskStatus::Completed, None, now)
                .await
                .unwrap()
        );
        assert!(log_of(&t.db, &id).await.iter().any(|l| l == "new run"));
        t.close().await;
    }
}

#[tokio::test]
async fn a_dead_servers_task_runs_again_when_idempotent_and_fails_clearly_otherwise() {
    for t in testing::databases().await {
        let (once, once_runs) = probe("catalog:register", 0, false);
        let engine = Arc::new(
            TaskEngine::new(t.db.clone(), [3; 32], policy(), settings())
                .with_actions(Registry::default().with(once)),
        );
        let again = orphan(&t, &engine, "debug:log").await;
        let not_again = orphan(&t, &engine, "catalog:register").await;
        // Two servers recovering at once take each task once.
        let (a, b) = tokio::join!(engine.recover(), engine.recover());
        assert_eq!(a.unwrap() + b.unwrap(), 2, "{}", t.backend().name());
        assert_eq!(
            settle(&engine, &again).await.summary.status,
            TaskStatus::Completed,
            "{:?}",
            log_of(&t.db, &again).await
        );
        let log = log_of(&t.db, &again).await;
        assert!(
            log.iter()
                .any(|l| l.contains("stopped during step Interrupted; it runs again")),
            "{log:?}"
        );
        let failed = store::get(&t.db, &not_again).await.unwrap().unwrap();
        assert_eq!(failed.summary.status, TaskStatus::Failed);
        assert_eq!(statuses(&t.db, &not_again).await, [StepStatus::Failed]);
        assert!(
            log_of(&t.db, &not_again)
                .await
                .iter()
                .any(|l| l.starts_with("Interrupted: "))
        );
        assert_eq!(once_runs.load(Ordering::SeqCst), 0);
        // A task whose heart still beats is left alone.
        let alive = create(&t, &engine, json!([]), json!({}), None).await;
        store::claim(&t.db, "alive", crate::clock::now())
            .await
            .unwrap();
        assert_eq!(engine.recover().await.unwrap(), 0);
        assert_eq!(
            store::get(&t.db, &alive)
                .await
                .unwrap()
                .unwrap()
                .claimed_by
                .as_deref(),
            Some("alive")
        );
        let events = store::events_after(&t.db, &again, 0, 100).await.unwrap();
        assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
        assert!(events.iter().any(|e| e.kind == EventKind::Completion));
        t.close().await;
    }
}
