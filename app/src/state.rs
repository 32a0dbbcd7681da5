//! The application's state, above every feature: what the router shares with its handlers, and
//! builds each request's `Ctx` from.

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

use crate::auth::service::runtime::AuthRuntime;
use crate::catalog::index::CatalogIndex;
use crate::db::Db;
use crate::server::Shared;
use crate::server::extensions::Extensions;
use crate::tasks::engine::{Settings, TaskEngine};

/// Everything a request handler needs, shared by the router, page renders and server functions.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub auth: Arc<AuthRuntime>,
    /// The catalog in memory, for lists, facets and search.
    pub catalog: Arc<CatalogIndex>,
    /// Runs template tasks once `run_forever` is spawned (`runway serve` does).
    pub tasks: Arc<TaskEngine>,
    /// What features keep for the life of the server, as every `Ctx` carries it.
    pub extensions: Extensions,
}

/// leptos_axum's handlers read the Leptos options out of the router state.
impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The settings that features read at request time.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Where users reach the portal, e.g. `https://runway.example.com`; links and redirects use it.
    pub public_url: String,
    /// Hosts that descriptors' `$text`/`$json`/`$yaml` may fetch from.
    pub catalog_allowed_hosts: Vec<String>,
    /// Whether those fetches may reach private, loopback and link-local addresses.
    pub catalog_private_networks: bool,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where the publish actions of templates may push.
    pub git_hosts: Vec<crate::tasks::actions::publish::GitHost>,
    /// Where template tasks get their working folders: in the installation's data directory,
    /// never a folder every installation on the host shares.
    pub task_workspaces: std::path::PathBuf,
    /// The program that evaluates templates' expressions (`<program> __render`, see
    /// `tasks::render`); in this process when `None` (the app's own tests only).
    pub render_worker: Option<std::path::PathBuf>,
}

impl AppConfig {
    /// What catalog placeholders may fetch.
    pub fn remote(&self) -> crate::catalog::import::substitute::Remote {
        crate::catalog::import::substitute::Remote {
            allowed_hosts: self.catalog_allowed_hosts.clone(),
            private_networks: self.catalog_private_networks,
        }
    }
}

impl AppState {
    /// The state of a server: `auth`, `catalog` and `tasks` also go into the extensions every `Ctx`
    /// carries, so features find them there.
    pub fn new(
        leptos_options: LeptosOptions,
        db: Db,
        config: AppConfig,
        auth: AuthRuntime,
    ) -> AppState {
        let auth = Arc::new(auth);
        let catalog = Arc::new(CatalogIndex::new());
        let settings = Settings {
            git_hosts: config.git_hosts.clone(),
            workspaces: config.task_workspaces.clone(),
            renderer: match &config.render_worker {
                Some(program) => crate::tasks::render::Renderer::Worker(program.clone()),
                None => crate::tasks::render::Renderer::InProcess,
            },
            ..Settings::default()
        };
        let tasks = Arc::new(TaskEngine::new(
            db.clone(),
            auth.sealing_key,
            auth.policy.clone(),
            settings,
        ));
        AppState {
            leptos_options,
            db,
            config: Arc::new(config),
            extensions: Extensions::default()
                .with(auth.clone())
                .with(catalog.clone())
                .with(tasks.clone()),
            auth,
            catalog,
            tasks,
        }
    }

    /// What every `Ctx` is built from.
    pub fn shared(&self) -> Shared {
        Shared {
            db: self.db.clone(),
            policy: self.auth.policy.clone(),
            extensions: self.extensions.clone(),
        }
    }
}

impl axum::extract::FromRef<AppState> for Shared {
    fn from_ref(state: &AppState) -> Self {
        state.shared()
    }
}
