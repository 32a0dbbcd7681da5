//! The wizard's preview on its review page: a dry run of the template with the values given,
//! started when the page opens (and again on request), showing how each step would end, the
//! files the task would write as a tree beside the chosen file's text, what it would link to,
//! and the run's log.

use leptos::prelude::*;

use super::steps::look;
use crate::tasks::api::preview_task;
use crate::tasks::model::{EventKind, TaskStatus};
use crate::tasks::preview::{DryRunReport, tree};
use crate::templates::wizard::RunRequest;
use crate::ui::button::SECONDARY;
use crate::ui::{Badge, Icon, Tone};

#[component]
pub fn Preview(request: RunRequest) -> impl IntoView {
    let preview = Action::new(|(namespace, name, values): &RunRequest| {
        let (namespace, name, values) = (namespace.clone(), name.clone(), values.clone());
        async move { preview_task(namespace, name, values).await }
    });
    let first = request.clone();
    // In the browser only: the server renders the page as "preparing", and hydration agrees.
    Effect::new(move |_| {
        preview.dispatch(first.clone());
    });
    let again = move |_| {
        preview.dispatch(request.clone());
    };
    let body = move || {
        match (preview.pending().get(), preview.value().get()) {
        (false, Some(Ok(report))) => view! { <Report report/> }.into_any(),
        (false, Some(Err(error))) => view! {
            <p role="alert" class="mt-3 rounded-lg bg-rose-50 px-4 py-3 text-sm text-rose-800 dark:bg-rose-500/10 dark:text-rose-300">
                {format!("The preview could not run: {error}")}
            </p>
        }
        .into_any(),
        _ => view! {
            <p role="status" class="mt-3 text-sm text-subtle">"Running the template in a throw-away folder…"</p>
        }
        .into_any(),
    }
    };
    view! {
        <section aria-labelledby="preview-title" class="mt-6 border-t border-zinc-100 pt-5 dark:border-zinc-800">
            <div class="flex flex-wrap items-baseline justify-between gap-3">
                <h3 id="preview-title" class="text-sm font-semibold text-zinc-900 dark:text-white">"Preview"</h3>
                <button type="button" class=SECONDARY on:click=again disabled=move || preview.pending().get()>
                    "Preview again"
                </button>
            </div>
            <p class="mt-1 text-sm text-subtle">
                "What the task would write, from a dry run: files go to a throw-away folder; nothing is published or registered."
            </p>
            {body}
        </section>
    }
}

#[component]
fn Report(report: DryRunReport) -> impl IntoView {
    let completed = report.status == TaskStatus::Completed;
    let files = report.files.len();
    let verdict = match completed {
        true => format!(
            "The dry run completed: {files} {} would be written.",
            if files == 1 { "file" } else { "files" }
        ),
        false => report
            .log
            .iter()
            .rev()
            .find(|l| l.kind == EventKind::Completion)
            .map(|l| l.message.clone())
            .unwrap_or_else(|| "The dry run failed.".to_owned()),
    };
    let (tone, word) = match completed {
        true => (Tone::Good, "Completed"),
        false => (Tone::Bad, "Failed"),
    };
    let steps = report
        .steps
        .iter()
        .map(|step| {
            let (icon, colour) = look(step.status);
            view! {
                <li class="flex items-center gap-2">
                    <Icon icon=icon class=format!("size-4 shrink-0 {colour}")/>
                    <span class="text-zinc-900 dark:text-zinc-100">{step.name.clone()}</span>
                    <span class="text-xs text-subtle">{step.status.label()}</span>
                </li>
            }
        })
        .collect_view();
    let links = report
        .output
        .links
        .iter()
        .map(|link| {
            let target = link.url.clone().or(link.entity_ref.clone()).unwrap_or_default();
            view! { <li>{link.title.clone()}" → "<span class="font-mono text-xs">{target}</span></li> }
        })
        .collect_view();
    let has_links = !report.output.links.is_empty();
    let left_out = report.files_left_out;
    let lines = report.log.len();
    let log = report
        .log
        .iter()
        .map(|line| {
            let tone = match line.kind {
                EventKind::Log => "text-zinc-50",
                EventKind::Status => "text-sky-300",
                EventKind::Completion => "font-semibold text-white",
            };
            view! { <div class=format!("whitespace-pre-wrap break-words {tone}")>{line.message.clone()}</div> }
        })
        .collect_view();
    view! {
        <div role="status" class="mt-3 flex items-start gap-2 text-sm text-zinc-800 dark:text-zinc-200">
            <Badge tone>{word}</Badge>
            <span>{verdict}</span>
        </div>
        <ol aria-label="Steps of the dry run" class="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-sm">{steps}</ol>
        <Show when=move || { files > 0 }>
            <Files report=report.clone()/>
        </Show>
        <p class="mt-2 text-xs text-subtle" class:hidden=move || left_out == 0>
            {format!("{left_out} more files are not shown.")}
        </p>
        <Show when=move || has_links>
            <p class="mt-3 text-sm text-zinc-700 dark:text-zinc-300">"The task would link to:"</p>
        </Show>
        <ul class="mt-1 list-disc pl-5 text-sm text-zinc-700 empty:hidden dark:text-zinc-300">{links}</ul>
        <details class="mt-4">
            <summary class="cursor-pointer text-sm font-medium text-zinc-700 dark:text-zinc-300">
                {format!("Log of the dry run ({lines} lines)")}
            </summary>
            <div role="log" aria-label="Dry-run log" tabindex="0"
                class="mt-2 max-h-64 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs leading-relaxed">
                {log}
            </div>
        </details>
    }
}

/// A tree row's indent by depth; deeper rows share the last.
const INDENT: [&str; 6] = ["pl-2", "pl-5", "pl-8", "pl-11", "pl-14", "pl-17"];

/// The files as a tree; choosing one shows its text with line numbers.
#[component]
fn Files(report: DryRunReport) -> impl IntoView {
    let files = StoredValue::new(report.files.clone());
    let chosen = RwSignal::new(0usize);
    let rows = tree(&report.files)
        .into_iter()
        .map(|row| {
            // Classes, not a style attribute: the page's CSP allows no inline styles.
            let indent = INDENT[row.depth.min(INDENT.len() - 1)];
            match row.file {
                None => view! {
                    <li class=format!("truncate py-0.5 text-xs font-medium text-subtle {indent}")>{format!("{}/", row.name)}</li>
                }
                .into_any(),
                Some(index) => view! {
                    <li>
                        <button type="button" on:click=move |_| chosen.set(index)
                            aria-current=move || (chosen.get() == index).then_some("true")
                            class=format!("block w-full truncate rounded py-0.5 pr-2 text-left font-mono text-xs text-zinc-700 hover:bg-zinc-100 aria-[current=true]:bg-indigo-50 aria-[current=true]:text-indigo-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=true]:bg-indigo-500/10 dark:aria-[current=true]:text-indigo-300 {indent}")>
                            {row.name}
                        </button>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    let shown = move || files.with_value(|f| f.get(chosen.get()).cloned());
    let caption = move || shown().map(|f| f.path).unwrap_or_default();
    let text = move || {
        match shown() {
        Some(file) => match file.text {
            Some(text) => text
                .lines()
                .enumerate()
                .map(|(n, line)| {
                    view! {
                        <span class="table-row">
                            <span class="table-cell select-none pr-4 text-right text-subtle tabular-nums">{n + 1}</span>
                            <span class="table-cell whitespace-pre">{line.to_owned()}</span>
                        </span>
                    }
                })
                .collect_view()
                .into_any(),
            None => view! {
                <span class="text-subtle">{format!("Binary or too long to show ({} bytes)", file.size)}</span>
            }
            .into_any(),
        },
        None => ().into_any(),
    }
    };
    view! {
        <div class="mt-4 grid gap-3 md:grid-cols-[13rem_minmax(0,1fr)]">
            <nav aria-label="Files the task would write" class="max-h-80 overflow-auto rounded-lg border border-zinc-200 py-1 dark:border-zinc-800">
                <ul>{rows}</ul>
            </nav>
            <figure class="min-w-0 rounded-lg border border-zinc-200 dark:border-zinc-800">
                <figcaption class="border-b border-zinc-200 px-3 py-1.5 font-mono text-xs text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">{caption}</figcaption>
                <pre aria-label="File contents" tabindex="0" class="max-h-80 overflow-auto p-3 font-mono text-xs leading-relaxed text-zinc-800 dark:text-zinc-200"><code class="table">{text}</code></pre>
            </figure>
        </div>
    }
}
