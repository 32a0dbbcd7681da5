//! The Create page: the templates a person may run, as cards to search and narrow by what they
//! make, their tags and their owner, every view a link that works before the page hydrates.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{TemplateCard, TemplatePage, list_templates};
use crate::catalog::filter::CatalogFilter;
use crate::catalog::model::short_ref;
use crate::catalog::ui::{FacetPanel, entity_href, use_query_filter};
use crate::ui::format::thousands;
use crate::ui::{Badge, EmptyState, Icon, IconName, Loaded, PageHeader, PageLinks, Tone};

/// `/create`: pick a template to start something new. For everyone who may run templates.
#[component]
pub fn CreatePage() -> impl IntoView {
    let filter = use_query_filter();
    let data = Resource::new(move || filter.get(), list_templates);
    let filters_open = RwSignal::new(false);
    view! {
        <Title text="Create"/>
        <PageHeader title="Create" description="Start a new service, environment or site from a template your platform team keeps"/>
        <Loaded data=move || data.get() title="Templates" rows=6 let:page>
            {
                let filter = filter.get_untracked();
                view! {
                    <div class="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
                        <FacetPanel facets=page.facets.clone() filter=filter.clone() open=filters_open base="/create"/>
                        <div class="min-w-0">
                            <SearchBox filter=filter.clone()/>
                            <Cards page filter/>
                        </div>
                    </div>
                }
            }
        </Loaded>
    }
}

/// The search box: a plain GET form that keeps the chosen facets.
#[component]
fn SearchBox(filter: CatalogFilter) -> impl IntoView {
    let hidden: Vec<(String, String)> = filter
        .facets
        .iter()
        .flat_map(|(facet, values)| values.iter().map(|v| (facet.param().to_owned(), v.clone())))
        .collect();
    view! {
        <form method="get" action="/create" role="search" class="relative mb-4">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label for="template-search" class="sr-only">"Search templates"</label>
            <Icon icon=IconName::Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-subtle"/>
            <input id="template-search" name="q" type="search" value=filter.text.clone() placeholder="Search templates by name, description or tag"
                class="w-full rounded-lg border border-zinc-200 bg-white py-2 pr-3 pl-9 text-sm placeholder:text-subtle focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"/>
        </form>
    }
}

#[component]
fn Cards(page: TemplatePage, filter: CatalogFilter) -> impl IntoView {
    if page.templates.is_empty() {
        let narrowed = filter.active_count() > 0 || !filter.text.trim().is_empty();
        return match narrowed {
            true => view! {
                <EmptyState icon=IconName::Search title="No template matches"
                    description="Remove a filter or try fewer words."/>
            }
            .into_any(),
            false => view! {
                <EmptyState icon=IconName::Create title="No templates yet"
                    description="Templates are catalog entities of kind Template (Backstage's scaffolder.backstage.io/v1beta3). Register one in the catalog and it appears here."/>
            }
            .into_any(),
        };
    }
    let pages = (page.total + page.page_size - 1) / page.page_size;
    let previous = (page.page > 0).then(|| filter.at_page(page.page - 1).href_at("/create"));
    let next = (page.page + 1 < pages).then(|| filter.at_page(page.page + 1).href_at("/create"));
    view! {
        <h2 class="sr-only">{format!("{} templates", thousands(page.total))}</h2>
        <ul role="list" aria-label="Templates" class="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {page.templates.into_iter().map(|card| view! { <Card card/> }).collect_view()}
        </ul>
        {(previous.is_some() || next.is_some()).then(|| view! {
            <nav aria-label="Pages" class="mt-4 flex justify-end text-sm"><PageLinks previous next/></nav>
        })}
    }
    .into_any()
}

/// One template: what it makes, what it is for, who keeps it, and the way in.
#[component]
fn Card(card: TemplateCard) -> impl IntoView {
    let heading_id = format!("template-{}-{}", card.namespace, card.name);
    let steps = match card.steps.len() {
        0 => "No form".to_owned(),
        1 => "1 step".to_owned(),
        n => format!("{n} steps"),
    };
    let steps_title = card.steps.join(" → ");
    let href = card.href();
    let labelled_by = heading_id.clone();
    view! {
        <li aria-labelledby=labelled_by
            class="flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-500/50">
            <div class="mb-3 flex items-center justify-between gap-2">
                {card.kind_of_result.clone().map(|t| view! { <Badge tone=Tone::Accent>{t}</Badge> })}
                <a href=entity_href(&card.entity_ref) class="text-xs text-subtle hover:text-indigo-600 dark:hover:text-indigo-400">"View in catalog"</a>
            </div>
            <h3 id=heading_id class="text-base font-semibold text-zinc-900 dark:text-white">{card.title.clone()}</h3>
            // The paragraph clamps to three lines; the box around it takes the spare height, so
            // that the cards of a row line their footers up.
            <div class="mt-1 flex-1">
                <p class="line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">
                    {card.description.clone().unwrap_or_else(|| "No description".to_owned())}
                </p>
            </div>
            {(!card.tags.is_empty()).then(|| view! {
                <ul role="list" aria-label="Tags" class="mt-3 flex flex-wrap gap-1.5">
                    {card.tags.iter().map(|t| view! {
                        <li class="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">{t.clone()}</li>
                    }).collect_view()}
                </ul>
            })}
            <div class="mt-4 flex items-center justify-between gap-3 border-t border-zinc-100 pt-4 dark:border-zinc-800">
                <div class="min-w-0 text-xs text-subtle">
                    <div class="truncate">{card.owner_ref.as_deref().map(|o| format!("Owned by {}", short_ref(o)))}</div>
                    <div title=steps_title>{steps}</div>
                </div>
                <a href=href class=crate::ui::button::PRIMARY>"Choose"<span class="sr-only">{format!(" {}", card.title)}</span></a>
            </div>
        </li>
    }
}
