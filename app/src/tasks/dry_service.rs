//! The use cases behind dry runs, for those who may run templates (`template.run`, as
//! Backstage asks its task-create permission): the wizard's preview of a catalog template with
//! the values typed so far, and the scaffolder API's dry run of a template given inline with its
//! files (the template editor's). Values are checked as a run checks them; the inline template's
//! files are written to a folder of their own, which its fetch steps cannot leave.

use std::path::{Component, Path};

use serde_json::{Map, Value};

use super::*;
use crate::access::permission::Permission;
use crate::catalog::store::query::{By, get};
use crate::server::ctx::Ctx;
use crate::tasks::actions::skeleton::{MAX_BYTES, MAX_FILES, TemplateBase, is_git_dir};
use crate::tasks::engine::{DryOutcome, DryRequest, DrySlot};
use crate::tasks::preview::DryRunReport;
use crate::templates::api::TemplateForm;
use crate::templates::api::service::{check, form_of, runnable_template};
use crate::templates::spec::read_spec_fields;

/// The wizard's preview: what template `namespace/name` would write with `values`.
pub async fn preview(
    ctx: &Ctx,
    namespace: &str,
    name: &str,
    mut values: Map<String, Value>,
) -> Result<DryRunReport, AppError> {
    let engine = service::engine(ctx)?;
    let slot = engine.dry_slot()?;
    let (stored, spec) = runnable_template(ctx, namespace, name).await?;
    let base = service::template_base(ctx, &stored).await?;
    let form = form_of(stored, spec.clone());
    let problems = check(&form, &values, None)?;
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let secrets = service::take_secrets(&form.steps, &mut values);
    let request = DryRequest {
        spec,
        base,
        parameters: values,
        secrets,
        person: ctx.clone(),
        user_entity: user_entity(ctx).await?,
    };
    Ok(engine.dry_run(slot, request).await?.report)
}

/// A file of an inline template, as the scaffolder API's `directoryContents` gives it.
pub struct GivenFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A turn for a dry run (see `TaskEngine::dry_slot`), for a door to take before it reads a
/// request's body.
pub fn dry_slot(ctx: &Ctx) -> Result<DrySlot, AppError> {
    ctx.scope(Permission::TemplateRun)?;
    service::engine(ctx)?.dry_slot()
}

/// The scaffolder API's dry run, in its turn: `template` is a whole Template entity, `files` its
/// folder.
pub async fn dry_run_inline(
    ctx: &Ctx,
    slot: DrySlot,
    template: &Value,
    mut values: Map<String, Value>,
    given_secrets: Map<String, Value>,
    files: Vec<GivenFile>,
) -> Result<DryOutcome, AppError> {
    ctx.scope(Permission::TemplateRun)?;
    let invalid = |field: &str, message: &str| {
        AppError::Validation(vec![crate::error::FieldError::new(field, message)])
    };
    if template.get("kind").and_then(Value::as_str) != Some("Template") {
        return Err(invalid("template.kind", "must be Template"));
    }
    let spec_fields = template
        .get("spec")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("template.spec", "must be a mapping"))?;
    let spec = read_spec_fields(spec_fields).map_err(|problems| {
        AppError::Validation(
            problems
                .into_iter()
                .map(|p| crate::error::FieldError::new(format!("template.{}", p.field), p.message))
                .collect(),
        )
    })?;
    let text = |key: &str| {
        template
            .pointer(&format!("/metadata/{key}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let form = TemplateForm {
        entity_ref: format!("template:default/{}", text("name").unwrap_or_default()),
        title: text("title").or_else(|| text("name")).unwrap_or_default(),
        description: text("description"),
        owner_ref: None,
        steps: spec.parameters.clone(),
    };
    let problems = check(&form, &values, None)?;
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let mut secrets = service::take_secrets(&form.steps, &mut values);
    secrets.extend(given_secrets);
    let engine = service::engine(ctx)?;
    // In the installation's own folder, and removed however the request ends.
    let scratch = engine.scratch("dry-template");
    let folder = scratch.path().to_path_buf();
    write_files(&folder, &files).await?;
    let request = DryRequest {
        spec,
        base: TemplateBase::File {
            dir: folder.clone(),
            root: folder,
        },
        parameters: values,
        secrets,
        person: ctx.clone(),
        user_entity: user_entity(ctx).await?,
    };
    engine.dry_run(slot, request).await
}

/// Writes the given files under `folder`; a path that is empty, absolute, climbs out, names a
/// `.git` folder or holds control characters is refused, as are more files or bytes than a
/// fetch reads.
async fn write_files(folder: &Path, files: &[GivenFile]) -> Result<(), AppError> {
    let bad = |message: String| {
        AppError::Validation(vec![crate::error::FieldError::new(
            "directoryContents",
            message,
        )])
    };
    if files.len() > MAX_FILES {
        return Err(bad(format!(
            "at most {MAX_FILES} files, not {}",
            files.len()
        )));
    }
    let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    if total > MAX_BYTES {
        return Err(bad(format!("at most {MAX_BYTES} bytes in all")));
    }
    tokio::fs::create_dir_all(folder)
        .await
        .map_err(AppError::internal)?;
    for file in files {
        let relative = Path::new(file.path.trim_start_matches("./"));
        let plain = !file.path.is_empty()
            && !file.path.chars().any(char::is_control)
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(bad(format!(
                "{:?} is not a relative path inside the template's folder",
                file.path
            )));
        }
        if relative.components().any(|c| is_git_dir(c.as_os_str())) {
            return Err(bad(format!(
                "{:?} names a .git folder, which a template may not hold",
                file.path
            )));
        }
        let path = folder.join(relative);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|e| bad(format!("{}: {e}", file.path)))?;
        }
        tokio::fs::write(&path, &file.bytes)
            .await
            .map_err(|e| bad(format!("{}: {e}", file.path)))?;
    }
    Ok(())
}

/// The caller's own entity in the catalog, for `${{ user.entity }}`.
async fn user_entity(ctx: &Ctx) -> Result<Option<Value>, AppError> {
    let user_ref = format!("user:default/{}", ctx.login().to_lowercase());
    Ok(get(&ctx.db, By::Refs(std::slice::from_ref(&user_ref)))
        .await?
        .into_iter()
        .next()
        .and_then(|s| serde_json::to_value(s.entity).ok()))
}
