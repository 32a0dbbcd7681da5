//! A catalog picker's input: a text box whose suggestions come from the catalog as the person
//! types (entity refs, shown with their titles), the person's own teams for `MyGroupsPicker`, a
//! comma-separated list for `EntityTagsPicker`; a repository's host, owner and name for
//! `RepoUrlPicker`.

use leptos::prelude::*;
use serde_json::Value;

use super::form::{Field, Picker};
use super::form_state::{FormState, INPUT_CLASS};
use super::picker::{RepoUrl, suggestion_filter};
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

/// `RepoUrlPicker`: the host (one of `allowedHosts`, else typed), the owner and the repository's
/// name, written together as `host?owner=…&repo=…`.
#[component]
pub fn RepoUrlInput(
    field: Field,
    state: FormState,
    id: String,
    message_id: String,
    invalid: Signal<bool>,
) -> impl IntoView {
    let allowed: Vec<String> = field
        .hints
        .options
        .get("allowedHosts")
        .and_then(Value::as_array)
        .map(|hosts| {
            hosts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let first_host = allowed.first().cloned().unwrap_or_default();
    let at = field.clone();
    let current = Signal::derive(move || {
        let mut url = match state.get(&at) {
            Value::String(text) => RepoUrl::parse(&text),
            _ => RepoUrl::default(),
        };
        if url.host.is_empty() {
            url.host = first_host.clone();
        }
        url
    });
    let write_to = field.clone();
    let change = move |edit: &dyn Fn(&mut RepoUrl)| {
        let mut url = current.get_untracked();
        edit(&mut url);
        let empty = url.owner.is_empty() && url.repo.is_empty();
        state.set_value(&write_to, (!empty).then(|| Value::String(url.to_value())));
    };
    let (on_host, on_owner, on_repo) = (change.clone(), change.clone(), change);
    let aria = move || invalid.get().to_string();
    let part = "block text-xs font-medium text-subtle";
    let host_input = match allowed.is_empty() {
        true => view! {
            <input id=id.clone() type="text" class=INPUT_CLASS.as_str() placeholder="github.com" aria-invalid=aria aria-describedby=message_id.clone()
                prop:value=move || current.get().host on:input=move |ev| { let v = event_target_value(&ev); on_host(&|u| u.host = v.trim().to_owned()) }/>
        }
        .into_any(),
        false => view! {
            <select id=id.clone() class=INPUT_CLASS.as_str() aria-invalid=aria aria-describedby=message_id.clone()
                on:change=move |ev| { let v = event_target_value(&ev); on_host(&|u| u.host = v.clone()) }>
                {allowed.iter().map(|h| {
                    let (value, shown, this) = (h.clone(), h.clone(), h.clone());
                    view! { <option value=value selected=move || current.get().host == this>{shown}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
    };
    let (owner_id, repo_id) = (format!("{id}-owner"), format!("{id}-repo"));
    view! {
        <div class="grid gap-3 sm:grid-cols-3">
            <div><label for=id class=part>"Host"</label><div class="mt-1">{host_input}</div></div>
            <div>
                <label for=owner_id.clone() class=part>"Owner"</label>
                <input id=owner_id type="text" class=format!("mt-1 {}", *INPUT_CLASS) placeholder="acme" aria-invalid=aria aria-describedby=message_id.clone()
                    value=move || current.get().owner prop:value=move || current.get().owner
                    on:input=move |ev| { let v = event_target_value(&ev); on_owner(&|u| u.owner = v.trim().to_owned()) }/>
            </div>
            <div>
                <label for=repo_id.clone() class=part>"Repository"</label>
                <input id=repo_id type="text" class=format!("mt-1 {}", *INPUT_CLASS) placeholder="my-service" aria-invalid=aria aria-describedby=message_id
                    value=move || current.get().repo prop:value=move || current.get().repo
                    on:input=move |ev| { let v = event_target_value(&ev); on_repo(&|u| u.repo = v.trim().to_owned()) }/>
            </div>
        </div>
    }
}
