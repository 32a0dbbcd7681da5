//! The audit log page: every change, filtered by actor, action, target and dates, exported as CSV.

use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AdminHeader;
use crate::admin::api::audit::{AuditPage, PAGE_SIZE, search_audit};
use crate::ui::Loaded;
use crate::ui::button::{INPUT, LABEL, PRIMARY, SECONDARY};
use crate::ui::format::{thousands, timestamp};
use crate::ui::{Badge, Icon, IconName, Panel, TD, Table, Tone};

/// The filters, as the URL holds them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    actor: String,
    action: String,
    target: String,
    from: String,
    to: String,
    page: i64,
}

impl Filters {
    /// The query string for these filters on another page (`page` is zero-based).
    fn query(&self, page: Option<i64>) -> String {
        let mut parts: Vec<String> = [
            ("actor", &self.actor),
            ("action", &self.action),
            ("target", &self.target),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::ui::url::encode(v)))
        .collect();
        if let Some(page) = page {
            parts.push(format!("page={}", page + 1));
        }
        parts.join("&")
    }
}

/// A `YYYY-MM-DD` date as the start of that day (UTC), or of the next day for an end date.
fn day(text: &str, end: bool) -> Option<chrono::DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let date = if end { date.succ_opt()? } else { date };
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The audit log. For administrators.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            actor: get("actor"),
            action: get("action"),
            target: get("target"),
            from: get("from"),
            to: get("to"),
            page: get("page").parse::<i64>().map_or(0, |p| (p - 1).max(0)),
        }
    });
    let data = Resource::new(
        move || filters.get(),
        |f| {
            let some = |v: String| (!v.is_empty()).then_some(v);
            search_audit(
                some(f.actor),
                some(f.action),
                some(f.target),
                day(&f.from, false),
                day(&f.to, true),
                Some(f.page),
            )
        },
    );
    view! {
        <AdminHeader title="Audit log"/>
        <Loaded data=move || data.get() title="Audit log" rows=12 let:page>
            <Log page filters=filters.get()/>
        </Loaded>
    }
}

#[component]
fn Log(page: AuditPage, filters: Filters) -> impl IntoView {
    let csv = format!("/api/v1/audit.csv?{}", filters.query(None));
    let pages = (page.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let (prev, next) = (page.page > 0, page.page + 1 < pages);
    let field = |id: &'static str, label: &'static str, value: String, kind: &'static str| {
        view! {
            <div><label for=id class=LABEL>{label}</label><input id=id name=id.trim_start_matches("audit-") type=kind value=value class=format!("mt-1 {INPUT}")/></div>
        }
    };
    view! {
        <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" class="mb-4 grid grid-cols-2 gap-3 md:grid-cols-6 md:items-end">
            {field("audit-actor", "Actor", filters.actor.clone(), "text")}
            <div>
                <label for="audit-action" class=LABEL>"Action"</label>
                <select id="audit-action" name="action" class=format!("mt-1 {INPUT}")>
                    <option value="">"any"</option>
                    {page.actions.iter().map(|a| view! { <option value=a.clone() selected=*a == filters.action>{a.clone()}</option> }).collect_view()}
                </select>
            </div>
            {field("audit-target", "Target contains", filters.target.clone(), "text")}
            {field("audit-from", "From", filters.from.clone(), "date")}
            {field("audit-to", "To", filters.to.clone(), "date")}
            <div class="flex gap-2">
                <button type="submit" class=PRIMARY>"Filter"</button>
                <a href=csv rel="external" download class=SECONDARY><Icon icon=IconName::ArrowUpRight class="size-3.5"/>"CSV"</a>
            </div>
        </form>
        <Panel title=format!("{} entries", thousands(page.total))>
            <Table label="Audit log" head=vec!["When", "Who", "Action", "Target", "From", "Change"]>
                {page.entries.into_iter().map(|e| view! {
                    <tr>
                        <td class=format!("{TD} whitespace-nowrap")>{timestamp(e.at)}</td>
                        <td class=format!("{TD} font-mono")>{e.actor}</td>
                        <td class=TD><Badge tone=if e.action.starts_with("admin.") { Tone::Warn } else { Tone::Neutral }>{e.action}</Badge></td>
                        <td class=format!("{TD} max-w-xs break-all font-mono text-xs")>{e.target}</td>
                        <td class=TD>{e.address.unwrap_or_default()}</td>
                        <td class=format!("{TD} max-w-md")><code class="block truncate text-xs text-subtle" title=e.summary.to_string()>{e.summary.to_string()}</code></td>
                    </tr>
                }).collect_view()}
            </Table>
        </Panel>
        <nav aria-label="Pages" class="mt-4 flex justify-end gap-2">
            {prev.then(|| view! { <a class=SECONDARY rel="prev" href=format!("/admin/audit?{}", filters.query(Some(page.page - 1)))>"Previous"</a> })}
            {next.then(|| view! { <a class=SECONDARY rel="next" href=format!("/admin/audit?{}", filters.query(Some(page.page + 1)))>"Next"</a> })}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = Filters {
            actor: "ada".into(),
            action: "admin.".into(),
            target: "role:a b".into(),
            ..Filters::default()
        };
        assert_eq!(f.query(None), "actor=ada&action=admin.&target=role%3Aa%20b");
        assert_eq!(
            f.query(Some(2)),
            "actor=ada&action=admin.&target=role%3Aa%20b&page=3"
        );
        assert_eq!(Filters::default().query(None), "");
    }

    #[test]
    fn dates_cover_whole_days() {
        assert_eq!(
            day("2026-11-29", false).unwrap().to_rfc3339(),
            "2026-11-29T00:00:00+00:00"
        );
        assert_eq!(
            day("2026-11-29", true).unwrap().to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );
        assert_eq!(day("yesterday", false), None);
    }
}
