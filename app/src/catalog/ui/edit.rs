//! Editing an entity in the browser, or writing a new one: a form for its metadata and its
//! kind's spec fields, then a review of the resulting YAML and its diff against the stored
//! version (none for a new entity) before saving.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::labels::entity_href;
use crate::catalog::api::edit::{
    EditPreview, create_entity, preview_entity, preview_new_entity, save_entity,
};
use crate::catalog::api::entity::get_entity;
use crate::catalog::kinds::suggestions;
use crate::catalog::model::Entity;
use crate::catalog::names::is_valid_name;
use crate::catalog::validate::spec_fields;

use super::form_fields::{
    Apply, field_label, inputs, list_text, read_form, set_name, set_namespace,
};
use crate::ui::Loaded;
use crate::ui::button::{INPUT, LABEL, PRIMARY, SECONDARY};
use crate::ui::{PageHeader, Panel};

/// `/catalog/{namespace}/{kind}/{name}/edit`, for people who may change the entity.
#[component]
pub fn EditEntityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("kind").unwrap_or_default(),
                p.get("namespace").unwrap_or_default(),
                p.get("name").unwrap_or_default(),
            )
        },
        |(kind, namespace, name)| get_entity(kind, namespace, name),
    );
    view! {
        <Loaded data=move || data.get() title="Edit" rows=8 let:detail>
            <Editor entity=detail.entity existing=true/>
        </Loaded>
    }
}

/// The form and its review; `existing` tells an edit from a new entity, which also asks for a
/// name and a namespace.
#[component]
pub(super) fn Editor(entity: Entity, existing: bool) -> impl IntoView {
    let (title, description, href) = if existing {
        let name = entity
            .metadata
            .title
            .clone()
            .unwrap_or_else(|| entity.metadata.name.clone());
        (
            format!("Edit {name}"),
            entity.entity_ref().to_string(),
            entity_href(&entity.entity_ref().key()),
        )
    } else {
        let kind = entity.kind.to_lowercase();
        (
            format!("New {kind}"),
            "Fill in what you know; you will see the YAML before anything is saved".to_owned(),
            "/catalog/new".to_owned(),
        )
    };
    let draft = RwSignal::new(entity.clone());
    let preview = Action::new(move |draft: &Entity| {
        let draft = draft.clone();
        async move {
            match existing {
                true => preview_entity(draft).await,
                false => preview_new_entity(draft).await,
            }
        }
    });
    // An edit carries the etag its preview saw; a new entity has none.
    let save = Action::new(|(draft, etag): &(Entity, Option<String>)| {
        let (draft, etag) = (draft.clone(), etag.clone());
        async move {
            match etag {
                Some(etag) => save_entity(draft, etag).await,
                None => create_entity(draft).await,
            }
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(key)) = save.value().get() {
            navigate(&entity_href(&key), Default::default());
        }
    });
    let inputs = inputs(&entity.kind, existing);
    let apply_of = |id: &str| -> Apply {
        inputs
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, apply)| apply.clone())
            .expect("every rendered input is in `inputs`")
    };
    let field = move |id: String,
                      label: String,
                      value: String,
                      offered: &'static [&'static str],
                      apply: Apply| {
        let list_id = (!offered.is_empty()).then(|| format!("{id}-suggestions"));
        view! {
            <div>
                <label for=id.clone() class=LABEL>{label}</label>
                {list_id.clone().map(|list_id| view! {
                    <datalist id=list_id>{offered.iter().map(|v| view! { <option value=*v/> }).collect_view()}</datalist>
                })}
                <input id=id value=value list=list_id autocomplete="off" class=format!("mt-1 {INPUT}")
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| apply(d, &v)); preview.value().set(None) }/>
            </div>
        }
    };
    let metadata = [
        (
            "meta-title",
            "Title",
            entity.metadata.title.clone().unwrap_or_default(),
        ),
        (
            "meta-description",
            "Description",
            entity.metadata.description.clone().unwrap_or_default(),
        ),
        (
            "meta-tags",
            "Tags (comma-separated)",
            entity.metadata.tags.join(", "),
        ),
    ]
    .into_iter()
    .map(|(id, label, value)| field(id.into(), label.into(), value, &[], apply_of(id)))
    .collect_view();
    let spec = spec_fields(&entity.kind)
        .into_iter()
        .map(|(name, list, required)| {
            let value = if list {
                list_text(entity.spec.get(name))
            } else {
                entity.spec_str(name).unwrap_or_default().to_owned()
            };
            let label = format!(
                "{}{}{}",
                field_label(name),
                if list { " (comma-separated)" } else { "" },
                if required { " *" } else { "" }
            );
            let id = format!("spec-{name}");
            let apply = apply_of(&id);
            field(id, label, value, suggestions(&entity.kind, name), apply)
        })
        .collect_view();
    // Until the page is interactive, Review would post the form as a plain GET and lose it.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let inputs = StoredValue::new(inputs);
    let identity = (!existing).then(|| view! { <Identity draft preview/> });
    view! {
        <Title text=title.clone()/>
        <PageHeader title=title description/>
        <div class="grid gap-6 lg:grid-cols-2">
            <Panel title="Details">
                <form class="space-y-4" aria-label="Entity details" on:submit=move |ev| {
                    ev.prevent_default();
                    inputs.with_value(|inputs| read_form(inputs, draft));
                    preview.dispatch(draft.get_untracked());
                }>
                    {identity}
                    {metadata}
                    {spec}
                    <div class="flex gap-3 pt-2">
                        <button type="submit" class=PRIMARY disabled=move || !ready.get()>{if existing { "Review changes" } else { "Review" }}</button>
                        <a href=href.clone() class=SECONDARY>"Cancel"</a>
                    </div>
                </form>
            </Panel>
            <div>
                {move || match preview.value().get() {
                    None => view! {
                        <Panel title="Changes"><p class="text-sm text-subtle">{if existing { "Review your changes to see the YAML and what changes." } else { "Review to see the YAML that will be saved." }}</p></Panel>
                    }.into_any(),
                    Some(Err(e)) => view! { <p role="alert" class="text-sm text-rose-600 dark:text-rose-400">{e.to_string()}</p> }.into_any(),
                    Some(Ok(p)) => view! { <Review preview=p draft save existing/> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// Name and namespace of a new entity, the name checked as it is typed by the rule the server
/// applies.
#[component]
fn Identity(
    draft: RwSignal<Entity>,
    preview: Action<Entity, Result<EditPreview, crate::error::AppError>>,
) -> impl IntoView {
    let name = move || draft.with(|d| d.metadata.name.clone());
    let bad_name = move || {
        let name = name();
        !name.is_empty() && !is_valid_name(&name)
    };
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <div>
                <label for="meta-name" class=LABEL>"Name *"</label>
                <input id="meta-name" required autocomplete="off" class=format!("mt-1 {INPUT}")
                    aria-invalid=move || bad_name().to_string() aria-describedby="meta-name-help"
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set_name(d, &v)); preview.value().set(None) }/>
                <p id="meta-name-help" class=move || if bad_name() { "mt-1 text-xs text-rose-600 dark:text-rose-400" } else { "mt-1 text-xs text-subtle" }>
                    "Letters, digits and - _ . inside; up to 63 characters"
                </p>
            </div>
            <div>
                <label for="meta-namespace" class=LABEL>"Namespace"</label>
                <input id="meta-namespace" placeholder="default" autocomplete="off" class=format!("mt-1 {INPUT}")
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set_namespace(d, &v)); preview.value().set(None) }/>
            </div>
        </div>
    }
}

#[component]
fn Review(
    preview: EditPreview,
    draft: RwSignal<Entity>,
    save: Action<(Entity, Option<String>), Result<String, crate::error::AppError>>,
    existing: bool,
) -> impl IntoView {
    let changed = preview.diff.iter().any(|l| l.tag != ' ');
    let valid = preview.problems.is_empty();
    let etag = preview.etag.clone();
    let lines = preview
        .diff
        .into_iter()
        .map(|line| {
            let class = match line.tag {
                '+' => "bg-emerald-50 text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-200",
                '-' => "bg-rose-50 text-rose-900 dark:bg-rose-500/10 dark:text-rose-200",
                _ => "text-zinc-600 dark:text-zinc-400",
            };
            view! { <div class=format!("whitespace-pre px-3 {class}")>{format!("{} {}", line.tag, line.text)}</div> }
        })
        .collect_view();
    view! {
        <Panel title="Changes">
            {(!valid).then(|| view! {
                <ul role="alert" aria-label="Problems" class="mb-3 list-disc pl-5 text-sm text-rose-700 dark:text-rose-300">
                    {preview.problems.iter().map(|p| view! { <li>{format!("{}: {}", p.field, p.message)}</li> }).collect_view()}
                </ul>
            })}
            {(!changed).then(|| view! { <p class="mb-3 text-sm text-subtle">"Nothing changed."</p> })}
            <div aria-label="Diff" role="region" tabindex="0" class="focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 -mx-5 overflow-x-auto border-y border-zinc-100 py-2 font-mono text-xs leading-5 dark:border-zinc-800">{lines}</div>
            {move || save.value().get().and_then(Result::err).map(|e| view! { <p role="alert" class="mt-3 text-sm text-rose-600 dark:text-rose-400">{e.to_string()}</p> })}
            <button type="button" class=format!("mt-4 {PRIMARY}") disabled=!(valid && changed)
                on:click=move |_| { save.dispatch((draft.get_untracked(), etag.clone())); }>
                {if existing { "Save" } else { "Create" }}
            </button>
        </Panel>
    }
}
