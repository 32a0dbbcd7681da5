//! A task's log as it is written: each line with its time and step, status lines set apart,
//! scrolled to the newest line while the reader is at the bottom.

use leptos::prelude::*;

use crate::tasks::model::{EventKind, TaskEvent, TaskView};

#[component]
pub fn Log(task: RwSignal<TaskView>, events: RwSignal<Vec<TaskEvent>>) -> impl IntoView {
    let name_of = move |step_id: &Option<String>| {
        step_id.as_ref().and_then(|id| {
            task.with_untracked(|t| t.steps.iter().find(|s| &s.id == id).map(|s| s.name.clone()))
        })
    };
    let log_ref = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        events.track();
        if let Some(log) = log_ref.get() {
            let at_bottom = log.scroll_height() - log.scroll_top() - log.client_height() < 80;
            if at_bottom {
                request_animation_frame(move || log.set_scroll_top(log.scroll_height()));
            }
        }
    });
    view! {
        <div node_ref=log_ref role="log" aria-label="Task log" tabindex="0"
            class="max-h-[32rem] overflow-auto rounded-lg bg-zinc-950 p-4 font-mono text-xs leading-relaxed text-zinc-200">
            <Show when=move || events.with(Vec::is_empty)>
                <p class="text-zinc-200">"Waiting for the first line…"</p>
            </Show>
            <For each=move || events.get() key=|e| e.seq let:event>
                {
                    let time = event.at.format("%H:%M:%S").to_string();
                    let step = name_of(&event.step_id);
                    let tone = match event.kind {
                        EventKind::Log => "text-zinc-50",
                        EventKind::Status => "text-sky-300",
                        EventKind::Completion => "font-semibold text-white",
                    };
                    view! {
                        <div class="flex gap-3">
                            <span class="shrink-0 tabular-nums text-zinc-200">{time}</span>
                            <span class="w-28 shrink-0 truncate text-sky-200 empty:hidden">{step}</span>
                            <span class=format!("min-w-0 whitespace-pre-wrap break-words {tone}")>{event.message}</span>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
