//! Readers of one setting's text (flags, lists, hours, seconds, networks, host names), each
//! error naming the setting and what was expected.

use super::ConfigError;

fn invalid(setting: &'static str, value: &str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        setting,
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Reads a true/false setting.
pub(super) fn flag(
    setting: &'static str,
    value: Option<&str>,
    default: bool,
) -> Result<bool, ConfigError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("") => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError::Invalid {
            setting,
            value: other.to_owned(),
            reason: "expected true or false".to_owned(),
        }),
    }
}

/// The non-empty entries of a comma-separated setting, trimmed.
pub(super) fn list(value: Option<&str>) -> impl Iterator<Item = String> + '_ {
    value
        .unwrap_or_default()
        .split(',')
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
}

/// A whole number of hours from 1 to 720 (30 days).
pub(super) fn hours(
    setting: &'static str,
    value: Option<&str>,
    default: i64,
) -> Result<i64, ConfigError> {
    whole(setting, value, default as u64, 720, "hours").map(|h| h as i64)
}

/// A whole number of seconds from 1 to 3600.
pub(super) fn seconds(
    setting: &'static str,
    value: Option<&str>,
    default: u64,
) -> Result<u64, ConfigError> {
    whole(setting, value, default, 3600, "seconds")
}

/// A whole number of `unit` from 1 to `max`.
fn whole(
    setting: &'static str,
    value: Option<&str>,
    default: u64,
    max: u64,
    unit: &str,
) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                invalid(
                    setting,
                    text,
                    &format!("expected a whole number of {unit} from 1 to {max}"),
                )
            }),
    }
}

/// `RUNWAY_TRUSTED_PROXIES`: addresses and CIDR ranges.
pub(super) fn trusted_proxies(value: Option<&str>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    list(value)
        .map(|entry| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    invalid(
                        "RUNWAY_TRUSTED_PROXIES",
                        &entry,
                        "expected addresses or CIDR ranges such as 10.0.0.0/8, separated by commas",
                    )
                })
        })
        .collect()
}

/// `RUNWAY_CATALOG_ALLOWED_HOSTS`: host names, lowercased.
pub(super) fn allowed_hosts(value: Option<&str>) -> Result<Vec<String>, ConfigError> {
    let hosts: Vec<String> = list(value).map(|h| h.to_ascii_lowercase()).collect();
    match hosts.iter().find(|h| h.contains(['/', ':', ' '])) {
        Some(bad) => Err(invalid(
            "RUNWAY_CATALOG_ALLOWED_HOSTS",
            bad,
            "expected host names such as raw.githubusercontent.com, separated by commas",
        )),
        None => Ok(hosts),
    }
}
