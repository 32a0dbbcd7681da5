//! The definition tab of an API: an OpenAPI document as a list of operations, and the
//! definition (OpenAPI, AsyncAPI, GraphQL, gRPC) highlighted, with line numbers.

use leptos::prelude::*;

use crate::catalog::definition::{Highlighted, Operation, Token, Tone};
use crate::catalog::model::Entity;
use crate::ui::{EmptyState, IconName, Panel};

fn method_colour(method: &str) -> &'static str {
    match method {
        "GET" => "bg-sky-100 text-sky-800 dark:bg-sky-500/15 dark:text-sky-300",
        "POST" => "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
        "PUT" | "PATCH" => "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300",
        "DELETE" => "bg-rose-100 text-rose-800 dark:bg-rose-500/15 dark:text-rose-300",
        _ => "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
    }
}

/// Text colours of a definition's tokens, in both themes.
fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Plain => "text-zinc-800 dark:text-zinc-200",
        Tone::Comment => "italic text-subtle",
        Tone::Keyword => "text-violet-700 dark:text-violet-300",
        Tone::String => "text-emerald-700 dark:text-emerald-300",
        Tone::Number => "text-amber-700 dark:text-amber-300",
        Tone::Type => "text-sky-700 dark:text-sky-300",
        Tone::Key => "text-indigo-700 dark:text-indigo-300",
        Tone::Punctuation => "text-subtle",
    }
}

/// The definition tab of an API: its operations (OpenAPI) and its definition, highlighted.
#[component]
pub fn Definition(
    entity: Entity,
    operations: Vec<Operation>,
    highlighted: Option<Highlighted>,
) -> impl IntoView {
    let Some(text) = entity.spec_str("definition").map(str::to_owned) else {
        return view! {
            <EmptyState icon=IconName::Plug title="No definition here"
                description="The definition could not be read when this API was imported; see the import's warnings or refresh its location."/>
        }
        .into_any();
    };
    let kind = entity.spec_str("type").unwrap_or("definition").to_owned();
    let list = (!operations.is_empty()).then(|| {
        let rows = operations
            .into_iter()
            .map(|op| {
                view! {
                    <li class="flex items-center gap-3 py-2">
                        <span class=format!("w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold {}", method_colour(&op.method))>{op.method.clone()}</span>
                        <code class="shrink-0 font-mono text-sm text-zinc-900 aria-disabled:line-through dark:text-zinc-100" aria-disabled=op.deprecated.to_string()>{op.path.clone()}</code>
                        <span class="truncate text-sm text-subtle">{op.summary.clone().unwrap_or_default()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <Panel title="Operations">
                <ul class="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800">{rows}</ul>
            </Panel>
        }
    });
    // Highlighted by the server when it knows the syntax; plain text otherwise.
    let highlighted = highlighted.unwrap_or_else(|| {
        text.lines()
            .map(|line| {
                vec![Token {
                    tone: Tone::Plain,
                    text: line.to_owned(),
                }]
            })
            .collect()
    });
    let lines = highlighted
        .into_iter()
        .enumerate()
        .map(|(i, tokens)| {
            let tokens = tokens
                .into_iter()
                .map(|t| view! { <span class=tone_class(t.tone)>{t.text}</span> })
                .collect_view();
            view! {
                <div class="flex">
                    <span class="w-12 shrink-0 select-none pr-3 text-right text-subtle">{(i + 1).to_string()}</span>
                    <span class="whitespace-pre">{tokens}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="space-y-6">
            {list}
            <Panel title=format!("Definition ({kind})")>
                <div tabindex="0" class="-mx-5 -my-5 max-h-[36rem] overflow-auto py-3 font-mono text-xs leading-5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500">{lines}</div>
            </Panel>
        </div>
    }
    .into_any()
}
