//! The main navigation: a fixed sidebar on wide screens, a menu behind a button on phones.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::access::me::CurrentUser;
use crate::ui::{Icon, IconName};

/// (label, path, icon) of each section, in order.
pub const SECTIONS: &[(&str, &str, IconName)] = &[
    ("Home", "/", IconName::Home),
    ("Catalog", "/catalog", IconName::Catalog),
    ("Create", "/create", IconName::Create),
    ("Deployments", "/deployments", IconName::Rocket),
    ("Metrics", "/insights", IconName::Chart),
    ("Admin", "/admin", IconName::Shield),
];

/// Administration is listed only for people who hold an administration permission.
fn is_admin(me: &crate::auth::model::Me) -> bool {
    use crate::access::permission::Permission::*;
    [
        AdminUsersManage,
        AdminTeamsManage,
        AdminRolesManage,
        AuditRead,
    ]
    .into_iter()
    .any(|p| me.may(p))
}

fn nav_link(label: &'static str, path: &'static str, icon: IconName) -> impl IntoView {
    view! {
        <li>
            <A href=path exact=path == "/" attr:class="group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-zinc-600 transition-colors hover:bg-zinc-100 hover:text-zinc-900 aria-[current=page]:bg-zinc-100 aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-white dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white">
                <Icon icon=icon class="size-4 text-subtle group-hover:text-zinc-600 group-aria-[current=page]:text-indigo-600 dark:group-hover:text-zinc-300 dark:group-aria-[current=page]:text-indigo-400"/>
                {label}
            </A>
        </li>
    }
}

#[component]
fn NavLinks() -> impl IntoView {
    let current = use_context::<CurrentUser>();
    view! {
        <ul class="space-y-0.5">
            {SECTIONS.iter().filter(|(_, path, _)| *path != "/admin").map(|(label, path, icon)| nav_link(label, path, *icon)).collect_view()}
            // The server waits for the signed-in user before it renders this item.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    CurrentUser::signed_in(current).await.filter(is_admin).map(|_| nav_link("Admin", "/admin", IconName::Shield))
                })}
            </Suspense>
        </ul>
    }
}

/// The product mark and name.
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <a href="/" class="flex items-center gap-2.5 font-semibold tracking-tight text-zinc-900 dark:text-white">
            <img src="/logo.svg" alt="" class="size-7"/>
            <span>"Runway"</span>
        </a>
    }
}

/// The sidebar on wide screens.
#[component]
pub fn Sidebar() -> impl IntoView {
    view! {
        <aside class="fixed inset-y-0 left-0 z-40 hidden w-64 flex-col border-r border-zinc-200 bg-white lg:flex dark:border-zinc-800 dark:bg-zinc-950">
            <div class="flex h-14 items-center px-5"><Logo/></div>
            <nav aria-label="Main" class="flex-1 overflow-y-auto px-3 py-4"><NavLinks/></nav>
            <div class="border-t border-zinc-200 px-5 py-3 text-xs text-subtle dark:border-zinc-800 dark:text-zinc-400">
                {concat!("Runway ", env!("CARGO_PKG_VERSION"))}
            </div>
        </aside>
    }
}

/// The navigation menu on narrow screens. A `<details>` element, so it opens without JavaScript;
/// once hydrated it closes after each navigation.
#[component]
pub fn MobileNav() -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(d) = details.get() {
            d.set_open(false);
        }
    });
    view! {
        <details node_ref=details class="group relative lg:hidden">
            <summary aria-label="Open navigation" class="flex cursor-pointer list-none items-center rounded-md p-2 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden">
                <Icon icon=IconName::Menu class="size-5"/>
            </summary>
            <div class="absolute top-12 left-0 z-50 w-64 rounded-xl border border-zinc-200 bg-white p-3 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
                <div class="mb-3 px-2"><Logo/></div>
                <nav aria-label="Main"><NavLinks/></nav>
            </div>
        </details>
    }
}
