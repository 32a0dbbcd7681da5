//! Opens the database, SQLite or PostgreSQL behind sqlx's `Any` driver, and applies migrations.
//!
//! One store API serves both databases: stores write portable SQL (`$N` placeholders, integer
//! epoch-millisecond timestamps, text identifiers) against `AnyPool`. The few places where the
//! SQL must differ ask `Db::backend()`. On SQLite, reads and writes use separate pools: WAL lets
//! readers run beside one writer, and a single-connection write pool queues writers in the
//! application instead of failing them with `SQLITE_BUSY` when two transactions upgrade at once.

mod migrations;
pub mod sql;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};

use migrations::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// Applied to every SQLite connection. `synchronous = NORMAL` is durable in WAL mode except for
/// the last transactions before a power loss, which is the usual trade for an embedded server.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;";

/// Which database engine a `Db` talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the engine from a database URL's scheme.
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL: it must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(sqlx::Error),
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a database query failed: {0}")]
    Query(#[from] sqlx::Error),
}

/// A handle on the database: cheap to clone, shared by every request and worker.
#[derive(Clone, Debug)]
pub struct Db {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects to `url` (`sqlite://path`, `sqlite::memory:` or `postgres://…`), creating a SQLite
    /// file and its directory when missing. Migrations are not applied; call [`Db::migrate`].
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url(url)?;
                // The writer connects first so that it creates the file and switches it to WAL.
                let write = sqlite_pool(&url, 1).await?;
                // Each connection to `:memory:` is a database of its own, so it gets one pool.
                let read = if url.contains(":memory:") {
                    write.clone()
                } else {
                    sqlite_pool(&url, 8).await?
                };
                Ok(Db {
                    read,
                    write,
                    backend,
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .map_err(DbError::Connect)?;
                Ok(Db {
                    read: pool.clone(),
                    write: pool,
                    backend,
                })
            }
        }
    }

    /// Applies the migrations of this engine that are not applied yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.write).await?;
        Ok(())
    }

    /// The pool for queries that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// The pool for single-statement writes that need no transaction (a task's heartbeat and
    /// log lines); SQLite's one writer serialises them with every transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// Starts a write transaction. Every mutation goes through one, with its audit record.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        self.write.begin().await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers, for readiness probes.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.read)
            .await
            .map(|_| ())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

async fn sqlite_pool(url: &str, max_connections: u32) -> Result<AnyPool, DbError> {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                sqlx::raw_sql(SQLITE_PRAGMAS).execute(conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(DbError::Connect)
}

/// Adds `mode=rwc` (create when missing) to a SQLite URL and creates the file's directory.
fn sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let dir = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir.filter(|_| path != ":memory:") {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
    }
    Ok(if query.contains("mode=") {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/runway.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("sqlite::memory:").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::from_url("mysql://h/db"),
            Err(DbError::UnsupportedUrl)
        ));
    }

    /// Table and column names of a migration file, in order, ignoring types and comments.
    fn shape(sql: &str) -> Vec<String> {
        sql.lines()
            .map(|line| line.split("--").next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
            .filter_map(|line| {
                let word = line.split_whitespace().next()?;
                let keyword = ["CREATE", "PRIMARY", ");", "REFERENCES"].contains(&word);
                Some(if keyword {
                    line.split('(').next().unwrap_or(line).to_owned()
                } else {
                    word.to_owned()
                })
            })
            .collect()
    }

    #[test]
    fn both_engines_have_the_same_migrations() {
        let dir = |engine: &str| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../migrations")
                .join(engine)
        };
        let names = |engine: &str| {
            let mut names: Vec<String> = std::fs::read_dir(dir(engine))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names("sqlite"), names("postgres"));
        for name in names("sqlite") {
            let read = |engine: &str| std::fs::read_to_string(dir(engine).join(&name)).unwrap();
            assert_eq!(
                shape(&read("sqlite")),
                shape(&read("postgres")),
                "{name} declares the same tables and columns"
            );
        }
    }

    #[test]
    fn sqlite_urls_create_missing_files() {
        let dir = std::env::temp_dir().join(format!("runway-db-url-{}", std::process::id()));
        let file = dir.join("nested/runway.db");
        let url = format!("sqlite://{}", file.display());
        assert_eq!(sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(file.parent().unwrap().is_dir());
        assert_eq!(
            sqlite_url("sqlite::memory:?cache=shared").unwrap(),
            "sqlite::memory:?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_url("sqlite::memory:?mode=ro").unwrap(),
            "sqlite::memory:?mode=ro"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
