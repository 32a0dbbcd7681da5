//! `fetch:template` and `fetch:plain`: a skeleton from the template's own location copied into
//! the workspace, file contents and names rendered with `${{ values.x }}` (or cookiecutter's
//! `{{ cookiecutter.x }}`), as Backstage's actions do. No path may leave the target folder,
//! whatever the skeleton's names or the `targetPath` say.

use std::path::Path;

use serde_json::{Map, Value, json};

pub use super::skeleton::inside;
use super::skeleton::{self, SkeletonFile};
use super::{Action, ActionContext, ActionFuture};
use crate::tasks::render::{Job, Piece};

/// `fetch:template` (rendered) or `fetch:plain` (copied as it is).
pub struct Fetch {
    pub templated: bool,
}

impl Action for Fetch {
    fn id(&self) -> &'static str {
        if self.templated {
            "fetch:template"
        } else {
            "fetch:plain"
        }
    }

    fn description(&self) -> &'static str {
        if self.templated {
            "Copies a skeleton from the template's location into the workspace, rendering file contents and names with its values."
        } else {
            "Copies files from the template's location into the workspace as they are."
        }
    }

    fn input_schema(&self) -> Value {
        let mut properties = json!({
            "url": {"type": "string", "title": "The skeleton's folder, relative to the template (./skeleton)"},
            "targetPath": {"type": "string", "title": "Where in the workspace, ./ by default"},
        });
        if self.templated {
            let more = json!({
                "values": {"type": "object", "title": "What ${{ values.x }} reads"},
                "copyWithoutTemplating": {"type": "array", "items": {"type": "string"}, "title": "Globs of files copied as they are"},
                "templateFileExtension": {"type": ["boolean", "string"], "title": "Render only files with this extension (.njk when true), dropping it"},
                "cookiecutterCompat": {"type": "boolean", "title": "Read {{ cookiecutter.x }} as well"},
                "replace": {"type": "boolean", "title": "Overwrite files that exist"},
            });
            if let (Some(p), Some(m)) = (properties.as_object_mut(), more.as_object()) {
                p.extend(m.clone());
            }
        }
        json!({"type": "object", "required": ["url"], "properties": properties})
    }

    fn idempotent(&self) -> bool {
        // It writes the same files again into the same folder.
        true
    }

    fn run(&self, context: ActionContext) -> ActionFuture {
        let templated = self.templated;
        Box::pin(async move {
            let input = context.input.clone();
            let text = |key: &str| input.get(key).and_then(Value::as_str).map(str::to_owned);
            let url = text("url").unwrap_or_default();
            let target = inside(
                &context.workspace,
                text("targetPath").as_deref().unwrap_or("./"),
            )
            .map_err(|e| format!("targetPath: {e}"))?;
            let base = context.template_base.clone();
            let files = tokio::task::spawn_blocking(move || skeleton::read(&base, &url))
                .await
                .map_err(|e| e.to_string())??;
            let options = Options::of(&input, templated)?;
            let plans: Vec<Plan> = files.iter().map(|f| plan(f, &options)).collect();
            let rendered = render_all(&context, &files, &plans, &options).await?;
            let mut written = 0usize;
            for ((file, plan), rendered) in files.iter().zip(&plans).zip(rendered) {
                let (name, contents) = rendered?;
                if let Some(skipped) = write(file, plan, name, contents, &target, &options)? {
                    context.log.line(&skipped).await;
                    continue;
                }
                written += 1;
            }
            let shown = target.strip_prefix(&context.workspace).unwrap_or(&target);
            context
                .log
                .line(&format!(
                    "Fetched {written} files into ./{}",
                    shown.display()
                ))
                .await;
            Ok(Map::new())
        })
    }
}

/// How files are written.
struct Options {
    templated: bool,
    scope: Value,
    plain_globs: Vec<String>,
    /// Only files with this extension are rendered, and lose it.
    extension: Option<String>,
    cookiecutter: bool,
    replace: bool,
}

impl Options {
    fn of(input: &Value, templated: bool) -> Result<Options, String> {
        let values = input.get("values").cloned().unwrap_or_else(|| json!({}));
        let extension = match input.get("templateFileExtension") {
            Some(Value::Bool(true)) => Some(".njk".to_owned()),
            Some(Value::String(ext)) if !ext.is_empty() => Some(match ext.starts_with('.') {
                true => ext.clone(),
                false => format!(".{ext}"),
            }),
            _ => None,
        };
        let plain_globs = input
            .get("copyWithoutTemplating")
            .and_then(Value::as_array)
            .map(|globs| {
                globs
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|g| g.trim_start_matches("./").to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let cookiecutter = input.get("cookiecutterCompat") == Some(&Value::Bool(true));
        Ok(Options {
            templated,
            scope: json!({"values": values.clone(), "cookiecutter": values}),
            plain_globs,
            extension,
            cookiecutter,
            replace: input.get("replace") == Some(&Value::Bool(true)),
        })
    }
}

/// What becomes of one skeleton file: its name before rendering, and whether its contents are
/// rendered.
struct Plan {
    original: String,
    name: String,
    render_contents: bool,
}

fn plan(file: &SkeletonFile, options: &Options) -> Plan {
    let original = file.path.to_string_lossy().replace('\\', "/");
    let mut name = original.clone();
    let mut render_contents = options.templated;
    if let Some(ext) = &options.extension {
        render_contents &= name.ends_with(ext.as_str());
        if render_contents {
            name.truncate(name.len() - ext.len());
        }
    }
    if options
        .plain_globs
        .iter()
        .any(|g| glob_matches(g, &original))
    {
        render_contents = false;
    }
    render_contents &= std::str::from_utf8(&file.bytes).is_ok();
    Plan {
        original,
        name,
        render_contents,
    }
}

/// Every file's rendered name (when templated) and contents (when its plan says so), in one
/// batch of the step's renderer; `None` where nothing is rendered. A file's own error waits
/// for its turn, so the first file in order that cannot be written is the one reported.
async fn render_all(
    context: &ActionContext,
    files: &[SkeletonFile],
    plans: &[Plan],
    options: &Options,
) -> Result<Vec<Rendered>, String> {
    if !options.templated {
        return Ok(plans.iter().map(|_| Ok((None, None))).collect());
    }
    let text = |text: &str| Piece::Text {
        text: text.to_owned(),
        cookiecutter: options.cookiecutter,
    };
    let mut pieces = Vec::new();
    for (file, plan) in files.iter().zip(plans) {
        pieces.push(text(&plan.name));
        if plan.render_contents {
            pieces.push(text(&String::from_utf8_lossy(&file.bytes)));
        }
    }
    let job = Job {
        scope: options.scope.clone(),
        pieces,
    };
    let answers = context.renderer.run(job, context.deadline).await;
    let mut answers = answers.map_err(|e| e.0)?.into_iter();
    let mut next = |what: &str| -> Result<String, String> {
        match answers.next() {
            Some(Ok(Value::String(text))) => Ok(text),
            Some(Ok(other)) => Ok(other.to_string()),
            Some(Err(error)) => Err(format!("{what}: {}", error.reason)),
            None => Err(format!("{what} was not rendered")),
        }
    };
    Ok(plans
        .iter()
        .map(|plan| {
            let name = next(&format!("the file name {}", plan.original));
            let contents = match plan.render_contents {
                true => Some(next(&plan.original)),
                false => None,
            };
            Ok((Some(name?), contents.transpose()?))
        })
        .collect())
}

/// A file's rendered name and contents, or why it has none.
type Rendered = Result<(Option<String>, Option<String>), String>;

/// Writes one file with its rendered name and contents (the skeleton's own where `None`);
/// `Ok(Some(why))` when it is left out (its name rendered empty).
fn write(
    file: &SkeletonFile,
    plan: &Plan,
    rendered_name: Option<String>,
    rendered_contents: Option<String>,
    target: &Path,
    options: &Options,
) -> Result<Option<String>, String> {
    let original = &plan.original;
    let name = rendered_name.unwrap_or_else(|| plan.name.clone());
    if name.split('/').any(str::is_empty) {
        return Ok(Some(format!(
            "Left out {original}: its name is empty once rendered"
        )));
    }
    let destination = inside(target, &name).map_err(|e| format!("the file {original}: {e}"))?;
    let contents = match rendered_contents {
        Some(text) => text.into_bytes(),
        None => file.bytes.clone(),
    };
    if destination.exists() && !options.replace {
        return Err(format!(
            "{name} exists already; set replace to overwrite it"
        ));
    }
    if let Some(parent) = destination.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{name}: {e}"))?;
    }
    std::fs::write(&destination, contents).map_err(|e| format!("{name}: {e}"))?;
    Ok(None)
}

/// Whether `path` matches `glob`: `*` within a name, `**` across folders, `?` one character.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    fn go(g: &[u8], p: &[u8]) -> bool {
        match (g.first(), p.first()) {
            (None, None) => true,
            (Some(b'*'), _) if g.get(1) == Some(&b'*') => {
                let rest = g[2..].strip_prefix(b"/").unwrap_or(&g[2..]);
                (0..=p.len()).any(|i| go(rest, &p[i..]))
            }
            (Some(b'*'), _) => (0..=p.len())
                .take_while(|i| *i == 0 || p[i - 1] != b'/')
                .any(|i| go(&g[1..], &p[i..])),
            (Some(b'?'), Some(c)) if *c != b'/' => go(&g[1..], &p[1..]),
            (Some(a), Some(b)) if a == b => go(&g[1..], &p[1..]),
            _ => false,
        }
    }
    go(glob.as_bytes(), path.as_bytes())
}

#[cfg(test)]
#[path = "fetch_tests.rs"]
mod tests;
