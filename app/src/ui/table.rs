//! Data tables: the frame, header cells and body cells every list uses.

use leptos::prelude::*;

/// A header cell's classes.
pub const TH: &str = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-subtle first:pl-5 last:pr-5 dark:text-zinc-400";
/// A body cell's classes.
pub const TD: &str =
    "px-3 py-2.5 align-top text-sm text-zinc-700 first:pl-5 last:pr-5 dark:text-zinc-300";

/// The frame that lets a wide table scroll sideways on a narrow screen. It takes the keyboard
/// focus (tabindex 0), so the arrow keys can scroll it, with a visible ring.
pub const SCROLL: &str = "-mx-5 -my-5 overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500";

/// A table inside a panel, scrolling sideways on narrow screens. `head` is the header row's
/// cells; `children` are the body rows.
#[component]
pub fn Table(
    #[prop(into)] label: String,
    head: Vec<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div tabindex="0" class=SCROLL>
            <table aria-label=label class="min-w-full divide-y divide-zinc-100 dark:divide-zinc-800">
                <thead><tr>{head.into_iter().map(|h| view! { <th scope="col" class=TH>{h}</th> }).collect_view()}</tr></thead>
                <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">{children()}</tbody>
            </table>
        </div>
    }
}
