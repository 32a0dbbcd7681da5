//! The browser entry point: hydrates the server-rendered page; nothing else lives here.

// Leptos views nest deeply in types; hydrating the route tree needs more than the default 128.
#![recursion_limit = "256"]

use any_spawner::Executor;
use leptos::task::spawn_local;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes (their code is a chunk fetched on demand), so hydration waits for
    // the open page's chunk: `hydrate_lazy`'s steps, with a mark when it is done.
    let _ = Executor::init_wasm_bindgen();
    spawn_local(async {
        let document = leptos::prelude::document();
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Tells tests and tools that the page is interactive now.
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
