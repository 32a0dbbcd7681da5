//! The wizard's last page: every value of every page as people read it (choices by their labels,
//! secrets masked), an "Edit" link back to each page, and the server's own check of them all.

use leptos::prelude::*;
use serde_json::Value;

use super::form::{Control, Field, fields};
use super::spec::ParameterStep;
use super::values::value_at;
use crate::error::{AppError, FieldError};

/// What secrets look like everywhere they are shown back.
pub const MASK: &str = "••••••••";

/// Every page's values with a link to change them, then the server's verdict.
#[component]
pub fn Review(
    steps: Vec<ParameterStep>,
    values: ReadSignal<Value>,
    server_check: Resource<Option<Result<Vec<FieldError>, AppError>>>,
) -> impl IntoView {
    let pages = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let title = step.title_at(i);
            let rows = move || {
                values.with(|v| {
                    let mut rows = Vec::new();
                    rows_of(&fields(&step.schema, v), v, &mut rows);
                    rows
                })
            };
            let edit_label = format!("Edit {title}");
            view! {
                <div class="py-4 first:pt-2">
                    <div class="flex items-baseline justify-between gap-3">
                        <h3 class="text-sm font-semibold text-zinc-900 dark:text-white">{title}</h3>
                        <a href=format!("?step={}", i + 1) aria-label=edit_label
                            class="text-sm font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">"Edit"</a>
                    </div>
                    <dl class="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]">
                        {move || rows().into_iter().map(|(label, shown)| view! {
                            <dt class="text-subtle">{label}</dt>
                            <dd class="min-w-0 break-words text-zinc-900 dark:text-zinc-100">{shown}</dd>
                        }).collect_view()}
                    </dl>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800">{pages}</div>
        <div role="status" class="mt-4">
            <Suspense fallback=|| view! { <p class="text-sm text-subtle">"Checking every value with the server…"</p> }>
                {move || server_check.get().flatten().map(|verdict| match verdict {
                    Ok(problems) if problems.is_empty() => view! {
                        <p class="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300">
                            "Every value checks out with the server."
                        </p>
                    }.into_any(),
                    Ok(problems) => view! {
                        <div class="rounded-lg bg-rose-50 px-4 py-3 text-sm text-rose-800 dark:bg-rose-500/10 dark:text-rose-300">
                            <p class="font-medium">"The server found problems:"</p>
                            <ul class="mt-1 list-disc pl-5">
                                {problems.into_iter().map(|p| view! { <li>{format!("{}: {}", p.field, p.message)}</li> }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Err(error) => view! {
                        <p class="rounded-lg bg-rose-50 px-4 py-3 text-sm text-rose-800 dark:bg-rose-500/10 dark:text-rose-300">{error.to_string()}</p>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// (label, value as shown) for every field that is shown, groups and list items flattened.
fn rows_of(fields: &[Field], values: &Value, out: &mut Vec<(String, String)>) {
    for field in fields {
        match &field.control {
            Control::Hidden => {}
            Control::Group { fields } => rows_of(fields, values, out),
            Control::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    let before = out.len();
                    rows_of(item, values, out);
                    for row in &mut out[before..] {
                        row.0 = format!("{} {} · {}", field.label, i + 1, row.0);
                    }
                }
            }
            control => out.push((
                field.label.clone(),
                shown(control, value_at(values, &field.at)),
            )),
        }
    }
}

/// A value as the review shows it.
pub fn shown(control: &Control, value: Option<&Value>) -> String {
    let label_of = |value: &Value, options: &[super::form::Choice]| {
        options
            .iter()
            .find(|o| o.value == *value)
            .map_or_else(|| plain(value), |o| o.label.clone())
    };
    match (control, value) {
        (_, None | Some(Value::Null)) => "—".to_owned(),
        (Control::Secret, Some(_)) => MASK.to_owned(),
        (Control::File, Some(Value::String(url))) => file_name(url),
        (Control::Checkbox, Some(Value::Bool(on))) => if *on { "Yes" } else { "No" }.to_owned(),
        (Control::Choice { options, .. }, Some(v)) => label_of(v, options),
        (Control::Checkboxes { options }, Some(Value::Array(items))) => items
            .iter()
            .map(|v| label_of(v, options))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Some(v)) => plain(v),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A dropped file's name (`data:…;name=report.pdf;base64,…`), or just "a file".
fn file_name(url: &str) -> String {
    url.split(',')
        .next()
        .into_iter()
        .flat_map(|header| header.split(';'))
        .find_map(|part| part.strip_prefix("name="))
        .map_or_else(|| "a file".to_owned(), crate::ui::url::decode)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::templates::form::Choice;

    #[test]
    fn values_read_as_people_read_them() {
        let choice = Control::Choice {
            options: vec![Choice {
                value: json!("pg"),
                label: "PostgreSQL".into(),
            }],
            radio: false,
        };
        let cases = [
            (Control::Secret, json!("hunter2"), MASK),
            (Control::Checkbox, json!(true), "Yes"),
            (choice.clone(), json!("pg"), "PostgreSQL"),
            (choice, json!("other"), "other"),
            (
                Control::File,
                json!("data:text/plain;name=a%20b.txt;base64,SGk="),
                "a b.txt",
            ),
            (Control::File, json!("data:,hi"), "a file"),
            (Control::Hidden, json!(["a", 1]), "a, 1"),
        ];
        for (control, value, expected) in cases {
            assert_eq!(shown(&control, Some(&value)), expected, "{value}");
        }
        assert_eq!(shown(&Control::Secret, None), "—");
    }
}
