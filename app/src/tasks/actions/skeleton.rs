//! Where a template's files are, for the fetch actions: the folder of the file location it was
//! registered from (nothing outside that location may be read), or, for the demo's templates,
//! the skeletons built into Runway. The base is decided by the server when the task starts, from
//! what the catalog stored, never from what the template's YAML claims about itself.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The most files, and bytes, one fetch reads.
pub const MAX_FILES: usize = 2_000;
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Where a template's own files are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TemplateBase {
    /// Registered without a folder (imported from the browser, say): nothing to fetch.
    #[default]
    None,
    /// A demo template: its skeletons are part of Runway.
    Demo { template: String },
    /// The template's folder in a file location, and the location's root.
    File { dir: PathBuf, root: PathBuf },
}

/// One file of a skeleton, by its path under the folder asked for.
#[derive(Debug, Clone)]
pub struct SkeletonFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The files under `url` (a folder relative to the template), sorted by path.
pub fn read(base: &TemplateBase, url: &str) -> Result<Vec<SkeletonFile>, String> {
    let url = url.trim();
    if url.contains("://") || url.starts_with('/') || url.is_empty() {
        return Err(format!(
            "Runway fetches skeletons from the template's own location, such as ./skeleton; {url:?} is not part of it"
        ));
    }
    let mut files = match base {
        TemplateBase::None => {
            return Err(format!(
                "this template was not registered from a location, so it has no {url} to fetch"
            ));
        }
        TemplateBase::Demo { template } => demo(template, url)?,
        TemplateBase::File { dir, root } => on_disk(dir, root, url)?,
    };
    if files.is_empty() {
        return Err(format!("{url} holds no files"));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn demo(template: &str, url: &str) -> Result<Vec<SkeletonFile>, String> {
    let folder = inside(Path::new(""), url)?;
    Ok(crate::demo::templates::SKELETONS
        .iter()
        .filter(|(t, _, _)| *t == template)
        .filter_map(|(_, path, text)| {
            let path = Path::new(path).strip_prefix(&folder).ok()?.to_path_buf();
            Some(SkeletonFile {
                path,
                bytes: text.as_bytes().to_vec(),
            })
        })
        .collect())
}

fn on_disk(dir: &Path, root: &Path, url: &str) -> Result<Vec<SkeletonFile>, String> {
    let within = dir.strip_prefix(root).unwrap_or(Path::new(""));
    // A template at the location's root has nothing before its url (no leading "/").
    let relative = match within.as_os_str().is_empty() {
        true => url.to_owned(),
        false => format!("{}/{url}", within.display()),
    };
    let start =
        inside(root, &relative).map_err(|_| format!("{url} leaves the template's location"))?;
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let real_start = start.canonicalize().map_err(|e| format!("{url}: {e}"))?;
    if !real_start.starts_with(&real_root) {
        return Err(format!("{url} leaves the template's location"));
    }
    let mut out = Vec::new();
    let mut bytes = 0u64;
    let mut stack = vec![real_start.clone()];
    while let Some(folder) = stack.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries.flatten() {
            // Links are not followed: one could point anywhere on the server.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let size = entry.metadata().map_or(0, |m| m.len());
                bytes += size;
                if out.len() >= MAX_FILES || bytes > MAX_BYTES {
                    return Err(format!(
                        "{url} holds more than {MAX_FILES} files or {} MiB",
                        MAX_BYTES / 1024 / 1024
                    ));
                }
                let contents =
                    std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let relative = path
                    .strip_prefix(&real_start)
                    .unwrap_or(&path)
                    .to_path_buf();
                out.push(SkeletonFile {
                    path: relative,
                    bytes: contents,
                });
            }
        }
    }
    Ok(out)
}

/// `relative` under `root`, or why not: absolute paths, `..` that climb out and any `.git` are
/// refused. Every file a task writes is placed through here: a `.git` folder in a workspace
/// (a skeleton's, or a name rendered from values) would be the configuration of the git that
/// publishes it, and git configuration can run programs.
pub fn inside(root: &Path, relative: &str) -> Result<PathBuf, String> {
    let mut out = root.to_path_buf();
    let mut depth = 0usize;
    for component in Path::new(relative).components() {
        match component {
            Component::CurDir => {}
            Component::Normal(part) if is_git_dir(part) => {
                return Err(format!(
                    "{relative:?} names a .git folder, which a template may not write"
                ));
            }
            Component::Normal(part) => {
                out.push(part);
                depth += 1;
            }
            Component::ParentDir if depth > 0 => {
                out.pop();
                depth -= 1;
            }
            Component::ParentDir => return Err(format!("{relative:?} leaves the workspace")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!("{relative:?} must be relative to the workspace"));
            }
        }
    }
    Ok(out)
}

/// Whether a path component is `.git` (in any case: some file systems fold it).
pub fn is_git_dir(part: &std::ffi::OsStr) -> bool {
    part.to_str()
        .is_some_and(|p| p.eq_ignore_ascii_case(".git"))
}
