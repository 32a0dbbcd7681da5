//! Sections of the portal that are in the navigation but not built yet: each says what it will
//! hold, so nobody mistakes an empty page for a broken one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::{EmptyState, IconName, PageHeader};

#[component]
fn Upcoming(
    title: &'static str,
    description: &'static str,
    icon: IconName,
    heading: &'static str,
    detail: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <PageHeader title=title description=description/>
        <EmptyState icon=icon title=heading description=detail>
            <a href="/catalog" class="rounded-lg border border-zinc-200 bg-white px-4 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800">"Browse the catalog"</a>
        </EmptyState>
    }
}

/// DORA and adoption metrics, for managers.
#[component]
pub fn MetricsPage() -> impl IntoView {
    view! { <Upcoming title="Metrics" description="Delivery performance per team, service and period" icon=IconName::Chart
    heading="Metrics are on their way" detail="Deployment frequency, lead time, change failure rate and time to restore will be charted here from the deployment history Runway already records."/> }
}
