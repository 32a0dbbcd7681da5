//! Single sign-on settings: the provider, the client, and how groups become roles and teams.

use super::{ConfigError, RawSettings};

impl RawSettings {
    /// Single sign-on, when `RUNWAY_OIDC_ISSUER` is set.
    pub(super) fn oidc(
        &self,
    ) -> Result<Option<app::auth::service::oidc::OidcSettings>, ConfigError> {
        use app::auth::service::oidc::{OidcSettings, parse_group_map};
        let Some(issuer) = self.oidc_issuer.as_deref().filter(|i| !i.is_empty()) else {
            return Ok(None);
        };
        let invalid = |setting: &'static str, value: &str, reason: String| ConfigError::Invalid {
            setting,
            value: value.to_owned(),
            reason,
        };
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            return Err(invalid(
                "RUNWAY_OIDC_ISSUER",
                issuer,
                "expected an http:// or https:// URL".into(),
            ));
        }
        let required = |setting: &'static str, value: &Option<String>| {
            value.clone().filter(|v| !v.is_empty()).ok_or_else(|| {
                invalid(
                    setting,
                    "",
                    "required when RUNWAY_OIDC_ISSUER is set".into(),
                )
            })
        };
        let client_id = required("RUNWAY_OIDC_CLIENT_ID", &self.oidc_client_id)?;
        let client_secret = required("RUNWAY_OIDC_CLIENT_SECRET", &self.oidc_client_secret)?;
        let mut scopes: Vec<String> = self
            .oidc_scopes
            .as_deref()
            .unwrap_or("openid email profile groups")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if !scopes.iter().any(|s| s == "openid") {
            scopes.insert(0, "openid".into());
        }
        let group_roles = parse_group_map(self.oidc_group_roles.as_deref().unwrap_or_default())
            .map_err(|e| {
                invalid(
                    "RUNWAY_OIDC_GROUP_ROLES",
                    self.oidc_group_roles.as_deref().unwrap_or_default(),
                    e,
                )
            })?;
        let mut group_teams = parse_group_map(self.oidc_group_teams.as_deref().unwrap_or_default())
            .map_err(|e| {
                invalid(
                    "RUNWAY_OIDC_GROUP_TEAMS",
                    self.oidc_group_teams.as_deref().unwrap_or_default(),
                    e,
                )
            })?;
        for teams in group_teams.values_mut() {
            for team in teams.iter_mut() {
                let parsed = app::catalog::model::EntityRef::parse(team, Some("group"), "default")
                    .map_err(|e| invalid("RUNWAY_OIDC_GROUP_TEAMS", team, e.to_string()))?;
                *team = parsed.key();
            }
        }
        Ok(Some(OidcSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id,
            client_secret,
            scopes,
            groups_claim: self
                .oidc_groups_claim
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "groups".into()),
            group_roles,
            group_teams,
            email_domains: super::list(self.oidc_email_domains.as_deref())
                .map(|d| d.trim_start_matches('@').to_ascii_lowercase())
                .collect(),
            label: self
                .oidc_label
                .clone()
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| "Sign in with SSO".into()),
        }))
    }
}
