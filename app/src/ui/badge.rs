//! Small labels: environment names, lifecycles, outcomes; each feature gives them meaning.

use leptos::prelude::*;

/// A badge's colour, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Accent,
    Good,
    Warn,
    Bad,
}

impl Tone {
    fn classes(self) -> &'static str {
        match self {
            Tone::Neutral => {
                "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
            }
            Tone::Accent => {
                "bg-indigo-50 text-indigo-700 ring-indigo-200 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-500/30"
            }
            Tone::Good => {
                "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-400 dark:ring-emerald-500/30"
            }
            Tone::Warn => {
                "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30"
            }
            Tone::Bad => {
                "bg-rose-50 text-rose-700 ring-rose-200 dark:bg-rose-500/10 dark:text-rose-400 dark:ring-rose-500/30"
            }
        }
    }
}

/// A rounded label.
#[component]
pub fn Badge(tone: Tone, children: Children) -> impl IntoView {
    view! {
        <span class=format!("inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap {}", tone.classes())>
            {children()}
        </span>
    }
}
