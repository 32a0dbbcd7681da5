//! What an import did or would do: per-entity outcomes and precise problems, shared by the
//! browser preview, the REST API and `runway import`.

use serde::{Deserialize, Serialize};

/// What happened (or would happen) to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Created => "new",
            Outcome::Updated => "changed",
            Outcome::Unchanged => "unchanged",
            Outcome::Rejected => "rejected",
        }
    }
}

/// A problem with one document (or a whole file when `document` is 0), at a field path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub file: String,
    /// 1-based position of the document in its file; 0 for the file as a whole.
    pub document: i64,
    /// Dotted field path, e.g. `spec.owner`; empty for the document as a whole.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.document > 0 {
            write!(f, " (document {})", self.document)?;
        }
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One document of the import and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedEntity {
    pub file: String,
    pub document: i64,
    /// `kind:namespace/name` as written (empty when the document has no usable name).
    pub entity_ref: String,
    pub title: Option<String>,
    pub outcome: Outcome,
}

/// The result of an import, in the shape `POST /api/v1/catalog/import` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    /// Problems that rejected a document (or, without `partial`, the whole import).
    pub errors: Vec<ImportProblem>,
    /// Problems that did not stop a document, such as a `$text` that could not be read.
    pub warnings: Vec<ImportProblem>,
    pub entities: Vec<ImportedEntity>,
    pub dry_run: bool,
    /// Whether anything was written: false for a dry run and for a refused import.
    pub applied: bool,
}

impl ImportReport {
    /// One line for people, e.g. "3 new, 1 changed, 2 unchanged, 1 rejected".
    pub fn summary(&self) -> String {
        format!(
            "{} new, {} changed, {} unchanged, {} rejected",
            self.created, self.updated, self.unchanged, self.rejected
        )
    }
}
