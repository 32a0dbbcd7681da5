//! The pages behind the router, as lazy routes: built with `cargo leptos --split`, a page's code
//! is its own WebAssembly chunk, fetched when the page is first opened (and preloaded with the
//! HTML when it is the page being served), so the first load downloads the shell and one page,
//! not every page. The placeholder (insights) and "not found" are too small to split.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// Declares `$route`, the lazy route that shows `$page`. The page's data loads inside the page
/// (its resources are serialized into the server-rendered HTML, so a first load never waits on
/// them twice); only the view's code is split.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:path;)+) => {$(
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )+};
}

lazy_page! {
    /// `/sign-in`.
    SignInRoute => crate::auth::ui::SignInPage;
    /// `/account`: the person's profile, sessions and tokens.
    AccountRoute => crate::auth::ui::AccountPage;
    /// `/`: what needs the person's attention.
    HomeRoute => crate::home::ui::HomePage;
    /// `/catalog`: search, facets, the result table and the import preview.
    CatalogRoute => crate::catalog::ui::CatalogPage;
    /// `/catalog/:namespace/:kind/:name`: one entity and its tabs.
    EntityRoute => crate::catalog::ui::EntityPage;
    /// `/catalog/new` and `/catalog/:namespace/:kind/:name/edit`: the editor and its diff.
    EditorRoute => EditorPage;
    /// `/create`: the templates a person may run.
    CreateRoute => crate::templates::ui::CreatePage;
    /// `/create/templates/:namespace/:name`: the wizard that runs one.
    WizardRoute => crate::tasks::ui::TemplateRunPage;
    /// `/create/tasks` and `/create/tasks/:id`: tasks, and one task live.
    TasksRoute => TasksPage;
    /// `/deployments`: the deployment list.
    DeploymentsRoute => crate::deployments::ui::DeploymentsPage;
    /// `/admin/...`: users, teams, roles, access, sessions and the audit log.
    AdminRoute => AdminPage;
}

/// The path being shown: a lazy route that serves several paths picks its page by it (the router
/// makes a new view on every navigation, so reading it once is enough).
fn current_path() -> String {
    leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
}

/// The editor, new or existing: one chunk for both, as they share nearly all their code.
#[component]
fn EditorPage() -> impl IntoView {
    if current_path().ends_with("/edit") {
        view! { <crate::catalog::ui::EditEntityPage/> }.into_any()
    } else {
        view! { <crate::catalog::ui::NewEntityPage/> }.into_any()
    }
}

/// The task list and one task: one chunk, as one leads to the other.
#[component]
fn TasksPage() -> impl IntoView {
    match current_path().trim_end_matches('/') {
        "/create/tasks" => view! { <crate::tasks::ui::TaskListPage/> }.into_any(),
        _ => view! { <crate::tasks::ui::TaskPage/> }.into_any(),
    }
}

/// The administration pages: one chunk for the six, which only administrators open. Every
/// chunk is one more request, and wasm-split makes a shared chunk for each set of split points
/// that share code, so fewer, larger split points keep a page's requests down.
#[component]
fn AdminPage() -> impl IntoView {
    use crate::admin::ui::*;
    match current_path().trim_end_matches('/') {
        "/admin/teams" => view! { <AdminTeamsPage/> }.into_any(),
        "/admin/roles" => view! { <AdminRolesPage/> }.into_any(),
        "/admin/access" => view! { <AdminAccessPage/> }.into_any(),
        "/admin/sessions" => view! { <AdminSessionsPage/> }.into_any(),
        "/admin/audit" => view! { <AdminAuditPage/> }.into_any(),
        _ => view! { <AdminUsersPage/> }.into_any(),
    }
}
