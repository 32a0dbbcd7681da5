//! The pages of template tasks: the wizard wired to start one, and a task's own page (its
//! steps with status and duration, the log as it is written, the output at the end, Cancel and
//! Retry), kept live by the task's event stream.

mod list;
mod live;
mod log;
mod preview;
mod steps;

pub use list::TaskListPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{TaskPage as TaskData, cancel_task, get_task, retry_task, start_task};
use super::model::{TaskOutput, TaskStatus, TaskView};
use crate::error::AppError;
use crate::templates::wizard::{RunRequest, TemplateWizardPage};
use crate::ui::button::{DANGER, PRIMARY, SECONDARY};
use crate::ui::{Badge, Loaded, PageHeader, Panel, Tone};

/// `/create/templates/:namespace/:name`: the wizard, whose "Run" starts a task and opens it.
#[component]
pub fn TemplateRunPage() -> impl IntoView {
    let run = Action::new(|(namespace, name, values): &RunRequest| {
        let (namespace, name, values) = (namespace.clone(), name.clone(), values.clone());
        async move {
            let id = start_task(namespace, name, values).await?;
            Ok::<_, AppError>(TaskView::href_of(&id))
        }
    });
    let preview =
        Callback::new(|request: RunRequest| view! { <preview::Preview request/> }.into_any());
    view! { <TemplateWizardPage run preview/> }
}

/// `/create/tasks/:id`: one task, live.
#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| get_task(id, 0));
    view! {
        <Loaded data=move || data.get() title="Task" rows=6 let:page>
            <Task page/>
        </Loaded>
    }
}

/// The badge of a task's status.
pub fn status_tone(status: TaskStatus) -> Tone {
    match status {
        TaskStatus::Open => Tone::Neutral,
        TaskStatus::Processing => Tone::Accent,
        TaskStatus::Completed => Tone::Good,
        TaskStatus::Failed => Tone::Bad,
        TaskStatus::Cancelled => Tone::Warn,
    }
}

#[component]
fn Task(page: TaskData) -> impl IntoView {
    let id = page.task.summary.id.clone();
    let now = page.now;
    let task = RwSignal::new(page.task);
    let events = RwSignal::new(page.events);
    live::follow(id.clone(), task, events);
    let title = move || task.with(|t| t.summary.template_title.clone());
    let change = Action::new(move |(retry, id): &(bool, String)| {
        let (retry, id) = (*retry, id.clone());
        async move {
            match retry {
                true => retry_task(id.clone()).await?,
                false => cancel_task(id.clone()).await?,
            }
            get_task(id, 0).await
        }
    });
    let follow_id = id.clone();
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = change.value().get() {
            let again = !fresh.task.summary.status.is_final();
            task.set(fresh.task);
            events.set(fresh.events);
            // A retried task runs again: follow it again.
            if again {
                live::follow(follow_id.clone(), task, events);
            }
        }
    });
    let error = move || match change.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    let (cancel_id, retry_id) = (id.clone(), id.clone());
    let actions = view! {
        <div class="flex items-center gap-2">
            <Show when=move || task.with(|t| t.may_cancel && !t.cancelling)>
                <button type="button" class=DANGER disabled=move || change.pending().get()
                    on:click={
                        let id = cancel_id.clone();
                        move |_| { change.dispatch((false, id.clone())); }
                    }>"Cancel"</button>
            </Show>
            <Show when=move || task.with(|t| t.may_retry)>
                <button type="button" class=PRIMARY disabled=move || change.pending().get()
                    on:click={
                        let id = retry_id.clone();
                        move |_| { change.dispatch((true, id.clone())); }
                    }>"Retry from the failed step"</button>
            </Show>
            <a href="/create/tasks" class=SECONDARY>"All my tasks"</a>
        </div>
    }
    .into_any();
    let started = move || {
        task.with(|t| {
            format!(
                "Started by {} at {}",
                t.summary.created_by,
                crate::ui::format::timestamp(t.summary.created_at)
            )
        })
    };
    view! {
        <Title text=move || format!("{} · Task", title())/>
        <PageHeader title=task.with_untracked(|t| t.summary.template_title.clone()) description=started() actions/>
        <div class="mb-4 flex flex-wrap items-center gap-3" role="status" aria-live="polite">
            {move || {
                let (status, cancelling) = task.with(|t| (t.summary.status, t.cancelling));
                let label = if cancelling { "Cancelling…" } else { status.label() };
                view! { <Badge tone=status_tone(status)>{label}</Badge> }
            }}
            <p role="alert" class="text-sm text-rose-700 empty:hidden dark:text-rose-400">{error}</p>
        </div>
        <Outputs task/>
        <div class="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
            <Panel title="Steps"><steps::Steps task now/></Panel>
            <Panel title="Log"><log::Log task events/></Panel>
        </div>
    }
}

/// The links and texts a completed task produced.
#[component]
fn Outputs(task: RwSignal<TaskView>) -> impl IntoView {
    let output = move || {
        task.with(|t| t.output.clone())
            .filter(|o: &TaskOutput| !o.links.is_empty() || !o.text.is_empty())
    };
    move || {
        output().map(|output| {
            // A link the server would not keep (stored before it checked) is no link here either.
            let links = output.links.into_iter().filter_map(|link| {
                let href = link.href(entity_href)?;
                Some(view! {
                    <a href=href class=PRIMARY>{link.title}</a>
                })
            }).collect_view();
            let texts = output.text.into_iter().map(|text| view! {
                <div class="mt-4">
                    <h3 class="text-sm font-semibold text-zinc-900 dark:text-white">{text.title}</h3>
                    <p class="mt-1 whitespace-pre-wrap text-sm text-zinc-700 dark:text-zinc-300">{text.content}</p>
                </div>
            }).collect_view();
            view! {
                <div class="mb-6"><Panel title="Output">
                    <div class="flex flex-wrap gap-2">{links}</div>
                    {texts}
                </Panel></div>
            }
        })
    }
}

/// The catalog page of an entity ref such as `component:default/checkout`.
fn entity_href(entity_ref: &str) -> String {
    match crate::catalog::model::EntityRef::parse(
        entity_ref,
        None,
        crate::catalog::model::DEFAULT_NAMESPACE,
    ) {
        Ok(r) => format!(
            "/catalog/{}/{}/{}",
            crate::ui::url::encode(&r.namespace),
            crate::ui::url::encode(&r.kind),
            crate::ui::url::encode(&r.name)
        ),
        Err(_) => "/catalog".to_owned(),
    }
}
