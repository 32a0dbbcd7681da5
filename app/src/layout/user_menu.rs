//! The user menu in the top bar: who is signed in and personal preferences.

use leptos::prelude::*;

use super::theme::ThemeChoice;
use crate::ui::{Icon, IconName};

/// The person's menu. Until sign-in is configured everyone browses as a guest.
#[component]
pub fn UserMenu() -> impl IntoView {
    view! {
        <details class="relative">
            <summary aria-label="User menu" class="flex cursor-pointer list-none items-center rounded-full p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden">
                <span class="flex size-7 items-center justify-center rounded-full bg-gradient-to-br from-indigo-500 to-violet-600 text-white">
                    <Icon icon=IconName::User class="size-4"/>
                </span>
            </summary>
            <div class="absolute right-0 z-50 mt-2 w-64 rounded-xl border border-zinc-200 bg-white p-3 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
                <p class="px-1 text-sm font-medium text-zinc-900 dark:text-white">"Guest"</p>
                <p class="px-1 text-xs text-zinc-500 dark:text-zinc-400">"Sign-in is not set up on this portal yet"</p>
                <div class="my-3 border-t border-zinc-100 dark:border-zinc-800"></div>
                <p class="mb-2 px-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">"Theme"</p>
                <ThemeChoice/>
            </div>
        </details>
    }
}
