//! A dry run's report, as the wizard's preview and the scaffolder API read it: how each step
//! ended, the log, the files the task would write (text shown, binary files by size) and its
//! output; and the produced files as a folder tree for the preview.

use serde::{Deserialize, Serialize};

use super::model::{EventKind, StepStatus, TaskOutput, TaskStatus};

/// What a template would do with given values, done in a throw-away folder: files written,
/// nothing published or registered (those steps say what they would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DryRunReport {
    /// `Completed`, or `Failed` at the step the log names.
    pub status: TaskStatus,
    pub steps: Vec<DryRunStep>,
    pub log: Vec<DryRunLine>,
    /// The working folder's files, sorted by path.
    pub files: Vec<DryRunFile>,
    /// Files beyond what a preview shows (more than [`MAX_PREVIEW_FILES`]).
    pub files_left_out: usize,
    pub output: TaskOutput,
}

/// The most files a preview lists.
pub const MAX_PREVIEW_FILES: usize = 2_000;
/// The longest file whose text a preview shows; longer ones are listed with their size.
pub const MAX_PREVIEW_TEXT: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DryRunStep {
    pub id: String,
    pub name: String,
    pub action: String,
    pub status: StepStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DryRunLine {
    pub step_id: Option<String>,
    pub kind: EventKind,
    pub message: String,
}

/// One produced file: its path with `/` separators, its size, and its text when it is UTF-8
/// and short enough to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DryRunFile {
    pub path: String,
    pub size: u64,
    pub executable: bool,
    pub text: Option<String>,
}

/// One row of the file tree: a folder, or a file (its index in the report's files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub depth: usize,
    pub name: String,
    pub file: Option<usize>,
}

/// The files as an indented tree: each folder once, before what it holds, in path order
/// (the report's files are sorted by path, so a folder's files come together).
pub fn tree(files: &[DryRunFile]) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let parts: Vec<&str> = file.path.split('/').filter(|p| !p.is_empty()).collect();
        let Some((name, folders)) = parts.split_last() else {
            continue;
        };
        let same = open.iter().zip(folders).take_while(|(a, b)| a == b).count();
        open.truncate(same);
        for folder in &folders[same..] {
            rows.push(TreeRow {
                depth: open.len(),
                name: (*folder).to_owned(),
                file: None,
            });
            open.push(folder);
        }
        rows.push(TreeRow {
            depth: open.len(),
            name: (*name).to_owned(),
            file: Some(index),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> DryRunFile {
        DryRunFile {
            path: path.into(),
            size: 1,
            executable: false,
            text: None,
        }
    }

    #[test]
    fn folders_come_once_before_their_files_at_their_depth() {
        let files = [
            ".github/workflows/ci.yaml",
            "Cargo.toml",
            "src/api/mod.rs",
            "src/api/routes.rs",
            "src/main.rs",
            "src/models/user.rs",
        ]
        .map(file);
        let rows: Vec<(usize, String, Option<usize>)> = tree(&files)
            .into_iter()
            .map(|r| (r.depth, r.name, r.file))
            .collect();
        let rows: Vec<(usize, &str, Option<usize>)> =
            rows.iter().map(|(d, n, f)| (*d, n.as_str(), *f)).collect();
        assert_eq!(
            rows,
            vec![
                (0, ".github", None),
                (1, "workflows", None),
                (2, "ci.yaml", Some(0)),
                (0, "Cargo.toml", Some(1)),
                (0, "src", None),
                (1, "api", None),
                (2, "mod.rs", Some(2)),
                (2, "routes.rs", Some(3)),
                (1, "main.rs", Some(4)),
                (1, "models", None),
                (2, "user.rs", Some(5)),
            ]
        );
    }

    #[test]
    fn a_folder_named_like_another_folders_child_opens_anew() {
        let files = ["a/b/x", "b/y"].map(file);
        let rows: Vec<(usize, String)> = tree(&files)
            .into_iter()
            .map(|r| (r.depth, r.name))
            .collect();
        assert_eq!(
            rows,
            vec![
                (0, "a".into()),
                (1, "b".into()),
                (2, "x".into()),
                (0, "b".into()),
                (1, "y".into()),
            ]
        );
    }
}
