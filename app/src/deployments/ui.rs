//! The deployments page and the deployment table other pages reuse.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{DeploymentsPage as PageData, list_deployments};
use super::model::Status;
use super::model::{DeploymentRow, Tier};
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::format::{duration, relative_time, timestamp};
use crate::ui::{Badge, EmptyState, Icon, IconName, PageHeader, Panel, Tone};

/// Every deployment, newest first, filterable by environment. For everyone who ships or watches.
#[component]
pub fn DeploymentsPage() -> impl IntoView {
    let query = use_query_map();
    let environment = move || query.read().get("env");
    let data = Resource::new(environment, list_deployments);
    view! {
        <Title text="Deployments"/>
        <PageHeader title="Deployments" description="Every rollout to every environment, newest first"/>
        <Loaded data=move || data.get() title="Latest deployments" rows=10 let:page>
            <Deployments page selected=environment()/>
        </Loaded>
    }
}

#[component]
fn Deployments(page: PageData, selected: Option<String>) -> impl IntoView {
    let tab = |label: String, href: String, active: bool| {
        let class = if active {
            "rounded-md bg-white px-3 py-1.5 text-sm font-medium text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-white dark:ring-zinc-700"
        } else {
            "rounded-md px-3 py-1.5 text-sm font-medium text-subtle hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
        };
        view! { <a href=href class=class aria-current=active.then_some("page")>{label}</a> }
    };
    let tabs = std::iter::once(tab("All".into(), "/deployments".into(), selected.is_none()))
        .chain(page.environments.iter().map(|e| {
            tab(
                e.display_name.clone(),
                format!("/deployments?env={}", e.name),
                selected.as_deref() == Some(e.name.as_str()),
            )
        }))
        .collect_view();
    view! {
        <nav aria-label="Environments" class="mb-4 inline-flex flex-wrap gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">{tabs}</nav>
        <Panel title="Latest deployments">
            <DeploymentTable rows=page.rows now=page.now/>
        </Panel>
    }
}

fn environment_tone(tier: Tier) -> Tone {
    match tier {
        Tier::Production => Tone::Accent,
        _ => Tone::Neutral,
    }
}

/// A table of deployments: what, where, which version, how it went, when, who.
#[component]
pub fn DeploymentTable(rows: Vec<DeploymentRow>, now: DateTime<Utc>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <EmptyState icon=IconName::Rocket title="No deployments yet"
                description="Deployments appear here as soon as a pipeline or a person ships something."/>
        }
        .into_any();
    }
    let th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-subtle";
    view! {
        <div tabindex="0" class=crate::ui::table::SCROLL>
            <table class="min-w-full divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
                <thead>
                    <tr>
                        <th scope="col" class=format!("{th} pl-5")>"Service"</th>
                        <th scope="col" class=format!("{th} hidden sm:table-cell")>"Environment"</th>
                        <th scope="col" class=format!("{th} hidden md:table-cell")>"Version"</th>
                        <th scope="col" class=th>"Status"</th>
                        <th scope="col" class=th>"Started"</th>
                        <th scope="col" class=format!("{th} hidden lg:table-cell")>"Duration"</th>
                        <th scope="col" class=format!("{th} hidden lg:table-cell pr-5")>"By"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">
                    {rows.into_iter().map(|row| {
                        let d = row.deployment;
                        let name = row.title.unwrap_or_else(|| short_ref(&d.entity_ref).to_owned());
                        let owner = row.owner_ref.as_deref().map(short_ref).unwrap_or("no owner").to_owned();
                        let rollback = d.rollback_of.is_some();
                        let environment = d.environment.clone();
                        let took = d.duration_secs().map_or_else(|| "…".to_owned(), duration);
                        view! {
                            <tr class="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                                <td class="py-2.5 pl-5 pr-3">
                                    <div class="font-medium text-zinc-900 dark:text-zinc-100">{name}</div>
                                    <div class="text-xs text-subtle">
                                        {owner}<span class="sm:hidden">{format!(" → {environment}")}</span>
                                    </div>
                                </td>
                                <td class="hidden px-3 py-2.5 sm:table-cell">
                                    <Badge tone=environment_tone(row.tier)>{environment.clone()}</Badge>
                                </td>
                                <td class="hidden px-3 py-2.5 font-mono text-xs text-zinc-700 md:table-cell dark:text-zinc-300">
                                    {d.version.clone()}
                                    <span class="ml-2 text-subtle" title=d.commit_sha.clone()>{d.commit_sha.chars().take(7).collect::<String>()}</span>
                                    {rollback.then(|| view! { <span class="ml-2"><Badge tone=Tone::Warn>"rollback"</Badge></span> })}
                                </td>
                                <td class="px-3 py-2.5"><StatusBadge status=d.status/></td>
                                <td class="px-3 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                                    <time datetime=d.started_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true) title=timestamp(d.started_at)>{relative_time(d.started_at, now)}</time>
                                </td>
                                <td class="hidden px-3 py-2.5 tabular-nums text-zinc-600 lg:table-cell dark:text-zinc-400">
                                    {took}
                                </td>
                                <td class="hidden py-2.5 pl-3 pr-5 text-zinc-600 lg:table-cell dark:text-zinc-400">{d.triggered_by.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// How a deployment ended, with an icon so colour is not the only signal.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let (tone, icon, spin) = match status {
        Status::Succeeded => (Tone::Good, IconName::CheckCircle, ""),
        Status::Failed => (Tone::Bad, IconName::XCircle, ""),
        Status::RolledBack => (Tone::Warn, IconName::RotateCcw, ""),
        Status::Running => (Tone::Accent, IconName::Loader, " animate-spin"),
    };
    view! {
        <Badge tone=tone>
            <Icon icon=icon class=format!("size-3{spin}")/>
            {status.label()}
        </Badge>
    }
}
