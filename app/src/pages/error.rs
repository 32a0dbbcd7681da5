//! What a page shows when loading it failed: a friendly message, the reason, a way out.

use leptos::prelude::*;

use crate::ui::{Icon, IconName};

/// The error boundary's fallback for every page.
#[component]
pub fn ErrorFallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect_view()
    };
    view! {
        <div role="alert" class="mx-auto max-w-lg rounded-xl border border-rose-200 bg-rose-50 p-6 dark:border-rose-500/30 dark:bg-rose-500/10">
            <div class="flex items-start gap-3">
                <Icon icon=IconName::Alert class="mt-0.5 size-5 text-rose-600 dark:text-rose-400"/>
                <div>
                    <h2 class="text-base font-semibold text-rose-900 dark:text-rose-200">"This page could not be loaded"</h2>
                    <ul class="mt-2 list-disc pl-5 text-sm text-rose-800 dark:text-rose-300">{messages}</ul>
                    <div class="mt-4 flex gap-3">
                        // A full load of the same address retries every request the page makes,
                        // with or without JavaScript; the router leaves rel="external" links alone.
                        <a href="" rel="external" class="inline-flex items-center gap-1.5 rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-rose-900 shadow-xs ring-1 ring-rose-200 hover:bg-rose-100 dark:bg-rose-950 dark:text-rose-100 dark:ring-rose-500/30">
                            <Icon icon=IconName::Refresh class="size-3.5"/>"Try again"
                        </a>
                        <a href="/" class="rounded-lg px-3 py-1.5 text-sm font-medium text-rose-800 hover:underline dark:text-rose-300">"Go to the overview"</a>
                    </div>
                </div>
            </div>
        </div>
    }
}
