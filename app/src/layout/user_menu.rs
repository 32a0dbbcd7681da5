//! The user menu in the top bar: who is signed in, their account, the theme, signing out.

use leptos::prelude::*;

use super::theme::ThemeChoice;
use crate::access::me::{CurrentUser, Me};
use crate::auth::api::{SignOut, get_me};
use crate::ui::{Icon, IconName};

pub fn provide_current_user() {
    provide_context(CurrentUser(Resource::new(|| (), |_| get_me())));
}

/// The signed-in person's menu.
#[component]
pub fn UserMenu() -> impl IntoView {
    let CurrentUser(me) = expect_context::<CurrentUser>();
    view! {
        <Suspense fallback=|| view! { <span class="size-9"></span> }>
            // Awaited, not read with `get()`: see `CurrentUser::signed_in`.
            {move || Suspend::new(async move {
                let me = me.await.ok().flatten();
                view! { <Menu me/> }
            })}
        </Suspense>
    }
}

#[component]
fn Menu(me: Option<Me>) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let initials = me.as_ref().map(Me::initials).unwrap_or_default();
    let (name, login, roles) = me
        .as_ref()
        .map(|m| {
            (
                m.user.display_name.clone(),
                m.user.login.clone(),
                m.roles.join(", "),
            )
        })
        .unwrap_or_default();
    view! {
        <details class="relative">
            <summary aria-label="User menu" class="flex cursor-pointer list-none items-center rounded-full p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden">
                <span class="flex size-7 items-center justify-center rounded-full bg-gradient-to-br from-indigo-500 to-violet-600 text-xs font-semibold text-white">
                    {if initials.is_empty() { view! { <Icon icon=IconName::User class="size-4"/> }.into_any() } else { initials.into_any() }}
                </span>
            </summary>
            <div class="absolute right-0 z-50 mt-2 w-72 rounded-xl border border-zinc-200 bg-white p-3 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
                <div class="px-1">
                    <p class="text-sm font-medium text-zinc-900 dark:text-white">{name}</p>
                    <p class="text-xs text-subtle">{login}{(!roles.is_empty()).then(|| format!(" · {roles}"))}</p>
                </div>
                <div class="my-3 border-t border-zinc-100 dark:border-zinc-800"></div>
                <a href="/account" class="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
                    <Icon icon=IconName::User class="size-4 text-subtle"/>"Your account"
                </a>
                <div class="my-3 border-t border-zinc-100 dark:border-zinc-800"></div>
                <p class="mb-2 px-1 text-xs font-medium text-subtle">"Theme"</p>
                <ThemeChoice/>
                <div class="my-3 border-t border-zinc-100 dark:border-zinc-800"></div>
                <ActionForm action=sign_out>
                    <button type="submit" class="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
                        <Icon icon=IconName::ArrowUpRight class="size-4 text-subtle"/>"Sign out"
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}
