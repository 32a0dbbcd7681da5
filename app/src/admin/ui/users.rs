//! The users page: search, see teams and roles, deactivate and reactivate.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{ActionMessage, AdminHeader};
use crate::admin::api::users::{CreateUser, SetUserActive, UserPage, list_users};
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::button::{DANGER, INPUT, SECONDARY};
use crate::ui::field::{Field, field_error, form_error};
use crate::ui::format::timestamp;
use crate::ui::{Badge, Panel, TD, Table, Tone};

/// Everyone who can sign in. For administrators.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let query = use_query_map();
    let toggle = ServerAction::<SetUserActive>::new();
    let create = ServerAction::<CreateUser>::new();
    let text = move || query.read().get("q");
    let data = Resource::new(
        move || (text(), toggle.version().get(), create.version().get()),
        |(text, _, _)| list_users(text, None),
    );
    let result = Signal::derive(move || toggle.value().get());
    view! {
        <AdminHeader title="Users"/>
        <form method="get" action="/admin" role="search" class="mb-4 flex max-w-md gap-2">
            <label for="user-search" class="sr-only">"Search users"</label>
            <input id="user-search" name="q" type="search" value=text placeholder="Login, name or email" class=INPUT/>
            <button type="submit" class=SECONDARY>"Search"</button>
        </form>
        <ActionMessage result done="Saved. The change applies at once."/>
        <Loaded data=move || data.get() title="Users" rows=8 let:page>
            <Users page toggle/>
        </Loaded>
        <CreateUserForm create/>
    }
}

/// A local account: login, name, email and a first password to hand over.
#[component]
fn CreateUserForm(create: ServerAction<CreateUser>) -> impl IntoView {
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let done = move || create.value().get().is_some_and(|r| r.is_ok());
    let field = move |name: &'static str| Signal::derive(move || field_error(&error.get(), name));
    view! {
        <Panel title="New local account" class="mt-6 max-w-3xl">
            <ActionForm action=create attr:class="grid grid-cols-1 gap-4 sm:grid-cols-2" attr:aria-label="New local account">
                <Field name="login" label="Login" error=field("login")/>
                <Field name="display_name" label="Name" error=field("display_name")/>
                <Field name="email" label="Email" kind="email" required=false hint="Optional" error=field("email")/>
                <Field name="password" label="First password" kind="password" autocomplete="new-password" hint="At least 12 characters; ask them to change it." error=field("password")/>
                <div class="sm:col-span-2 flex items-center gap-4">
                    <button type="submit" class=crate::ui::button::PRIMARY>"Create account"</button>
                    {move || form_error(&error.get()).map(|m| view! { <span role="alert" class="text-sm text-rose-600 dark:text-rose-400">{m}</span> })}
                    {move || done().then(|| view! { <span role="status" class="text-sm text-emerald-600 dark:text-emerald-400">"Account created. Give it a role on the Access tab."</span> })}
                </div>
            </ActionForm>
        </Panel>
    }
}

#[component]
fn Users(page: UserPage, toggle: ServerAction<SetUserActive>) -> impl IntoView {
    view! {
        <Panel title=format!("{} users", page.total)>
            <Table label="Users" head=vec!["User", "Teams", "Roles", "Status", "Last seen", ""]>
                {page.rows.into_iter().map(|row| {
                    let user = row.user;
                    let (status, tone) = if user.active { ("Active", Tone::Good) } else { ("Deactivated", Tone::Bad) };
                    let label = format!("{} {}", if user.active { "Deactivate" } else { "Reactivate" }, user.login);
                    view! {
                        <tr>
                            <td class=TD>
                                <div class="font-medium text-zinc-900 dark:text-zinc-100">{user.display_name.clone()}</div>
                                <div class="font-mono text-xs text-subtle">{user.login.clone()}{user.email.clone().map(|e| format!(" · {e}"))}</div>
                            </td>
                            <td class=TD><span class="flex flex-wrap gap-1">{row.teams.iter().map(|t| short_ref(t).to_owned()).map(|t| view! { <Badge tone=Tone::Neutral>{t}</Badge> }).collect_view()}</span></td>
                            <td class=TD><span class="flex flex-wrap gap-1">{row.roles.into_iter().map(|r| view! { <Badge tone=Tone::Accent>{r}</Badge> }).collect_view()}</span></td>
                            <td class=TD><Badge tone=tone>{status}</Badge>{user.sso.then(|| view! { <span class="ml-1"><Badge tone=Tone::Neutral>"SSO"</Badge></span> })}</td>
                            <td class=format!("{TD} whitespace-nowrap")>{user.last_seen_at.map_or_else(|| "never".to_owned(), timestamp)}</td>
                            <td class=format!("{TD} text-right")>
                                <ActionForm action=toggle>
                                    <input type="hidden" name="user_id" value=user.id.clone()/>
                                    <input type="hidden" name="active" value=(!user.active).to_string()/>
                                    <button type="submit" aria-label=label class=if user.active { DANGER } else { SECONDARY }>
                                        {if user.active { "Deactivate" } else { "Reactivate" }}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </Panel>
    }
}
