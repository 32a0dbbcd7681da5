//! Every request runs under a reactive owner of its own, so that nothing Leptos creates for it
//! can inherit another request's context.
//!
//! Why: Leptos keeps "the current owner" in a thread-local. `Owner::new()` takes whatever is
//! current on the thread as its parent, and `Owner::new_root()`, which every page render calls
//! (leptos_integration_utils' `build_response`), sets itself as current *without restoring the
//! owner before it*. After a page render starts on a tokio worker, its owner stays current on
//! that thread until the next root replaces it. A server function or a not-found page served
//! next on the same thread then made its owner a child of that render: `use_context` walked up
//! into the other request's contexts (its `ResponseOptions`, hence its 404 or 403 status on a
//! wasm chunk), and the render's cleanup reached into the child. See ARCHITECTURE.md, "One
//! owner per request".
//!
//! This layer gives each request a fresh root that carries no context, and polls the request's
//! future and its streamed body inside it. Whatever a render leaves current during one poll is
//! put back when that poll ends, and an `Owner::new()` made during a poll finds this request's
//! root above it, never another request's render.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::reactive::owner::Owner;

/// The middleware: the request's handler and its body, each polled under the request's own
/// root owner.
pub async fn own_owner(request: Request, next: Next) -> Response {
    let root = fresh_root();
    let response = InOwner {
        owner: root.clone(),
        inner: Box::pin(next.run(request)),
    }
    .await;
    response.map(|body| {
        Body::new(InOwner {
            owner: root,
            inner: body,
        })
    })
}

/// A root owner with no parent and no context, not left current on this thread.
fn fresh_root() -> Owner {
    // `new_root` makes itself the thread's current owner (which also drops whatever another
    // request left there); `unset` clears that again, so nothing outside a poll below sees it.
    let root = Owner::new_root(None);
    root.clone().unset();
    root
}

/// `inner`, always polled with `owner` current, the thread's previous owner put back after.
struct InOwner<T> {
    owner: Owner,
    inner: T,
}

impl<F: Future + Unpin> Future for InOwner<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        this.owner.with(|| Pin::new(&mut this.inner).poll(cx))
    }
}

impl http_body::Body for InOwner<Body> {
    type Data = <Body as http_body::Body>::Data;
    type Error = <Body as http_body::Body>::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        this.owner.with(|| Pin::new(&mut this.inner).poll_frame(cx))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::{provide_context, use_context};

    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Status(u16);

    /// What leptos_integration_utils does at the start of every page render: a root made
    /// current and left so. An owner made afterwards on the same thread inherits its context,
    /// unless it is made inside a fresh root.
    #[test]
    fn an_owner_made_in_a_fresh_root_does_not_inherit_a_render_left_current() {
        let render = Owner::new_root(None);
        render.with(|| provide_context(Status(404)));
        let inherits = Owner::new().with(use_context::<Status>);
        assert_eq!(
            inherits,
            Some(Status(404)),
            "the leak this layer exists for"
        );

        let root = fresh_root();
        let isolated = root.with(|| Owner::new().with(use_context::<Status>));
        assert_eq!(isolated, None);
        drop(render);
    }

    /// A render started during one poll is current only during that poll.
    #[test]
    fn what_a_poll_leaves_current_is_put_back() {
        let root = fresh_root();
        let mut started = None;
        root.with(|| {
            let render = Owner::new_root(None);
            render.with(|| provide_context(Status(403)));
            started = Some(render);
        });
        assert_eq!(Owner::new().with(use_context::<Status>), None);
        drop(started);
    }
}
