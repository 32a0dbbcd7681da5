//! The wizard's inputs: one per field of the form model, each reading and writing its value by
//! its place in the values, with its label, help and the problem found in it. Fields are keyed by
//! what they are, so typing never rebuilds an input (or loses its focus); a condition that adds a
//! field adds only that field.

use leptos::prelude::*;
use serde_json::{Number, Value};

use super::form::{Choice, Control, Field, Picker};
use super::form_state::{FormState, INPUT_CLASS};

/// The fields of one form, or of a group or list item inside it.
#[component]
pub fn Fields(fields: Signal<Vec<Field>>, state: FormState) -> impl IntoView {
    view! {
        <For each=move || fields.get() key=|field| serde_json::to_string(field).unwrap_or_default() let:field>
            <FieldView field state/>
        </For>
    }
}

#[component]
fn FieldView(field: Field, state: FormState) -> impl IntoView {
    if field.control == Control::Hidden {
        return ().into_any();
    }
    let id = format!(
        "value-{}",
        field
            .path
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let message_id = format!("{id}-message");
    let path = field.path.clone();
    let problem = Signal::derive(move || state.problem(&path));
    let help = field.hints.help.clone().or(field.description.clone());
    let grouped = matches!(
        field.control,
        Control::Picker {
            picker: Picker::RepoUrl
        } | Control::Group { .. }
            | Control::List { .. }
            | Control::Checkboxes { .. }
            | Control::Choice { radio: true, .. }
    );
    let label = field.label.clone();
    let required = field.required;
    let heading = move || {
        view! { {label.clone()}{required.then(|| view! { <span aria-hidden="true" class="text-rose-500">" *"</span> })} }
    };
    let input = control_view(&field, state, &id, &message_id, problem);
    let message = view! {
        <p id=message_id class="mt-1.5 text-xs text-subtle empty:hidden">
            {move || match problem.get() {
                Some(text) => view! { <span class="text-rose-600 dark:text-rose-400">{text}</span> }.into_any(),
                None => help.clone().into_any(),
            }}
        </p>
    };
    match grouped {
        true => view! {
            <fieldset class="min-w-0">
                <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">{heading}</legend>
                <div class="mt-2">{input}</div>
                {message}
            </fieldset>
        }
        .into_any(),
        false => view! {
            <div>
                <label for=id class="block text-sm font-medium text-zinc-800 dark:text-zinc-200">{heading}</label>
                <div class="mt-1.5">{input}</div>
                {message}
            </div>
        }
        .into_any(),
    }
}

fn control_view(
    field: &Field,
    state: FormState,
    id: &str,
    message_id: &str,
    problem: Signal<Option<String>>,
) -> AnyView {
    let invalid = move || problem.get().is_some().to_string();
    let f = field.clone();
    let text_of = move || match state.get(&f) {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let f = field.clone();
    let write_text = move |text: String| {
        state.set_value(&f, (!text.is_empty()).then_some(Value::String(text)));
    };
    let placeholder = field.hints.placeholder.clone().unwrap_or_default();
    let (autofocus, readonly, required) =
        (field.hints.autofocus, field.hints.readonly, field.required);
    let (id, message_id) = (id.to_owned(), message_id.to_owned());
    match &field.control {
        Control::Text { multiline: true, .. } => view! {
            <textarea id=id rows="3" class=INPUT_CLASS.as_str() placeholder=placeholder autofocus=autofocus readonly=readonly
                aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                prop:value=text_of on:input=move |ev| write_text(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Control::Text { format, .. } => {
            let kind = match format.as_deref() {
                Some("email") => "email",
                Some("uri" | "url") => "url",
                Some("date") => "date",
                _ => "text",
            };
            view! {
                <input id=id type=kind class=INPUT_CLASS.as_str() placeholder=placeholder autofocus=autofocus readonly=readonly
                    aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                    value=text_of.clone() prop:value=text_of on:input=move |ev| write_text(event_target_value(&ev))/>
            }
            .into_any()
        }
        Control::Picker { picker: Picker::RepoUrl } => view! {
            <super::picker_input::RepoUrlInput field=field.clone() state id message_id
                invalid=Signal::derive(move || problem.get().is_some())/>
        }
        .into_any(),
        Control::Picker { picker } => view! {
            <super::picker_input::PickerInput field=field.clone() picker=*picker state id message_id
                invalid=Signal::derive(move || problem.get().is_some())/>
        }
        .into_any(),
        Control::File => view! {
            <input id=id type="text" class=INPUT_CLASS.as_str() placeholder=placeholder autofocus=autofocus readonly=readonly
                aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                value=text_of.clone() prop:value=text_of on:input=move |ev| write_text(event_target_value(&ev))/>
        }
        .into_any(),
        Control::Secret => view! {
            <input id=id type="password" autocomplete="off" class=INPUT_CLASS.as_str() placeholder=placeholder autofocus=autofocus
                aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                value=text_of.clone() prop:value=text_of on:input=move |ev| write_text(event_target_value(&ev))/>
        }
        .into_any(),
        Control::Number { integer, minimum, maximum } => {
            let f = field.clone();
            let write = move |text: String| {
                let text = text.trim().to_owned();
                // Text that is not a number stays as typed, so that the check can say so.
                let value = match (text.parse::<i64>(), text.parse::<f64>().ok().and_then(Number::from_f64)) {
                    _ if text.is_empty() => None,
                    (Ok(whole), _) => Some(Value::from(whole)),
                    (_, Some(n)) => Some(Value::Number(n)),
                    _ => Some(Value::String(text)),
                };
                state.set_value(&f, value);
            };
            view! {
                <input id=id type="number" inputmode=if *integer { "numeric" } else { "decimal" } step=if *integer { "1" } else { "any" }
                    min=minimum.map(|m| m.to_string()) max=maximum.map(|m| m.to_string())
                    class=format!("{} max-w-48", *INPUT_CLASS) autofocus=autofocus readonly=readonly
                    aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                    value=text_of.clone() prop:value=text_of on:input=move |ev| write(event_target_value(&ev))/>
            }
            .into_any()
        }
        Control::Checkbox => {
            let (f, g) = (field.clone(), field.clone());
            let on = move || state.get(&f) == Value::Bool(true);
            view! {
                <input id=id type="checkbox" aria-describedby=message_id disabled=readonly
                    class="size-4 rounded border-zinc-300 text-indigo-600 focus:ring-indigo-500 dark:border-zinc-600"
                    checked=on.clone() prop:checked=on
                    on:change=move |ev| state.set_value(&g, Some(Value::Bool(event_target_checked(&ev))))/>
            }
            .into_any()
        }
        Control::Choice { options, radio: false } => {
            let (f, g) = (field.clone(), field.clone());
            let options = options.clone();
            let chosen = options.clone();
            let selected = move || {
                let value = state.get(&f);
                chosen.iter().position(|o| o.value == value).map_or_else(String::new, |i| i.to_string())
            };
            let option_views = options_view(&options, selected.clone());
            view! {
                <select id=id class=INPUT_CLASS.as_str() aria-required=required.to_string() aria-invalid=invalid aria-describedby=message_id
                    disabled=readonly autofocus=autofocus prop:value=selected
                    on:change=move |ev| {
                        let value = event_target_value(&ev).parse::<usize>().ok().and_then(|i| options.get(i)).map(|o| o.value.clone());
                        state.set_value(&g, value);
                    }>
                    <option value="">"Choose…"</option>
                    {option_views}
                </select>
            }
            .into_any()
        }
        Control::Choice { options, radio: true } => choice_list(field, options, state, false),
        Control::Checkboxes { options } => choice_list(field, options, state, true),
        Control::Group { fields } => {
            let fields = fields.clone();
            view! {
                <div class="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
                    <Fields fields=Signal::derive(move || fields.clone()) state/>
                </div>
            }
            .into_any()
        }
        Control::List { .. } => super::list_input::list_view(field, state, |fields, state| {
            view! { <Fields fields state/> }.into_any()
        }),
        Control::Hidden => ().into_any(),
    }
}

/// The options of a list box; `selected` gives the chosen one's index, so the choice shows in the
/// server's HTML as well as after every change.
fn options_view(
    options: &[Choice],
    selected: impl Fn() -> String + Clone + Send + Sync + 'static,
) -> impl IntoView {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let selected = selected.clone();
            view! { <option value=i.to_string() selected=move || selected() == i.to_string()>{o.label.clone()}</option> }
        })
        .collect_view()
}

/// Radio buttons (one of) or checkboxes (any of), one per option.
fn choice_list(field: &Field, options: &[Choice], state: FormState, many: bool) -> AnyView {
    let name = format!("choice-{}", field.path);
    options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let (f, g) = (field.clone(), field.clone());
            let (value, value2) = (option.value.clone(), option.value.clone());
            let checked = move || match state.get(&f) {
                Value::Array(items) => items.contains(&value),
                one => one == value,
            };
            let toggle = move |on: bool| {
                let next = match many {
                    false => Some(value2.clone()),
                    true => {
                        let mut items = match state.get(&g) {
                            Value::Array(items) => items,
                            _ => Vec::new(),
                        };
                        items.retain(|v| *v != value2);
                        if on {
                            items.push(value2.clone());
                        }
                        Some(Value::Array(items))
                    }
                };
                state.set_value(&g, next);
            };
            let id = format!("{name}-{i}").replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
            let label_for = id.clone();
            view! {
                <label for=label_for class="flex items-center gap-2 py-1 text-sm text-zinc-700 dark:text-zinc-300">
                    <input id=id type=if many { "checkbox" } else { "radio" } name=name.clone()
                        class="size-4 border-zinc-300 text-indigo-600 focus:ring-indigo-500 dark:border-zinc-600"
                        prop:checked=checked.clone() checked=checked on:change=move |ev| toggle(event_target_checked(&ev))/>
                    {option.label.clone()}
                </label>
            }
        })
        .collect_view()
        .into_any()
}
