//! Environments, deployments, commits and incidents: the records DORA metrics are computed from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an environment sits on the way to production.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tier {
    Development,
    Staging,
    Production,
    /// Short-lived, e.g. a preview of one pull request.
    Ephemeral,
}

/// How a deployment ended, or that it has not ended yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Running,
    Succeeded,
    Failed,
    /// It succeeded, then was rolled back: a failed change for DORA.
    RolledBack,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(<$ty>::$variant),)+ _ => None }
            }
        }
    };
}

text_enum!(Tier { Development => "development", Staging => "staging", Production => "production", Ephemeral => "ephemeral" });
text_enum!(Status { Running => "running", Succeeded => "succeeded", Failed => "failed", RolledBack => "rolled_back" });

impl Status {
    /// Words for people, e.g. in a status badge.
    pub fn label(self) -> &'static str {
        match self {
            Status::Running => "Running",
            Status::Succeeded => "Succeeded",
            Status::Failed => "Failed",
            Status::RolledBack => "Rolled back",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub name: String,
    pub display_name: String,
    pub tier: Tier,
    /// Order along the promotion path: dev before staging before prod.
    pub position: i64,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    /// The catalog entity deployed, e.g. `component:default/checkout-api`.
    pub entity_ref: String,
    pub environment: String,
    pub version: String,
    pub commit_sha: String,
    pub status: Status,
    /// Set on a deployment that rolled back the one named.
    pub rollback_of: Option<String>,
    pub triggered_by: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub entity_ref: String,
    pub sha: String,
    pub message: String,
    pub author: String,
    pub authored_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub entity_ref: String,
    pub environment: String,
    pub title: String,
    /// `sev1` (worst) to `sev4`.
    pub severity: String,
    pub caused_by: Option<String>,
    pub resolved_by: Option<String>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A deployment as lists show it, with its environment's tier and the deployed entity's title
/// and owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentRow {
    pub deployment: Deployment,
    pub tier: Tier,
    pub title: Option<String>,
    pub owner_ref: Option<String>,
}

impl Deployment {
    /// How long the rollout took, when it has finished.
    pub fn duration_secs(&self) -> Option<i64> {
        self.finished_at
            .map(|end| (end - self.started_at).num_seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for tier in Tier::ALL {
            assert_eq!(Tier::parse(tier.as_str()), Some(*tier));
        }
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Status::parse("rolled_back"), Some(Status::RolledBack));
        assert_eq!(Status::parse("Succeeded"), None);
        assert_eq!(Tier::parse("prod"), None);
    }

    #[test]
    fn durations_need_an_end() {
        let start = DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut d = Deployment {
            id: "d1".into(),
            entity_ref: "component:default/cart".into(),
            environment: "prod".into(),
            version: "1.2.0".into(),
            commit_sha: "abc".into(),
            status: Status::Running,
            rollback_of: None,
            triggered_by: "ci".into(),
            started_at: start,
            finished_at: None,
        };
        assert_eq!(d.duration_secs(), None);
        d.finished_at = Some(start + chrono::Duration::seconds(95));
        assert_eq!(d.duration_secs(), Some(95));
    }
}
