//! The binary's commands: serve the portal, migrate the database, seed demo data.

use std::sync::Arc;

use app::auth::service::bootstrap::{BootstrapError, bootstrap};
use app::auth::service::runtime::{AuthRuntime, AuthSettings, AuthSetupError};
use app::demo::{self, DEFAULT_SEED, SeedError, SeedSummary};
use app::server::{Db, DbError, now};
use app::state::{AppConfig, AppState};
use axum::serve::ListenerExt;
use leptos::config::{Env, LeptosOptions};

use crate::config::Settings;
use crate::router;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error(transparent)]
    Auth(#[from] AuthSetupError),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error("cannot listen on {addr} (RUNWAY_ADDR): {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error(
        "the site is not built: {0} holds no runway.wasm (run `make build`, or set RUNWAY_SITE_ROOT)"
    )]
    SiteNotBuilt(String),
    #[error("cannot import: {0}")]
    Import(String),
    #[error("cannot create the token: {0}")]
    Token(String),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database, applies pending migrations, puts the built-in roles in place and creates
/// the first administrator when there are no users (before any demo data adds some).
pub async fn open(settings: &Settings) -> Result<Db, ServeError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    let indexed = app::catalog::store::search::index_missing(&db)
        .await
        .map_err(DbError::Query)?;
    if indexed > 0 {
        tracing::info!(entities = indexed, "indexed catalog entities for filtering");
    }
    let read = app::catalog::store::definitions::backfill(&db)
        .await
        .map_err(DbError::Query)?;
    if read > 0 {
        tracing::info!(apis = read, "read the operations of OpenAPI definitions");
    }
    if let Some(first) = bootstrap(&db, settings.admin_password.as_deref(), now()).await? {
        match first.generated_password {
            Some(password) => hand_over(settings, &first.login, &password),
            None => {
                tracing::info!(login = %first.login, "created the first administrator with RUNWAY_ADMIN_PASSWORD")
            }
        }
    }
    Ok(db)
}

/// Gives a generated first password to whoever started the server, never to the log (logs are
/// shipped and kept): a file only this user can read, beside the database, and the terminal
/// when there is one.
fn hand_over(settings: &Settings, login: &str, password: &str) {
    use std::io::{IsTerminal, Write};
    let dir = &settings.data_dir;
    let file = dir.join("initial-admin-password");
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(&file)?
            .write_all(format!("{password}\n").as_bytes())
    });
    match written {
        Ok(()) => tracing::warn!(
            %login,
            file = %file.display(),
            "created the first administrator; the password is in the file (readable only by this user): sign in, change it, then delete the file"
        ),
        Err(error) => tracing::error!(
            %login,
            file = %file.display(),
            %error,
            "created the first administrator but cannot write its password; set RUNWAY_ADMIN_PASSWORD on an empty database instead"
        ),
    }
    if std::io::stderr().is_terminal() {
        eprintln!("\n  The first administrator is {login}, with the password {password}\n");
    }
}

/// `runway migrate`.
pub async fn migrate(settings: &Settings) -> Result<(), ServeError> {
    let db = open(settings).await?;
    tracing::info!(backend = db.backend().name(), "migrations applied");
    db.close().await;
    Ok(())
}

/// `runway seed-demo`.
pub async fn seed_demo(settings: &Settings, seed: u64) -> Result<SeedSummary, ServeError> {
    let db = open(settings).await?;
    let result = demo::seed(&db, seed, now()).await;
    db.close().await;
    Ok(result?)
}

/// `runway token create`: a token for `login`, printed once by the caller.
pub async fn create_token(
    settings: &Settings,
    login: &str,
    name: &str,
    expires_days: Option<i64>,
) -> Result<String, ServeError> {
    let db = open(settings).await?;
    let user = app::access::store::users::by_login(&db, login)
        .await
        .map_err(DbError::Query)?;
    let Some(user) = user.filter(|u| u.user.active) else {
        db.close().await;
        return Err(ServeError::Token(format!(
            "there is no active user {login:?}"
        )));
    };
    let ctx = app::server::ctx::Ctx::system(&db, Default::default(), "system");
    let created =
        app::admin::api::tokens::service::create(&ctx, &user.user, name, expires_days, None).await;
    db.close().await;
    created
        .map(|c| c.secret)
        .map_err(|e| ServeError::Token(e.to_string()))
}

/// `runway import`: descriptor files from disk, by the `system` actor (whoever can run the
/// binary against the database can change it anyway).
pub async fn import_paths(
    settings: &Settings,
    paths: &[std::path::PathBuf],
    dry_run: bool,
    partial: bool,
) -> Result<app::catalog::report::ImportReport, ServeError> {
    use app::catalog::api::service::import_sources;
    use app::catalog::import::files;
    use app::server::ctx::Ctx;
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let remote = app::catalog::import::substitute::Remote {
            allowed_hosts: settings.catalog_allowed_hosts.clone(),
            private_networks: settings.catalog_private_networks,
        };
        // Whoever runs the command controls the server anyway: no deadline but their patience.
        let patience = std::time::Instant::now() + std::time::Duration::from_secs(24 * 3600);
        let placement = app::catalog::store::Placement::default();
        let (found, trouble) = files::read_tree(path, &placement, &remote, patience);
        sources.extend(found);
        problems.extend(trouble);
    }
    let db = open(settings).await?;
    // Whoever can run the binary against the database controls it: Runway itself imports.
    let ctx = Ctx::system(&db, Default::default(), "system");
    let result = import_sources(&ctx, sources, dry_run, partial).await;
    db.close().await;
    let mut report = result.map_err(|e| ServeError::Import(e.to_string()))?;
    report.errors.splice(0..0, problems);
    Ok(report)
}

/// The Leptos options for a site built into `settings.site_root`. A release build's file names
/// carry their content's hash (cargo-leptos `hash-files`), listed in the `hash.txt` it writes
/// beside the binary; without that file (debug builds, tests) the plain names are used.
pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|file| file.is_file());
    LeptosOptions::builder()
        .hash_files(hashed)
        .output_name("runway")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .env(if cfg!(debug_assertions) {
            Env::DEV
        } else {
            Env::PROD
        })
        .build()
}

/// The application state for `settings` over a database [`open`] prepared, with the session
/// signing key loaded (or generated once and stored).
pub async fn app_state(settings: &Settings, db: Db) -> Result<AppState, ServeError> {
    let auth = AuthRuntime::load(
        &db,
        &AuthSettings {
            public_url: settings.public_url.clone(),
            session_secret: settings.session_secret.clone(),
            session_lifetime: chrono::Duration::hours(settings.session_hours),
            session_max_lifetime: chrono::Duration::hours(settings.session_max_hours),
            local_sign_in: settings.local_sign_in,
            oidc: settings.oidc.clone(),
            sealing_key_file: Some(settings.data_dir.join("sealing.key")),
        },
    )
    .await?;
    Ok(AppState::new(
        leptos_options(settings),
        db,
        AppConfig {
            public_url: settings.public_url.clone(),
            catalog_allowed_hosts: settings.catalog_allowed_hosts.clone(),
            catalog_private_networks: settings.catalog_private_networks,
            trusted_proxies: settings.trusted_proxies.clone(),
            git_hosts: settings.git_hosts.clone(),
            task_workspaces: settings.data_dir.join("tasks"),
            render_worker: Some(match &settings.render_worker {
                Some(program) => program.clone(),
                None => std::env::current_exe()?,
            }),
        },
        auth,
    ))
}

/// Whether `pkg` holds the browser bundle, `runway.wasm` or its hashed `runway.<hash>.wasm`.
fn site_is_built(pkg: &std::path::Path) -> bool {
    std::fs::read_dir(pkg).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("runway.") && name.ends_with(".wasm")
        })
    })
}

/// `runway serve`: until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    let pkg = settings.site_root.join("pkg");
    if !site_is_built(&pkg) {
        return Err(ServeError::SiteNotBuilt(pkg.display().to_string()));
    }
    let db = open(&settings).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    if settings.demo && demo::is_empty(&db).await.map_err(DbError::Query)? {
        let summary = demo::seed(&db, DEFAULT_SEED, now()).await?;
        tracing::info!(
            entities = summary.entities,
            deployments = summary.deployments,
            "demo data seeded"
        );
    }
    let state = app_state(&settings, db.clone()).await?;
    // Built before listening, so that the first catalog page does not wait for it.
    state.catalog.sync(&db).await.map_err(DbError::Query)?;
    let keeper = tokio::spawn(state.catalog.clone().keep_fresh(db.clone()));
    let tasks = tokio::spawn(state.tasks.clone().run_forever());
    let refresher = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(app::catalog::location::REFRESH_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                let Ok(policy) = state.auth.policy.get(&state.db).await else {
                    continue;
                };
                let ctx = app::server::ctx::Ctx::system(&state.db, policy, "system");
                app::catalog::location::refresh_all(&ctx, &state.config.remote()).await;
            }
        })
    };
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: settings.addr,
            source,
        })?;
    // Without TCP_NODELAY, streamed pages over keep-alive wait ~40 ms on Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!(url = %settings.public_url, "Runway is ready");
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = stopping.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        signalled.notify_one();
    });
    // Requests in flight get a while to finish; one that hangs must not keep the process alive.
    let grace = std::time::Duration::from_secs(settings.shutdown_seconds);
    tokio::select! {
        result = server => result?,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(grace).await;
        } => tracing::warn!(seconds = grace.as_secs(), "requests were still running; stopped anyway"),
    }
    refresher.abort();
    keeper.abort();
    tasks.abort();
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM (orchestrators) or Ctrl-C (terminals).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
