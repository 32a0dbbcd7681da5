//! What a running task's expressions and actions see: the scope (`parameters`, `secrets`,
//! `steps`, `user`) with the names the template declares, the person it acts as, and the
//! output rendered at the end.

use serde_json::{Map, Value, json};

use super::TaskEngine;
use super::log::Log;
use crate::server::ctx::Ctx;
use crate::tasks::model::TaskOutput;
use crate::tasks::render::{Job, Piece};
use crate::tasks::store::Stored;
use crate::templates::spec::TemplateSpec;

/// What expressions see: `parameters`, `secrets`, `steps.<id>.output`, `user.ref`, `user.entity`.
pub(super) async fn scope_of(
    engine: &TaskEngine,
    task: &Stored,
    secrets: Value,
) -> Result<Value, sqlx::Error> {
    let user_ref = format!("user:default/{}", task.summary.created_by.to_lowercase());
    let entity = crate::catalog::store::query::get(
        &engine.db,
        crate::catalog::store::query::By::Refs(std::slice::from_ref(&user_ref)),
    )
    .await?
    .into_iter()
    .next()
    .and_then(|s| serde_json::to_value(s.entity).ok());
    Ok(json!({
        "parameters": task.parameters,
        "secrets": secrets,
        "steps": {},
        "user": {"ref": user_ref, "entity": entity},
    }))
}

/// The context of the person who started the task, as actions act; `None` when their account
/// is gone or deactivated.
pub(super) async fn person_of(
    engine: &TaskEngine,
    task: &Stored,
) -> Result<Option<Ctx>, sqlx::Error> {
    let Some(user) =
        crate::access::store::users::by_login(&engine.db, &task.summary.created_by).await?
    else {
        return Ok(None);
    };
    let via = crate::server::caller::Via::Task {
        id: task.summary.id.clone(),
    };
    let Some(caller) =
        crate::auth::service::resolve::caller_for(&engine.db, &user.user.id, via).await?
    else {
        return Ok(None);
    };
    let policy = match engine.policy.get(&engine.db).await {
        Ok(policy) => policy,
        Err(_) => return Ok(None),
    };
    Ok(Some(Ctx {
        db: engine.db.clone(),
        policy,
        actor: crate::server::ctx::Actor::Person(Box::new(caller)),
        origin: crate::server::caller::Origin::default(),
        at: crate::clock::now(),
        extensions: crate::server::extensions::Extensions::default(),
        policy_cache: Some(engine.policy.clone()),
    }))
}

/// What a template declares, though it may hold no value when the task runs: every property
/// of its forms (as a parameter or a secret) and every step's output.
pub(super) fn declared(spec: &TemplateSpec) -> Vec<String> {
    fn properties(schema: &Value, out: &mut Vec<String>) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(names)) = map.get("properties") {
                    for name in names.keys() {
                        out.push(format!("parameters.{name}"));
                        out.push(format!("secrets.{name}"));
                    }
                }
                map.values().for_each(|v| properties(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| properties(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for page in &spec.parameters {
        properties(&Value::Object(page.schema.clone()), &mut out);
    }
    out.extend(spec.steps.iter().map(|s| format!("steps.{}", s.id)));
    out.sort();
    out.dedup();
    out
}

/// `spec.output` rendered: links (`url` or `entityRef`) and texts. An item naming what is not
/// defined (the output of a step that was skipped, say) is left out, and the log says why.
pub(super) async fn output_of(
    engine: &super::TaskEngine,
    spec: &TemplateSpec,
    scope: &Value,
    log: &Log,
    deadline: std::time::Instant,
) -> TaskOutput {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut output = TaskOutput::default();
    let items: Vec<(bool, &Map<String, Value>)> = spec
        .output
        .links
        .iter()
        .map(|l| (true, l))
        .chain(spec.output.text.iter().map(|t| (false, t)))
        .collect();
    let job = Job {
        scope: scope.clone(),
        pieces: items
            .iter()
            .map(|(_, item)| Piece::Value {
                template: Value::Object((*item).clone()),
                each: None,
            })
            .collect(),
    };
    let answers = match engine.settings.renderer.run(job, deadline).await {
        Ok(answers) => answers,
        Err(error) => {
            log.line(&format!("Left out the output: {error}")).await;
            return output;
        }
    };
    for ((is_link, item), answer) in items.into_iter().zip(answers) {
        let rendered = match answer {
            Ok(rendered) => rendered,
            Err(error) => {
                let title = item
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("untitled");
                log.line(&format!("Left out the output {title:?}: {error}"))
                    .await;
                continue;
            }
        };
        match is_link {
            true => {
                let link = crate::tasks::model::OutputLink {
                    title: text(&rendered, "title").unwrap_or_else(|| "Open".into()),
                    url: text(&rendered, "url"),
                    entity_ref: text(&rendered, "entityRef"),
                    icon: text(&rendered, "icon"),
                };
                if link
                    .url
                    .as_deref()
                    .is_some_and(|url| !crate::tasks::model::is_safe_link(url))
                {
                    log.line(&format!(
                        "Left out the output link {:?}: only http, https, mailto and the portal's own pages may be linked",
                        link.title
                    ))
                    .await;
                    continue;
                }
                output.links.push(link);
            }
            false => output.text.push(crate::tasks::model::OutputText {
                title: text(&rendered, "title").unwrap_or_default(),
                content: text(&rendered, "content").unwrap_or_default(),
            }),
        }
    }
    output
}

/// The repositories the task's finished publish steps created: their `remoteUrl` outputs.
pub(super) fn published(steps: &[crate::templates::spec::Step], scope: &Value) -> Vec<String> {
    steps
        .iter()
        .filter(|step| step.action.starts_with("publish:"))
        .filter_map(|step| scope["steps"][&step.id]["output"]["remoteUrl"].as_str())
        .map(str::to_owned)
        .collect()
}
