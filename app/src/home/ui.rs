//! The home page: key figures, the last two weeks of deployments and what happened most recently.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_home_stats;
use super::model::HomeStats;
use crate::catalog::model::short_ref;
use crate::deployments::ui::DeploymentTable;
use crate::ui::Loaded;
use crate::ui::chart::{ChartPoint, Series, StackedBarChart};
use crate::ui::format::{percent_change, relative_time, thousands, timestamp};
use crate::ui::{IconName, PageHeader, Panel, SkeletonRows, SkeletonStats, StatCard};

/// The overview every signed-in person lands on.
#[component]
pub fn HomePage() -> impl IntoView {
    let stats = Resource::new(|| (), |_| get_home_stats());
    view! {
        <Title text="Overview"/>
        <PageHeader title="Overview" description="Your software, its owners and how it ships"/>
        <Loaded data=move || stats.get() fallback=|| view! {
            <SkeletonStats/>
            <div class="mt-6 rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900"><SkeletonRows rows=8/></div>
        } let:stats>
            <Overview stats/>
        </Loaded>
    }
}

#[component]
fn Overview(stats: HomeStats) -> impl IntoView {
    let trend = percent_change(stats.deployments_7d, stats.deployments_prev_7d);
    let points: Vec<ChartPoint> = stats
        .daily
        .iter()
        .map(|d| ChartPoint {
            label: d.day.format("%-d").to_string(),
            detail: d.day.format("%a %b %-d").to_string(),
            values: vec![d.succeeded, d.failed],
        })
        .collect();
    let series = vec![
        Series {
            name: "Succeeded",
            fill: "fill-indigo-500 dark:fill-indigo-400",
            swatch: "bg-indigo-500 dark:bg-indigo-400",
        },
        Series {
            name: "Failed or rolled back",
            fill: "fill-rose-400",
            swatch: "bg-rose-400",
        },
    ];
    let now = stats.now;
    let running: Vec<_> = stats
        .recent
        .iter()
        .filter(|r| r.deployment.finished_at.is_none())
        .cloned()
        .collect();
    view! {
        <section aria-label="Key figures" class="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
            <StatCard label="Services" value=thousands(stats.services) icon=IconName::Server
                hint=format!("{} components in the catalog", thousands(stats.components)) href="/catalog?kind=component"/>
            <StatCard label="APIs" value=thousands(stats.apis) icon=IconName::Plug
                hint="OpenAPI, AsyncAPI, gRPC and GraphQL" href="/catalog?kind=api"/>
            <StatCard label="Teams" value=thousands(stats.teams) icon=IconName::Users
                hint="owning the catalog" href="/catalog?kind=group"/>
            <StatCard label="Deployments, last 7 days" value=thousands(stats.deployments_7d) icon=IconName::Rocket trend=trend
                hint=format!("{} to production", thousands(stats.prod_deployments_7d)) href="/deployments"/>
        </section>
        <div class="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
            <Panel title="Deployments per day" class="xl:col-span-2">
                <StackedBarChart label="Deployments per day, last 14 days" series points/>
            </Panel>
            <Panel title="Right now">
                <ul class="space-y-4 text-sm">
                    <li class="flex items-center justify-between">
                        <span class="text-zinc-600 dark:text-zinc-400">"Open incidents"</span>
                        <span class={if stats.open_incidents > 0 { "font-semibold text-rose-600 dark:text-rose-400" } else { "font-semibold text-emerald-600 dark:text-emerald-400" }}>
                            {thousands(stats.open_incidents)}
                        </span>
                    </li>
                    <li class="flex items-center justify-between">
                        <span class="text-zinc-600 dark:text-zinc-400">"Rollouts in progress"</span>
                        <span class="font-semibold text-zinc-900 dark:text-white">{running.len()}</span>
                    </li>
                    {running.into_iter().map(|r| view! {
                        <li class="rounded-lg bg-indigo-50/60 px-3 py-2 text-xs dark:bg-indigo-500/10">
                            <span class="font-medium text-zinc-900 dark:text-white">{short_ref(&r.deployment.entity_ref).to_owned()}</span>
                            <span class="text-subtle">
                                {format!(" {} → {}, started {}", r.deployment.version, r.deployment.environment, relative_time(r.deployment.started_at, now))}
                            </span>
                        </li>
                    }).collect_view()}
                    <li class="border-t border-zinc-100 pt-4 text-xs text-subtle dark:border-zinc-800 dark:text-zinc-400">
                        "Figures as of " <time datetime=now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)>{timestamp(now)}</time>
                    </li>
                </ul>
            </Panel>
        </div>
        <Panel title="Recent deployments" class="mt-6"
            action=view! { <a href="/deployments" class="text-sm font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">"View all"</a> }.into_any()>
            <DeploymentTable rows=stats.recent now/>
        </Panel>
    }
}
