//! `[[integrations.git]]` in `runway.toml`: the git hosts the publish actions push to, each a
//! host as templates name it and the URL to push to. A demo server with none for github.com
//! publishes the demo's "GitHub" repositories as bare repositories in the data directory.

use serde::Deserialize;

use super::{ConfigError, RawSettings};
use app::tasks::actions::publish::GitHost;

/// The integrations section of `runway.toml` (only the file sets it).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integrations {
    #[serde(default)]
    pub git: Vec<GitIntegration>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitIntegration {
    /// The host in a template's `repoUrl` (`github.com?owner=o&repo=r`).
    pub host: String,
    /// Where to push: file://, git://, ssh:// or http(s)://, with `{owner}` and `{repo}`.
    pub url: String,
    pub token: Option<String>,
    /// `github` or `gitlab`: create the repository through that REST API first.
    pub api: Option<String>,
}

impl RawSettings {
    /// The git hosts, checked; with `demo`, github.com in the data directory when unset.
    pub(super) fn git_hosts(
        &self,
        demo: bool,
        data_dir: &std::path::Path,
    ) -> Result<Vec<GitHost>, ConfigError> {
        let invalid = |value: &str, reason: &str| ConfigError::Invalid {
            setting: "integrations.git",
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let mut hosts = Vec::new();
        for git in self.integrations.iter().flat_map(|i| &i.git) {
            let host = git.host.trim().to_ascii_lowercase();
            if host.is_empty() || host.contains(['/', ' ', '?']) {
                return Err(invalid(
                    &git.host,
                    "expected a host name such as github.com",
                ));
            }
            let schemes = ["file://", "git://", "ssh://", "http://", "https://"];
            if !schemes.iter().any(|s| git.url.starts_with(s)) {
                return Err(invalid(
                    &git.url,
                    "expected a file://, git://, ssh://, http:// or https:// URL",
                ));
            }
            if !git.url.contains("{repo}") {
                return Err(invalid(
                    &git.url,
                    "expected {repo} (and usually {owner}) in the URL",
                ));
            }
            if let Some(api) = &git.api {
                return Err(invalid(
                    api,
                    "creating repositories through a host's API is not supported yet; create them first, or push to a server that creates them on push",
                ));
            }
            if hosts.iter().any(|h: &GitHost| h.host == host) {
                return Err(invalid(&git.host, "is configured twice"));
            }
            hosts.push(GitHost {
                host,
                url: git.url.clone(),
                token: git.token.clone(),
            });
        }
        if demo && !hosts.iter().any(|h| h.host == "github.com") {
            hosts.push(GitHost {
                host: "github.com".into(),
                url: format!("file://{}/git/{{owner}}/{{repo}}.git", data_dir.display()),
                token: None,
            });
        }
        Ok(hosts)
    }
}
