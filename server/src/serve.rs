//! The binary's commands: serve the portal, migrate the database, seed demo data.

use std::sync::Arc;

use app::demo::{self, DEFAULT_SEED, SeedError, SeedSummary};
use app::server::{AppConfig, AppState, Db, DbError, now};
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
    #[error("cannot listen on {addr} (RUNWAY_ADDR): {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the site is not built: {0} is missing (run `make build`, or set RUNWAY_SITE_ROOT)")]
    SiteNotBuilt(String),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database and applies pending migrations.
pub async fn open(settings: &Settings) -> Result<Db, ServeError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
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

/// The Leptos options for a site built into `settings.site_root`.
pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
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

/// `runway serve`: until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    let wasm = settings.site_root.join("pkg/runway.wasm");
    if !wasm.is_file() {
        return Err(ServeError::SiteNotBuilt(wasm.display().to_string()));
    }
    let db = open(&settings).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    if settings.demo && demo::is_empty(&db).await.map_err(DbError::Connect)? {
        let summary = demo::seed(&db, DEFAULT_SEED, now()).await?;
        tracing::info!(
            entities = summary.entities,
            deployments = summary.deployments,
            "demo data seeded"
        );
    }
    let state = AppState {
        leptos_options: leptos_options(&settings),
        db: db.clone(),
        config: Arc::new(AppConfig {
            public_url: settings.public_url.clone(),
        }),
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
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
