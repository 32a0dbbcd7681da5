//! The HTML document and the router: which page answers which path.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::layout::Shell;
use crate::layout::code_loading::CodeLoading;
use crate::layout::theme::{Theme, provide_theme};
use crate::pages::not_found::NotFound;
use crate::pages::placeholder::MetricsPage;
use crate::routes::*;

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
                // Before the hydration scripts: it wraps the fetches they make.
                <CodeLoading/>
                // Content-hashed names when the site was built with `hash-files`.
                <HashedStylesheet id="leptos" options=options.clone()/>
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
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Meta name="description" content="Runway, the internal developer portal"/>
        <Title formatter=|text: String| if text.is_empty() { "Runway".to_owned() } else { format!("{text} · Runway") }/>
        <Router>
            // Pages stream in order, so every page is complete HTML without JavaScript. Each
            // page catches its own loading errors with an ErrorBoundary.
            <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
                <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("") view=Signed ssr=SsrMode::InOrder>
                    <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog") view={Lazy::<CatalogRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/new") view={Lazy::<EditorRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/:namespace/:kind/:name") view={Lazy::<EntityRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("catalog/:namespace/:kind/:name/edit") view={Lazy::<EditorRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("create") view={Lazy::<CreateRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("create/templates/:namespace/:name") view={Lazy::<WizardRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("create/tasks") view={Lazy::<TasksRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("create/tasks/:id") view={Lazy::<TasksRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("deployments") view={Lazy::<DeploymentsRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("insights") view=MetricsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/teams") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/roles") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/access") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/sessions") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("admin/audit") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::InOrder/>
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
