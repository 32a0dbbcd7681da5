//! The signed-in person's account: who they are, their teams and roles, their password.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::{ChangePassword, get_me};
use crate::auth::model::Me;
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::field::{Field, field_error, form_error};
use crate::ui::{Badge, PageHeader, Panel, Tone};

/// Everyone's own account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Title text="Your account"/>
        <PageHeader title="Your account" description="Who you are in Runway and what you may do"/>
        <Loaded data=move || me.get() title="Profile" rows=4 let:me>
            {me.map(|me| view! { <Account me/> })}
        </Loaded>
    }
}

#[component]
fn Account(me: Me) -> impl IntoView {
    let row = |label: &'static str, value: AnyView| {
        view! {
            <div class="grid grid-cols-3 gap-4 py-3">
                <dt class="text-sm text-subtle">{label}</dt>
                <dd class="col-span-2 text-sm text-zinc-900 dark:text-zinc-100">{value}</dd>
            </div>
        }
    };
    let has_password = me.user.has_password;
    let method = if me.user.sso {
        "Single sign-on"
    } else {
        "Login and password"
    };
    view! {
        <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Panel title="Profile">
                <dl class="-my-3 divide-y divide-zinc-100 dark:divide-zinc-800">
                    {row("Name", me.user.display_name.clone().into_any())}
                    {row("Login", view! { <span class="font-mono">{me.user.login.clone()}</span> }.into_any())}
                    {row("Email", me.user.email.clone().unwrap_or_else(|| "—".into()).into_any())}
                    {row("Signs in with", method.into_any())}
                    {row("Teams", view! { <span class="flex flex-wrap gap-1.5">{me.teams.iter().map(|t| short_ref(t).to_owned()).map(|team| view! { <Badge tone=Tone::Neutral>{team}</Badge> }).collect_view()}</span> }.into_any())}
                    {row("Roles", view! { <span class="flex flex-wrap gap-1.5">{me.roles.iter().cloned().map(|role| view! { <Badge tone=Tone::Accent>{role}</Badge> }).collect_view()}</span> }.into_any())}
                    {row("Permissions", view! { <span class="flex flex-wrap gap-1.5">{me.permissions.iter().map(|p| view! { <code class="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{p.clone()}</code> }).collect_view()}</span> }.into_any())}
                </dl>
            </Panel>
                        {has_password.then(|| view! { <ChangePasswordForm/> })}
        </div>
        <super::tokens::MyTokens/>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let done = move || action.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Panel title="Change password">
            <ActionForm action attr:class="space-y-4" attr:aria-label="Change password">
                <Field name="current" label="Current password" kind="password" autocomplete="current-password"
                    error=Signal::derive(move || field_error(&error.get(), "current"))/>
                <Field name="new" label="New password" kind="password" autocomplete="new-password" hint="At least 12 characters. Your other sessions and your API tokens will end."
                    error=Signal::derive(move || field_error(&error.get(), "new"))/>
                {move || form_error(&error.get()).map(|m| view! { <p role="alert" class="text-sm text-rose-600 dark:text-rose-400">{m}</p> })}
                {move || done().then(|| view! { <p role="status" class="text-sm text-emerald-600 dark:text-emerald-400">"Your password is changed."</p> })}
                <button type="submit" disabled=move || action.pending().get()
                    class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 disabled:opacity-60">
                    "Change password"
                </button>
            </ActionForm>
        </Panel>
    }
}
