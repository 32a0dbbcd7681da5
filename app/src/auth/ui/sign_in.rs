//! The sign-in page: single sign-on when configured, a login and password form when allowed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{SignIn, get_sign_in_options};
use crate::auth::model::{SignInOptions, SsoFailure, safe_next};
use crate::ui::field::{Field, field_error, form_error};
use crate::ui::{Icon, IconName};

/// Where everyone who is not signed in lands.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next").as_deref());
    // A single sign-on that failed comes back here with a code; the page says what it means.
    let failure = move || {
        query
            .read()
            .get("error")
            .filter(|e| !e.is_empty())
            .map(|code| SsoFailure::from_code(&code).message())
    };
    let options = Resource::new(|| (), |_| get_sign_in_options());
    view! {
        <Title text="Sign in"/>
        <main id="main" class="flex min-h-screen items-center justify-center px-4 py-12">
            <div class="w-full max-w-sm">
                <div class="mb-8 flex flex-col items-center text-center">
                    <img src="/logo.svg" alt="" class="size-11"/>
                    <h1 class="mt-5 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">"Sign in to Runway"</h1>
                    <p class="mt-1.5 text-sm text-subtle">"Your services, their owners and how they ship"</p>
                </div>
                                {move || failure().map(|reason| view! {
                    <p role="alert" class="mb-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300">
                        {format!("Single sign-on did not work: {reason}")}
                    </p>
                })}
                <div class="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
                    <Suspense fallback=|| view! { <div class="h-64"></div> }>
                        {move || options.get().map(|result| result.map(|options| view! { <Methods options next=next()/> }))}
                    </Suspense>
                </div>
            </div>
        </main>
    }
}

#[component]
fn Methods(options: SignInOptions, next: String) -> impl IntoView {
    let sso = options.sso.clone().map(|label| {
        let href = format!("/auth/oidc/login?next={}", next.replace('&', "%26"));
        view! {
            <a href=href rel="external" class="flex w-full items-center justify-center gap-2 rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-medium text-white shadow-xs hover:bg-zinc-800 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200">
                <Icon icon=IconName::Shield class="size-4"/>{label}
            </a>
        }
    });
    let divider = (options.sso.is_some() && options.local).then(|| view! {
        <div class="my-5 flex items-center gap-3 text-xs text-subtle">
            <span class="h-px flex-1 bg-zinc-200 dark:bg-zinc-800"></span>"or with a password"<span class="h-px flex-1 bg-zinc-200 dark:bg-zinc-800"></span>
        </div>
    });
    let local = options.local.then(|| view! { <PasswordForm next/> });
    let nothing = (!options.local && options.sso.is_none()).then(|| view! {
        <p class="text-sm text-zinc-600 dark:text-zinc-400">"No way to sign in is configured. Ask the portal's administrator."</p>
    });
    view! { {sso} {divider} {local} {nothing} }
}

#[component]
fn PasswordForm(next: String) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let login_error = Signal::derive(move || field_error(&error.get(), "login"));
    let password_error = Signal::derive(move || field_error(&error.get(), "password"));
    view! {
        <ActionForm action attr:class="space-y-4" attr:aria-label="Sign in with a password">
            <input type="hidden" name="next" value=next/>
            <Field name="login" label="Login" autocomplete="username" autofocus=true error=login_error/>
            <Field name="password" label="Password" kind="password" autocomplete="current-password" error=password_error/>
            {move || form_error(&error.get()).map(|message| view! {
                <p role="alert" class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300">{message}</p>
            })}
            <button type="submit" disabled=move || action.pending().get()
                class="flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 disabled:opacity-60">
                {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
            </button>
        </ActionForm>
    }
}
