//! The search field in the top bar: searches the catalog; Ctrl-K or "/" focuses it anywhere.

use leptos::prelude::*;
use leptos_router::components::Form;

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
    view! {
        <Form action="/catalog" attr:role="search" attr:class="relative w-full max-w-md">
            <label for="global-search" class="sr-only">"Search the catalog"</label>
            <Icon icon=IconName::Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400"/>
            <input node_ref=input id="global-search" name="q" type="search" autocomplete="off"
                placeholder="Search services, APIs, teams…" aria-keyshortcuts="Control+K /"
                class="h-9 w-full rounded-lg border border-zinc-200 bg-zinc-50 pr-16 pl-9 text-sm placeholder:text-zinc-400 focus:border-indigo-500 focus:bg-white focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:focus:bg-zinc-900"/>
            <kbd class="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-zinc-200 bg-white px-1.5 font-sans text-[11px] text-zinc-400 sm:block dark:border-zinc-700 dark:bg-zinc-800">
                "Ctrl K"
            </kbd>
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
