//! The catalog list: facet filters with counts, free-text search, "mine" and "starred", sort and
//! pages, all held in the URL so that every view is a link that works before the page hydrates.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::facets::FacetPanel;
use super::import::ImportDrop;
use super::labels::{entity_href, kind_label};
use crate::access::me::CurrentUser;
use crate::catalog::api::{CatalogPage as Page, list_entities};
use crate::catalog::filter::{CatalogFilter, Sort};
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::format::thousands;
use crate::ui::{Badge, EmptyState, Icon, IconName, PageHeader, PageLinks, Panel, Tone};

/// The catalog: who owns what. For everyone who may read entities.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let filter = use_query_filter();
    let data = Resource::new(move || filter.get(), list_entities);
    let filters_open = RwSignal::new(false);
    view! {
        <Title text="Catalog"/>
        <PageHeader title="Catalog" description="Every service, API, resource and team, and who owns what" actions=view! { <NewEntityButton/> }.into_any()/>
        {view! { <ImportDrop/> }.into_any()}
        <Loaded data=move || data.get() title="Entities" rows=10 let:page>
            {
                let filter = filter.get_untracked();
                view! {
                    <div class="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
                        <FacetPanel facets=page.facets.clone() filter=filter.clone() open=filters_open/>
                        <div class="min-w-0">
                            <Toolbar filter=filter.clone()/>
                            <Results page filter/>
                        </div>
                    </div>
                }
            }
        </Loaded>
    }
}

/// The catalog filter in the page's URL, followed as it changes (the catalog and the Create page).
pub fn use_query_filter() -> Memo<CatalogFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let pairs: Vec<(String, String)> = q
            .clone()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CatalogFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// "New entity", for people who may register entities.
#[component]
fn NewEntityButton() -> impl IntoView {
    let current = use_context::<CurrentUser>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                CurrentUser::signed_in(current).await.is_some_and(|me| me.may(crate::access::permission::Permission::CatalogEntityCreate))
                    .then(|| view! { <a href="/catalog/new" class=crate::ui::button::PRIMARY>"New entity"</a> })
            })}
        </Suspense>
    }
}

/// Search box, "mine" and "starred" switches and the sort; a plain GET form keeps the facets.
#[component]
fn Toolbar(filter: CatalogFilter) -> impl IntoView {
    let toggle = |label: &'static str, on: bool, next: CatalogFilter| {
        view! {
            <a href=next.href() role="checkbox" aria-checked=on.to_string() on:keydown=crate::ui::button::space_clicks
                class="rounded-md border border-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-50 aria-checked:border-indigo-500 aria-checked:bg-indigo-50 aria-checked:text-indigo-700 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-checked:bg-indigo-500/10 dark:aria-checked:text-indigo-300">
                {label}
            </a>
        }
    };
    let mine = CatalogFilter {
        mine: !filter.mine,
        page: 0,
        ..filter.clone()
    };
    let starred = CatalogFilter {
        starred: !filter.starred,
        page: 0,
        ..filter.clone()
    };
    let hidden: Vec<(String, String)> = filter
        .facets
        .iter()
        .flat_map(|(facet, values)| values.iter().map(|v| (facet.param().to_owned(), v.clone())))
        .chain(filter.mine.then(|| ("mine".to_owned(), "1".to_owned())))
        .chain(
            filter
                .starred
                .then(|| ("starred".to_owned(), "1".to_owned())),
        )
        .collect();
    let sort_links = Sort::ALL
        .iter()
        .map(|sort| {
            let next = CatalogFilter {
                sort: *sort,
                descending: *sort == Sort::Updated,
                page: 0,
                ..filter.clone()
            };
            let current = filter.sort == *sort;
            let label = match sort {
                Sort::Name => "Name",
                Sort::Kind => "Kind",
                Sort::Owner => "Owner",
                Sort::Updated => "Recently changed",
            };
            view! {
                <a href=next.href() aria-current=current.then_some("true")
                    class="rounded px-2 py-1 text-subtle hover:text-zinc-900 aria-[current=true]:font-medium aria-[current=true]:text-zinc-900 dark:hover:text-white dark:aria-[current=true]:text-white">
                    {label}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="mb-4 flex flex-wrap items-center gap-3">
            <form method="get" action="/catalog" role="search" class="relative min-w-60 flex-1">
                {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <label for="catalog-search" class="sr-only">"Filter entities"</label>
                <Icon icon=IconName::Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-subtle"/>
                <input id="catalog-search" name="q" type="search" value=filter.text.clone() placeholder="Filter by name, title, description or tag"
                    class="w-full rounded-lg border border-zinc-200 bg-white py-2 pr-3 pl-9 text-sm placeholder:text-subtle focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"/>
            </form>
            {toggle("Owned by my teams", filter.mine, mine)}
            {toggle("Starred", filter.starred, starred)}
            <nav aria-label="Sort" class="flex items-center gap-1 text-sm">
                <span class="text-subtle">"Sort:"</span>
                {sort_links}
            </nav>
        </div>
    }
}

#[component]
fn Results(page: Page, filter: CatalogFilter) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <EmptyState icon=IconName::Search title="Nothing matches"
                description="No entity matches this filter. Remove a filter or try fewer words."/>
        }
        .into_any();
    }
    let first = page.page * page.page_size + 1;
    let last = first + page.items.len() as i64 - 1;
    let pages = (page.total + page.page_size - 1) / page.page_size;
    let th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-subtle";
    let previous = (page.page > 0).then(|| filter.at_page(page.page - 1).href());
    let next = (page.page + 1 < pages).then(|| filter.at_page(page.page + 1).href());
    view! {
        <Panel title=format!("{} entities", thousands(page.total))>
            <div tabindex="0" class=crate::ui::table::SCROLL>
                <table class="min-w-full divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
                    <thead><tr>
                        <th scope="col" class=format!("{th} pl-5")>"Name"</th>
                        <th scope="col" class=th>"Kind"</th>
                        <th scope="col" class=format!("{th} hidden md:table-cell")>"Owner"</th>
                        <th scope="col" class=format!("{th} hidden lg:table-cell")>"System"</th>
                        <th scope="col" class=format!("{th} hidden sm:table-cell pr-5")>"Lifecycle"</th>
                    </tr></thead>
                    <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">
                        {page.items.into_iter().map(|e| {
                            let lifecycle = e.lifecycle.clone().map(|l| {
                                let tone = match l.as_str() { "production" => Tone::Good, "deprecated" => Tone::Warn, _ => Tone::Neutral };
                                view! { <Badge tone=tone>{l}</Badge> }
                            });
                            let href = entity_href(&e.entity_ref);
                            let owner = e.owner_ref.clone().filter(|o| *o != e.entity_ref);
                            view! {
                                <tr class="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                                    <td class="py-2.5 pl-5 pr-3">
                                        <a href=href class="font-medium text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400">{e.display_name().to_owned()}</a>
                                        <div class="max-w-md truncate text-xs text-subtle">{e.description.clone().unwrap_or_default()}</div>
                                    </td>
                                    <td class="px-3 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                                        {kind_label(&e.kind).to_owned()}{e.spec_type.clone().map(|t| format!(" · {t}"))}
                                    </td>
                                    <td class="hidden px-3 py-2.5 md:table-cell">{owner.map(|o| view! {
                                        <a href=entity_href(&o) class="text-zinc-600 hover:text-indigo-600 dark:text-zinc-400 dark:hover:text-indigo-400">{short_ref(&o).to_owned()}</a>
                                    })}</td>
                                    <td class="hidden px-3 py-2.5 text-zinc-600 lg:table-cell dark:text-zinc-400">{e.system_ref.as_deref().map(short_ref).map(str::to_owned)}</td>
                                    <td class="hidden py-2.5 pl-3 pr-5 sm:table-cell">{lifecycle}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Panel>
        <nav aria-label="Pages" class="mt-4 flex items-center justify-between text-sm text-subtle">
            <span>{format!("{first}–{last} of {}", thousands(page.total))}</span>
            <PageLinks previous next/>
        </nav>
    }
    .into_any()
}
