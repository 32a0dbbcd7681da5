//! `GET /v2/tasks/{taskId}/eventstream`: a task's events as server-sent events, from `after`
//! (or the `Last-Event-ID` a reconnecting browser sends) on, until its completion event. New
//! events are announced by this server's engine at once; events written by other replicas are
//! found by a read every two seconds.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use app::server::ctx::Ctx;
use app::state::AppState;
use app::tasks::api::service;
use app::tasks::model::{EventKind, TaskEvent};
use app::tasks::store;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Deserialize;
use tokio::sync::broadcast;

use crate::backstage::ApiError;

/// How often a stream reads the database when nothing was announced.
const READ_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<i64>,
}

pub async fn eventstream(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<After>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let after = resumed.or(query.after).unwrap_or(0).max(0);
    // Reading the page checks that the caller may see the task, before anything streams.
    let first = service::page(&ctx, &id, after).await?;
    let follow = Following {
        db: ctx.db.clone(),
        announced: state.tasks.follow(),
        ended: first.task.summary.status.is_final() && first.events.is_empty(),
        after,
        buffer: first.events.into(),
        id,
    };
    let stream = futures::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok(event), follow))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

struct Following {
    db: app::db::Db,
    id: String,
    after: i64,
    buffer: VecDeque<TaskEvent>,
    announced: broadcast::Receiver<String>,
    ended: bool,
}

impl Following {
    /// The next event to send, or `None` once the completion was sent.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.buffer.pop_front() {
                self.after = event.seq;
                if event.kind == EventKind::Completion {
                    self.ended = true;
                }
                let body = super::serialized_event(&self.id, &event);
                let kind = body["type"].as_str().unwrap_or("log").to_owned();
                return Some(
                    Event::default()
                        .event(kind)
                        .id(event.seq.to_string())
                        .data(body.to_string()),
                );
            }
            if self.ended {
                return None;
            }
            tokio::select! {
                announced = self.announced.recv() => match announced {
                    Ok(task) if task != self.id => continue,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                () = tokio::time::sleep(READ_EVERY) => {}
            }
            self.buffer = store::events_after(&self.db, &self.id, self.after, 500)
                .await
                .ok()?
                .into();
            if self.buffer.is_empty() {
                let task = store::get(&self.db, &self.id).await.ok()??;
                self.ended = task.summary.status.is_final();
            }
        }
    }
}
