//! The catalog list page: every entity, filtered by kind and searched by name, title or description.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{EntityPage, KINDS, list_entities};
use super::model::short_ref;
use crate::pages::error::ErrorFallback;
use crate::ui::format::thousands;
use crate::ui::{Badge, EmptyState, Icon, IconName, PageHeader, Panel, SkeletonRows, Tone};

/// The catalog: who owns what. For everyone.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("kind"),
            q.get("q"),
            q.get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .map(|p| p - 1),
        )
    };
    let data = Resource::new(params, |(kind, text, page)| list_entities(kind, text, page));
    view! {
        <Title text="Catalog"/>
        <PageHeader title="Catalog" description="Every service, API, resource and team, and who owns what"/>
        <Filters kind=move || params().0 text=move || params().1/>
        <Suspense fallback=|| view! { <Panel title="Entities"><SkeletonRows rows=10/></Panel> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorFallback errors/> }>
                {move || data.get().map(|result| result.map(|page| view! { <Results page kind=params().0 text=params().1/> }))}
            </ErrorBoundary>
        </Suspense>
    }
}

/// Kind tabs and the search box; a plain GET form, so it works before the page hydrates.
#[component]
fn Filters(
    kind: impl Fn() -> Option<String> + Send + Sync + Copy + 'static,
    text: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let tab = move |value: &'static str, label: &'static str| {
        let active = move || kind().unwrap_or_default() == value;
        let href = if value.is_empty() {
            "/catalog".to_owned()
        } else {
            format!("/catalog?kind={value}")
        };
        view! {
            <a href=href aria-current=move || active().then_some("page")
                class="rounded-md px-3 py-1.5 text-sm font-medium text-zinc-500 hover:text-zinc-900 aria-[current=page]:bg-white aria-[current=page]:text-zinc-900 aria-[current=page]:shadow-xs aria-[current=page]:ring-1 aria-[current=page]:ring-zinc-200 dark:text-zinc-400 dark:hover:text-white dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white dark:aria-[current=page]:ring-zinc-700">
                {label}
            </a>
        }
    };
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <nav aria-label="Kinds" class="inline-flex flex-wrap gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
                {tab("", "All")}
                {KINDS.iter().map(|(value, label)| tab(value, label)).collect_view()}
            </nav>
            <form method="get" action="/catalog" role="search" class="relative w-full sm:w-72">
                <input type="hidden" name="kind" value=move || kind().unwrap_or_default()/>
                <label for="catalog-search" class="sr-only">"Filter entities"</label>
                <Icon icon=IconName::Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400"/>
                <input id="catalog-search" name="q" type="search" value=text placeholder="Filter by name or description"
                    class="w-full rounded-lg border border-zinc-200 bg-white py-2 pr-3 pl-9 text-sm placeholder:text-zinc-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"/>
            </form>
        </div>
    }
}

fn page_href(kind: &Option<String>, text: &Option<String>, page: i64) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = kind.as_ref().filter(|k| !k.is_empty()) {
        parts.push(format!("kind={kind}"));
    }
    if let Some(text) = text.as_ref().filter(|t| !t.is_empty()) {
        parts.push(format!("q={}", crate::ui::url::encode(text)));
    }
    parts.push(format!("page={}", page + 1));
    format!("/catalog?{}", parts.join("&"))
}

#[component]
fn Results(page: EntityPage, kind: Option<String>, text: Option<String>) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <EmptyState icon=IconName::Search title="Nothing matches"
                description="No entity matches this filter. Try another kind or fewer words."/>
        }
        .into_any();
    }
    let first = page.page * page.page_size + 1;
    let last = first + page.items.len() as i64 - 1;
    let pages = (page.total + page.page_size - 1) / page.page_size;
    let th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400";
    let link = "inline-flex items-center gap-1 rounded-md border border-zinc-200 px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";
    view! {
        <Panel title=format!("{} entities", thousands(page.total))>
            <div class="-mx-5 -my-5 overflow-x-auto">
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
                            view! {
                                <tr class="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                                    <td class="py-2.5 pl-5 pr-3">
                                        <div class="font-medium text-zinc-900 dark:text-zinc-100">{e.display_name().to_owned()}</div>
                                        <div class="max-w-md truncate text-xs text-zinc-500 dark:text-zinc-400">{e.description.clone().unwrap_or_default()}</div>
                                    </td>
                                    <td class="px-3 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                                        {e.kind.clone()}{e.spec_type.clone().map(|t| format!(" · {t}"))}
                                    </td>
                                    <td class="hidden px-3 py-2.5 text-zinc-600 md:table-cell dark:text-zinc-400">{e.owner_ref.as_deref().map(short_ref).map(str::to_owned)}</td>
                                    <td class="hidden px-3 py-2.5 text-zinc-600 lg:table-cell dark:text-zinc-400">{e.system_ref.as_deref().map(short_ref).map(str::to_owned)}</td>
                                    <td class="hidden py-2.5 pl-3 pr-5 sm:table-cell">{lifecycle}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Panel>
        <nav aria-label="Pages" class="mt-4 flex items-center justify-between text-sm text-zinc-500 dark:text-zinc-400">
            <span>{format!("{first}–{last} of {}", thousands(page.total))}</span>
            <span class="flex gap-2">
                {(page.page > 0).then(|| view! { <a class=link rel="prev" href=page_href(&kind, &text, page.page - 1)><Icon icon=IconName::ChevronLeft/>"Previous"</a> })}
                {(page.page + 1 < pages).then(|| view! { <a class=link rel="next" href=page_href(&kind, &text, page.page + 1)>"Next"<Icon icon=IconName::ChevronRight/></a> })}
            </span>
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_filter() {
        assert_eq!(page_href(&None, &None, 0), "/catalog?page=1");
        assert_eq!(
            page_href(&Some("api".into()), &Some("pay & go".into()), 2),
            "/catalog?kind=api&q=pay%20%26%20go&page=3"
        );
        assert_eq!(
            page_href(&Some(String::new()), &Some(String::new()), 1),
            "/catalog?page=2"
        );
    }
}
