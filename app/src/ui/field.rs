//! Form fields with a label, a hint and the server's message for them.

use leptos::prelude::*;

use crate::error::AppError;

/// The message for `field` in a validation error, if any.
pub fn field_error(error: &Option<AppError>, field: &str) -> Option<String> {
    match error {
        Some(AppError::Validation(problems)) => problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.clone()),
        _ => None,
    }
}

/// A message about the whole form: any error that is not about one field.
pub fn form_error(error: &Option<AppError>) -> Option<String> {
    match error {
        None | Some(AppError::Validation(_)) => None,
        Some(other) => Some(other.to_string()),
    }
}

/// A labelled input whose error the server names by `name`.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] autocomplete: String,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] autofocus: bool,
    #[prop(default = true)] required: bool,
    /// The error for this field, from the last submission.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let described = format!("{id}-message");
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-zinc-700 dark:text-zinc-300">{label}</label>
            <input id=id name=name type=kind autocomplete=autocomplete autofocus=autofocus required=required
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=described.clone()
                class="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-subtle focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none aria-[invalid=true]:border-rose-400 dark:border-zinc-700 dark:bg-zinc-900"/>
            <p id=described class="mt-1.5 text-xs text-subtle empty:hidden dark:text-zinc-400">
                {move || match error.get() {
                    Some(message) => view! { <span class="text-rose-600 dark:text-rose-400">{message}</span> }.into_any(),
                    None => hint.clone().into_any(),
                }}
            </p>
        </div>
    }
}
