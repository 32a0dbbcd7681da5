//! The search field in the top bar: searches the catalog as you type (ranked matches in a list
//! you can walk with the arrow keys); Ctrl-K or "/" focuses it anywhere; Enter without a chosen
//! match opens the filtered catalog list.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;

use crate::catalog::api::search_entities;
use crate::catalog::model::short_ref;
use crate::catalog::ui::{entity_href, kind_label};
use crate::ui::{Icon, IconName};

/// Search across the catalog. A GET form, so it works before and without hydration.
#[component]
pub fn GlobalSearch() -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |event| {
            if wants_focus(&event) {
                event.prevent_default();
                if let Some(input) = input.get() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // In the browser only: the server renders the field closed.
    let matches = LocalResource::new(move || {
        let text = text.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Vec::new();
            }
            search_entities(text).await.unwrap_or_default()
        }
    });
    let results = move || matches.get().unwrap_or_default();
    let navigate = use_navigate();
    let open_match = move |index: usize| {
        if let Some(found) = results().get(index) {
            open.set(false);
            text.set(String::new());
            if let Some(input) = input.get() {
                input.set_value("");
                let _ = input.blur();
            }
            navigate(&entity_href(&found.entity_ref), Default::default());
        }
    };
    let on_key = {
        let open_match = open_match.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let count = results().len();
            match ev.key().as_str() {
                "ArrowDown" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
                }
                "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
                }
                "Enter" => {
                    if let Some(index) = active.get().filter(|_| open.get()) {
                        ev.prevent_default();
                        open_match(index);
                    }
                }
                // A search field clears itself on Escape; the first Escape only closes the list.
                "Escape" if open.get() && count > 0 => {
                    ev.prevent_default();
                    open.set(false);
                }
                _ => {}
            }
        }
    };
    let listbox = move || {
        let found = results();
        (open.get() && !found.is_empty()).then(|| {
            let open_match = open_match.clone();
            view! {
                <ul id="global-search-results" role="listbox" aria-label="Matches"
                    class="absolute inset-x-0 top-full z-30 mt-1 overflow-hidden rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
                    {found.into_iter().enumerate().map(|(index, e)| {
                        let open_match = open_match.clone();
                        let selected = move || active.get() == Some(index);
                        let owner = e.owner_ref.clone().filter(|o| *o != e.entity_ref).map(|o| format!(" · {}", short_ref(&o)));
                        view! {
                            <li id=format!("global-search-{index}") role="option" aria-selected=move || selected().to_string()
                                class="flex cursor-pointer items-center justify-between gap-3 px-3 py-2 text-sm aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-500/15"
                                on:mousedown=move |ev| { ev.prevent_default(); open_match(index) }
                                on:mouseenter=move |_| active.set(Some(index))>
                                <span class="min-w-0 truncate font-medium text-zinc-900 dark:text-zinc-100">{e.display_name().to_owned()}</span>
                                <span class="shrink-0 text-xs text-subtle">{kind_label(&e.kind).to_owned()}{owner}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <Form action="/catalog" attr:role="search" attr:class="relative w-full max-w-md">
            <label for="global-search" class="sr-only">"Search the catalog"</label>
            <Icon icon=IconName::Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-subtle"/>
            <input node_ref=input id="global-search" name="q" type="search" autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls="global-search-results"
                aria-expanded=move || (open.get() && !results().is_empty()).to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(|i| format!("global-search-{i}"))
                on:input=move |ev| { text.set(event_target_value(&ev)); active.set(None); open.set(true) }
                on:keydown=on_key
                on:blur=move |_| open.set(false)
                on:focus=move |_| open.set(true)
                placeholder="Search services, APIs, teams…" aria-keyshortcuts="Control+K /"
                class="h-9 w-full rounded-lg border border-zinc-200 bg-zinc-50 pr-16 pl-9 text-sm placeholder:text-subtle focus:border-indigo-500 focus:bg-white focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:focus:bg-zinc-900"/>
            <kbd class="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-zinc-200 bg-white px-1.5 font-sans text-[11px] text-subtle sm:block dark:border-zinc-700 dark:bg-zinc-800">
                "Ctrl K"
            </kbd>
            {listbox}
        </Form>
    }
}

/// Ctrl-K (or ⌘-K) anywhere, or "/" when not typing in a field.
#[cfg(feature = "hydrate")]
fn wants_focus(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let modified = event.ctrl_key() || event.meta_key();
    if modified && event.key().eq_ignore_ascii_case("k") {
        return true;
    }
    if event.key() != "/" || modified || event.alt_key() {
        return false;
    }
    let typing = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        });
    !typing
}
