//! The administration pages: users, teams, roles, access (bindings and explain), sessions and
//! tokens, and the audit log. Each shows what its server functions allow; the server decides.

pub mod access;
pub mod audit;
pub mod roles;
pub mod sessions;
pub mod teams;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;

pub use access::AdminAccessPage;
pub use audit::AdminAuditPage;
pub use roles::AdminRolesPage;
pub use sessions::AdminSessionsPage;
pub use teams::AdminTeamsPage;
pub use users::AdminUsersPage;

/// The title, heading and tabs every administration page starts with.
#[component]
pub fn AdminHeader(title: &'static str) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · Admin")/>
        <crate::ui::PageHeader title="Administration" description="Users, teams, roles and what happened"/>
        <AdminTabs/>
    }
}

/// The tabs across the administration pages.
#[component]
fn AdminTabs() -> impl IntoView {
    let tabs = [
        ("Users", "/admin"),
        ("Teams", "/admin/teams"),
        ("Roles", "/admin/roles"),
        ("Access", "/admin/access"),
        ("Sessions & tokens", "/admin/sessions"),
        ("Audit log", "/admin/audit"),
    ];
    view! {
        <nav aria-label="Administration" class="mb-6 flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800">
            {tabs.into_iter().map(|(label, href)| view! {
                <A href=href exact=true attr:class="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-subtle hover:text-zinc-900 aria-[current=page]:border-indigo-600 aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-white dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-white">
                    {label}
                </A>
            }).collect_view()}
        </nav>
    }
}

/// The outcome of the last action on a page: its error as an alert, or a confirmation.
#[component]
pub fn ActionMessage(
    result: Signal<Option<Result<(), AppError>>>,
    #[prop(into)] done: String,
) -> impl IntoView {
    view! {
        {move || match result.get() {
            Some(Err(error)) => Some(view! {
                <p role="alert" class="mb-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300">{error.to_string()}</p>
            }.into_any()),
            Some(Ok(())) => Some(view! {
                <p role="status" class="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-300">{done.clone()}</p>
            }.into_any()),
            None => None,
        }}
    }
}
