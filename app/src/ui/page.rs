//! Page furniture: the header every page starts with, the state shown when there is nothing, and
//! the links between pages of a list.

use leptos::prelude::*;

use super::icon::{Icon, IconName};

/// The page's `h1`, a line under it and optional actions on the right.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] description: String,
    #[prop(optional)] actions: Option<AnyView>,
) -> impl IntoView {
    view! {
        <div class="mb-8 flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">{title}</h1>
                <p class="mt-1 text-sm text-subtle">{description}</p>
            </div>
            {actions}
        </div>
    }
}

/// What a page shows when it has nothing to list yet, and what to do about it.
#[component]
pub fn EmptyState(
    icon: IconName,
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-16 text-center dark:border-zinc-700 dark:bg-zinc-900/50">
            <span class="rounded-xl bg-indigo-50 p-3 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-400">
                <Icon icon=icon class="size-6"/>
            </span>
            <h2 class="mt-4 text-base font-semibold text-zinc-900 dark:text-white">{title}</h2>
            <p class="mt-1 max-w-md text-sm text-subtle">{description}</p>
            {children.map(|c| view! { <div class="mt-6 flex gap-3">{c()}</div> })}
        </div>
    }
}

/// "Previous" and "Next" links between the pages of a list; either may be absent.
#[component]
pub fn PageLinks(previous: Option<String>, next: Option<String>) -> impl IntoView {
    let link = "inline-flex items-center gap-1 rounded-md border border-zinc-200 px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";
    view! {
        <span class="flex gap-2">
            {previous.map(|href| view! { <a class=link rel="prev" href=href><Icon icon=IconName::ChevronLeft/>"Previous"</a> })}
            {next.map(|href| view! { <a class=link rel="next" href=href>"Next"<Icon icon=IconName::ChevronRight/></a> })}
        </span>
    }
}
