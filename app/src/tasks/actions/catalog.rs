//! `catalog:register`: the repository a task published, registered in the catalog as a location
//! by the person who ran the task (they need `catalog.entity.create`), with Backstage's
//! `entityRef` output, the entity the repository describes. Any other repository on the server
//! needs `catalog.location.manage`, as the location API does: a template's value must not reach
//! a private repository, or tell which paths exist.

use serde_json::{Map, Value, json};

use super::{Action, ActionContext, ActionFuture};

pub struct CatalogRegister;

impl Action for CatalogRegister {
    fn id(&self) -> &'static str {
        "catalog:register"
    }

    fn description(&self) -> &'static str {
        "Registers a published repository's catalog file in the catalog, as the person running the task."
    }

    fn input_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "repoContentsUrl": {"type": "string", "title": "publish's repoContentsUrl"},
                "catalogInfoPath": {"type": "string", "title": "The catalog file in it, /catalog-info.yaml by default"},
                "catalogInfoUrl": {"type": "string", "title": "Or the repository's address"},
                "optional": {"type": "boolean", "title": "Go on when the repository holds no entity"}
            }
        })
    }

    fn output_schema(&self) -> Value {
        json!({"type": "object", "properties": {"entityRef": {"type": "string"}, "catalogInfoUrl": {"type": "string"}}})
    }

    fn idempotent(&self) -> bool {
        // Registering a location twice reads it again; nothing is duplicated.
        true
    }

    fn run(&self, context: ActionContext) -> ActionFuture {
        Box::pin(async move {
            let input = &context.input;
            let text = |key: &str| input.get(key).and_then(Value::as_str).map(str::to_owned);
            let url = text("repoContentsUrl")
                .or_else(|| text("catalogInfoUrl"))
                .ok_or("catalog:register needs repoContentsUrl or catalogInfoUrl")?;
            let repository = url.split('#').next().unwrap_or_default();
            let Some(path) = repository.strip_prefix("file://") else {
                return Err(format!(
                    "Runway registers repositories it can read on this server (file://); {repository} is not one"
                ));
            };
            let person = context
                .person
                .as_ref()
                .ok_or("the person who started this task can no longer act (their account is gone or deactivated)")?;
            may_register(&context, person, repository)?;
            if context.dry_run {
                return would_register(&context, person, &url, input).await;
            }
            let remote = crate::catalog::import::substitute::Remote::default();
            let (location, report, _) =
                crate::catalog::location::register_published(person, "git", path, &remote)
                    .await
                    .map_err(|e| e.to_string())?;
            let saved: Vec<&str> = report
                .entities
                .iter()
                .filter(|e| e.outcome != crate::catalog::report::Outcome::Rejected)
                .map(|e| e.entity_ref.as_str())
                .collect();
            for problem in &report.errors {
                context
                    .log
                    .line(&format!("The catalog says: {problem}"))
                    .await;
            }
            let optional = input.get("optional") == Some(&Value::Bool(true));
            let Some(first) = saved
                .iter()
                .find(|r| r.to_lowercase().starts_with("component:"))
                .or(saved.first())
            else {
                return match optional {
                    true => Ok(Map::new()),
                    false => Err(format!("{repository} holds no entity the catalog accepted")),
                };
            };
            let entity_ref = crate::catalog::model::EntityRef::parse(first, None, "default")
                .map(|r| r.key())
                .unwrap_or_else(|_| first.to_lowercase());
            context
                .log
                .line(&format!(
                    "Registered {} ({} entities) from location {}",
                    entity_ref,
                    saved.len(),
                    location.id
                ))
                .await;
            Ok(Map::from_iter([
                ("entityRef".to_owned(), json!(entity_ref)),
                ("catalogInfoUrl".to_owned(), json!(url)),
            ]))
        })
    }
}

/// Whether `person` may register `repository` from this task: one of its own publishes, or
/// anything for those who manage locations. Decided before the server looks at the path, so a
/// refusal says nothing about what is there.
fn may_register(
    context: &ActionContext,
    person: &crate::server::ctx::Ctx,
    repository: &str,
) -> Result<(), String> {
    let own = context.published.iter().any(|p| p == repository);
    if own
        || person.may(
            crate::access::permission::Permission::CatalogLocationManage,
            None,
        )
    {
        return Ok(());
    }
    Err(format!(
        "catalog:register registers the repositories this task published; {repository} is not one of them (registering another needs catalog.location.manage)"
    ))
}

/// A dry run's register: the person's permission is checked and the entities are read from the
/// working folder's catalog file, where the repository would hold it; nothing is registered.
async fn would_register(
    context: &ActionContext,
    person: &crate::server::ctx::Ctx,
    url: &str,
    input: &Value,
) -> super::Outcome {
    person
        .authorize(
            crate::access::permission::Permission::CatalogEntityCreate,
            None,
        )
        .map_err(|e| format!("the catalog would refuse it: {e}"))?;
    let path = input
        .get("catalogInfoPath")
        .and_then(Value::as_str)
        .unwrap_or("/catalog-info.yaml");
    let file = super::skeleton::inside(&context.workspace, path.trim_start_matches('/'))?;
    let text = tokio::fs::read_to_string(&file).await.unwrap_or_default();
    let refs: Vec<String> = crate::catalog::import::yaml::documents(&text)
        .into_iter()
        .filter_map(|(_, document)| document.ok())
        .filter_map(|entity| {
            let kind = entity.get("kind")?.as_str()?.to_lowercase();
            let metadata = entity.get("metadata")?;
            let name = metadata.get("name")?.as_str()?.to_lowercase();
            let namespace = metadata
                .get("namespace")
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_lowercase();
            Some(format!("{kind}:{namespace}/{name}"))
        })
        .collect();
    let optional = input.get("optional") == Some(&Value::Bool(true));
    let first = refs
        .iter()
        .find(|r| r.starts_with("component:"))
        .or(refs.first())
        .cloned();
    match &first {
        Some(_) => {
            context
                .log
                .line(&format!(
                    "Would register {url} in the catalog as {}: {} (a dry run registers nothing)",
                    person.login(),
                    refs.join(", ")
                ))
                .await
        }
        None if optional => {}
        None => {
            return Err(format!(
                "{path} in the working folder holds no entity to register"
            ));
        }
    }
    let mut output = Map::from_iter([("catalogInfoUrl".to_owned(), json!(url))]);
    if let Some(entity_ref) = first {
        output.insert("entityRef".to_owned(), json!(entity_ref));
    }
    Ok(output)
}
