//! Light, dark or system colour scheme. The choice lives in a cookie so the server renders the
//! page in it: no flash of the wrong scheme, no inline script, and it works without JavaScript.

use leptos::prelude::*;

use crate::ui::{Icon, IconName};

pub const COOKIE: &str = "runway_theme";

/// The colour scheme a person chose; `System` follows the operating system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    System,
}

impl Theme {
    /// Reads the choice from a `Cookie` header.
    pub fn from_cookie_header(header: &str) -> Theme {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map_or(Theme::System, |(_, value)| Theme::from_class(value))
    }

    /// Reads the choice from the class the server put on `<html>`.
    pub fn from_class(class: &str) -> Theme {
        if class.split_whitespace().any(|c| c == "dark") {
            Theme::Dark
        } else if class.split_whitespace().any(|c| c == "light") {
            Theme::Light
        } else {
            Theme::System
        }
    }

    /// The class for `<html>`; the stylesheet's `dark` variant keys off it, and falls back to
    /// the system preference when there is none.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "",
        }
    }

    /// The theme of the request being rendered (server) or of the page (browser).
    pub fn current() -> Theme {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| {
                    parts
                        .headers
                        .get(http::header::COOKIE)?
                        .to_str()
                        .ok()
                        .map(Theme::from_cookie_header)
                })
                .unwrap_or(Theme::System)
        }
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        {
            document()
                .document_element()
                .map_or(Theme::System, |root| Theme::from_class(&root.class_name()))
        }
        #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
        {
            Theme::System
        }
    }
}

/// The theme of the page, shared by the toggle and the user menu.
#[derive(Debug, Clone, Copy)]
pub struct ThemeState(pub RwSignal<Theme>);

/// Provides the theme and, in the browser, applies every change to `<html>` and the cookie.
pub fn provide_theme() {
    let theme = RwSignal::new(Theme::current());
    provide_context(ThemeState(theme));
    #[cfg(feature = "hydrate")]
    Effect::watch(move || theme.get(), |theme, _, _| apply(*theme), false);
}

#[cfg(feature = "hydrate")]
fn apply(theme: Theme) {
    use wasm_bindgen::JsCast;
    if let Some(root) = document().document_element() {
        let classes = root.class_list();
        let _ = classes.remove_2("light", "dark");
        if theme != Theme::System {
            let _ = classes.add_1(theme.class());
        }
    }
    let cookie = match theme {
        Theme::System => format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"),
        _ => format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            theme.class()
        ),
    };
    if let Ok(html) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.set_cookie(&cookie);
    }
}

/// Whether the page is dark right now, the system preference included.
#[cfg(feature = "hydrate")]
fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    }
}

/// A button that switches between light and dark. The icon follows the stylesheet, so it is
/// right before hydration too.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let ThemeState(theme) = expect_context::<ThemeState>();
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        theme.set(if is_dark(theme.get_untracked()) {
            Theme::Light
        } else {
            Theme::Dark
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = theme;
    };
    view! {
        <button type="button" on:click=toggle aria-label="Toggle dark mode" title="Toggle dark mode"
            class="rounded-md p-2 text-subtle hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white">
            <span class="dark:hidden"><Icon icon=IconName::Moon class="size-4"/></span>
            <span class="hidden dark:inline"><Icon icon=IconName::Sun class="size-4"/></span>
        </button>
    }
}

/// Light, Dark and System as a segmented control, for the user menu.
#[component]
pub fn ThemeChoice() -> impl IntoView {
    let ThemeState(theme) = expect_context::<ThemeState>();
    let option = move |value: Theme, label: &'static str, icon: IconName| {
        view! {
            <button type="button" on:click=move |_| theme.set(value) aria-pressed=move || (theme.get() == value).to_string()
                class="flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-subtle hover:text-zinc-900 aria-pressed:bg-white aria-pressed:text-zinc-900 aria-pressed:shadow-xs dark:text-zinc-400 dark:hover:text-white dark:aria-pressed:bg-zinc-700 dark:aria-pressed:text-white">
                <Icon icon=icon class="size-3.5"/>{label}
            </button>
        }
    };
    view! {
        <div role="group" aria-label="Colour scheme" class="flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800">
            {option(Theme::Light, "Light", IconName::Sun)}
            {option(Theme::Dark, "Dark", IconName::Moon)}
            {option(Theme::System, "System", IconName::Monitor)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_headers() {
        assert_eq!(Theme::from_cookie_header(""), Theme::System);
        assert_eq!(Theme::from_cookie_header("runway_theme=dark"), Theme::Dark);
        assert_eq!(
            Theme::from_cookie_header("a=1; runway_theme=light; b=2"),
            Theme::Light
        );
        assert_eq!(
            Theme::from_cookie_header("runway_theme=purple"),
            Theme::System
        );
        assert_eq!(
            Theme::from_cookie_header("xrunway_theme=dark"),
            Theme::System
        );
    }

    #[test]
    fn classes_round_trip() {
        for theme in [Theme::Light, Theme::Dark, Theme::System] {
            assert_eq!(Theme::from_class(theme.class()), theme);
        }
        assert_eq!(Theme::from_class("antialiased dark"), Theme::Dark);
    }
}
