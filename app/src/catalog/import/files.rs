//! Descriptor files on disk: a file, a directory (every `.yaml`/`.yml` below it), and the files
//! that `Location` entities among them point to, each read once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Source;
use super::substitute::Resolver;
use crate::catalog::report::ImportProblem;
use crate::catalog::store::Placement;

/// Largest descriptor file read from disk.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The sources under `root` (a file or a directory), named relative to it, plus problems with
/// files that could not be read or Location targets that lead nowhere.
pub fn read_tree(
    root: &Path,
    placement: &Placement,
    allowed_hosts: &[String],
) -> (Vec<Source>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let Ok(root) = root.canonicalize() else {
        problems.push(file_problem(
            &root.display().to_string(),
            "no such file or directory",
        ));
        return (Vec::new(), problems);
    };
    let base = if root.is_dir() {
        root.clone()
    } else {
        root.parent().map(Path::to_owned).unwrap_or_default()
    };
    let mut queue: Vec<PathBuf> = Vec::new();
    if root.is_dir() {
        walk(&root, &mut queue);
    } else {
        queue.push(root.clone());
    }
    let mut seen: BTreeSet<PathBuf> = queue.iter().cloned().collect();
    let mut sources = Vec::new();
    let mut index = 0;
    while index < queue.len() {
        let path = queue[index].clone();
        index += 1;
        let name = path
            .strip_prefix(&base)
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = match read(&path) {
            Ok(text) => text,
            Err(message) => {
                problems.push(file_problem(&name, &message));
                continue;
            }
        };
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        for target in location_targets(&text) {
            if target.contains("://") {
                continue;
            }
            let joined = dir.join(target.strip_prefix("file:").unwrap_or(&target));
            match joined.canonicalize() {
                Ok(found) if !found.starts_with(&base) => problems.push(file_problem(
                    &name,
                    &format!("Location target {target} is outside {}", base.display()),
                )),
                Ok(found) => {
                    if seen.insert(found.clone()) {
                        queue.push(found);
                    }
                }
                Err(error) => problems.push(file_problem(
                    &name,
                    &format!("Location target {target}: {error}"),
                )),
            }
        }
        sources.push(Source {
            file: name,
            text,
            resolver: Resolver {
                base: Some(dir),
                root: Some(base.clone()),
                allowed_hosts: allowed_hosts.to_vec(),
            },
            placement: Placement {
                location_id: placement.location_id.clone(),
                source_file: Some(path.display().to_string()),
            },
            managed_by: Some(format!("file:{}", path.display())),
        });
    }
    (sources, problems)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && let Ok(path) = path.canonicalize()
        {
            out.push(path);
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{size} bytes is more than the {MAX_FILE_BYTES} a descriptor file may have"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "binary data, not YAML text".to_owned())
}

/// `spec.target` and `spec.targets` of the Location documents in `text`.
fn location_targets(text: &str) -> Vec<String> {
    super::yaml::documents(text)
        .into_iter()
        .filter_map(|(_, value)| value.ok())
        .filter(|value| {
            value["kind"]
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("location"))
        })
        .flat_map(|value| {
            let spec = &value["spec"];
            let mut targets: Vec<String> = spec["target"]
                .as_str()
                .map(str::to_owned)
                .into_iter()
                .collect();
            if let Some(list) = spec["targets"].as_array() {
                targets.extend(list.iter().filter_map(|t| t.as_str().map(str::to_owned)));
            }
            targets
        })
        .collect()
}

fn file_problem(file: &str, message: &str) -> ImportProblem {
    ImportProblem {
        file: file.to_owned(),
        document: 0,
        path: String::new(),
        message: message.to_owned(),
    }
}
