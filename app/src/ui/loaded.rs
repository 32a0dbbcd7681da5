//! Loading, then the content or what went wrong: the one shape every page's data takes.

use leptos::prelude::*;

use super::icon::{Icon, IconName};
use super::{Panel, SkeletonRows};

/// Shows placeholder rows while `data` loads, then `children` with the value, or the error
/// when loading failed. `data` reads a resource (`move || data.get()`), so the `Suspense`
/// inside waits for it; `children` takes the value (`let:page`).
#[component]
pub fn Loaded<T, E, V, D, C>(
    data: D,
    /// The title of the panel drawn while loading; without one, only the rows are drawn.
    #[prop(optional, into)]
    title: Option<String>,
    #[prop(default = 8)] rows: usize,
    /// Drawn while loading instead of the panel, when the page's shape differs.
    #[prop(optional, into)]
    fallback: Option<ViewFn>,
    children: C,
) -> impl IntoView
where
    D: Fn() -> Option<Result<T, E>> + Send + Sync + 'static,
    E: Into<leptos::error::Error> + Send + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
    T: 'static,
{
    let fallback = fallback.unwrap_or_else(|| {
        ViewFn::from(move || match title.clone() {
            Some(title) => view! { <Panel title><SkeletonRows rows/></Panel> }.into_any(),
            None => view! { <SkeletonRows rows/> }.into_any(),
        })
    });
    view! {
        <Suspense fallback=move || fallback.run()>
            <ErrorBoundary fallback=|errors| view! { <ErrorFallback errors/> }>
                {move || data().map(|result| result.map(&children))}
            </ErrorBoundary>
        </Suspense>
    }
}

/// What a page shows when loading it failed: a friendly message, the reason, a way out.
#[component]
pub fn ErrorFallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect_view()
    };
    view! {
        <div role="alert" class="mx-auto max-w-lg rounded-xl border border-rose-200 bg-rose-50 p-6 dark:border-rose-500/30 dark:bg-rose-500/10">
            <div class="flex items-start gap-3">
                <Icon icon=IconName::Alert class="mt-0.5 size-5 text-rose-600 dark:text-rose-400"/>
                <div>
                    <h2 class="text-base font-semibold text-rose-900 dark:text-rose-200">"This page could not be loaded"</h2>
                    <ul class="mt-2 list-disc pl-5 text-sm text-rose-800 dark:text-rose-300">{messages}</ul>
                    <div class="mt-4 flex gap-3">
                        // A full load of the same address retries every request the page makes,
                        // with or without JavaScript; the router leaves rel="external" links alone.
                        <a href="" rel="external" class="inline-flex items-center gap-1.5 rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-rose-900 shadow-xs ring-1 ring-rose-200 hover:bg-rose-100 dark:bg-rose-950 dark:text-rose-100 dark:ring-rose-500/30">
                            <Icon icon=IconName::Refresh class="size-3.5"/>"Try again"
                        </a>
                        <a href="/" class="rounded-lg px-3 py-1.5 text-sm font-medium text-rose-800 hover:underline dark:text-rose-300">"Go to the overview"</a>
                    </div>
                </div>
            </div>
        </div>
    }
}
