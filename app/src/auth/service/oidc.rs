//! Single sign-on with OpenID Connect: discovery, the authorization code flow with PKCE, state
//! and nonce, ID token verification against the provider's keys (the `openidconnect` crate),
//! and the rules that turn the provider's groups into roles and teams.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse, reqwest,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use super::credentials::SessionKeys;

/// The cookie that carries a sign-on flow's state from the redirect to the callback.
pub const FLOW_COOKIE: &str = "runway_oidc";
const FLOW_AUDIENCE: &str = "runway-oidc-flow";
/// How long a person may take at the identity provider.
const FLOW_LIFETIME: Duration = Duration::minutes(10);

/// Single sign-on as the operator configured it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    /// The ID token claim that lists the person's groups.
    pub groups_claim: String,
    /// Provider group → portal roles.
    pub group_roles: BTreeMap<String, Vec<String>>,
    /// Provider group → team entity refs; a group named like a catalog team also counts.
    pub group_teams: BTreeMap<String, Vec<String>>,
    /// E-mail domains (lowercase) whose verified addresses link a new account to the catalog
    /// user with that e-mail; empty: no account is linked by e-mail.
    pub email_domains: Vec<String>,
    /// The sign-in button's words.
    pub label: String,
}

/// Reads `group=value,group=value` (a group may appear more than once).
pub fn parse_group_map(text: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (group, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not group=value"))?;
        let (group, value) = (group.trim(), value.trim());
        if group.is_empty() || value.is_empty() {
            return Err(format!("{pair:?} is not group=value"));
        }
        map.entry(group.to_owned())
            .or_default()
            .push(value.to_owned());
    }
    Ok(map)
}

/// What the portal learned about a person from a verified ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `issuer subject`: stable across renames at the provider.
    pub subject: String,
    pub preferred_login: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Whether the provider says it verified `email`.
    pub email_verified: bool,
    pub groups: BTreeSet<String>,
}

impl OidcSettings {
    /// The roles and teams the person's groups give them. Teams are matched by the mapping and by
    /// name against `known_teams` (entity refs).
    pub fn grants_for(
        &self,
        groups: &BTreeSet<String>,
        known_teams: &BTreeSet<String>,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let roles = groups
            .iter()
            .filter_map(|g| self.group_roles.get(g))
            .flatten()
            .cloned()
            .collect();
        let mut teams: BTreeSet<String> = groups
            .iter()
            .filter_map(|g| self.group_teams.get(g))
            .flatten()
            .cloned()
            .collect();
        teams.extend(
            groups
                .iter()
                .map(|g| format!("group:default/{}", g.to_lowercase()))
                .filter(|t| known_teams.contains(t)),
        );
        (roles, teams)
    }
}

/// The state of one sign-on flow, signed into [`FLOW_COOKIE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub next: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OidcError {
    #[error("single sign-on is not configured")]
    NotConfigured,
    #[error("the identity provider cannot be reached: {0}")]
    Discovery(String),
    #[error("the sign-on expired or was started in another browser; start again")]
    NoFlow,
    #[error("the sign-on's state does not match; start again")]
    WrongState,
    #[error("the identity provider refused: {0}")]
    Provider(String),
    #[error("the identity provider refused the code (it may have been used already): {0}")]
    Exchange(String),
    #[error("the identity provider's ID token is not valid: {0}")]
    IdToken(String),
}

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Talks to one identity provider; discovers it on first use and again after a failure.
pub struct Oidc {
    pub settings: OidcSettings,
    redirect: RedirectUrl,
    http: reqwest::Client,
    client: RwLock<Option<Arc<Client>>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.settings.issuer)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// `public_url` is the portal's; the callback is `{public_url}/auth/oidc/callback`.
    pub fn new(settings: OidcSettings, public_url: &str) -> Result<Self, String> {
        let redirect = RedirectUrl::new(format!("{public_url}/auth/oidc/callback"))
            .map_err(|e| e.to_string())?;
        IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| format!("invalid RUNWAY_OIDC_ISSUER: {e}"))?;
        // Redirects are refused so that a token request cannot be bounced elsewhere (SSRF).
        let http = reqwest::ClientBuilder::new()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Oidc {
            settings,
            redirect,
            http,
            client: RwLock::new(None),
        })
    }

    async fn client(&self) -> Result<Arc<Client>, OidcError> {
        if let Some(client) = self.client.read().await.clone() {
            return Ok(client);
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone());
        let client = Arc::new(client);
        *self.client.write().await = Some(client.clone());
        Ok(client)
    }

    /// Starts a flow: the provider's authorization URL and the signed flow cookie's value.
    pub async fn begin(
        &self,
        keys: &SessionKeys,
        next: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, String), OidcError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        let flow = Flow {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next: next.to_owned(),
        };
        Ok((
            url.to_string(),
            keys.sign(&flow, FLOW_AUDIENCE, now, FLOW_LIFETIME),
        ))
    }

    /// Reads the flow cookie and checks the callback's `state` against it.
    pub fn flow(
        keys: &SessionKeys,
        cookie: Option<&str>,
        state: &str,
        now: DateTime<Utc>,
    ) -> Result<Flow, OidcError> {
        let flow: Flow = keys
            .verify(cookie.ok_or(OidcError::NoFlow)?, FLOW_AUDIENCE, now)
            .map_err(|_| OidcError::NoFlow)?;
        // Constant-time comparison is not needed: the state is checked once, then the cookie is gone.
        if flow.state != state {
            return Err(OidcError::WrongState);
        }
        Ok(flow)
    }

    /// Exchanges the code (with the PKCE verifier) and verifies the ID token.
    pub async fn finish(&self, flow: &Flow, code: &str) -> Result<Identity, OidcError> {
        let client = self.client().await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Exchange(error_chain(&e)))?;
        let token = response
            .id_token()
            .ok_or_else(|| OidcError::IdToken("the response has no ID token".into()))?;
        verify(
            &client.id_token_verifier(),
            token,
            &flow.nonce,
            &self.settings.issuer,
            &self.settings.groups_claim,
        )
    }
}

/// Verifies an ID token (signature against the provider's keys, issuer, audience, expiry and
/// nonce) and reads the identity from it, groups included.
pub fn verify(
    verifier: &openidconnect::core::CoreIdTokenVerifier<'_>,
    token: &CoreIdToken,
    nonce: &str,
    issuer: &str,
    groups_claim: &str,
) -> Result<Identity, OidcError> {
    let claims = token
        .claims(verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|e| OidcError::IdToken(e.to_string()))?;
    // The signature was verified above, so the token's other claims can be read from its payload.
    let payload = token
        .to_string()
        .split('.')
        .nth(1)
        .map(str::to_owned)
        .unwrap_or_default();
    let raw: serde_json::Value = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        payload.trim_end_matches('='),
    )
    .ok()
    .and_then(|bytes| serde_json::from_slice(&bytes).ok())
    .unwrap_or_default();
    let groups = match &raw[groups_claim] {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        serde_json::Value::String(one) => BTreeSet::from([one.clone()]),
        _ => BTreeSet::new(),
    };
    let localized = |c: Option<&openidconnect::LocalizedClaim<openidconnect::EndUserName>>| {
        c.and_then(|n| n.get(None)).map(|n| n.to_string())
    };
    Ok(Identity {
        subject: format!("{issuer} {}", claims.subject().as_str()),
        preferred_login: claims
            .preferred_username()
            .map(|u| u.to_string())
            .or_else(|| {
                claims
                    .email()
                    .map(|e| e.split('@').next().unwrap_or_default().to_owned())
            }),
        name: localized(claims.name()),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified() == Some(true),
        groups,
    })
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
#[path = "oidc_tests.rs"]
mod tests;
