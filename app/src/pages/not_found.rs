//! The page for paths that lead nowhere, answered with HTTP 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::{Icon, IconName};

/// Shown for any unknown path, to anyone.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <div class="mx-auto flex max-w-lg flex-col items-center py-20 text-center">
            <span class="rounded-2xl bg-indigo-50 p-4 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-400">
                <Icon icon=IconName::Compass class="size-8"/>
            </span>
            <p class="mt-6 text-sm font-semibold text-indigo-600 dark:text-indigo-400">"404"</p>
            <h1 class="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">"Page not found"</h1>
            <p class="mt-3 text-sm text-subtle">
                "There is nothing at this address. It may have moved, or the link may be mistyped."
            </p>
            <div class="mt-8 flex gap-3">
                <a href="/" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-500">"Go to the overview"</a>
                <a href="/catalog" class="rounded-lg border border-zinc-200 bg-white px-4 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800">"Browse the catalog"</a>
            </div>
        </div>
    }
}
