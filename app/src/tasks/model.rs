//! What a template task is, as the task page, the scaffolder API and the engine read it: its
//! status and its steps' (Backstage's words), its events, and what it produced.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! words {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The word the database, the API and Backstage use.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }
    };
}

/// Where a task is: `open` (waiting for a worker) → `processing` → `completed`, `failed` or
/// `cancelled`. A failed or cancelled task may be retried, which opens it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskStatus {
    Open,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

words!(TaskStatus { Open => "open", Processing => "processing", Completed => "completed", Failed => "failed", Cancelled => "cancelled" });

impl TaskStatus {
    /// Whether nothing more will happen to it unless someone retries it.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }

    /// Whether "Retry from the failed step" applies.
    pub fn may_retry(self) -> bool {
        matches!(self, Self::Failed | Self::Cancelled)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Waiting",
            Self::Processing => "Running",
            Self::Completed => "Completed",
            Self::Failed => "Failed",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// Where one step is. `skipped`: its `if` was false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepStatus {
    Pending,
    Processing,
    Completed,
    Failed,
    Skipped,
    Cancelled,
}

words!(StepStatus { Pending => "open", Processing => "processing", Completed => "completed", Failed => "failed", Skipped => "skipped", Cancelled => "cancelled" });

impl StepStatus {
    /// Whether a retry keeps the step as it is (its outputs stay).
    pub fn is_done(self) -> bool {
        matches!(self, Self::Completed | Self::Skipped)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting",
            Self::Processing => "Running",
            Self::Completed => "Done",
            Self::Failed => "Failed",
            Self::Skipped => "Skipped",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// What an event says: a log line, a status change, or the end of the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    Log,
    Status,
    Completion,
}

words!(EventKind { Log => "log", Status => "status", Completion => "completion" });

/// One line of a task's log, secrets already redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskEvent {
    /// Increases with every event of every task: "after this one" resumes a stream.
    pub seq: i64,
    pub step_id: Option<String>,
    pub kind: EventKind,
    pub message: String,
    pub at: DateTime<Utc>,
}

/// One step as the task page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub id: String,
    pub name: String,
    pub action: String,
    pub status: StepStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl StepView {
    /// How long it ran (so far, at `now`, while it runs).
    pub fn duration(&self, now: DateTime<Utc>) -> Option<chrono::Duration> {
        let start = self.started_at?;
        Some(self.finished_at.unwrap_or(now) - start)
    }
}

/// A link the task produced (`spec.output.links`): a URL, or an entity of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputLink {
    pub title: String,
    pub url: Option<String>,
    pub entity_ref: Option<String>,
    pub icon: Option<String>,
}

impl OutputLink {
    /// Where the link leads, when it may be followed: its `url` if that is safe to put in an
    /// `href` (see [`is_safe_link`]), otherwise its entity's page.
    pub fn href(&self, entity_href: impl Fn(&str) -> String) -> Option<String> {
        match &self.url {
            Some(url) => is_safe_link(url).then(|| url.trim().to_owned()),
            None => self.entity_ref.as_deref().map(entity_href),
        }
    }
}

/// Whether a template's output `url` may become a link: `http`, `https` and `mailto`
/// addresses, and paths of the portal itself (`/catalog/…`). Anything else (`javascript:`,
/// `data:`, `//elsewhere`, a scheme split by control characters, which browsers drop) is not
/// a link a template may hand a person.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c == '\\') {
        return false;
    }
    if let Some(path) = url.strip_prefix('/') {
        return !path.starts_with('/');
    }
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    ["http", "https", "mailto"]
        .iter()
        .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
}

/// A text the task produced (`spec.output.text`), Markdown as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputText {
    pub title: String,
    pub content: String,
}

/// What a finished task produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskOutput {
    pub links: Vec<OutputLink>,
    pub text: Vec<OutputText>,
}

/// A task in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskSummary {
    pub id: String,
    pub template_ref: String,
    pub template_title: String,
    pub status: TaskStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A task as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub summary: TaskSummary,
    pub steps: Vec<StepView>,
    pub output: Option<TaskOutput>,
    /// Whether a cancel was asked for and the running step has not stopped yet.
    pub cancelling: bool,
    /// What the viewer may do to it.
    pub may_cancel: bool,
    pub may_retry: bool,
}

impl TaskView {
    /// The page of task `id`.
    pub fn href_of(id: &str) -> String {
        format!("/create/tasks/{}", crate::ui::url::encode(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_say_what_ends() {
        for status in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(status.as_str()), Some(*status));
        }
        for status in StepStatus::ALL {
            assert_eq!(StepStatus::parse(status.as_str()), Some(*status));
        }
        assert!(TaskStatus::Failed.is_final() && TaskStatus::Failed.may_retry());
        assert!(!TaskStatus::Processing.is_final());
        assert!(!TaskStatus::Completed.may_retry());
        assert!(StepStatus::Skipped.is_done() && !StepStatus::Failed.is_done());
        assert_eq!(TaskStatus::parse("done"), None);
    }

    #[test]
    fn only_web_mail_and_portal_links_are_links() {
        let check = |url: &str, safe: bool| assert_eq!(is_safe_link(url), safe, "{url:?}");
        check("https://git.example/acme/orders", true);
        check("HTTP://git.example", true);
        check("mailto:team@example.com", true);
        check("/catalog/default/component/orders", true);
        check(" https://padded.example ", true);
        check("javascript:alert(1)", false);
        check("JavaScript:alert(1)", false);
        check("java\tscript:alert(1)", false);
        check("\u{1}javascript:alert(1)", false);
        check("data:text/html,<script>1</script>", false);
        check("vbscript:x", false);
        check("//evil.example/x", false);
        check("/\\evil.example", false);
        check("catalog/relative", false);
        check("", false);
        let link = |url: Option<&str>, entity: Option<&str>| OutputLink {
            title: "t".into(),
            url: url.map(str::to_owned),
            entity_ref: entity.map(str::to_owned),
            icon: None,
        };
        let page = |r: &str| format!("/catalog/{r}");
        assert_eq!(link(Some("javascript:x"), Some("c")).href(page), None);
        assert_eq!(link(None, Some("c")).href(page), Some("/catalog/c".into()));
        assert_eq!(
            link(Some("https://x"), None).href(page),
            Some("https://x".into())
        );
    }

    #[test]
    fn a_running_step_lasts_until_now() {
        let start = DateTime::from_timestamp(1_000, 0).unwrap();
        let mut step = StepView {
            id: "a".into(),
            name: "A".into(),
            action: "debug:log".into(),
            status: StepStatus::Processing,
            started_at: Some(start),
            finished_at: None,
        };
        let now = DateTime::from_timestamp(1_030, 0).unwrap();
        assert_eq!(step.duration(now), Some(chrono::Duration::seconds(30)));
        step.finished_at = DateTime::from_timestamp(1_010, 0);
        assert_eq!(step.duration(now), Some(chrono::Duration::seconds(10)));
    }
}
