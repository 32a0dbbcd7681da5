//! `/create/tasks`: the person's own tasks, newest first, or everyone's (`?all=true`) for those
//! who may read them, narrowed by status; each row opens the task.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::status_tone;
use crate::tasks::api::list_tasks;
use crate::tasks::model::{TaskStatus, TaskSummary, TaskView};
use crate::ui::{Badge, EmptyState, IconName, Loaded, PageHeader, TD, Table};

#[component]
pub fn TaskListPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        let q = query.read();
        (
            q.get("all").is_some_and(|v| v == "true"),
            q.get("status").and_then(|s| TaskStatus::parse(&s)),
        )
    };
    let data = Resource::new(asked, |(all, status)| list_tasks(all, status));
    let filters = move || {
        let (all, status) = asked();
        let link = |label: &'static str, href: String, on: bool| {
            let current = on.then_some("page");
            view! {
                <a href=href aria-current=current
                    class="rounded-md px-2.5 py-1 text-sm text-zinc-600 hover:bg-zinc-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:font-medium aria-[current=page]:text-indigo-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-indigo-500/10 dark:aria-[current=page]:text-indigo-300">
                    {label}
                </a>
            }
        };
        let scope = if all { "all=true&" } else { "" };
        let mut links = vec![link(
            "Any status",
            format!("?{}", scope.trim_end_matches('&')),
            status.is_none(),
        )];
        for s in TaskStatus::ALL {
            links.push(link(
                s.label(),
                format!("?{scope}status={}", s.as_str()),
                status == Some(*s),
            ));
        }
        view! {
            <nav aria-label="Filter tasks" class="mb-4 flex flex-wrap items-center gap-1">
                // Offered by what the server answered, so the server's HTML and the browser's
                // first render agree (the signed-in person's permissions may not be known yet).
                <Suspense fallback=|| ()>
                    {move || data.get().and_then(Result::ok).filter(|l| l.may_list_all || all).map(|_| view! {
                        {link("Mine", status.map_or("?".to_owned(), |s| format!("?status={}", s.as_str())), !all)}
                        {link("Everyone's", format!("?all=true{}", status.map_or(String::new(), |s| format!("&status={}", s.as_str()))), all)}
                        <span class="mx-2 h-5 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden="true"></span>
                    })}
                </Suspense>
                {links}
            </nav>
        }
    };
    view! {
        <Title text="Tasks"/>
        <PageHeader title="Tasks" description="Templates people ran, newest first"/>
        {filters}
        <Loaded data=move || data.get() title="Tasks" rows=6 let:list>
            <Tasks tasks=list.tasks total=list.total now=list.now/>
        </Loaded>
    }
}

#[component]
fn Tasks(tasks: Vec<TaskSummary>, total: i64, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    if tasks.is_empty() {
        return view! {
            <EmptyState icon=IconName::Create title="No tasks here"
                description="Tasks appear when a template is run from the Create page."/>
        }
        .into_any();
    }
    // A list longer than one page says so; the oldest are reached by their status.
    let more = (total > tasks.len() as i64).then(|| {
        let shown = tasks.len();
        view! {
            <p class="mt-3 text-sm text-subtle">
                {format!("The newest {shown} of {total} tasks; filter by status to find older ones.")}
            </p>
        }
    });
    let rows = tasks
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td class=TD><a href=TaskView::href_of(&t.id) class="font-medium text-indigo-600 hover:underline dark:text-indigo-400">{t.template_title}</a></td>
                    <td class=TD><Badge tone=status_tone(t.status)>{t.status.label()}</Badge></td>
                    <td class=TD>{t.created_by}</td>
                    <td class=TD title=crate::ui::format::timestamp(t.created_at)>{crate::ui::format::relative_time(t.created_at, now)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table label="Tasks" head=vec!["Template", "Status", "Started by", "Started"]>
            {rows}
        </Table>
        {more}
    }
    .into_any()
}
