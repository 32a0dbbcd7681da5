//! The HTML document and the router: which page answers which path.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::admin::ui::{
    AdminAccessPage, AdminAuditPage, AdminRolesPage, AdminSessionsPage, AdminTeamsPage,
    AdminUsersPage,
};
use crate::auth::ui::{AccountPage, SignInPage};
use crate::catalog::ui::{CatalogPage, EditEntityPage, EntityPage, NewEntityPage};
use crate::deployments::ui::DeploymentsPage;
use crate::home::ui::HomePage;
use crate::layout::Shell;
use crate::layout::theme::{Theme, provide_theme};
use crate::pages::not_found::NotFound;
use crate::pages::placeholder::{CreatePage, MetricsPage};

/// The whole document, rendered on the server only; the browser hydrates [`App`] inside it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en" class=Theme::current().class()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
                <App/>
            </body>
        </html>
    }
}

/// Hands the request's CSP nonce (set by the security middleware) to Leptos, which puts it on
/// the hydration scripts.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    use crate::server::CspNonce;
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}

/// The application: shell, routes, error boundary.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_theme();
    view! {
        <Stylesheet id="leptos" href="/pkg/runway.css"/>
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Meta name="description" content="Runway, the internal developer portal"/>
        <Title formatter=|text: String| if text.is_empty() { "Runway".to_owned() } else { format!("{text} · Runway") }/>
        <Router>
            // Pages stream in order, so every page is complete HTML without JavaScript. Each
            // page catches its own loading errors with an ErrorBoundary.
            <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("") view=Signed ssr=SsrMode::InOrder>
                    <Route path=path!("") view=HomePage ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog") view=CatalogPage ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/new") view=NewEntityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/:namespace/:kind/:name") view=EntityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/:namespace/:kind/:name/edit") view=EditEntityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("create") view=CreatePage ssr=SsrMode::InOrder/>
                    <Route path=path!("deployments") view=DeploymentsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("insights") view=MetricsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin") view=AdminUsersPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/teams") view=AdminTeamsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/roles") view=AdminRolesPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/access") view=AdminAccessPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/sessions") view=AdminSessionsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/audit") view=AdminAuditPage ssr=SsrMode::InOrder/>
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::InOrder/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The shell around every page a signed-in person sees.
#[component]
fn Signed() -> impl IntoView {
    view! { <Shell><Outlet/></Shell> }
}
