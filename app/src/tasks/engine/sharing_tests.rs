//! Workers shared between people, on both databases (review item 4): one person's tasks never
//! hold every worker, and task lists come a page at a time, counted in all.

use chrono::Duration as Span;
use serde_json::json;

use super::*;
use crate::db::testing::{self, TestDb};
use crate::limits::{MAX_RUNNING_TASKS_PER_PERSON, MAX_TASK_PAGE};
use crate::tasks::store::{NewTask, OrderField, TaskQuery};

/// An open task of `person`, started `minutes` after a fixed moment.
async fn task_of(t: &TestDb, person: &str, minutes: i64) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Span::minutes(minutes);
    let mut tx = t.db.begin().await.unwrap();
    store::create(
        &mut tx,
        &NewTask {
            id: &id,
            template_ref: "template:default/probe",
            template_title: "Probe",
            template_etag: "e1",
            spec: &json!({"steps": []}),
            parameters: &json!({}),
            created_by: person,
            steps: &[],
            sealed_secrets: None,
            template_base: &Default::default(),
        },
        at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn claim(t: &TestDb) -> Option<String> {
    store::claim(&t.db, "w", crate::clock::now())
        .await
        .unwrap()
        .map(|c| c.id)
}

/// Ada queued six tasks before Bo queued one: Bo's runs second (the person with the fewest
/// running goes first), Ada's run up to the per-person limit, and her last two wait although
/// workers are free; when one of hers ends, the next of hers runs.
#[tokio::test]
async fn one_persons_tasks_never_hold_every_worker() {
    for t in testing::databases().await {
        let mut ada = Vec::new();
        for minute in 0..6 {
            ada.push(task_of(&t, "ada", minute).await);
        }
        let bo = task_of(&t, "bo", 10).await;
        let mut claimed = Vec::new();
        while let Some(id) = claim(&t).await {
            claimed.push(id);
        }
        let backend = t.backend().name();
        assert_eq!(claimed.len(), MAX_RUNNING_TASKS_PER_PERSON + 1, "{backend}");
        assert_eq!(claimed[0], ada[0], "{backend}: the oldest first");
        assert_eq!(
            claimed[1], bo,
            "{backend}: then the person with none running"
        );
        assert_eq!(
            claimed[2..],
            ada[1..MAX_RUNNING_TASKS_PER_PERSON],
            "{backend}"
        );
        sqlx::query("UPDATE tasks SET status = 'completed' WHERE id = $1")
            .bind(ada[0].clone())
            .execute(t.db.writer())
            .await
            .unwrap();
        assert_eq!(
            claim(&t).await.as_deref(),
            Some(ada[MAX_RUNNING_TASKS_PER_PERSON].as_str()),
            "{backend}"
        );
        assert_eq!(claim(&t).await, None, "{backend}");
        t.close().await;
    }
}

/// A list's pages follow its order and count every match; filters apply before the page,
/// whatever the case of the person's name.
#[tokio::test]
async fn task_lists_come_a_page_at_a_time_and_count_every_match() {
    for t in testing::databases().await {
        let mut ada = Vec::new();
        for minute in 0..5 {
            ada.push(task_of(&t, "ada", minute).await);
        }
        let bo = task_of(&t, "bo", 30).await;
        sqlx::query("UPDATE tasks SET status = 'failed' WHERE id = $1")
            .bind(ada[1].clone())
            .execute(t.db.writer())
            .await
            .unwrap();
        let page = |query: TaskQuery| {
            let db = t.db.clone();
            async move {
                let (tasks, total) = store::list(&db, &query).await.unwrap();
                (
                    tasks.into_iter().map(|t| t.summary.id).collect::<Vec<_>>(),
                    total,
                )
            }
        };
        let backend = t.backend().name();
        let all = page(TaskQuery::default()).await;
        assert_eq!(all.0[0], bo, "{backend}: newest first");
        assert_eq!(all.1, 6);
        let second = page(TaskQuery {
            created_by: Some("ADA".into()),
            order: vec![(OrderField::CreatedAt, false)],
            limit: 2,
            offset: 2,
            ..TaskQuery::default()
        })
        .await;
        assert_eq!(second, (ada[2..4].to_vec(), 5), "{backend}");
        let failed = page(TaskQuery {
            statuses: vec![TaskStatus::Failed, TaskStatus::Cancelled],
            ..TaskQuery::default()
        })
        .await;
        assert_eq!(failed, (vec![ada[1].clone()], 1), "{backend}");
        let by_status = page(TaskQuery {
            order: vec![(OrderField::Status, false), (OrderField::CreatedAt, true)],
            limit: MAX_TASK_PAGE as i64,
            ..TaskQuery::default()
        })
        .await;
        assert_eq!(
            by_status.0[0], ada[1],
            "{backend}: failed sorts before open"
        );
        assert_eq!(by_status.0[1], bo, "{backend}");
        t.close().await;
    }
}
