//! Descriptor files on disk: a file, a directory (every `.yaml`/`.yml` below it), and the files
//! that `Location` entities among them point to, each read once.
//!
//! A location is a place someone else may write to, so the walk trusts nothing in it: symbolic
//! links are followed only where they stay inside the location, each directory is entered once
//! (two links to `.` would otherwise recurse forever), depth, file count and time are bounded,
//! and only regular files are read (a FIFO would block the reader for ever).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Source;
use super::substitute::{Remote, Resolver};
use crate::catalog::report::ImportProblem;
use crate::catalog::store::Placement;
use crate::limits::{MAX_WALK_DEPTH, MAX_WALK_FILES};

pub use crate::limits::MAX_FILE_BYTES;

/// The sources under `root` (a file or a directory), named relative to it, plus problems with
/// files that could not be read, links that lead out, or Location targets that lead nowhere.
/// Stops with a problem at `deadline`.
pub fn read_tree(
    root: &Path,
    placement: &Placement,
    remote: &Remote,
    deadline: Instant,
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
    let mut walk = Walk {
        base: &base,
        deadline,
        looked_at: 0,
        entered: BTreeSet::new(),
        found: Vec::new(),
        problems: Vec::new(),
    };
    if root.is_dir() {
        walk.directory(&root, 0);
    } else {
        walk.found.push(root.clone());
    }
    problems.append(&mut walk.problems);
    // A file reached through a link as well as by its own name is read once.
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut queue: Vec<PathBuf> = walk
        .found
        .into_iter()
        .filter(|path| seen.insert(path.clone()))
        .collect();
    let mut sources = Vec::new();
    let mut index = 0;
    while index < queue.len() {
        let path = queue[index].clone();
        index += 1;
        let name = relative(&base, &path);
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
                Ok(_) if seen.len() >= MAX_WALK_FILES => {
                    problems.push(file_problem(&name, &too_many()));
                    break;
                }
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
                remote: remote.clone(),
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

/// One walk of a location's directories.
struct Walk<'a> {
    /// The location's root, canonical: nothing outside it is read.
    base: &'a Path,
    deadline: Instant,
    /// Entries looked at, against [`MAX_WALK_FILES`].
    looked_at: usize,
    /// Directories entered, canonical, so that links back up are not walked twice.
    entered: BTreeSet<PathBuf>,
    found: Vec<PathBuf>,
    problems: Vec<ImportProblem>,
}

impl Walk<'_> {
    /// Walks `dir` (canonical) at `depth`; false once the walk must stop.
    fn directory(&mut self, dir: &Path, depth: usize) -> bool {
        if !self.entered.insert(dir.to_owned()) {
            return true;
        }
        if depth > MAX_WALK_DEPTH {
            let name = relative(self.base, dir);
            let message = format!(
                "directories nest deeper than {MAX_WALK_DEPTH} levels here; not read further"
            );
            self.problems.push(file_problem(&name, &message));
            return true;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return true;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            self.looked_at += 1;
            if self.looked_at > MAX_WALK_FILES {
                self.problems
                    .push(file_problem(&relative(self.base, dir), &too_many()));
                return false;
            }
            if Instant::now() > self.deadline {
                let message = format!(
                    "reading the location took longer than {} seconds; stopped here",
                    crate::limits::LOCATION_READ_SECONDS
                );
                self.problems
                    .push(file_problem(&relative(self.base, &path), &message));
                return false;
            }
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            // A link is taken for what it points at, but only inside the location.
            let real = if meta.file_type().is_symlink() {
                match path.canonicalize() {
                    Ok(real) if real.starts_with(self.base) => real,
                    Ok(_) => {
                        let message = "a symbolic link that leads outside the location; not read";
                        self.problems
                            .push(file_problem(&relative(self.base, &path), message));
                        continue;
                    }
                    Err(_) => continue,
                }
            } else {
                path.clone()
            };
            if real.is_dir() {
                if !self.directory(&real, depth + 1) {
                    return false;
                }
            } else if real.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Ok(real) = real.canonicalize()
            {
                self.found.push(real);
            }
        }
        true
    }
}

fn too_many() -> String {
    format!("the location holds more than {MAX_WALK_FILES} files; the rest were not read")
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes is more than the {MAX_FILE_BYTES} a descriptor file may have",
            meta.len()
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

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
