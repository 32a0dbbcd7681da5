//! The facet panel beside the catalog list: each facet's values with their counts, as links that
//! switch a value on or off.

use leptos::prelude::*;

use super::labels::facet_value_label;
use crate::catalog::filter::{CatalogFilter, Facet, FacetCounts};
use crate::ui::format::thousands;
use crate::ui::{Icon, IconName};

/// Facet filters, most frequent values first; a facet with no values is left out.
#[component]
pub fn FacetPanel(
    facets: Vec<FacetCounts>,
    filter: CatalogFilter,
    /// Whether the phone layout's panel is open; kept by the page, so that choosing a value
    /// (which loads the list again) leaves it open.
    open: RwSignal<bool>,
    /// The page the values link to.
    #[prop(default = "/catalog")]
    base: &'static str,
) -> impl IntoView {
    let active = filter.active_count();
    let any_selected = active > 0 || !filter.text.is_empty();
    let groups = facets
        .into_iter()
        // One namespace for everything is not a choice worth showing.
        .filter(|f| {
            let lone_namespace = f.facet == Facet::Namespace
                && f.values.len() == 1
                && filter.selected(Facet::Namespace).is_empty();
            !f.values.is_empty() && !lone_namespace
        })
        .map(|counts| {
            let facet = counts.facet;
            let heading_id = format!("facet-{}", facet.param());
            let labelled_by = heading_id.clone();
            let items = counts
                .values
                .into_iter()
                .map(|(value, count)| {
                    let selected = filter.is_selected(facet, &value);
                    let href = filter.toggled(facet, &value).href_at(base);
                    let label = facet_value_label(facet, &value);
                    view! {
                        <li>
                            <a href=href role="checkbox" aria-checked=selected.to_string() on:keydown=crate::ui::button::space_clicks
                                class="group flex items-center gap-2 rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 aria-checked:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:aria-checked:text-white">
                                <span aria-hidden="true"
                                    class="flex size-3.5 shrink-0 items-center justify-center rounded border border-zinc-300 group-aria-checked:border-indigo-600 group-aria-checked:bg-indigo-600 dark:border-zinc-600">
                                    <svg viewBox="0 0 12 12" class="hidden size-2.5 text-white group-aria-checked:block"><path d="M2.5 6.5l2.5 2.5 4.5-5" fill="none" stroke="currentColor" stroke-width="2"/></svg>
                                </span>
                                <span class="min-w-0 flex-1 truncate">{label}</span>
                                <span class="text-xs tabular-nums text-subtle">{thousands(count)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby=labelled_by>
                    <h3 id=heading_id class="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-subtle">{facet.label()}</h3>
                    <ul class="max-h-64 space-y-0.5 overflow-y-auto">{items}</ul>
                </section>
            }
        })
        .collect_view();
    // On a phone the facets fold behind a "Filters" button so the results come first; from the
    // lg breakpoint the button is hidden and the panel always open (style/main.css). A details
    // element needs no JavaScript and tells screen readers whether it is open.
    view! {
        <details class="facets" prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"))>
            <summary class="mb-3 inline-flex cursor-pointer list-none items-center gap-2 rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800">
                <Icon icon=IconName::Filter class="size-4"/>
                "Filters"
                {(active > 0).then(|| view! {
                    <span class="rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white tabular-nums">
                        {active.to_string()}<span class="sr-only">" active"</span>
                    </span>
                })}
            </summary>
            <aside aria-label="Filters" class="space-y-5">
                {any_selected.then(|| view! {
                    <a href=base class="block px-2 text-sm font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">"Clear all filters"</a>
                })}
                {groups}
            </aside>
        </details>
    }
}
