//! The entity page's overview: description, the facts people look for (owner, system, source,
//! runbook, dashboards), the remaining annotations, and relations grouped by what they mean.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::labels::{entity_href, kind_label};
use crate::catalog::api::entity::EntityDetail;
use crate::catalog::model::{EntitySummary, short_ref};
use crate::ui::Panel;

/// Well-known annotations, shown by name with their value as a link where it is one.
const KNOWN: &[(&str, &str)] = &[
    ("backstage.io/source-location", "Source"),
    ("github.com/project-slug", "GitHub"),
    ("gitlab.com/project-slug", "GitLab"),
    ("backstage.io/techdocs-ref", "Docs"),
    ("runway.dev/runbook", "Runbook"),
    ("pagerduty.com/service-id", "PagerDuty"),
    ("grafana/dashboard-selector", "Dashboards"),
    ("runway.dev/slo", "SLO"),
    ("backstage.io/view-url", "View"),
    ("backstage.io/edit-url", "Edit"),
    ("backstage.io/managed-by-location", "Location"),
];

/// Relation types as headings, in the order people read them.
const GROUPS: &[(&str, &str)] = &[
    ("partOf", "Part of"),
    ("hasPart", "Has parts"),
    ("providesApi", "Provides APIs"),
    ("consumesApi", "Consumes APIs"),
    ("apiProvidedBy", "Provided by"),
    ("apiConsumedBy", "Consumed by"),
    ("dependsOn", "Depends on"),
    ("dependencyOf", "Dependency of"),
    ("subcomponentOf", "Subcomponent of"),
    ("hasSubcomponent", "Subcomponents"),
    ("ownerOf", "Owns"),
    ("childOf", "Parent team"),
    ("parentOf", "Child teams"),
    ("hasMember", "Members"),
    ("memberOf", "Member of"),
];

/// A link for a value that is a URL (or a `url:` location).
fn as_link(value: &str) -> Option<String> {
    let value = value.strip_prefix("url:").unwrap_or(value);
    (value.starts_with("https://") || value.starts_with("http://")).then(|| value.to_owned())
}

#[component]
pub fn Overview(detail: EntityDetail) -> impl IntoView {
    let entity = detail.entity.clone();
    let related: BTreeMap<String, EntitySummary> = detail
        .related
        .iter()
        .map(|s| (s.entity_ref.clone(), s.clone()))
        .collect();
    let fact =
        |label: &'static str, value: Option<AnyView>| {
            value.map(|value| view! {
            <div class="py-2">
                <dt class="text-xs font-medium uppercase tracking-wide text-subtle">{label}</dt>
                <dd class="mt-0.5 text-sm text-zinc-900 dark:text-zinc-100">{value}</dd>
            </div>
        })
        };
    let ref_link = |key: String| {
        let name = related.get(&key).map_or_else(
            || short_ref(&key).to_owned(),
            |s| s.display_name().to_owned(),
        );
        view! { <a href=entity_href(&key) class="hover:text-indigo-600 dark:hover:text-indigo-400">{name}</a> }.into_any()
    };
    let owner = detail
        .owner_ref
        .clone()
        .filter(|o| *o != detail.entity_ref)
        .map(&ref_link);
    let system = entity
        .spec_ref("system", "system")
        .map(|r| ref_link(r.key()));
    let domain = entity
        .spec_ref("domain", "domain")
        .map(|r| ref_link(r.key()));
    let text = |v: Option<&str>| v.map(|v| v.to_owned().into_any());
    let updated = chrono::DateTime::from_timestamp_millis(detail.updated_at)
        .map(|at| crate::ui::format::timestamp(at).into_any());
    let known: Vec<_> = KNOWN
        .iter()
        .filter_map(|(key, label)| entity.metadata.annotations.get(*key).map(|v| (*label, v.clone())))
        .map(|(label, value)| {
            let shown = match as_link(&value) {
                Some(url) => view! { <a href=url rel="noopener noreferrer" target="_blank" class="break-all text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">{value}</a> }.into_any(),
                None => view! { <span class="break-all">{value}</span> }.into_any(),
            };
            fact(label, Some(shown))
        })
        .collect();
    let other: Vec<(String, String)> = entity
        .metadata
        .annotations
        .iter()
        .filter(|(k, _)| {
            !KNOWN.iter().any(|(known, _)| known == k)
                && k.as_str() != "backstage.io/managed-by-origin-location"
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let groups = GROUPS
        .iter()
        .filter_map(|(kind, heading)| {
            let targets: Vec<String> = entity.relations.iter().filter(|r| r.kind == *kind).map(|r| r.target_ref.clone()).collect();
            (!targets.is_empty()).then(|| {
                let items = targets
                    .into_iter()
                    .map(|target| {
                        let summary = related.get(&target).cloned();
                        let missing = summary.is_none();
                        let name = summary.as_ref().map_or_else(|| short_ref(&target).to_owned(), |s| s.display_name().to_owned());
                        let kind = kind_label(target.split(':').next().unwrap_or_default()).to_owned();
                        view! {
                            <li class="flex items-center justify-between gap-3 py-1.5">
                                <a href=entity_href(&target) class="truncate text-sm font-medium text-zinc-800 hover:text-indigo-600 dark:text-zinc-200 dark:hover:text-indigo-400">{name}</a>
                                <span class="shrink-0 text-xs text-subtle">
                                    {kind}{missing.then_some(" · not in the catalog")}
                                </span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section>
                        <h3 class="text-xs font-medium uppercase tracking-wide text-subtle">{*heading}</h3>
                        <ul class="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">{items}</ul>
                    </section>
                }
            })
        })
        .collect::<Vec<_>>();
    let no_relations = groups.is_empty();
    view! {
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Panel title="About">
                    <p class="text-sm text-zinc-700 dark:text-zinc-300">
                        {entity.metadata.description.clone().unwrap_or_else(|| "No description yet.".to_owned())}
                    </p>
                    <dl class="mt-4 grid grid-cols-2 gap-x-6 sm:grid-cols-3">
                        {fact("Owner", owner)}
                        {fact("System", system)}
                        {fact("Domain", domain)}
                        {fact("Type", text(entity.spec_str("type")))}
                        {fact("Lifecycle", text(entity.spec_str("lifecycle")))}
                        {fact("Namespace", Some(entity.namespace().to_owned().into_any()))}
                        {fact("Updated", updated)}
                    </dl>
                    {(!known.is_empty()).then(|| view! { <dl class="mt-2 grid gap-x-6 border-t border-zinc-100 pt-2 sm:grid-cols-2 dark:border-zinc-800">{known}</dl> })}
                </Panel>
                {(!other.is_empty()).then(|| view! {
                    <Panel title="Annotations">
                        <dl class="grid gap-2 text-sm">
                            {other.into_iter().map(|(k, v)| view! {
                                <div class="grid gap-1 sm:grid-cols-[16rem_1fr]">
                                    <dt class="truncate font-mono text-xs text-subtle">{k}</dt>
                                    <dd class="break-all text-zinc-800 dark:text-zinc-200">{v}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    </Panel>
                })}
            </div>
            <Panel title="Relations">
                {if no_relations {
                    view! { <p class="text-sm text-subtle">"No relations."</p> }.into_any()
                } else {
                    view! { <div class="space-y-4">{groups}</div> }.into_any()
                }}
            </Panel>
        </div>
    }
}
