//! One person's share of the task engine through the scaffolder API (review item 4): starting
//! more than the unfinished limit answers 429 while others still may, and the task list comes a
//! page at a time, filtered before it is cut, with its total.

mod support;

use axum::Router;
use http::StatusCode;
use serde_json::{Value, json};
use support::{get_as, json_call, sign_in, text};

const TEMPLATE: &str = r#"apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: quick
  title: Quick
spec:
  owner: group:default/platform
  type: service
  parameters: []
  steps:
    - id: say
      name: Say
      action: debug:log
      input:
        message: hello
"#;

async fn list(app: &Router, query: &str, cookie: &str) -> (StatusCode, Value) {
    let response = get_as(
        app,
        &format!("/api/scaffolder/v2/tasks{query}"),
        Some(cookie),
    )
    .await;
    let status = response.status();
    let body = text(response).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

fn ids(list: &Value) -> Vec<String> {
    list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_may_have_so_many_unfinished_tasks_and_lists_come_in_pages() {
    for t in app::server::testing::databases().await {
        // No engine runs: every task started stays open.
        let state = support::state(&t).await;
        app::demo::seed(&t.db, 42, app::server::now())
            .await
            .unwrap();
        let app = runway_server::router(state);
        let developer = sign_in(&app, "developer", "demo-password").await;
        let admin = support::admin(&app).await;
        support::import_yaml(&app, TEMPLATE, &admin).await;
        let start = json!({"templateRef": "template:default/quick", "values": {}});
        let limit = app::limits::MAX_UNFINISHED_TASKS_PER_PERSON;
        let mut mine = Vec::new();
        for _ in 0..limit {
            let (status, answer) =
                json_call(&app, "/api/scaffolder/v2/tasks", &start, &developer).await;
            assert_eq!(status, StatusCode::CREATED, "{answer}");
            mine.push(serde_json::from_str::<Value>(&answer).unwrap()["id"].clone());
        }
        let (status, answer) =
            json_call(&app, "/api/scaffolder/v2/tasks", &start, &developer).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{answer}");
        assert!(
            answer.contains(&format!("you have {limit} tasks waiting or running")),
            "{answer}"
        );
        let (status, answer) = json_call(&app, "/api/scaffolder/v2/tasks", &start, &admin).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "another person still may: {answer}"
        );
        let admins: Value = serde_json::from_str(&answer).unwrap();

        // Pages of everyone's tasks, newest first, counted in all.
        let (status, first) = list(&app, "?limit=5", &admin).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(first["totalTasks"], limit + 1);
        assert_eq!(ids(&first).len(), 5);
        assert_eq!(first["tasks"][0]["id"], admins["id"]);
        let (_, second) = list(&app, "?limit=5&offset=5", &admin).await;
        let (_, both) = list(&app, "?limit=10", &admin).await;
        assert_eq!([ids(&first), ids(&second)].concat(), ids(&both));
        let (_, oldest) = list(&app, "?limit=1&order=asc:created_at", &admin).await;
        assert_eq!(oldest["tasks"][0]["id"], mine[0]);
        // Filtered before the page is cut: the one task of admin's among 21.
        let (_, of_admin) = list(&app, "?createdBy=user:default/admin&limit=1", &admin).await;
        assert_eq!(
            (of_admin["totalTasks"].clone(), ids(&of_admin)),
            (json!(1), vec![admins["id"].as_str().unwrap().to_owned()])
        );
        // Someone who may not read others' tasks sees only their own, asked for or not.
        let (_, own) = list(&app, "?limit=100", &developer).await;
        assert_eq!(own["totalTasks"], limit);
        let (_, others) = list(&app, "?createdBy=user:default/admin", &developer).await;
        assert_eq!(others["totalTasks"], 0, "{others}");
        for bad in [
            "?limit=0",
            "?limit=101",
            "?offset=-1",
            "?order=sideways:created_at",
            "?order=asc:secrets",
            "?status=lost",
        ] {
            let (status, answer) = list(&app, bad, &admin).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {answer}");
        }
        t.close().await;
    }
}
