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
