//! Server functions of the Create page: the templates the caller may run, searched and narrowed
//! by the catalog's own index (text, `spec.type`, tags, owner, "mine").

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::spec::ParameterStep;
use crate::access::endpoints::requires;
use crate::catalog::filter::{CatalogFilter, FacetCounts};
use crate::error::{AppError, FieldError};

/// How many templates one page of the Create page shows.
pub const PAGE_SIZE: i64 = 48;

/// A page of runnable templates with the facets to narrow them by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplatePage {
    pub templates: Vec<TemplateCard>,
    pub total: i64,
    /// Zero-based.
    pub page: i64,
    pub page_size: i64,
    /// Type, tag and owner, with counts among the templates matching the rest of the filter.
    pub facets: Vec<FacetCounts>,
}

/// What a template's card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateCard {
    pub entity_ref: String,
    pub namespace: String,
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    /// `spec.type`: what it makes.
    pub kind_of_result: Option<String>,
    pub owner_ref: Option<String>,
    pub tags: Vec<String>,
    /// The titles of the wizard's steps, in order.
    pub steps: Vec<String>,
}

impl TemplateCard {
    /// The wizard that runs this template.
    pub fn href(&self) -> String {
        format!(
            "/create/templates/{}/{}",
            crate::ui::url::encode(&self.namespace),
            crate::ui::url::encode(&self.name)
        )
    }
}

/// What the wizard needs to show a template's form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateForm {
    pub entity_ref: String,
    pub title: String,
    pub description: Option<String>,
    pub owner_ref: Option<String>,
    /// The wizard's pages, each a JSON Schema with Backstage's `ui:` keys.
    pub steps: Vec<ParameterStep>,
}

/// Templates the caller may both read and run, matching `filter` (its kind is always Template).
#[server(prefix = "/api", endpoint = "templates/list", input = server_fn::codec::Json)]
pub async fn list_templates(filter: CatalogFilter) -> Result<TemplatePage, AppError> {
    crate::server::run(|ctx| async move { service::list(&ctx, filter).await }).await
}
requires!(ListTemplates, TemplateRun);

/// The form of the template `namespace/name`, for someone who may run it.
#[server(prefix = "/api", endpoint = "templates/form")]
pub async fn get_template_form(namespace: String, name: String) -> Result<TemplateForm, AppError> {
    crate::server::run(|ctx| async move { service::form(&ctx, &namespace, &name).await }).await
}
requires!(GetTemplateForm, TemplateRun);

/// The problems of `values` under the template's form: every page's, or only `step`'s (0-based).
/// The wizard checks each page in the browser with the same code; this is the server's word.
#[server(prefix = "/api", endpoint = "templates/check", input = server_fn::codec::Json)]
pub async fn check_template_values(
    namespace: String,
    name: String,
    values: serde_json::Map<String, serde_json::Value>,
    step: Option<i32>,
) -> Result<Vec<FieldError>, AppError> {
    crate::server::run(|ctx| async move {
        let form = service::form(&ctx, &namespace, &name).await?;
        service::check(&form, &values, step)
    })
    .await
}
requires!(CheckTemplateValues, TemplateRun);

#[cfg(feature = "ssr")]
pub mod service {
    //! Narrows the catalog reader's view to the templates the caller may run, then reads the index.

    use std::collections::BTreeSet;

    use super::*;
    use crate::access::decision::Scope;
    use crate::access::permission::Permission;
    use crate::catalog::api::service::check_filter;
    use crate::catalog::filter::Facet;
    use crate::catalog::index::index;
    use crate::catalog::model::{DEFAULT_NAMESPACE, Entity};
    use crate::catalog::store::query::{By, Stored, Viewer, get};
    use crate::server::ctx::Ctx;
    use crate::templates::spec::{TemplateSpec, read_spec_fields};

    pub async fn list(ctx: &Ctx, mut filter: CatalogFilter) -> Result<TemplatePage, AppError> {
        let viewer = runnable(ctx)?;
        check_filter(&filter)?;
        filter.facets.retain(|(facet, _)| *facet != Facet::Kind);
        filter.select(Facet::Kind, "template".to_owned());
        let page = index(ctx)
            .list(&ctx.db, &filter, &viewer, PAGE_SIZE, 30)
            .await?;
        let refs: Vec<String> = page.items.iter().map(|s| s.entity_ref.clone()).collect();
        let mut stored = get(&ctx.db, By::Refs(&refs)).await?;
        // The index's order (name, or what the filter asks), not the database's.
        stored.sort_by_key(|s| refs.iter().position(|r| *r == s.entity.entity_ref().key()));
        let templates = stored
            .into_iter()
            .map(|s| card(s.entity, s.owner_ref))
            .collect();
        Ok(TemplatePage {
            templates,
            total: page.total,
            page: filter.page,
            page_size: PAGE_SIZE,
            facets: page
                .facets
                .into_iter()
                .filter(|f| matches!(f.facet, Facet::Type | Facet::Tag | Facet::Owner))
                .collect(),
        })
    }

    /// The form of one template the caller may read and run; anything else is "not found", so
    /// that a hidden template cannot be told from a missing one.
    pub async fn form(ctx: &Ctx, namespace: &str, name: &str) -> Result<TemplateForm, AppError> {
        let (stored, spec) = runnable_template(ctx, namespace, name).await?;
        Ok(form_of(stored, spec))
    }

    /// The stored template `namespace/name` and its spec, for a caller who may read and run it.
    pub async fn runnable_template(
        ctx: &Ctx,
        namespace: &str,
        name: &str,
    ) -> Result<(Stored, TemplateSpec), AppError> {
        let viewer = runnable(ctx)?;
        let key = format!(
            "template:{}/{}",
            namespace.to_lowercase(),
            name.to_lowercase()
        );
        let missing = || AppError::NotFound(key.clone());
        let stored = get(&ctx.db, By::Refs(std::slice::from_ref(&key)))
            .await?
            .into_iter()
            .find(|s| viewer.may_read(s.owner_ref.as_deref()))
            .ok_or_else(missing)?;
        let spec = read_spec_fields(&stored.entity.spec).map_err(AppError::Validation)?;
        Ok((stored, spec))
    }

    pub fn form_of(stored: Stored, spec: TemplateSpec) -> TemplateForm {
        let entity_ref = stored.entity.entity_ref().key();
        let metadata = stored.entity.metadata;
        TemplateForm {
            entity_ref,
            title: metadata.title.unwrap_or_else(|| metadata.name.clone()),
            description: metadata.description,
            owner_ref: stored.owner_ref,
            steps: spec.parameters,
        }
    }

    /// Every problem of `values`, on every page or on `step` only.
    pub fn check(
        form: &TemplateForm,
        values: &serde_json::Map<String, serde_json::Value>,
        step: Option<i32>,
    ) -> Result<Vec<FieldError>, AppError> {
        let pages: Vec<&ParameterStep> = match step {
            None => form.steps.iter().collect(),
            Some(i) => {
                let page = usize::try_from(i).ok().and_then(|i| form.steps.get(i));
                vec![page.ok_or_else(|| {
                    AppError::Validation(vec![FieldError::new(
                        "step",
                        format!(
                            "the template has {} steps; there is no step {i}",
                            form.steps.len()
                        ),
                    )])
                })?]
            }
        };
        let values = serde_json::Value::Object(values.clone());
        let mut problems: Vec<FieldError> = Vec::new();
        for page in pages {
            for problem in crate::templates::check::check(&page.schema, &values) {
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
        Ok(problems)
    }

    /// The catalog view of someone running templates: what they may both read and run.
    fn runnable(ctx: &Ctx) -> Result<Viewer, AppError> {
        let mut viewer = Viewer::of(ctx)?;
        viewer.readable_owners = both(
            viewer.readable_owners.take(),
            match ctx.scope(Permission::TemplateRun)? {
                Scope::All => None,
                Scope::Owners(owners) => Some(owners),
            },
        );
        Ok(viewer)
    }

    /// What may be read and run: `None` stands for everything.
    fn both(a: Option<BTreeSet<String>>, b: Option<BTreeSet<String>>) -> Option<BTreeSet<String>> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(a.intersection(&b).cloned().collect()),
        }
    }

    fn card(entity: Entity, owner_ref: Option<String>) -> TemplateCard {
        let spec = read_spec_fields(&entity.spec).ok();
        let steps = spec
            .as_ref()
            .map(|spec| {
                spec.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, step)| step.title_at(i))
                    .collect()
            })
            .unwrap_or_default();
        TemplateCard {
            entity_ref: entity.entity_ref().key(),
            title: entity
                .metadata
                .title
                .clone()
                .unwrap_or_else(|| entity.metadata.name.clone()),
            description: entity.metadata.description.clone(),
            kind_of_result: spec.map(|s| s.kind_of_result),
            owner_ref,
            tags: entity.metadata.tags.clone(),
            steps,
            namespace: entity
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned()),
            name: entity.metadata.name,
        }
    }
}
