//! Settings: command-line flags over `RUNWAY_*` environment variables over `runway.toml` over
//! defaults, each checked once at start-up with an error that names the setting.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use app::server::Backend;
use serde::Deserialize;

/// Settings as given, before checking: every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// Address and port to listen on [default: 127.0.0.1:3000]
    #[arg(long, env = "RUNWAY_ADDR", global = true)]
    pub addr: Option<String>,
    /// Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST/DB
    /// [default: sqlite://data/runway.db]
    #[arg(long, env = "RUNWAY_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The address people use to reach the portal, for links and sign-in redirects
    /// [default: http://ADDR]
    #[arg(long, env = "RUNWAY_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Seed demo data into an empty database at start: true or false
    /// [default: false]
    #[arg(long, env = "RUNWAY_DEMO", global = true)]
    pub demo: Option<String>,
    /// Log format: human or json [default: human]
    #[arg(long, env = "RUNWAY_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Log filter in tracing's syntax, e.g. info or runway=debug,sqlx=warn
    /// [default: info]
    #[arg(long, env = "RUNWAY_LOG", global = true)]
    pub log: Option<String>,
    /// Password of the first administrator, `admin`, created when the database has no users
    /// [default: generated and printed once]
    #[arg(
        long,
        env = "RUNWAY_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// Key that signs session tokens, at least 32 characters; set the same on every replica
    /// [default: generated once and kept in the database]
    #[arg(
        long,
        env = "RUNWAY_SESSION_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub session_secret: Option<String>,
    /// Hours a session lasts without activity [default: 8]
    #[arg(long, env = "RUNWAY_SESSION_HOURS", global = true)]
    pub session_hours: Option<String>,
    /// Offer sign-in with a login and password: true or false [default: true]
    #[arg(long, env = "RUNWAY_LOCAL_SIGN_IN", global = true)]
    pub local_sign_in: Option<String>,
    /// OpenID Connect issuer URL; setting it turns single sign-on on
    #[arg(long, env = "RUNWAY_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,
    /// Client id registered at the identity provider
    #[arg(long, env = "RUNWAY_OIDC_CLIENT_ID", global = true)]
    pub oidc_client_id: Option<String>,
    /// Client secret registered at the identity provider
    #[arg(
        long,
        env = "RUNWAY_OIDC_CLIENT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,
    /// Scopes to ask for [default: openid email profile groups]
    #[arg(long, env = "RUNWAY_OIDC_SCOPES", global = true)]
    pub oidc_scopes: Option<String>,
    /// ID token claim that lists the person's groups [default: groups]
    #[arg(long, env = "RUNWAY_OIDC_GROUPS_CLAIM", global = true)]
    pub oidc_groups_claim: Option<String>,
    /// Groups that give roles, e.g. platform-admins=admin,developers=developer
    #[arg(long, env = "RUNWAY_OIDC_GROUP_ROLES", global = true)]
    pub oidc_group_roles: Option<String>,
    /// Groups that make people members of catalog teams, e.g. pay-squad=payments (a group named
    /// like a team counts without this)
    #[arg(long, env = "RUNWAY_OIDC_GROUP_TEAMS", global = true)]
    pub oidc_group_teams: Option<String>,
    /// The single sign-on button's words [default: Sign in with SSO]
    #[arg(long, env = "RUNWAY_OIDC_LABEL", global = true)]
    pub oidc_label: Option<String>,
    /// Directory of the built site (pages' assets and pkg/)
    /// [default: target/site]
    #[arg(long, env = "RUNWAY_SITE_ROOT", global = true)]
    pub site_root: Option<String>,
    /// Hosts that catalog descriptors' $text, $json and $yaml may fetch from over HTTPS,
    /// comma-separated, e.g. raw.githubusercontent.com [default: none]
    #[arg(long, env = "RUNWAY_CATALOG_ALLOWED_HOSTS", global = true)]
    pub catalog_allowed_hosts: Option<String>,
    /// Let those fetches reach private, loopback and link-local addresses (an internal Git
    /// server): true or false [default: false]
    #[arg(long, env = "RUNWAY_CATALOG_PRIVATE_NETWORKS", global = true)]
    pub catalog_private_networks: Option<String>,
    /// Reverse proxies whose X-Forwarded-For names the client, as addresses or CIDR ranges,
    /// comma-separated, e.g. 10.0.0.0/8 [default: none: the connection's address is the client]
    #[arg(long, env = "RUNWAY_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,
    /// Hours after which a session ends however active it is [default: 24]
    #[arg(long, env = "RUNWAY_SESSION_MAX_HOURS", global = true)]
    pub session_max_hours: Option<String>,
    /// Seconds that requests in flight may take to finish after SIGTERM [default: 20]
    #[arg(long, env = "RUNWAY_SHUTDOWN_SECONDS", global = true)]
    pub shutdown_seconds: Option<String>,
    /// E-mail domains whose verified addresses link a new single sign-on account to the catalog
    /// user with that e-mail, comma-separated, e.g. example.com [default: none: no linking]
    #[arg(long, env = "RUNWAY_OIDC_EMAIL_DOMAINS", global = true)]
    pub oidc_email_domains: Option<String>,
    /// Directory of the installation's own files: template tasks' working folders, the demo's
    /// git repositories, the first administrator's password file
    /// [default: the SQLite database's directory, else ./data]
    #[arg(long, env = "RUNWAY_DATA_DIR", global = true)]
    pub data_dir: Option<String>,
    /// Git hosts the publish actions push to (runway.toml only: `[[integrations.git]]`).
    #[arg(skip)]
    #[serde(default)]
    pub integrations: Option<integrations::Integrations>,
}

/// Checked settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub oidc: Option<app::auth::service::oidc::OidcSettings>,
    pub admin_password: Option<String>,
    pub session_secret: Option<String>,
    pub session_hours: i64,
    pub local_sign_in: bool,
    pub addr: SocketAddr,
    pub database_url: String,
    pub public_url: String,
    pub demo: bool,
    pub log_format: LogFormat,
    pub log: String,
    pub site_root: PathBuf,
    pub catalog_allowed_hosts: Vec<String>,
    pub catalog_private_networks: bool,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub session_max_hours: i64,
    pub shutdown_seconds: u64,
    pub git_hosts: Vec<app::tasks::actions::publish::GitHost>,
    /// The installation's own files (absolute): `tasks/` holds template tasks' working folders.
    pub data_dir: PathBuf,
    /// The program that evaluates templates' expressions as `<program> __render`: this
    /// binary when `None`. Not a setting people make: tests, whose own binary is not runway,
    /// point it at the one they built.
    pub render_worker: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("invalid {setting} {value:?}: {reason}")]
    Invalid {
        setting: &'static str,
        value: String,
        reason: String,
    },
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
}

pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/runway.db";
pub const DEFAULT_CONFIG_FILE: &str = "runway.toml";

/// Reads a TOML settings file. The default file may be absent; a file named explicitly must exist.
pub fn read_file(path: &Path, explicit: bool) -> Result<RawSettings, ConfigError> {
    let file_error = |reason: String| ConfigError::File {
        path: path.display().to_string(),
        reason,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| file_error(e.message().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            Ok(RawSettings::default())
        }
        Err(e) => Err(file_error(e.to_string())),
    }
}

impl RawSettings {
    /// Fills what `self` lacks from `file`.
    pub fn or(self, file: RawSettings) -> RawSettings {
        RawSettings {
            addr: self.addr.or(file.addr),
            database_url: self.database_url.or(file.database_url),
            public_url: self.public_url.or(file.public_url),
            demo: self.demo.or(file.demo),
            log_format: self.log_format.or(file.log_format),
            log: self.log.or(file.log),
            admin_password: self.admin_password.or(file.admin_password),
            session_secret: self.session_secret.or(file.session_secret),
            session_hours: self.session_hours.or(file.session_hours),
            local_sign_in: self.local_sign_in.or(file.local_sign_in),
            oidc_issuer: self.oidc_issuer.or(file.oidc_issuer),
            oidc_client_id: self.oidc_client_id.or(file.oidc_client_id),
            oidc_client_secret: self.oidc_client_secret.or(file.oidc_client_secret),
            oidc_scopes: self.oidc_scopes.or(file.oidc_scopes),
            oidc_groups_claim: self.oidc_groups_claim.or(file.oidc_groups_claim),
            oidc_group_roles: self.oidc_group_roles.or(file.oidc_group_roles),
            oidc_group_teams: self.oidc_group_teams.or(file.oidc_group_teams),
            oidc_label: self.oidc_label.or(file.oidc_label),
            site_root: self.site_root.or(file.site_root),
            catalog_allowed_hosts: self.catalog_allowed_hosts.or(file.catalog_allowed_hosts),
            catalog_private_networks: self
                .catalog_private_networks
                .or(file.catalog_private_networks),
            trusted_proxies: self.trusted_proxies.or(file.trusted_proxies),
            session_max_hours: self.session_max_hours.or(file.session_max_hours),
            oidc_email_domains: self.oidc_email_domains.or(file.oidc_email_domains),
            shutdown_seconds: self.shutdown_seconds.or(file.shutdown_seconds),
            data_dir: self.data_dir.or(file.data_dir),
            integrations: self.integrations.or(file.integrations),
        }
    }

    /// Checks every setting and applies defaults.
    pub fn check(self) -> Result<Settings, ConfigError> {
        let oidc = self.oidc()?;
        let data_dir = data_dir(
            self.data_dir.as_deref(),
            self.database_url.as_deref().unwrap_or(DEFAULT_DATABASE_URL),
        );
        let git_hosts =
            self.git_hosts(flag("RUNWAY_DEMO", self.demo.as_deref(), false)?, &data_dir)?;
        let invalid = |setting: &'static str, value: &str, reason: &str| ConfigError::Invalid {
            setting,
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let addr_text = self.addr.unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            invalid(
                "RUNWAY_ADDR",
                &addr_text,
                "expected IP:PORT, e.g. 127.0.0.1:3000",
            )
        })?;
        let database_url = self
            .database_url
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        Backend::from_url(&database_url)
            .map_err(|e| invalid("RUNWAY_DATABASE_URL", &database_url, &e.to_string()))?;
        let public_url = match self.public_url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_owned()
            }
            Some(url) => {
                return Err(invalid(
                    "RUNWAY_PUBLIC_URL",
                    &url,
                    "expected an http:// or https:// URL",
                ));
            }
            None => format!("http://{addr}"),
        };
        let demo = flag("RUNWAY_DEMO", self.demo.as_deref(), false)?;
        let local_sign_in = flag("RUNWAY_LOCAL_SIGN_IN", self.local_sign_in.as_deref(), true)?;
        let session_hours = hours("RUNWAY_SESSION_HOURS", self.session_hours.as_deref(), 8)?;
        let session_max_hours = hours(
            "RUNWAY_SESSION_MAX_HOURS",
            self.session_max_hours.as_deref(),
            24.max(session_hours),
        )?;
        if session_max_hours < session_hours {
            return Err(invalid(
                "RUNWAY_SESSION_MAX_HOURS",
                &session_max_hours.to_string(),
                "must be at least RUNWAY_SESSION_HOURS",
            ));
        }
        let shutdown_seconds = seconds(
            "RUNWAY_SHUTDOWN_SECONDS",
            self.shutdown_seconds.as_deref(),
            app::limits::SHUTDOWN_GRACE_SECONDS,
        )?;
        let catalog_private_networks = flag(
            "RUNWAY_CATALOG_PRIVATE_NETWORKS",
            self.catalog_private_networks.as_deref(),
            false,
        )?;
        let trusted_proxies = trusted_proxies(self.trusted_proxies.as_deref())?;
        if let Some(secret) = self.session_secret.as_deref().filter(|s| s.len() < 32) {
            return Err(invalid(
                "RUNWAY_SESSION_SECRET",
                &"*".repeat(secret.len().min(8)),
                "expected at least 32 characters",
            ));
        }
        if let Some(password) = self.admin_password.as_deref() {
            app::access::identity::check_new_password(password)
                .map_err(|reason| invalid("RUNWAY_ADMIN_PASSWORD", "********", reason))?;
        }
        let log_format = match self.log_format.as_deref() {
            None | Some("human") => LogFormat::Human,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "RUNWAY_LOG_FORMAT",
                    other,
                    "expected human or json",
                ));
            }
        };
        let log = self.log.unwrap_or_else(|| "info".to_owned());
        tracing_subscriber::EnvFilter::try_new(&log)
            .map_err(|e| invalid("RUNWAY_LOG", &log, &e.to_string()))?;
        let catalog_allowed_hosts = allowed_hosts(self.catalog_allowed_hosts.as_deref())?;
        Ok(Settings {
            oidc,
            admin_password: self.admin_password,
            session_secret: self.session_secret,
            session_hours,
            local_sign_in,
            addr,
            database_url,
            public_url,
            demo,
            log_format,
            log,
            site_root: PathBuf::from(self.site_root.unwrap_or_else(|| "target/site".to_owned())),
            catalog_allowed_hosts,
            catalog_private_networks,
            trusted_proxies,
            session_max_hours,
            shutdown_seconds,
            git_hosts,
            data_dir,
            render_worker: None,
        })
    }
}

/// The installation's own directory, absolute: as given, or the SQLite database's directory,
/// or `data` for a database elsewhere.
fn data_dir(given: Option<&str>, database_url: &str) -> PathBuf {
    let dir = match given.filter(|g| !g.trim().is_empty()) {
        Some(given) => PathBuf::from(given),
        None => database_url
            .strip_prefix("sqlite://")
            .map(|path| path.split('?').next().unwrap_or_default())
            .and_then(|path| Path::new(path).parent().map(Path::to_path_buf))
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("data")),
    };
    std::path::absolute(&dir).unwrap_or(dir)
}

pub mod integrations;
mod oidc;
mod values;
use values::{allowed_hosts, flag, hours, list, seconds, trusted_proxies};
#[cfg(test)]
mod tests;
