//! Backstage's placeholders: `{$text: ref}`, `{$json: ref}` and `{$yaml: ref}` replaced by the
//! referenced file's content, read relative to the descriptor and never outside its location.

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use crate::limits::{MAX_PLACEHOLDERS, MAX_SUBSTITUTION_BYTES};

/// Where placeholders of one descriptor file may read from.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    /// The directory of the descriptor file; `None` for uploads, which have no place on disk.
    pub base: Option<PathBuf>,
    /// The location's root: nothing outside it may be read.
    pub root: Option<PathBuf>,
    /// What `http(s)` placeholders may fetch.
    pub remote: Remote,
}

/// What `http(s)` placeholders may fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remote {
    /// Hosts they may fetch from (`RUNWAY_CATALOG_ALLOWED_HOSTS`), lowercase.
    pub allowed_hosts: Vec<String>,
    /// Whether those hosts may be on loopback, private or link-local addresses
    /// (`RUNWAY_CATALOG_PRIVATE_NETWORKS`).
    pub private_networks: bool,
}

/// Why a placeholder was not replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// Reading it would break a rule (outside the location): the entity is rejected.
    Refused(String),
    /// It could not be read now (offline, missing, not allowed): the entity is kept as written
    /// with a warning, and a later refresh may succeed.
    Unavailable(String),
}

/// Replaces every placeholder in `value`; returns the problems as (field path, problem).
///
/// One document may hold at most [`MAX_PLACEHOLDERS`] placeholders, and what they pull in may
/// add up to no more than an entity may hold: a thousand `$text`s of one large file would
/// otherwise cost gigabytes before validation could refuse the result.
pub async fn resolve(value: &mut Value, resolver: &Resolver) -> Vec<(String, Unresolved)> {
    let mut found = Vec::new();
    collect(value, "", "", &mut found);
    let mut problems = Vec::new();
    if found.len() > MAX_PLACEHOLDERS {
        let message = format!(
            "{} placeholders; a document may have at most {MAX_PLACEHOLDERS}",
            found.len()
        );
        return vec![(String::new(), Unresolved::Refused(message))];
    }
    let mut pulled_in = 0usize;
    for (pointer, path, how, target) in found {
        match read(resolver, &how, &target).await {
            Ok(replacement) => {
                pulled_in += match &replacement {
                    Value::String(text) => text.len(),
                    other => serde_json::to_vec(other).map_or(0, |b| b.len()),
                };
                if pulled_in > crate::limits::MAX_ENTITY_BYTES {
                    let message = format!(
                        "placeholders pull in more than the {} bytes an entity may hold",
                        crate::limits::MAX_ENTITY_BYTES
                    );
                    problems.push((path, Unresolved::Refused(message)));
                    break;
                }
                if let Some(slot) = value.pointer_mut(&pointer) {
                    *slot = replacement;
                }
            }
            Err(problem) => problems.push((path, problem)),
        }
    }
    problems
}

/// (JSON pointer, dotted path, `$text`/`$json`/`$yaml`, target) of each placeholder.
fn collect(
    value: &Value,
    path: &str,
    pointer: &str,
    found: &mut Vec<(String, String, String, String)>,
) {
    if crate::catalog::validate::is_placeholder(value) {
        if let Some((how, target)) = value.as_object().and_then(|o| o.iter().next()) {
            let target = target.as_str().unwrap_or_default().to_owned();
            found.push((pointer.to_owned(), path.to_owned(), how.clone(), target));
        }
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect(child, &child_path, &format!("{pointer}/{escaped}"), found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let child_path = format!("{path}[{index}]");
                collect(child, &child_path, &format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

async fn read(resolver: &Resolver, how: &str, target: &str) -> Result<Value, Unresolved> {
    let text = if target.starts_with("http://") || target.starts_with("https://") {
        fetch(resolver, target).await?
    } else {
        read_local(resolver, target)?
    };
    match how {
        "$text" => Ok(Value::String(text)),
        "$json" => serde_json::from_str(&text)
            .map_err(|e| Unresolved::Refused(format!("{how}: {target} is not valid JSON: {e}"))),
        _ => super::yaml::parse(&text)
            .map_err(|e| Unresolved::Refused(format!("{how}: {target} is not valid YAML: {e}"))),
    }
}

fn read_local(resolver: &Resolver, target: &str) -> Result<String, Unresolved> {
    let (Some(base), Some(root)) = (&resolver.base, &resolver.root) else {
        return Err(Unresolved::Unavailable(format!(
            "{target} is relative to a file on disk; register a location or use `runway import` to read it"
        )));
    };
    let relative = target.strip_prefix("file:").unwrap_or(target);
    let joined = base.join(relative);
    let inside = |path: &Path| root.canonicalize().is_ok_and(|root| path.starts_with(root));
    // Check the path as written before touching the disk, so that a refusal does not depend on
    // whether the file exists.
    if !inside(&normalize(&joined)) {
        return Err(Unresolved::Refused(format!(
            "{target} is outside its location"
        )));
    }
    let path = joined
        .canonicalize()
        .map_err(|e| Unresolved::Unavailable(format!("cannot read {target}: {e}")))?;
    if !inside(&path) {
        // A symbolic link that leads out of the location.
        return Err(Unresolved::Refused(format!(
            "{target} is outside its location"
        )));
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_SUBSTITUTION_BYTES {
        return Err(Unresolved::Refused(format!(
            "{target} is {size} bytes; placeholders may read at most {MAX_SUBSTITUTION_BYTES}"
        )));
    }
    std::fs::read_to_string(&path)
        .map_err(|e| Unresolved::Unavailable(format!("cannot read {target}: {e}")))
}

/// `a/./b/../c` → `a/c` without asking the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Fetches an allowed URL. The host is compared as `url::Url` parses it (so a user name in
/// front of another host cannot pass for the allowed one), resolved once, refused when any of
/// its addresses is internal, and then connected to at exactly those addresses (so DNS cannot
/// answer differently a moment later). Redirects are not followed; the body is counted while
/// it streams.
async fn fetch(resolver: &Resolver, target: &str) -> Result<String, Unresolved> {
    let remote = &resolver.remote;
    let refused = |why: String| Unresolved::Refused(format!("{target} was not fetched: {why}"));
    let url = url::Url::parse(target).map_err(|e| refused(format!("not a valid URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused(
            "URLs with a user name or password are not fetched".into(),
        ));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if !remote.allowed_hosts.iter().any(|h| h == &host || h == bare) {
        return Err(Unresolved::Unavailable(format!(
            "{target} was not fetched: {host} is not an allowed host (RUNWAY_CATALOG_ALLOWED_HOSTS)"
        )));
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<std::net::SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| Unresolved::Unavailable(format!("could not fetch {target}: {e}")))?
        .collect();
    if let Some(internal) = addresses.iter().find(|a| !is_public(a.ip()))
        && !remote.private_networks
    {
        return Err(refused(format!(
            "{host} is at the internal address {}; set RUNWAY_CATALOG_PRIVATE_NETWORKS=true to fetch from internal hosts",
            internal.ip()
        )));
    }
    let unavailable =
        |e: reqwest::Error| Unresolved::Unavailable(format!("could not fetch {target}: {e}"));
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(
            crate::limits::FETCH_TIMEOUT_SECONDS,
        ))
        .redirect(reqwest::redirect::Policy::none())
        .resolve_to_addrs(bare, &addresses)
        .build()
        .map_err(unavailable)?;
    let mut response = client.get(url).send().await.map_err(unavailable)?;
    if !response.status().is_success() {
        return Err(Unresolved::Unavailable(format!(
            "could not fetch {target}: HTTP {}",
            response.status()
        )));
    }
    let too_large = || refused(format!("it is larger than {MAX_SUBSTITUTION_BYTES} bytes"));
    if response
        .content_length()
        .is_some_and(|n| n > MAX_SUBSTITUTION_BYTES)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unavailable)? {
        if (body.len() + chunk.len()) as u64 > MAX_SUBSTITUTION_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| refused("it is not UTF-8 text".into()))
}

/// Whether an address is on the public internet: not loopback, private, link-local, shared,
/// unspecified, multicast or otherwise reserved (IPv4 inside IPv6 is judged as IPv4).
pub fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
                    || first == 0x2001 && v6.segments()[1] == 0x0db8)
            }
        },
    }
}

#[cfg(test)]
#[path = "substitute_tests.rs"]
mod tests;
