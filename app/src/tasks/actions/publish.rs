//! `publish:git`, `publish:github` and `publish:gitlab`: the workspace committed and pushed to
//! a new repository on one of the git hosts configured in `runway.toml` (`[[integrations.git]]`),
//! with Backstage's outputs (`remoteUrl`, `repoContentsUrl`, `commitHash`). For a `file://`
//! remote Runway creates the bare repository itself. Git runs as a child process that is killed
//! when the step is cancelled or times out.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::skeleton::inside;
use super::{Action, ActionContext, ActionFuture};
use crate::templates::picker::RepoUrl;

/// A git host templates may publish to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHost {
    /// The host in a template's `repoUrl` (`github.com?owner=o&repo=r`).
    pub host: String,
    /// Where to push, with `{owner}` and `{repo}`: `file:///srv/git/{owner}/{repo}.git`,
    /// `https://git.example.com/{owner}/{repo}.git`.
    pub url: String,
    /// Sent as HTTP basic authentication to http(s) remotes; never logged.
    pub token: Option<String>,
}

/// One of the publish actions (they differ only in name: the host decides where it goes).
pub struct Publish {
    pub id: &'static str,
    pub hosts: Vec<GitHost>,
}

impl Action for Publish {
    fn id(&self) -> &'static str {
        self.id
    }

    fn description(&self) -> &'static str {
        "Commits the workspace and pushes it to a new repository on a configured git host."
    }

    fn input_schema(&self) -> Value {
        json!({
            "type": "object",
            "required": ["repoUrl"],
            "properties": {
                "repoUrl": {"type": "string", "title": "host?owner=…&repo=…"},
                "description": {"type": "string"},
                "defaultBranch": {"type": "string", "pattern": "^[A-Za-z0-9._/-]+$"},
                "repoVisibility": {"type": "string", "enum": ["private", "internal", "public"]},
                "sourcePath": {"type": "string", "title": "The workspace folder to publish, ./ by default"},
                "gitCommitMessage": {"type": "string"},
                "gitAuthorName": {"type": "string"},
                "gitAuthorEmail": {"type": "string"}
            }
        })
    }

    fn output_schema(&self) -> Value {
        json!({"type": "object", "properties": {
            "remoteUrl": {"type": "string"}, "repoContentsUrl": {"type": "string"}, "commitHash": {"type": "string"}}})
    }

    fn idempotent(&self) -> bool {
        // Pushing again to a repository it created could overwrite what others pushed since.
        false
    }

    fn run(&self, context: ActionContext) -> ActionFuture {
        let hosts = self.hosts.clone();
        Box::pin(async move {
            let input = &context.input;
            let text = |key: &str| input.get(key).and_then(Value::as_str).map(str::to_owned);
            let repo = RepoUrl::parse(&text("repoUrl").unwrap_or_default());
            let name_ok = |s: &str| {
                !s.is_empty()
                    && !s.starts_with('.')
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            };
            if !name_ok(&repo.owner) || !name_ok(&repo.repo) {
                return Err(format!(
                    "repoUrl needs an owner and a repository of letters, digits, '.', '_' and '-'; got {:?}",
                    text("repoUrl").unwrap_or_default()
                ));
            }
            let Some(host) = hosts
                .iter()
                .find(|h| h.host.eq_ignore_ascii_case(&repo.host))
            else {
                return Err(format!(
                    "Runway has no git integration for {:?}: add one to runway.toml ([[integrations.git]] host = {:?}, url = …)",
                    repo.host, repo.host
                ));
            };
            let remote = host
                .url
                .replace("{owner}", &repo.owner)
                .replace("{repo}", &repo.repo);
            let branch = text("defaultBranch").unwrap_or_else(|| "main".into());
            let source = inside(
                &context.workspace,
                text("sourcePath").as_deref().unwrap_or("./"),
            )?;
            if context.dry_run {
                let files = count_files(&source).await;
                context
                    .log
                    .line(&format!(
                        "Would create {remote} and push {files} files to its {branch} branch (a dry run publishes nothing)"
                    ))
                    .await;
                return Ok(Map::from_iter([
                    ("remoteUrl".to_owned(), json!(remote)),
                    (
                        "repoContentsUrl".to_owned(),
                        json!(format!("{remote}#{branch}")),
                    ),
                ]));
            }
            if let Some(path) = remote.strip_prefix("file://") {
                create_bare(Path::new(path), &branch).await?;
            }
            // The repository's own folder lies beside the workspace, never in it: whatever the
            // template wrote there is only ever the work tree.
            let git_dir = git_dir_beside(&context.workspace);
            let _ = tokio::fs::remove_dir_all(&git_dir).await;
            let git = Git {
                git_dir: git_dir.clone(),
                work_tree: Some(source.clone()),
                credentials: host.token.as_deref().map(basic_authorization),
            };
            let author_name = text("gitAuthorName").unwrap_or_else(|| "Runway".into());
            let author_email = text("gitAuthorEmail").unwrap_or_else(|| "runway@localhost".into());
            let message = text("gitCommitMessage").unwrap_or_else(|| "Initial commit".into());
            git.run(&["init", "--quiet", "-b", &branch]).await?;
            git.run(&["add", "--all"]).await?;
            git.run(&[
                "-c",
                &format!("user.name={author_name}"),
                "-c",
                &format!("user.email={author_email}"),
                "commit",
                "--quiet",
                "--no-verify",
                "-m",
                &message,
            ])
            .await?;
            context.log.line(&format!("Pushing to {remote}")).await;
            git.run(&[
                "push",
                "--quiet",
                &remote,
                &format!("HEAD:refs/heads/{branch}"),
            ])
            .await?;
            let commit = git.run(&["rev-parse", "HEAD"]).await?.trim().to_owned();
            let _ = tokio::fs::remove_dir_all(&git_dir).await;
            context
                .log
                .line(&format!("Published commit {commit} to {remote} ({branch})"))
                .await;
            Ok(Map::from_iter([
                ("remoteUrl".to_owned(), json!(remote)),
                (
                    "repoContentsUrl".to_owned(),
                    json!(format!("{remote}#{branch}")),
                ),
                ("commitHash".to_owned(), json!(commit)),
            ]))
        })
    }
}

/// The files under `dir` a push would carry.
async fn count_files(dir: &Path) -> usize {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || super::files_under(&dir).len())
        .await
        .unwrap_or(0)
}

/// Where a publish keeps the git folder of the workspace at `workspace`: beside it.
pub fn git_dir_beside(workspace: &Path) -> PathBuf {
    let mut name = workspace.file_name().unwrap_or_default().to_os_string();
    name.push(".git");
    workspace.with_file_name(name)
}

/// The HTTP header that authenticates with `token` (GitHub's and GitLab's form).
fn basic_authorization(token: &str) -> String {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("x-access-token:{token}"));
    format!("Authorization: Basic {basic}")
}

/// Creates the bare repository of a `file://` remote; one that holds commits already is left
/// alone and refused, as a hosted repository that exists would be.
async fn create_bare(path: &Path, branch: &str) -> Result<(), String> {
    let git = Git {
        git_dir: path.to_path_buf(),
        work_tree: None,
        credentials: None,
    };
    if path.join("HEAD").exists() {
        if !git
            .run(&["for-each-ref", "--count=1"])
            .await?
            .trim()
            .is_empty()
        {
            return Err(format!("the repository {} exists already", path.display()));
        }
        return Ok(());
    }
    tokio::fs::create_dir_all(path)
        .await
        .map_err(|e| format!("{}: {e}", path.display()))?;
    git.run(&["init", "--quiet", "--bare", "-b", branch])
        .await
        .map(|_| ())
}

/// A repository git works on: its git folder, and the files it commits (none for a bare one).
struct Git {
    git_dir: PathBuf,
    work_tree: Option<PathBuf>,
    /// An `Authorization` header for http(s) remotes; passed through the environment.
    credentials: Option<String>,
}

impl Git {
    /// Runs Runway's git (`crate::child::git`: no outside configuration, nothing it could be
    /// told to execute) on this repository; answers its output, or its message when it fails.
    async fn run(&self, args: &[&str]) -> Result<String, String> {
        let mut command = crate::child::git(self.credentials.as_deref());
        command.arg("--git-dir").arg(&self.git_dir);
        match &self.work_tree {
            Some(tree) => command.arg("--work-tree").arg(tree).current_dir(tree),
            None => command.current_dir(&self.git_dir),
        };
        let output = command
            .args(args)
            .output()
            .await
            .map_err(|e| format!("git could not run: {e}"))?;
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
        }
        let said = String::from_utf8_lossy(&output.stderr);
        Err(format!(
            "git {} failed: {}",
            args.iter()
                .find(|a| !a.starts_with('-') && !a.contains('='))
                .unwrap_or(&""),
            said.trim()
        ))
    }
}

#[cfg(test)]
#[path = "publish_tests.rs"]
mod tests;
