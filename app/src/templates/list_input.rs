//! A repeatable group of fields (an `array` of objects): items are added, removed and moved with
//! buttons, so the order is set from the keyboard as well as the pointer.

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::form::{Control, Field};
use super::form_state::FormState;
use super::values::{set_at, value_at};
use crate::ui::button::SECONDARY;

/// Moves, removes or adds an item of the list at `field`.
#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove(usize),
    Swap(usize, usize),
}

fn apply(state: FormState, field: &Field, change: Change) {
    state.values.update(|values| {
        let mut items = match value_at(values, &field.at) {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        match change {
            Change::Add => items.push(Value::Object(Map::new())),
            Change::Remove(i) if i < items.len() => {
                items.remove(i);
            }
            Change::Swap(a, b) if a < items.len() && b < items.len() => items.swap(a, b),
            _ => {}
        }
        set_at(values, &field.at, Some(Value::Array(items)));
    });
}

/// How the fields of one item are drawn: the wizard's own field renderer, handed in so that this
/// file and the renderer (which draws lists with this) do not import each other.
pub type DrawFields = fn(Signal<Vec<Field>>, FormState) -> AnyView;

/// The items of the list, each in its own box with its position and its buttons.
pub fn list_view(field: &Field, state: FormState, draw: DrawFields) -> AnyView {
    let Control::List {
        items, max_items, ..
    } = &field.control
    else {
        return ().into_any();
    };
    let count = items.len();
    let full = max_items.is_some_and(|max| count as u64 >= max);
    let label = field.label.clone();
    let boxes = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let item = item.clone();
            let (up, down, remove) = (field.clone(), field.clone(), field.clone());
            let position = format!("{label} {} of {count}", i + 1);
            view! {
                <li aria-label=position.clone() class="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
                    <div class="mb-3 flex items-center justify-between gap-2">
                        <span class="text-xs font-medium text-subtle">{position.clone()}</span>
                        <span class="flex gap-1.5">
                            <button type="button" class=SECONDARY disabled=i == 0 aria-label=format!("Move {position} up")
                                on:click=move |_| apply(state, &up, Change::Swap(i, i - 1))>"↑"</button>
                            <button type="button" class=SECONDARY disabled=i + 1 == count aria-label=format!("Move {position} down")
                                on:click=move |_| apply(state, &down, Change::Swap(i, i + 1))>"↓"</button>
                            <button type="button" class=SECONDARY aria-label=format!("Remove {position}")
                                on:click=move |_| apply(state, &remove, Change::Remove(i))>"Remove"</button>
                        </span>
                    </div>
                    <div class="space-y-4">{draw(Signal::derive(move || item.clone()), state)}</div>
                </li>
            }
        })
        .collect_view();
    let add = field.clone();
    view! {
        <ol role="list" class="space-y-3">{boxes}</ol>
        <button type="button" class=format!("{SECONDARY} mt-3") disabled=full
            on:click=move |_| apply(state, &add, Change::Add)>{format!("Add {}", field.label.to_lowercase())}</button>
    }
    .into_any()
}
