//! Every bound on what an outsider can make the server spend, in one place: body sizes, parse
//! depth and expansion, file walks, outbound fetches, password hashing, highlighting.
//!
//! Each limit sits well inside what the code behind it can take, so a request at the limit
//! costs a known amount and a request beyond it gets a clear error, never a slow or failed
//! server. The README's "Limits" table lists the same figures; a test keeps them in step.

/// Deepest nesting of mappings and lists an entity may have, counted from the document itself.
/// Every reader of stored entities (serde_json stops at 128) takes far more, so nothing that got
/// in can fail to be read back.
pub const MAX_NESTING_DEPTH: usize = 64;

/// The largest entity, as stored JSON. An API definition pulled in with `$text` may be 5 MiB.
pub const MAX_ENTITY_BYTES: usize = 6 * 1024 * 1024;

/// What YAML aliases may add to a document: the nodes and string bytes produced may exceed the
/// text's own size by at most this much (plus the text's size again, for the usual overheads).
/// Aliases that expand further ("billion laughs" padded to look small) are refused.
pub const YAML_ALIAS_ALLOWANCE: usize = 64 * 1024;

/// Request bodies: the default, the browser's import (the files as JSON) and the REST import.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

/// Descriptor files read from disk, and files or URLs that placeholders pull in.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_SUBSTITUTION_BYTES: u64 = 5 * 1024 * 1024;
/// `$text`/`$json`/`$yaml` placeholders in one document.
pub const MAX_PLACEHOLDERS: usize = 100;

/// Imports (uploads, REST, location refreshes) that parse and write at once; others wait up to
/// `IMPORT_WAIT_SECONDS`, then are told the catalog is busy.
pub const MAX_CONCURRENT_IMPORTS: usize = 2;
pub const IMPORT_WAIT_SECONDS: u64 = 30;

/// Walking a location: directory depth, files looked at, and the time one read may take.
pub const MAX_WALK_DEPTH: usize = 32;
pub const MAX_WALK_FILES: usize = 20_000;
pub const LOCATION_READ_SECONDS: u64 = 60;
/// The largest `git archive` of a repository's descriptor files.
pub const MAX_GIT_ARCHIVE_BYTES: u64 = 256 * 1024 * 1024;

/// Outbound fetches of `$text: https://…`.
pub const FETCH_TIMEOUT_SECONDS: u64 = 10;

/// Highlighting an API definition on the entity page: longer ones are shown as plain text.
pub const MAX_HIGHLIGHT_LINES: usize = 5_000;
pub const MAX_HIGHLIGHT_LINE_CHARS: usize = 1_000;

/// Password checks waiting for a hashing thread; beyond this, sign-in answers "busy". The
/// threads themselves are one per core: each check holds ~19 MiB for ~50 ms.
pub const MAX_QUEUED_PASSWORD_CHECKS: usize = 64;

/// Sign-in: tries per login from one address before each further try must wait (30 s, then
/// doubling up to the window), and tries from one address for any login in the window.
pub const SIGN_IN_FREE_TRIES: i64 = 5;
pub const SIGN_IN_TRIES_PER_ADDRESS: i64 = 20;
pub const SIGN_IN_WINDOW_MINUTES: i64 = 15;

/// Template tasks one server runs at once; more wait, open, for a free worker (on any replica).
pub const MAX_RUNNING_TASKS: usize = 8;

/// One person's tasks that may run at once (on all servers together): the workers beyond them
/// stay free for others. More wait, open.
pub const MAX_RUNNING_TASKS_PER_PERSON: usize = 4;

/// One person's tasks that may wait or run at once; starting or retrying another is refused
/// (429) until one ends.
pub const MAX_UNFINISHED_TASKS_PER_PERSON: usize = 20;

/// The most tasks one page of a task list holds (the scaffolder API's `limit`, the task page).
pub const MAX_TASK_PAGE: usize = 100;

/// Items one step's `each` may run over: a loop longer than this fails the step at once
/// instead of holding a worker for hours.
pub const MAX_EACH_ITEMS: usize = 1_000;

/// Memory one batch of a template's expressions may use (the `runway __render` worker's data
/// limit); past it the batch stops and its step fails.
pub const RENDER_MEMORY_BYTES: u64 = 256 * 1024 * 1024;

/// The largest value one expression, file or file name may render to, and what one batch of
/// them may render in all.
pub const MAX_RENDERED_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_RENDER_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// How long `runway serve` lets requests in flight finish after SIGTERM.
pub const SHUTDOWN_GRACE_SECONDS: u64 = 20;

/// Every limit with its name, for the README's table and the test that keeps it true.
pub const TABLE: &[(&str, u64)] = &[
    ("MAX_NESTING_DEPTH", MAX_NESTING_DEPTH as u64),
    ("MAX_ENTITY_BYTES", MAX_ENTITY_BYTES as u64),
    ("YAML_ALIAS_ALLOWANCE", YAML_ALIAS_ALLOWANCE as u64),
    ("MAX_BODY_BYTES", MAX_BODY_BYTES as u64),
    ("MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES as u64),
    ("MAX_IMPORT_BYTES", MAX_IMPORT_BYTES as u64),
    ("MAX_FILE_BYTES", MAX_FILE_BYTES),
    ("MAX_SUBSTITUTION_BYTES", MAX_SUBSTITUTION_BYTES),
    ("MAX_PLACEHOLDERS", MAX_PLACEHOLDERS as u64),
    ("MAX_CONCURRENT_IMPORTS", MAX_CONCURRENT_IMPORTS as u64),
    ("IMPORT_WAIT_SECONDS", IMPORT_WAIT_SECONDS),
    ("MAX_WALK_DEPTH", MAX_WALK_DEPTH as u64),
    ("MAX_WALK_FILES", MAX_WALK_FILES as u64),
    ("LOCATION_READ_SECONDS", LOCATION_READ_SECONDS),
    ("MAX_GIT_ARCHIVE_BYTES", MAX_GIT_ARCHIVE_BYTES),
    ("FETCH_TIMEOUT_SECONDS", FETCH_TIMEOUT_SECONDS),
    ("MAX_HIGHLIGHT_LINES", MAX_HIGHLIGHT_LINES as u64),
    ("MAX_HIGHLIGHT_LINE_CHARS", MAX_HIGHLIGHT_LINE_CHARS as u64),
    (
        "MAX_QUEUED_PASSWORD_CHECKS",
        MAX_QUEUED_PASSWORD_CHECKS as u64,
    ),
    ("SIGN_IN_FREE_TRIES", SIGN_IN_FREE_TRIES as u64),
    (
        "SIGN_IN_TRIES_PER_ADDRESS",
        SIGN_IN_TRIES_PER_ADDRESS as u64,
    ),
    ("SIGN_IN_WINDOW_MINUTES", SIGN_IN_WINDOW_MINUTES as u64),
    ("MAX_RUNNING_TASKS", MAX_RUNNING_TASKS as u64),
    (
        "MAX_RUNNING_TASKS_PER_PERSON",
        MAX_RUNNING_TASKS_PER_PERSON as u64,
    ),
    (
        "MAX_UNFINISHED_TASKS_PER_PERSON",
        MAX_UNFINISHED_TASKS_PER_PERSON as u64,
    ),
    ("MAX_TASK_PAGE", MAX_TASK_PAGE as u64),
    ("MAX_EACH_ITEMS", MAX_EACH_ITEMS as u64),
    ("RENDER_MEMORY_BYTES", RENDER_MEMORY_BYTES),
    ("MAX_RENDERED_BYTES", MAX_RENDERED_BYTES as u64),
    ("MAX_RENDER_OUTPUT_BYTES", MAX_RENDER_OUTPUT_BYTES as u64),
    ("SHUTDOWN_GRACE_SECONDS", SHUTDOWN_GRACE_SECONDS),
];

/// How deeply `value` nests: a scalar is 0, `{"a": 1}` is 1, `{"a": [1]}` is 2. Iterative, so
/// that measuring a hostile value cannot overflow the stack.
pub fn nesting_depth(value: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &serde_json::Value>> = match value {
            serde_json::Value::Array(items) => Box::new(items.iter()),
            serde_json::Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(depth + 1);
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(value: serde_json::Value, expected: usize) {
        assert_eq!(nesting_depth(&value), expected, "{value}");
    }

    #[test]
    fn depth_counts_containers() {
        check(json!(1), 0);
        check(json!({}), 1);
        check(json!({"a": 1}), 1);
        check(json!({"a": [1]}), 2);
        check(json!([[], [[{"b": {}}]]]), 5);
    }

    #[test]
    fn depth_of_a_hostile_value_is_measured_without_recursion() {
        let mut value = json!(1);
        for _ in 0..100_000 {
            value = serde_json::Value::Array(vec![value]);
        }
        assert_eq!(nesting_depth(&value), 100_000);
        // Dropping it recursively would overflow the stack; take it apart by hand.
        let mut stack = vec![value];
        while let Some(mut v) = stack.pop() {
            if let Some(items) = v.as_array_mut() {
                stack.append(items);
            }
        }
    }

    /// A limit as the README writes it: `16 MiB`, `60 s`, `15 min`, `5000`.
    fn human(name: &str, value: u64) -> String {
        if name.ends_with("_BYTES") || name == "YAML_ALIAS_ALLOWANCE" {
            match value {
                v if v % (1024 * 1024) == 0 => format!("{} MiB", v / (1024 * 1024)),
                v => format!("{} KiB", v / 1024),
            }
        } else if name.ends_with("_SECONDS") {
            format!("{value} s")
        } else if name.ends_with("_MINUTES") {
            format!("{value} min")
        } else {
            value.to_string()
        }
    }

    #[test]
    fn the_readme_states_every_limit_as_it_is() {
        let readme = include_str!("../../README.md");
        for (name, value) in TABLE {
            let row = format!("| `{name}` | {} |", human(name, *value));
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }

    #[test]
    fn the_table_lists_every_limit_once() {
        let mut names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE.len());
        let source = include_str!("limits.rs");
        let declared = source
            .lines()
            .filter(|l| l.starts_with("pub const ") && !l.starts_with("pub const TABLE"))
            .count();
        assert_eq!(declared, TABLE.len(), "a limit is missing from TABLE");
    }
}
