//! Backstage's template filters (`parseRepoUrl`, `parseEntityRef`, `pick`, `projectSlug`) and
//! nunjucks' `dump`, as minijinja filters.

use minijinja::value::Kwargs;
use minijinja::{Error, ErrorKind, Value as Jinja};

use crate::catalog::model::EntityRef;
use crate::templates::picker::RepoUrl;

pub(super) fn dump(value: Jinja) -> Result<String, Error> {
    serde_json::to_string(&value)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))
}

pub(super) fn parse_repo_url(text: String) -> Jinja {
    let url = RepoUrl::parse(&text);
    Jinja::from_serialize(serde_json::json!({
        "host": url.host,
        "owner": url.owner,
        "repo": url.repo,
        "organization": url.owner,
    }))
}

pub(super) fn project_slug(text: String) -> String {
    let url = RepoUrl::parse(&text);
    format!("{}/{}", url.owner, url.repo)
}

/// `parseEntityRef`, with Backstage's `defaultKind` and `defaultNamespace` options.
pub(super) fn parse_entity_ref(text: String, options: Option<Kwargs>) -> Result<Jinja, Error> {
    let (kind, namespace) = match &options {
        Some(kwargs) => (
            kwargs.get::<Option<String>>("defaultKind")?,
            kwargs.get::<Option<String>>("defaultNamespace")?,
        ),
        None => (None, None),
    };
    let namespace = namespace.unwrap_or_else(|| "default".to_owned());
    let parsed = EntityRef::parse(&text, kind.as_deref(), &namespace)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, format!("{text:?}: {e}")))?;
    if let Some(kwargs) = options {
        kwargs.assert_all_used()?;
    }
    Ok(Jinja::from_serialize(serde_json::json!({
        "kind": parsed.kind,
        "namespace": parsed.namespace,
        "name": parsed.name,
    })))
}

/// `pick`: one attribute of an object, by name (`parseEntityRef | pick('name')`).
pub(super) fn pick(value: Jinja, key: String) -> Result<Jinja, Error> {
    value.get_attr(&key)
}
