//! Audit records: who changed what, when, from where, with a before/after summary.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    /// A user login, or `system` for work nobody asked for (start-up, schedules).
    pub actor: String,
    /// Dotted verb, e.g. `demo.seed` or `catalog.entity.update`.
    pub action: String,
    /// What changed, e.g. an entity ref.
    pub target: String,
    /// The client's address when a request caused the change.
    pub address: Option<String>,
    /// JSON `{"before": …, "after": …}`.
    pub summary: serde_json::Value,
}

#[cfg(feature = "ssr")]
impl AuditEntry {
    /// A new entry, with a fresh id.
    pub fn new(
        actor: &str,
        action: &str,
        target: &str,
        address: Option<String>,
        at: DateTime<Utc>,
        summary: serde_json::Value,
    ) -> AuditEntry {
        AuditEntry {
            id: uuid::Uuid::new_v4().to_string(),
            at,
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            address,
            summary,
        }
    }
}

/// What the audit log page filters by; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Exact actor login.
    pub actor: Option<String>,
    /// Action, or a prefix ending with a dot (`auth.` matches `auth.sign_in`).
    pub action: Option<String>,
    /// Text the target contains.
    pub target: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Audit entries as one CSV document (RFC 4180), newest first as given.
pub fn audit_csv(entries: &[AuditEntry]) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let mut out = String::from("id,at,actor,action,target,address,summary\r\n");
    for e in entries {
        let row = [
            e.id.clone(),
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            e.actor.clone(),
            e.action.clone(),
            e.target.clone(),
            e.address.clone().unwrap_or_default(),
            e.summary.to_string(),
        ];
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let entry = AuditEntry {
            id: "a1".into(),
            at: DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            actor: "ada".into(),
            action: "catalog.entity.update".into(),
            target: "component:default/cart, \"the\" service".into(),
            address: None,
            summary: serde_json::json!({"before": {"title": "A"}, "after": {"title": "B"}}),
        };
        let csv = audit_csv(&[entry]);
        assert_eq!(
            csv,
            "id,at,actor,action,target,address,summary\r\n\
             a1,2026-11-29T10:00:00.000Z,ada,catalog.entity.update,\"component:default/cart, \"\"the\"\" service\",,\"{\"\"before\"\":{\"\"title\"\":\"\"A\"\"},\"\"after\"\":{\"\"title\"\":\"\"B\"\"}}\"\r\n"
        );
    }
}
