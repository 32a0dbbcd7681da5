//! A task's steps, in order, each with its status and how long it ran (ticking while it runs).

use leptos::prelude::*;

use crate::tasks::model::{StepStatus, TaskView};
use crate::ui::{Icon, IconName};

#[component]
pub fn Steps(task: RwSignal<TaskView>, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    // Redrawn each second while a step runs, so its duration counts up.
    let now = RwSignal::new(now);
    #[cfg(feature = "hydrate")]
    {
        let ticking =
            move || task.with(|t| t.steps.iter().any(|s| s.status == StepStatus::Processing));
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if ticking() {
                    let browser =
                        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64);
                    now.set(browser.unwrap_or_default());
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <ol class="space-y-3" aria-label="Steps">
            {move || task.with(|t| t.steps.clone()).into_iter().map(|step| {
                let (icon, colour) = look(step.status);
                let spin = if step.status == StepStatus::Processing { " animate-spin" } else { "" };
                let took = step.duration(now.get()).map(|d| crate::ui::format::duration(d.num_seconds()));
                // A step still waiting in a task that ended will not run unless it is retried.
                let ended = task.with(|t| t.summary.status.is_final());
                let label = match (step.status, ended) {
                    (StepStatus::Pending, true) => "Not run",
                    (status, _) => status.label(),
                };
                view! {
                    <li class="flex items-start gap-3">
                        <Icon icon=icon class=format!("mt-0.5 size-4 shrink-0 {colour}{spin}")/>
                        <div class="min-w-0 flex-1">
                            <p class="text-sm font-medium text-zinc-900 dark:text-zinc-100">{step.name.clone()}</p>
                            <p class="font-mono text-xs text-subtle">{step.action.clone()}</p>
                        </div>
                        <div class="text-right text-xs">
                            <p class="text-zinc-700 dark:text-zinc-300">{label}</p>
                            <p class="tabular-nums text-subtle">{took}</p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

pub(super) fn look(status: StepStatus) -> (IconName, &'static str) {
    match status {
        StepStatus::Pending => (IconName::Compass, "text-subtle"),
        StepStatus::Processing => (IconName::Loader, "text-indigo-600 dark:text-indigo-400"),
        StepStatus::Completed => (
            IconName::CheckCircle,
            "text-emerald-600 dark:text-emerald-400",
        ),
        StepStatus::Failed => (IconName::XCircle, "text-rose-600 dark:text-rose-400"),
        StepStatus::Skipped => (IconName::ChevronRight, "text-subtle"),
        StepStatus::Cancelled => (IconName::XCircle, "text-amber-600 dark:text-amber-400"),
    }
}
