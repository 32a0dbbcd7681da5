//! The inline script that keeps a page alive when its code does not arrive: every fetch of the
//! portal's wasm is retried with backoff, and a banner offers a reload when it still fails
//! (`code_loading.js` says how).

use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// `code_loading.js`, run before the wasm glue; part of the document's head, rendered on the
/// server only.
#[component]
pub fn CodeLoading() -> impl IntoView {
    view! { <script nonce=use_nonce() inner_html=include_str!("code_loading.js")></script> }
}
