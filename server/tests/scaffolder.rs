//! Backstage's scaffolder API on both databases, with the engine running: a task started with
//! values and secrets runs to its output, its events come as JSON and as a server-sent event
//! stream that resumes, bad values make no task, and others' tasks stay hidden; a dry run of an
//! inline template answers its files and log.

mod support;

use std::time::Duration;

use axum::Router;
use http::{StatusCode, header};
use serde_json::{Value, json};
use support::{create_user, get_as, json_call, sign_in, text};

const TEMPLATE: &str = r#"apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: hello
  title: Say hello
spec:
  owner: group:default/platform
  type: service
  parameters:
    - title: Name
      required: [name]
      properties:
        name: {type: string, pattern: '^[a-z-]+$'}
        token: {type: string, 'ui:field': Secret}
  steps:
    - id: say
      name: Say hello
      action: debug:log
      input:
        message: 'hello ${{ parameters.name }} with ${{ secrets.token }} and ${{ secrets.apiKey }}'
    - id: typo
      name: Never reached
      action: debug:log
      if: '${{ parameters.name == "typo" }}'
      input:
        message: '${{ parameters.nmae }}'
  output:
    text:
      - title: Done
        content: 'made ${{ parameters.name }}'
"#;

async fn setup(t: &app::server::testing::TestDb) -> Router {
    let state = support::state(t).await;
    app::demo::seed(&t.db, 42, app::server::now())
        .await
        .unwrap();
    tokio::spawn(state.tasks.clone().run_forever());
    runway_server::router(state)
}

async fn get_json(app: &Router, path: &str, cookie: &str) -> (StatusCode, Value) {
    let response = get_as(app, path, Some(cookie)).await;
    let status = response.status();
    let body = text(response).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

/// Waits until task `id` has ended, answering it.
async fn ended(app: &Router, id: &str, cookie: &str) -> Value {
    for _ in 0..200 {
        let (status, task) = get_json(app, &format!("/api/scaffolder/v2/tasks/{id}"), cookie).await;
        assert_eq!(status, StatusCode::OK, "{task}");
        if ["completed", "failed", "cancelled"].contains(&task["status"].as_str().unwrap_or("")) {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("task {id} did not end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_started_through_the_api_runs_and_streams_its_events() {
    for t in app::server::testing::databases().await {
        let app = setup(&t).await;
        let developer = sign_in(&app, "developer", "demo-password").await;
        support::import_yaml(&app, TEMPLATE, &developer).await;

        let (status, schema) = get_json(
            &app,
            "/api/scaffolder/v2/templates/default/template/hello/parameter-schema",
            &developer,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(schema["title"], "Say hello");
        assert_eq!(schema["steps"][0]["schema"]["required"], json!(["name"]));
        let (_, actions) = get_json(&app, "/api/scaffolder/v2/actions", &developer).await;
        assert!(
            actions
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["id"] == "debug:log" && a["schema"]["input"]["type"] == "object")
        );

        let body = json!({"templateRef": "template:default/hello", "values": {"name": "ada", "token": "tok-SECRET-1"}, "secrets": {"apiKey": "key-SECRET-2"}});
        let (status, created) =
            json_call(&app, "/api/scaffolder/v2/tasks", &body, &developer).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = serde_json::from_str::<Value>(&created).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let task = ended(&app, &id, &developer).await;
        assert_eq!(task["status"], "completed", "{task}");
        assert_eq!(
            task["spec"]["templateInfo"]["entityRef"],
            "template:default/hello"
        );
        assert_eq!(task["createdBy"], "user:default/developer");
        assert_eq!(
            task["spec"]["parameters"],
            json!({"name": "ada"}),
            "the secret field is not kept with the values"
        );

        let (_, events) = get_json(
            &app,
            &format!("/api/scaffolder/v2/tasks/{id}/events"),
            &developer,
        )
        .await;
        let events = events.as_array().unwrap().clone();
        let messages: Vec<&str> = events
            .iter()
            .filter_map(|e| e["body"]["message"].as_str())
            .collect();
        assert!(
            messages.contains(&"hello ada with *** and ***"),
            "{messages:?}"
        );
        assert_eq!(events.last().unwrap()["type"], "completion");
        assert!(!format!("{events:?}{task}").contains("SECRET"));

        // The stream replays from `after`, then ends with the completion.
        let second = events[1]["id"].as_i64().unwrap();
        let response = get_as(
            &app,
            &format!("/api/scaffolder/v2/tasks/{id}/eventstream?after={second}"),
            Some(&developer),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        let stream = text(response).await;
        let ids: Vec<i64> = stream
            .lines()
            .filter_map(|l| l.strip_prefix("id: "))
            .map(|v| v.parse().unwrap())
            .collect();
        let expected: Vec<i64> = events
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .filter(|n| *n > second)
            .collect();
        assert_eq!(ids, expected, "{stream}");
        assert!(stream.contains("event: completion"), "{stream}");

        // Cancel and retry answer what the task's state allows.
        let (status, _) = json_call(
            &app,
            &format!("/api/scaffolder/v2/tasks/{id}/cancel"),
            &json!({}),
            &developer,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = json_call(
            &app,
            &format!("/api/scaffolder/v2/tasks/{id}/retry"),
            &json!({}),
            &developer,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);

        let (_, mine) = get_json(
            &app,
            "/api/scaffolder/v2/tasks?createdBy=user:default/developer",
            &developer,
        )
        .await;
        assert_eq!(mine["tasks"][0]["id"], id.as_str());
        let (status, _) = get_json(&app, "/api/scaffolder/v2/tasks?status=done", &developer).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_values_make_no_task_and_others_tasks_stay_hidden() {
    let t = app::server::testing::sqlite().await;
    let app = setup(&t).await;
    let developer = sign_in(&app, "developer", "demo-password").await;
    support::import_yaml(&app, TEMPLATE, &developer).await;
    let bad = json!({"templateRef": "template:default/hello", "values": {"name": "Not Valid!"}});
    let (status, body) = json_call(&app, "/api/scaffolder/v2/tasks", &bad, &developer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("name"), "{body}");
    let (status, body) = json_call(
        &app,
        "/api/scaffolder/v2/tasks",
        &json!({"templateRef": "template:default/hello", "values": {}, "extra": 1}),
        &developer,
    )
    .await;
    assert!(
        status.is_client_error(),
        "unknown fields are refused: {body}"
    );
    let (status, _) = json_call(
        &app,
        "/api/scaffolder/v2/tasks",
        &json!({"templateRef": "component:default/hello"}),
        &developer,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, list) = get_json(&app, "/api/scaffolder/v2/tasks", &developer).await;
    assert_eq!(list["totalTasks"], 0, "no task was made");

    let good = json!({"templateRef": "template:default/hello", "values": {"name": "typo", "token": "tok-x"}, "secrets": {"apiKey": "key-y"}});
    let (status, created) = json_call(&app, "/api/scaffolder/v2/tasks", &good, &developer).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = ended(&app, &id, &developer).await;
    assert_eq!(task["status"], "failed", "the typo fails its step");
    let (_, events) = get_json(
        &app,
        &format!("/api/scaffolder/v2/tasks/{id}/events"),
        &developer,
    )
    .await;
    assert!(
        events
            .to_string()
            .contains("parameters.nmae is not defined"),
        "{events}"
    );

    // Another developer neither sees nor touches it; an administrator sees everyone's.
    create_user(&t, "grace", "grace-password-1", &["developer"]).await;
    let grace = sign_in(&app, "grace", "grace-password-1").await;
    for path in [
        format!("/api/scaffolder/v2/tasks/{id}"),
        format!("/api/scaffolder/v2/tasks/{id}/events"),
        format!("/api/scaffolder/v2/tasks/{id}/eventstream"),
    ] {
        let (status, _) = get_json(&app, &path, &grace).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = json_call(
        &app,
        &format!("/api/scaffolder/v2/tasks/{id}/retry"),
        &json!({}),
        &grace,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, theirs) = get_json(&app, "/api/scaffolder/v2/tasks", &grace).await;
    assert_eq!(theirs["totalTasks"], 0);
    let admin = support::admin(&app).await;
    let (_, all) = get_json(&app, "/api/scaffolder/v2/tasks", &admin).await;
    assert_eq!(all["totalTasks"], 1);
    // A viewer may not run templates at all.
    let viewer = sign_in(&app, "viewer", "demo-password").await;
    let (status, _) = json_call(&app, "/api/scaffolder/v2/tasks", &good, &viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_answers_the_files_and_log_of_an_inline_template_and_changes_nothing() {
    use base64::Engine as _;
    let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let t = app::server::testing::sqlite().await;
    let app = setup(&t).await;
    let developer = sign_in(&app, "developer", "demo-password").await;
    let template = json!({
        "apiVersion": "scaffolder.backstage.io/v1beta3", "kind": "Template",
        "metadata": {"name": "inline"},
        "spec": {"type": "service",
            "parameters": [{"required": ["name"], "properties": {"name": {"type": "string"}}}],
            "steps": [
                {"id": "fetch", "name": "Fetch", "action": "fetch:template",
                 "input": {"url": "./skeleton", "values": {"name": "${{ parameters.name }}"}}},
                {"id": "say", "name": "Say", "action": "debug:log",
                 "input": {"message": "made ${{ parameters.name }} with ${{ secrets.apiKey }}"}}]}
    });
    let body = |contents: Value| {
        json!({"template": template, "values": {"name": "orders"}, "secrets": {"apiKey": "key-zz"},
               "directoryContents": contents})
    };
    let good = body(json!([
        {"path": "template.yaml", "base64Content": b64("kind: Template")},
        {"path": "skeleton/README.md", "base64Content": b64("# ${{ values.name }}\n")},
        {"path": "./skeleton/bin/run.sh", "base64Content": b64("echo ${{ values.name }}")}
    ]));
    let (status, answer) = json_call(&app, "/api/scaffolder/v2/dry-run", &good, &developer).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["status"], "completed", "{answer}");
    let files: Vec<(String, String)> = answer["directoryContents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(f["base64Content"].as_str().unwrap())
                .unwrap();
            (
                f["path"].as_str().unwrap().to_owned(),
                String::from_utf8(bytes).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("README.md".to_owned(), "# orders\n".to_owned()),
            ("bin/run.sh".to_owned(), "echo orders".to_owned())
        ]
    );
    let log = answer["log"].to_string();
    assert!(
        log.contains("made orders with ***") && !log.contains("key-zz"),
        "{log}"
    );
    assert_eq!(answer["log"][2]["body"]["stepId"], "fetch", "{log}");
    assert_eq!(answer["steps"][1]["id"], "say");

    // Bad input is refused, saying what is wrong; a dry run makes no task.
    for (bad, says) in [
        (
            body(json!([{"path": "../escape.txt", "base64Content": b64("x")}])),
            "not a relative path",
        ),
        (
            body(json!([{"path": "/etc/x", "base64Content": b64("x")}])),
            "not a relative path",
        ),
        (
            body(json!([{"path": "a\u{7}b", "base64Content": b64("x")}])),
            "not a relative path",
        ),
        // A git folder in a template's files could configure the git that publishes them.
        (
            body(json!([{"path": "skeleton/.git/config", "base64Content": b64("[core]")}])),
            ".git folder",
        ),
        (
            body(json!([{"path": "./.GIT/hooks/pre-commit", "base64Content": b64("x")}])),
            ".git folder",
        ),
        (
            body(json!([{"path": "x", "base64Content": "%%%"}])),
            "directoryContents",
        ),
        (
            json!({"template": {"kind": "Component", "spec": {}}, "values": {}}),
            "must be Template",
        ),
        (json!({"template": template, "values": {}}), "name"),
    ] {
        let (status, answer) =
            json_call(&app, "/api/scaffolder/v2/dry-run", &bad, &developer).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} {answer}");
        assert!(answer.contains(says), "{says}: {answer}");
    }
    let extra = json!({"template": template, "values": {"name": "x"}, "extra": true});
    let (status, answer) = json_call(&app, "/api/scaffolder/v2/dry-run", &extra, &developer).await;
    assert!(
        status.is_client_error() && answer.contains("unknown field `extra`"),
        "{answer}"
    );
    let (_, list) = get_json(&app, "/api/scaffolder/v2/tasks", &developer).await;
    assert_eq!(list["totalTasks"], 0);
    let viewer = sign_in(&app, "viewer", "demo-password").await;
    let (status, _) = json_call(&app, "/api/scaffolder/v2/dry-run", &good, &viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    t.close().await;
}

/// A dry run takes its turn before its body is read: while two run, a third is told to try
/// again even with a body that would not parse (review item 5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_waits_for_its_turn_before_its_body_is_read() {
    let t = app::server::testing::sqlite().await;
    let state = support::state(&t).await;
    app::demo::seed(&t.db, 42, app::server::now())
        .await
        .unwrap();
    let engine = state.tasks.clone();
    let app: Router = runway_server::router(state);
    let developer = sign_in(&app, "developer", "demo-password").await;
    let busy = [engine.dry_slot().unwrap(), engine.dry_slot().unwrap()];
    let garbage = json!("not a dry run");
    let (status, answer) =
        json_call(&app, "/api/scaffolder/v2/dry-run", &garbage, &developer).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{answer}");
    drop(busy);
    let (status, answer) =
        json_call(&app, "/api/scaffolder/v2/dry-run", &garbage, &developer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.contains("not a dry run"), "{answer}");
    t.close().await;
}
