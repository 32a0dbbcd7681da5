//! Loading placeholders shaped like the content they stand in for.

use leptos::prelude::*;

/// A pulsing block; size it with `class`.
#[component]
pub fn Skeleton(#[prop(into)] class: String) -> impl IntoView {
    view! { <div class=format!("animate-pulse rounded-md bg-zinc-200/80 dark:bg-zinc-800 {class}") aria-hidden="true"></div> }
}

/// Four stat cards' worth of placeholders.
#[component]
pub fn SkeletonStats() -> impl IntoView {
    view! {
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" role="status" aria-label="Loading figures">
            {(0..4).map(|_| view! {
                <div class="rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
                    <Skeleton class="h-4 w-24"/>
                    <Skeleton class="mt-3 h-8 w-16"/>
                    <Skeleton class="mt-2 h-3 w-32"/>
                </div>
            }).collect_view()}
        </div>
    }
}

/// Placeholder rows for a table or list.
#[component]
pub fn SkeletonRows(#[prop(default = 6)] rows: usize) -> impl IntoView {
    view! {
        <div class="space-y-3" role="status" aria-label="Loading">
            {(0..rows).map(|_| view! {
                <div class="flex items-center gap-4">
                    <Skeleton class="h-4 w-1/4"/>
                    <Skeleton class="h-4 w-1/6"/>
                    <Skeleton class="h-4 flex-1"/>
                    <Skeleton class="h-4 w-16"/>
                </div>
            }).collect_view()}
        </div>
    }
}
