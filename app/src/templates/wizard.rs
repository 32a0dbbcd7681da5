//! The wizard: a template's form one page at a time under a stepper. "Next" checks the page in
//! the browser with the code the server runs; "Back" and the stepper keep every value; the page
//! is in the URL (`?step=2`), and a page is open only once every page before it checks out. The
//! last page reviews every value, has the server check them all again and shows the `preview`
//! the page above gives it; "Run" hands them to the `run` action the page above gives it (the
//! task engine sits above templates), which answers where to go next.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::{Map, Value};

use super::api::{TemplateForm, check_template_values, get_template_form};
use super::check::check;
use super::form::fields;
use super::form_state::FormState;
use super::inputs::Fields;
use super::review::Review;
use super::values::with_defaults;
use crate::catalog::model::{DEFAULT_NAMESPACE, EntityRef};
use crate::error::AppError;
use crate::ui::button::{PRIMARY, SECONDARY};
use crate::ui::{Loaded, PageHeader};

/// What "Run" sends: the template's namespace and name, and every value.
pub type RunRequest = (String, String, Map<String, Value>);

/// `/create/templates/:namespace/:name`: run a template. For people who may run it. `run`
/// starts it and answers the page to open; `preview` draws what it would do, on the review page.
#[component]
pub fn TemplateWizardPage(
    run: Action<RunRequest, Result<String, AppError>>,
    preview: Callback<RunRequest, AnyView>,
) -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("namespace").unwrap_or_default(),
            p.get("name").unwrap_or_default(),
        )
    };
    let data = Resource::new(key, |(namespace, name)| get_template_form(namespace, name));
    view! {
        <Loaded data=move || data.get() title="Template" rows=6 let:form>
            <Wizard form run preview/>
        </Loaded>
    }
}

#[component]
fn Wizard(
    form: TemplateForm,
    run: Action<RunRequest, Result<String, AppError>>,
    preview: Callback<RunRequest, AnyView>,
) -> impl IntoView {
    let steps = StoredValue::new(form.steps.clone());
    let total = form.steps.len();
    let mut initial = Map::new();
    let mut defaulted = BTreeSet::new();
    for step in &form.steps {
        let page = fields(&step.schema, &Value::Object(initial.clone()));
        with_defaults(&page, &mut initial, &mut defaulted);
    }
    let values = RwSignal::new(Value::Object(initial));
    let defaulted = StoredValue::new(defaulted);
    // The first page with a problem: no page after it may be opened yet.
    let open_up_to = Memo::new(move |_| {
        values
            .with(|v| {
                steps.with_value(|steps| steps.iter().position(|s| !check(&s.schema, v).is_empty()))
            })
            .unwrap_or(total)
    });
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        query
            .read()
            .get("step")
            .and_then(|s| s.parse::<usize>().ok())
            .map_or(0, |s| s.saturating_sub(1))
            .min(total)
    });
    let current = Memo::new(move |_| asked.get().min(open_up_to.get()));
    let tried = RwSignal::new(Vec::<usize>::new());
    let problems = Signal::derive(move || {
        let step = current.get();
        match tried.with(|t| t.contains(&step)) && step < total {
            true => values.with(|v| steps.with_value(|s| check(&s[step].schema, v))),
            false => Vec::new(),
        }
    });
    let state = FormState { values, problems };
    let page_fields = Memo::new(move |_| {
        let step = current.get();
        match step < total {
            true => values.with(|v| steps.with_value(|s| fields(&s[step].schema, v))),
            false => Vec::new(),
        }
    });
    // A field a condition brings in (a database's size once there is a database) starts at its
    // default, as it would have had it been there from the start.
    Effect::new(move |_| {
        let page = page_fields.get();
        let mut next = values.get_untracked();
        let filled = match next.as_object_mut() {
            Some(map) => defaulted.try_update_value(|seen| with_defaults(&page, map, seen)),
            None => None,
        };
        if filled == Some(true) {
            values.set(next);
        }
    });
    let navigate = use_navigate();
    let go = move |step: usize| navigate(&format!("?step={}", step + 1), Default::default());
    let go_next = go.clone();
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let step = current.get_untracked();
        tried.update(|t| t.push(step));
        if problems.get_untracked().is_empty() {
            go_next(step + 1);
        } else {
            focus_first_problem();
        }
    };
    let (namespace, name) = EntityRef::parse(&form.entity_ref, Some("template"), DEFAULT_NAMESPACE)
        .map(|r| (r.namespace, r.name))
        .unwrap_or_default();
    let titles: Vec<String> = form
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| s.title_at(i))
        .collect();
    let step_title = {
        let titles = titles.clone();
        move || {
            titles
                .get(current.get())
                .cloned()
                .unwrap_or_else(|| "Review".to_owned())
        }
    };
    let step_description = move || {
        let step = current.get();
        steps.with_value(|s| s.get(step).and_then(|s| s.description.clone()))
    };
    let to_run = (namespace.clone(), name.clone());
    let to_preview = (namespace.clone(), name.clone());
    let preview_now = move || match values.get_untracked() {
        Value::Object(values) => {
            Some(preview.run((to_preview.0.clone(), to_preview.1.clone(), values)))
        }
        _ => None,
    };
    let start = move |_| {
        if let Value::Object(values) = values.get_untracked() {
            run.dispatch((to_run.0.clone(), to_run.1.clone(), values));
        }
    };
    let navigate_to_task = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(href)) = run.value().get() {
            navigate_to_task(&href, Default::default());
        }
    });
    let run_error = move || match run.value().get() {
        Some(Err(AppError::Validation(problems))) => Some(
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    let server_check = Resource::new(
        move || (current.get() == total).then(|| values.get()),
        move |values| {
            let (namespace, name) = (namespace.clone(), name.clone());
            async move {
                match values {
                    Some(Value::Object(values)) => {
                        Some(check_template_values(namespace, name, values, None).await)
                    }
                    _ => None,
                }
            }
        },
    );
    view! {
        <Title text=format!("{} · Create", form.title)/>
        <PageHeader title=form.title.clone() description=form.description.clone().unwrap_or_default()/>
        <super::stepper::Stepper titles current open_up_to go/>
        <section aria-labelledby="wizard-step" class="mt-6 max-w-3xl rounded-xl border border-zinc-200 bg-white p-6 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
            <h2 id="wizard-step" class="text-lg font-semibold text-zinc-900 dark:text-white">{step_title}</h2>
            <p class="mt-1 text-sm text-subtle empty:hidden">{step_description}</p>
            <Show when=move || current.get() < total fallback=move || view! {
                <Review steps=steps.get_value() values=values.read_only() server_check/>
                {preview_now.clone()}
                <p role="alert" class="mt-4 rounded-lg bg-rose-50 px-4 py-3 text-sm text-rose-800 empty:hidden dark:bg-rose-500/10 dark:text-rose-300">
                    {run_error}
                </p>
                <div class="mt-6 flex justify-between border-t border-zinc-100 pt-4 dark:border-zinc-800">
                    <a href=format!("?step={total}") class=SECONDARY>"Back"</a>
                    <button type="button" class=PRIMARY on:click=start.clone() disabled=move || run.pending().get()>
                        {move || if run.pending().get() { "Starting…" } else { "Run" }}
                    </button>
                </div>
            }>
                <form novalidate on:submit=next.clone() class="mt-5">
                    <div class="space-y-5"><Fields fields=page_fields.into() state/></div>
                    <div class="mt-6 flex justify-between border-t border-zinc-100 pt-4 dark:border-zinc-800">
                        {move || match current.get() {
                            0 => view! { <a href="/create" class=SECONDARY>"Cancel"</a> }.into_any(),
                            step => view! { <a href=format!("?step={step}") class=SECONDARY>"Back"</a> }.into_any(),
                        }}
                        <button type="submit" class=PRIMARY>
                            {move || if current.get() + 1 == total { "Review" } else { "Next" }}
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// Moves the focus to the first field with a problem, once the problems are on the page.
fn focus_first_problem() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        use leptos::wasm_bindgen::JsCast;
        let first = document()
            .query_selector("[aria-invalid=true]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(first) = first {
            let _ = first.focus();
        }
    });
}
