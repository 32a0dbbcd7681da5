//! Importing descriptor files in the browser: drop YAML files on the catalog page (or choose
//! them), see what would be added, changed or rejected and why, then confirm.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::catalog::api::{MAX_UPLOAD_BYTES, UploadedFile, import_entities};
use crate::catalog::report::{ImportReport, Outcome};
use crate::ui::Tone;
use crate::ui::button::{PRIMARY, SECONDARY};
use crate::ui::format::thousands;

/// The drop zone above the catalog list and, once files are in, the preview.
#[component]
pub fn ImportDrop() -> impl IntoView {
    let files = RwSignal::new(Vec::<UploadedFile>::new());
    let partial = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let preview = Action::new(|(files, partial): &(Vec<UploadedFile>, bool)| {
        import_entities(files.clone(), true, *partial)
    });
    let apply = Action::new(|(files, partial): &(Vec<UploadedFile>, bool)| {
        import_entities(files.clone(), false, *partial)
    });
    let chosen = move |picked: Vec<UploadedFile>| {
        let size: usize = picked.iter().map(|f| f.text.len()).sum();
        if size > MAX_UPLOAD_BYTES {
            problem.set(Some(format!(
                "These files add up to {} KiB; one import takes at most {} KiB. Register a location for larger catalogs.",
                thousands((size / 1024) as i64),
                MAX_UPLOAD_BYTES / 1024
            )));
            return;
        }
        problem.set(None);
        files.set(picked.clone());
        preview.dispatch((picked, partial.get_untracked()));
    };
    // Only the browser reads files; the server renders the empty drop zone.
    let _ = &chosen;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(report)) = apply.value().get()
            && report.applied
        {
            files.set(Vec::new());
            navigate("/catalog?sort=updated&desc=1", Default::default());
        }
    });
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            leptos::task::spawn_local(async move { chosen(read_files(list).await) });
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(list) = input.and_then(|i| i.files()) {
                leptos::task::spawn_local(async move { chosen(read_files(list).await) });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let toggle_partial = move |ev: leptos::ev::Event| {
        partial.set(event_target_checked(&ev));
        let current = files.get_untracked();
        if !current.is_empty() {
            preview.dispatch((current, partial.get_untracked()));
        }
    };
    let report = move || preview.value().get();
    view! {
        <section aria-label="Import" class="mb-6">
            <label
                on:dragover=move |ev| { ev.prevent_default(); dragging.set(true) }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
                data-dragging=move || dragging.get().to_string()
                class="flex cursor-pointer items-center justify-center gap-2 rounded-xl border border-dashed border-zinc-300 bg-white px-4 py-3 text-sm text-subtle hover:border-indigo-400 data-[dragging=true]:border-indigo-500 data-[dragging=true]:bg-indigo-50 dark:border-zinc-700 dark:bg-zinc-900/50 dark:data-[dragging=true]:bg-indigo-500/10">
                <span>"Drop Backstage YAML files here to import them, or "</span>
                <span class="font-medium text-indigo-600 dark:text-indigo-400">"choose files"</span>
                <input type="file" multiple accept=".yaml,.yml,application/yaml,text/yaml" class="sr-only" aria-label="YAML files to import" on:change=on_pick/>
            </label>
            {move || problem.get().map(|p| view! { <p role="alert" class="mt-2 text-sm text-rose-600 dark:text-rose-400">{p}</p> })}
            {move || (!files.get().is_empty()).then(|| view! {
                <div class="mt-4 rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
                    <header class="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-100 px-5 py-3 dark:border-zinc-800">
                        <h2 class="text-sm font-semibold text-zinc-900 dark:text-zinc-100">"Import preview"</h2>
                        <label class="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300">
                            <input type="checkbox" prop:checked=move || partial.get() on:change=toggle_partial/>
                            "Import the valid ones even if some are rejected"
                        </label>
                    </header>
                    <div class="px-5 py-4">
                        {move || match report() {
                            None => view! { <p class="text-sm text-subtle">"Checking…"</p> }.into_any(),
                            Some(Err(error)) => view! { <p role="alert" class="text-sm text-rose-600 dark:text-rose-400">{error.to_string()}</p> }.into_any(),
                            Some(Ok(report)) => view! { <Preview report partial=partial.get()/> }.into_any(),
                        }}
                        {move || apply.value().get().and_then(Result::err).map(|e| view! {
                            <p role="alert" class="mt-3 text-sm text-rose-600 dark:text-rose-400">{e.to_string()}</p>
                        })}
                        <div class="mt-4 flex gap-3">
                            <button type="button" class=PRIMARY
                                disabled=move || !report().and_then(Result::ok).is_some_and(|r| importable(&r, partial.get())) || apply.pending().get()
                                on:click=move |_| { apply.dispatch((files.get_untracked(), partial.get_untracked())); }>
                                {move || match report().and_then(Result::ok) {
                                    Some(r) => match r.created + r.updated {
                                        1 => "Import 1 entity".to_owned(),
                                        n => format!("Import {n} entities"),
                                    },
                                    None => "Import".to_owned(),
                                }}
                            </button>
                            <button type="button" class=SECONDARY on:click=move |_| files.set(Vec::new())>"Cancel"</button>
                        </div>
                    </div>
                </div>
            })}
        </section>
    }
}

/// Whether confirming would write anything.
fn importable(report: &ImportReport, partial: bool) -> bool {
    report.created + report.updated > 0 && (report.rejected == 0 || partial)
}

#[component]
fn Preview(report: ImportReport, partial: bool) -> impl IntoView {
    let badge = |outcome: Outcome| match outcome {
        Outcome::Created => Tone::Good,
        Outcome::Updated => Tone::Accent,
        Outcome::Unchanged => Tone::Neutral,
        Outcome::Rejected => Tone::Bad,
    };
    let blocked = report.rejected > 0 && !partial;
    let rows = report
        .entities
        .iter()
        .map(|e| {
            let tone = badge(e.outcome);
            let label = e.outcome.label();
            let at = format!("{} #{}", e.file, e.document);
            let entity_ref = e.entity_ref.clone();
            view! {
                <tr>
                    <td class="py-1.5 pr-3 font-mono text-xs text-subtle">{at}</td>
                    <td class="py-1.5 pr-3 text-zinc-900 dark:text-zinc-100">{entity_ref}</td>
                    <td class="py-1.5"><crate::ui::Badge tone=tone>{label}</crate::ui::Badge></td>
                </tr>
            }
        })
        .collect_view();
    let problems = |list: &[crate::catalog::report::ImportProblem], class: &'static str| {
        list.iter()
            .map(|p| view! { <li class=class>{p.to_string()}</li> })
            .collect_view()
    };
    view! {
        <p role="status" class="text-sm text-zinc-700 dark:text-zinc-300">{report.summary()}</p>
        {blocked.then(|| view! {
            <p class="mt-1 text-sm text-amber-700 dark:text-amber-400">"Nothing will be imported while documents are rejected, unless you import the valid ones only."</p>
        })}
        <table aria-label="Documents" class="mt-3 w-full text-left text-sm">
            <thead><tr class="text-xs uppercase tracking-wide text-subtle">
                <th class="pb-1 font-medium">"File"</th><th class="pb-1 font-medium">"Entity"</th><th class="pb-1 font-medium">"Outcome"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {(!report.errors.is_empty()).then(|| view! {
            <h3 class="mt-4 text-sm font-semibold text-rose-700 dark:text-rose-400">"Problems"</h3>
            <ul aria-label="Problems" class="mt-1 list-disc space-y-0.5 pl-5 text-sm">{problems(&report.errors, "text-rose-700 dark:text-rose-300")}</ul>
        })}
        {(!report.warnings.is_empty()).then(|| view! {
            <h3 class="mt-4 text-sm font-semibold text-amber-700 dark:text-amber-400">"Warnings"</h3>
            <ul aria-label="Warnings" class="mt-1 list-disc space-y-0.5 pl-5 text-sm">{problems(&report.warnings, "text-amber-700 dark:text-amber-300")}</ul>
        })}
    }
}

/// The names and text of the chosen files.
#[cfg(feature = "hydrate")]
async fn read_files(list: web_sys::FileList) -> Vec<UploadedFile> {
    let mut files = Vec::new();
    for index in 0..list.length() {
        let Some(file) = list.get(index) else {
            continue;
        };
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        files.push(UploadedFile {
            name: file.name(),
            text: text.ok().and_then(|v| v.as_string()).unwrap_or_default(),
        });
    }
    files
}
