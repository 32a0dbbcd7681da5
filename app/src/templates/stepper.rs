//! The wizard's stepper: every page and the review, the ones already open as links, and a handle
//! that is dragged along it (a range input: the pointer drags it, the arrow keys move it, and a
//! screen reader reads the page's title), never past the first page with a problem.

use leptos::prelude::*;

/// The pages across the top of the wizard, with the review last.
#[component]
pub fn Stepper<G>(
    titles: Vec<String>,
    current: Memo<usize>,
    /// The last page that may be opened: every page before it checks out.
    open_up_to: Memo<usize>,
    go: G,
) -> impl IntoView
where
    G: Fn(usize) + Clone + Send + Sync + 'static,
{
    let mut all = titles;
    all.push("Review".to_owned());
    let last = all.len() - 1;
    let names = all.clone();
    let items = all
        .into_iter()
        .enumerate()
        .map(|(i, title)| {
            let state = move || match (i == current.get(), i < current.get() || i < open_up_to.get()) {
                (true, _) => "current",
                (false, true) if i < open_up_to.get() => "done",
                _ => "ahead",
            };
            let number = i + 1;
            let label = title.clone();
            view! {
                // On a phone the current page takes the row's width for its title, the others
                // keep to their numbers.
                <li data-state=state class=move || match i == current.get() {
                    true => "flex min-w-0 flex-1 items-center gap-2",
                    false => "flex shrink-0 items-center gap-2 sm:min-w-0 sm:flex-1 sm:shrink",
                }>
                    {move || {
                        let open = i <= open_up_to.get() && i != current.get();
                        let badge = view! {
                            <span aria-hidden="true" class=move || format!(
                                "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold {}",
                                match state() {
                                    "current" => "bg-indigo-600 text-white ring-4 ring-indigo-600/15",
                                    "done" => "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
                                    _ => "border border-zinc-300 text-subtle dark:border-zinc-700",
                                })>{number}</span>
                        };
                        let text = label.clone();
                        match open {
                            true => view! {
                                <a href=format!("?step={number}") class="flex min-w-0 items-center gap-2 rounded-md text-sm text-zinc-700 hover:text-indigo-600 dark:text-zinc-300 dark:hover:text-indigo-400">
                                    // On a phone only the current page's title is written out;
                                    // the others keep their number and their accessible name.
                                    {badge}<span class="sr-only sm:not-sr-only sm:truncate">{text}</span>
                                </a>
                            }
                            .into_any(),
                            false => view! {
                                <span aria-current=move || (i == current.get()).then_some("step")
                                    class="flex min-w-0 items-center gap-2 text-sm aria-[current=step]:font-medium aria-[current=step]:text-zinc-900 text-subtle dark:aria-[current=step]:text-white">
                                    {badge}<span class=move || match i == current.get() {
                                        true => "truncate",
                                        false => "sr-only sm:not-sr-only sm:truncate",
                                    }>{text}</span>
                                </span>
                            }
                            .into_any(),
                        }
                    }}
                    {(i < last).then(|| view! { <span aria-hidden="true" class="hidden h-px flex-1 bg-zinc-200 sm:block dark:bg-zinc-800"></span> })}
                </li>
            }
        })
        .collect_view();
    let value_text = move || names.get(current.get()).cloned().unwrap_or_default();
    let on_input = move |ev: leptos::ev::Event| {
        let handle = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        if let Ok(step) = handle.value().parse::<usize>() {
            let step = step.saturating_sub(1).min(open_up_to.get_untracked());
            match step == current.get_untracked() {
                // Dragged past a page that is not open yet: the handle goes back.
                true => handle.set_value(&(step + 1).to_string()),
                false => go(step),
            }
        }
    };
    view! {
        <nav aria-label="Progress" class="max-w-3xl">
            <ol role="list" class="flex flex-wrap items-center gap-x-3 gap-y-2">{items}</ol>
            <input type="range" min="1" max=(last + 1).to_string() step="1" aria-label="Step"
                aria-valuetext=value_text prop:value=move || (current.get() + 1).to_string() on:input=on_input
                class="mt-3 hidden w-full cursor-grab accent-indigo-600 active:cursor-grabbing sm:block"/>
        </nav>
    }
}
