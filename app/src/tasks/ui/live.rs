//! Keeps a task page live: the browser follows the task's event stream (server-sent events,
//! through gloo-net's EventSource, which reconnects by itself) and, on each event, reads what
//! changed since the last event it has; several events in a burst cost one read.

use leptos::prelude::*;

use crate::tasks::model::{TaskEvent, TaskView};

/// Follows task `id` until it ends, updating `task` and `events`.
pub fn follow(id: String, task: RwSignal<TaskView>, events: RwSignal<Vec<TaskEvent>>) {
    #[cfg(feature = "hydrate")]
    hydrate::follow(id, task, events);
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, task, events);
}

#[cfg(feature = "hydrate")]
mod hydrate {
    use futures::StreamExt;
    use gloo_net::eventsource::futures::EventSource;

    use super::*;
    use crate::tasks::api::get_task;

    /// The last event a page has, from which it asks for more.
    fn last_seq(events: &[TaskEvent]) -> i64 {
        events.last().map_or(0, |e| e.seq)
    }

    pub fn follow(id: String, task: RwSignal<TaskView>, events: RwSignal<Vec<TaskEvent>>) {
        if task.with_untracked(|t| t.summary.status.is_final()) {
            return;
        }
        let after = events.with_untracked(|e| last_seq(e));
        let url = format!(
            "/api/scaffolder/v2/tasks/{}/eventstream?after={after}",
            crate::ui::url::encode(&id)
        );
        let Ok(mut source) = EventSource::new(&url) else {
            return;
        };
        let (Ok(logs), Ok(ends)) = (source.subscribe("log"), source.subscribe("completion")) else {
            return;
        };
        let mut arrivals = futures::stream::select(logs, ends);
        let (stop, stopped) = futures::channel::oneshot::channel::<()>();
        on_cleanup(move || drop(stop));
        leptos::task::spawn_local(async move {
            let mut stopped = stopped;
            loop {
                let next = futures::future::select(arrivals.next(), &mut stopped).await;
                let futures::future::Either::Left((Some(_), _)) = next else {
                    break;
                };
                // Whatever else arrived meanwhile is read by this one request.
                while let Some(Some(_)) = futures::FutureExt::now_or_never(arrivals.next()) {}
                let after = events.with_untracked(|e| last_seq(e));
                if let Ok(fresh) = get_task(id.clone(), after).await {
                    let ended = fresh.task.summary.status.is_final();
                    task.set(fresh.task);
                    events.update(|e| e.extend(fresh.events.into_iter().filter(|n| n.seq > after)));
                    if ended {
                        break;
                    }
                }
            }
            source.close();
        });
    }
}
