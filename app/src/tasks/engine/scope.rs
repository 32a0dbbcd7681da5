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
    let mut scope = json!({
        "parameters": task.parameters,
        "secrets": secrets,
        "steps": {},
        "user": {"ref": user_ref, "entity": entity},
    });
    place_secrets(&mut scope);
    Ok(scope)
}

/// Puts the secrets of list items back in their places among the parameters
/// (`parameters.members[1].token`, and so `each.value.token`), out of `secrets`.
pub(super) fn place_secrets(scope: &mut Value) {
    let placed = scope["secrets"]
        .as_object_mut()
        .and_then(|secrets| secrets.remove(crate::tasks::api::service::PLACED_SECRETS));
    let Some(Value::Object(placed)) = placed else {
        return;
    };
    for (at, value) in placed {
        let at: Option<Vec<crate::templates::form::Key>> = serde_json::from_str(&at).ok();
        if let Some(at) = at {
            crate::templates::values::set_at(&mut scope["parameters"], &at, Some(value));
        }
    }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tasks::api::service::{PLACED_SECRETS, take_secrets};
    use crate::tasks::redact::Redactor;

    /// Two list items with a secret field of the same name (review item 7): `secrets.token` is
    /// the first, as in Backstage, and each item gets its own back when the task runs; the
    /// stored values hold neither, and the log masks both but not the places' names.
    #[test]
    fn each_list_items_secret_comes_back_to_its_place() {
        let spec = crate::templates::spec::read_spec(&json!({
            "type": "service",
            "parameters": [{"properties": {"members": {"type": "array", "items": {
                "type": "object",
                "properties": {"name": {"type": "string"},
                               "token": {"type": "string", "ui:field": "Secret"}}}}}}],
            "steps": []
        }))
        .unwrap();
        let mut values = json!({"members": [
            {"name": "ada", "token": "tok-ada-1"},
            {"name": "bo", "token": "tok-bo-2"}
        ]})
        .as_object()
        .cloned()
        .unwrap();
        let secrets = Value::Object(take_secrets(&spec.parameters, &mut values));
        assert_eq!(
            Value::Object(values.clone()),
            json!({"members": [{"name": "ada"}, {"name": "bo"}]}),
            "no secret stays in the values that are stored"
        );
        let redactor = Redactor::new(&secrets);
        assert_eq!(
            redactor.text("members 1 tok-ada-1 tok-bo-2"),
            "members 1 *** ***"
        );
        let mut scope = json!({"parameters": values, "secrets": secrets});
        place_secrets(&mut scope);
        assert_eq!(scope["parameters"]["members"][0]["token"], "tok-ada-1");
        assert_eq!(scope["parameters"]["members"][1]["token"], "tok-bo-2");
        assert_eq!(scope["secrets"]["token"], "tok-ada-1");
        assert!(scope["secrets"].get(PLACED_SECRETS).is_none());
    }
}
