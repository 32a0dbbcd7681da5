//! Surfaces: panels that group content and cards that show one key figure.

use leptos::prelude::*;

use super::icon::{Icon, IconName};

/// A titled surface. `action` sits on the right of the title (e.g. a "View all" link).
#[component]
pub fn Panel(
    #[prop(into)] title: String,
    #[prop(optional, into)] class: String,
    #[prop(optional)] action: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let id = format!(
        "panel-{}",
        title
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let heading_id = id.clone();
    view! {
        <section
            aria-labelledby=heading_id
            class=format!("rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900 {class}")
        >
            <header class="flex items-center justify-between gap-4 border-b border-zinc-100 px-5 py-3.5 dark:border-zinc-800">
                <h2 id=id class="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
                {action}
            </header>
            <div class="p-5">{children()}</div>
        </section>
    }
}

/// One key figure with a label, an optional trend and a hint; links to the detail when `href` is set.
#[component]
pub fn StatCard(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    icon: IconName,
    #[prop(optional, into)] hint: String,
    /// Change against the previous period in percent; up is drawn as good.
    #[prop(default = None)]
    trend: Option<i64>,
    #[prop(optional, into)] href: Option<String>,
) -> impl IntoView {
    let trend = trend.map(|t| {
        let (class, sign) = match t {
            0 => ("bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300", ""),
            1.. => ("bg-emerald-50 text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-400", "+"),
            _ => ("bg-rose-50 text-rose-700 dark:bg-rose-500/10 dark:text-rose-400", ""),
        };
        view! {
            <span class=format!("rounded-full px-1.5 py-0.5 text-xs font-medium tabular-nums {class}") title="Compared with the 7 days before">
                {format!("{sign}{t}%")}
            </span>
        }
    });
    let body = view! {
        <div class="flex items-start justify-between">
            <dl>
                <dt class="text-sm font-medium text-subtle">{label.clone()}</dt>
                <dd class="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-white">{value}</dd>
            </dl>
            <span class="rounded-md bg-zinc-100 p-1.5 text-subtle dark:bg-zinc-800 dark:text-zinc-400">
                <Icon icon=icon class="size-4"/>
            </span>
        </div>
        <p class="mt-2 flex items-center gap-2 text-xs text-subtle">{trend}<span>{hint}</span></p>
    };
    let class = "group block rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition \
                 dark:border-zinc-800 dark:bg-zinc-900";
    match href {
        Some(href) => view! {
            // Named by its content, which starts with the visible label (WCAG 2.5.3).
            <a href=href class=format!("{class} hover:border-zinc-300 hover:shadow-sm dark:hover:border-zinc-700")>
                {body}
            </a>
        }
        .into_any(),
        None => view! { <div role="group" aria-label=label class=class>{body}</div> }.into_any(),
    }
}
