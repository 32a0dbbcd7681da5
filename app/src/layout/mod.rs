//! The app shell around every page: sidebar navigation, top bar, main region.

pub mod code_loading;
pub mod nav;
pub mod search;
pub mod theme;
pub mod user_menu;

use leptos::prelude::*;

use nav::{MobileNav, Sidebar};
use search::GlobalSearch;
use theme::ThemeToggle;
use user_menu::UserMenu;

/// Focuses the main region (it has tabindex -1) instead of only scrolling to it.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use leptos::wasm_bindgen::JsCast;
    let main = document()
        .get_element_by_id("main")
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        ev.prevent_default();
        let _ = main.focus();
        main.scroll_into_view();
    }
}

/// The frame of every page. Landmarks: a skip link, the navigation, a banner with search and
/// the user menu, and `main` for the page itself.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    user_menu::provide_current_user();
    view! {
        <div class="min-h-screen">
            // The browser only moves the reading position to #main; with JavaScript the focus
            // moves there too, so the next Tab continues from the content.
            <a href="#main" on:click=skip_to_main class="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow-lg dark:focus:bg-zinc-900">
                "Skip to content"
            </a>
            <Sidebar/>
            <div class="lg:pl-64">
                <header class="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/80 px-4 backdrop-blur-md sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/80">
                    <MobileNav/>
                    <GlobalSearch/>
                    <div class="ml-auto flex items-center gap-1">
                        <ThemeToggle/>
                        <UserMenu/>
                    </div>
                </header>
                <main id="main" tabindex="-1" class="mx-auto max-w-7xl px-4 py-8 focus:outline-none sm:px-6 lg:px-8">
                    {children()}
                </main>
            </div>
        </div>
    }
}
