//! The entity page: header (kind, title, owner, lifecycle, tags, links, star) and tabs for the
//! overview, the relation graph, the API definition and what later features add.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::graph_view::GraphView;
use super::labels::{entity_href, kind_label};
use super::overview::Overview;
use crate::catalog::api::entity::{EntityDetail, StarEntity, get_entity};
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::{Badge, EmptyState, IconName, Tone};

/// The tabs of an entity page, as `?tab=` values.
const TABS: &[(&str, &str)] = &[
    ("overview", "Overview"),
    ("relations", "Relations"),
    ("api", "Definition"),
    ("deployments", "Deployments"),
    ("dora", "DORA"),
    ("scorecard", "Scorecard"),
];

/// One entity. For everyone who may read it; others get "not found".
#[component]
pub fn EntityPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let p = params.read();
        (
            p.get("kind").unwrap_or_default(),
            p.get("namespace").unwrap_or_default(),
            p.get("name").unwrap_or_default(),
        )
    };
    let tab = move || {
        query
            .read()
            .get("tab")
            .unwrap_or_else(|| "overview".to_owned())
    };
    let depth = move || {
        query
            .read()
            .get("depth")
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, 3)
    };
    let star = ServerAction::<StarEntity>::new();
    let data = Resource::new(
        move || (key(), star.version().get()),
        |((kind, namespace, name), _)| get_entity(kind, namespace, name),
    );
    view! {
        <Loaded data=move || data.get() title="Entity" rows=8 let:detail>
            {
                let tab = tab();
                view! {
                    <Header detail=detail.clone() star/>
                    <Tabs detail=detail.clone() current=tab.clone()/>
                    {match tab.as_str() {
                        "relations" => view! { <GraphView entity_ref=detail.entity_ref.clone() depth=depth()/> }.into_any(),
                        "api" => view! { <super::definition::Definition entity=detail.entity.clone() operations=detail.operations.clone() highlighted=detail.highlighted.clone()/> }.into_any(),
                        "deployments" | "dora" | "scorecard" => view! { <Later tab=tab.clone()/> }.into_any(),
                        _ => view! { <Overview detail/> }.into_any(),
                    }}
                }
            }
        </Loaded>
    }
}

#[component]
fn Header(detail: EntityDetail, star: ServerAction<StarEntity>) -> impl IntoView {
    let entity = &detail.entity;
    let title = entity
        .metadata
        .title
        .clone()
        .unwrap_or_else(|| entity.metadata.name.clone());
    let kind = kind_label(&entity.kind.to_lowercase()).to_owned();
    let lifecycle = entity.spec_str("lifecycle").map(str::to_owned).map(|l| {
        let tone = match l.as_str() {
            "production" => Tone::Good,
            "deprecated" => Tone::Warn,
            _ => Tone::Neutral,
        };
        view! { <Badge tone=tone>{l}</Badge> }
    });
    let owner = detail.owner_ref.clone().filter(|o| *o != detail.entity_ref).map(|o| {
        view! {
            <span>"Owned by " <a href=entity_href(&o) class="font-medium text-zinc-700 hover:text-indigo-600 dark:text-zinc-300 dark:hover:text-indigo-400">{short_ref(&o).to_owned()}</a></span>
        }
    });
    let tags = entity
        .metadata
        .tags
        .iter()
        .map(|t| {
            let href = format!("/catalog?tag={}", crate::ui::url::encode(t));
            view! { <a href=href class="rounded-md bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700">{t.clone()}</a> }
        })
        .collect_view();
    let links = entity
        .metadata
        .links
        .iter()
        .map(|l| {
            let text = l.title.clone().unwrap_or_else(|| l.url.clone());
            // Entities stored before links were checked may still hold a `javascript:` URL:
            // those are shown as text, never as a link.
            if !crate::catalog::validate::is_safe_link(&l.url) {
                return view! { <span class="text-sm text-zinc-600 dark:text-zinc-300">{text}</span> }.into_any();
            }
            view! { <a href=l.url.clone() rel="noopener noreferrer" target="_blank" class="text-sm font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">{text}" ↗"</a> }.into_any()
        })
        .collect_view();
    let starred = detail.starred;
    let type_suffix = entity.spec_str("type").map(|t| format!(" · {t}"));
    let kind_href = format!("/catalog?kind={}", entity.kind.to_lowercase());
    view! {
        <Title text=title.clone()/>
        <nav aria-label="Breadcrumb" class="mb-3 text-sm text-subtle">
            <a href="/catalog" class="hover:text-zinc-900 dark:hover:text-white">"Catalog"</a>
            " / "
            <a href=kind_href class="hover:text-zinc-900 dark:hover:text-white">{kind.clone()}</a>
        </nav>
        <div class="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div class="min-w-0">
                <div class="flex flex-wrap items-center gap-2">
                    <h1 class="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">{title}</h1>
                    <Badge tone=Tone::Accent>{kind}{type_suffix}</Badge>
                    {lifecycle}
                    {detail.orphan.then(|| view! { <Badge tone=Tone::Bad>"orphan"</Badge> })}
                </div>
                <p class="mt-1 text-sm text-subtle">{detail.entity_ref.clone()}</p>
                <div class="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-subtle">
                    {owner}
                    <span class="flex flex-wrap gap-1.5">{tags}</span>
                    <span class="flex flex-wrap gap-3">{links}</span>
                </div>
            </div>
            <div class="flex items-start gap-2">
            {detail.can_edit.then(|| view! {
                <a href=format!("{}/edit", entity_href(&detail.entity_ref)) class=crate::ui::button::SECONDARY>"Edit"</a>
            })}
            {detail.can_delete.then(|| view! { <DeleteEntity entity_ref=detail.entity_ref.clone()/> })}
            <ActionForm action=star attr:aria-label="Star">
                <input type="hidden" name="entity_ref" value=detail.entity_ref.clone()/>
                <input type="hidden" name="starred" value=(!starred).to_string()/>
                <button type="submit" aria-pressed=starred.to_string()
                    class="rounded-lg border border-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 aria-pressed:border-amber-300 aria-pressed:bg-amber-50 aria-pressed:text-amber-800 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-pressed:bg-amber-500/10 dark:aria-pressed:text-amber-300">
                    {if starred { "★ Starred" } else { "☆ Star" }}
                </button>
            </ActionForm>
            </div>
        </div>
    }
}

#[component]
fn Tabs(detail: EntityDetail, current: String) -> impl IntoView {
    let base = entity_href(&detail.entity_ref);
    let is_api = detail.entity.kind.eq_ignore_ascii_case("api");
    let tabs = TABS
        .iter()
        .filter(|(value, _)| *value != "api" || is_api)
        .map(|(value, label)| {
            let href = if *value == "overview" { base.clone() } else { format!("{base}?tab={value}") };
            let active = current == *value;
            view! {
                <a href=href aria-current=active.then_some("page")
                    class="border-b-2 border-transparent px-1 pb-3 text-sm font-medium text-subtle hover:text-zinc-900 aria-[current=page]:border-indigo-600 aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-white dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-white">
                    {*label}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Sections" class="mb-6 flex gap-6 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">{tabs}</nav>
    }
}

/// "Delete…" with a confirmation; afterwards, back to the catalog.
#[component]
fn DeleteEntity(entity_ref: String) -> impl IntoView {
    let delete = Action::new(|entity_ref: &String| {
        crate::catalog::api::edit::delete_entity(entity_ref.clone())
    });
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/catalog", Default::default());
        }
    });
    let question = format!(
        "Delete {entity_ref}? Its relations from other entities will dangle. This cannot be undone."
    );
    view! {
        <details class="relative">
            <summary class=format!("list-none {}", crate::ui::button::DANGER)>"Delete…"</summary>
            <div role="dialog" aria-label="Delete entity" class="absolute right-0 z-20 mt-2 w-72 rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
                <p class="text-zinc-700 dark:text-zinc-300">{question}</p>
                {move || delete.value().get().and_then(Result::err).map(|e| view! { <p role="alert" class="mt-2 text-rose-600">{e.to_string()}</p> })}
                <button type="button" class=format!("mt-3 {}", crate::ui::button::DANGER)
                    on:click={
                        let entity_ref = entity_ref.clone();
                        move |_| { delete.dispatch(entity_ref.clone()); }
                    }>
                    "Delete"
                </button>
            </div>
        </details>
    }
}

/// Tabs whose content later features bring.
#[component]
fn Later(tab: String) -> impl IntoView {
    let (title, description) = match tab.as_str() {
        "deployments" => (
            "Deployments",
            "Rollouts of this entity to each environment will show here.",
        ),
        "dora" => (
            "DORA metrics",
            "Deployment frequency, lead time, change failure rate and time to restore will show here.",
        ),
        _ => (
            "Scorecard",
            "Checks of this entity against the platform's standards will show here.",
        ),
    };
    view! { <EmptyState icon=IconName::Activity title=title description=description/> }
}
