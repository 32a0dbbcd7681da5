//! A catalog picker's input: a text box whose suggestions come from the catalog as the person
//! types (entity refs, shown with their titles), the person's own teams for `MyGroupsPicker`, a
//! comma-separated list for `EntityTagsPicker`.

use leptos::prelude::*;
use serde_json::Value;

use super::form::{Field, Picker};
use super::form_state::{FormState, INPUT_CLASS};
use super::picker::suggestion_filter;
use crate::access::me::CurrentUser;
use crate::catalog::api::list_entities;
use crate::catalog::model::short_ref;

/// What the box shows when the template gives no placeholder.
fn placeholder(picker: Picker) -> &'static str {
    match picker {
        Picker::Owner | Picker::MyGroups => "group:default/my-team",
        Picker::RepoUrl => "github.com?owner=acme&repo=my-service",
        Picker::EntityTags => "rust, payments",
        Picker::EntityName => "my-service",
        Picker::Entity | Picker::OwnedEntity => "Start typing a name",
    }
}

/// The input with its suggestions.
#[component]
pub fn PickerInput(
    field: Field,
    picker: Picker,
    state: FormState,
    id: String,
    message_id: String,
    invalid: Signal<bool>,
) -> impl IntoView {
    let list_id = format!("{id}-suggestions");
    let tags = picker == Picker::EntityTags;
    // Only pickers of entities suggest; a name, tags or a repository address are typed.
    let suggests = suggestion_filter(picker, &Default::default(), "").is_some();
    let at = field.clone();
    let text = Signal::derive(move || {
        match state
            .values
            .with(|v| super::values::value_at(v, &at.at).cloned())
        {
            Some(Value::String(s)) => s,
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    });
    let write_to = field.clone();
    let write = move |typed: String| {
        let value = match tags {
            true => {
                let items: Vec<Value> = typed
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Value::String(t.to_owned()))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            false => (!typed.is_empty()).then_some(Value::String(typed)),
        };
        state.set_value(&write_to, value);
    };
    let options = field.hints.options.clone();
    let suggestions = Resource::new(
        move || text.get(),
        move |typed| {
            let filter = suggestion_filter(picker, &options, &typed);
            async move {
                match filter {
                    Some(filter) if picker != Picker::MyGroups => list_entities(filter)
                        .await
                        .map(|page| {
                            page.items
                                .into_iter()
                                .map(|e| (e.entity_ref.clone(), e.display_name().to_owned()))
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
        },
    );
    let my_teams = move || {
        use_context::<CurrentUser>()
            .and_then(|c| c.0.get())
            .and_then(|me| me.ok().flatten())
            .map(|me| {
                me.teams
                    .iter()
                    .map(|t| (t.clone(), short_ref(t).to_owned()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let placeholder = field
        .hints
        .placeholder
        .clone()
        .unwrap_or_else(|| placeholder(picker).to_owned());
    view! {
        <input id=id type="text" list=suggests.then(|| list_id.clone()) class=INPUT_CLASS.as_str() placeholder=placeholder autocomplete="off"
            autofocus=field.hints.autofocus readonly=field.hints.readonly
            aria-required=field.required.to_string() aria-invalid=move || invalid.get().to_string() aria-describedby=message_id
            value=text prop:value=text on:input=move |ev| write(event_target_value(&ev))/>
        {suggests.then(|| view! {
            <datalist id=list_id>
                <Suspense fallback=|| ()>
                    {move || {
                        let found = match picker {
                            Picker::MyGroups => my_teams(),
                            _ => suggestions.get().unwrap_or_default(),
                        };
                        found.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()
                    }}
                </Suspense>
            </datalist>
        })}
    }
}
