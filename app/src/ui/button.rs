//! Button and link styles, by emphasis.

/// The main action of a form or page.
pub const PRIMARY: &str = "inline-flex items-center justify-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 disabled:opacity-60";
/// A secondary action.
pub const SECONDARY: &str = "inline-flex items-center justify-center gap-1.5 rounded-lg border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800";
/// An action that takes something away (revoke, deactivate, delete).
pub const DANGER: &str = "inline-flex items-center justify-center gap-1.5 rounded-lg border border-rose-200 bg-white px-3 py-1.5 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-60 dark:border-rose-500/30 dark:bg-zinc-900 dark:text-rose-400 dark:hover:bg-rose-500/10";
/// A text input or select.
pub const INPUT: &str = "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-subtle focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900";
/// A form label.
pub const LABEL: &str = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/// Space switches a link that plays a checkbox's role (the catalog's facets and toggles are links,
/// so they work without JavaScript), as it would a checkbox; Enter follows it as a link.
pub fn space_clicks(ev: leptos::ev::KeyboardEvent) {
    if ev.key() == " " {
        ev.prevent_default();
        leptos::prelude::event_target::<leptos::web_sys::HtmlElement>(&ev).click();
    }
}
