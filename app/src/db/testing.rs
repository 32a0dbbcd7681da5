//! Test support: fresh, migrated databases on every engine the tests can reach.
//!
//! SQLite always runs, in a new file. PostgreSQL runs when `RUNWAY_TEST_POSTGRES_URL` is set
//! (`make test` sets it), each test in a schema of its own so tests never see each other's rows.
//! A set but unreachable URL fails the test rather than skipping PostgreSQL silently.

use std::path::PathBuf;

use super::{Backend, Db};

/// A migrated database for one test; call [`TestDb::close`] at the end to remove it.
pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Schema { admin_url: String, schema: String },
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Closes the pools and drops the file or schema.
    pub async fn close(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Schema { admin_url, schema } => {
                let admin = Db::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                let drop = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                    .execute(admin.reader())
                    .await
                    .expect("drop the test schema");
                admin.close().await;
            }
        }
    }
}

/// One fresh database per engine: SQLite, and PostgreSQL when configured.
pub async fn databases() -> Vec<TestDb> {
    let mut all = vec![sqlite().await];
    if let Some(url) = std::env::var("RUNWAY_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        all.push(postgres(&url).await);
    }
    all
}

/// A fresh, migrated SQLite database in a temporary file.
pub async fn sqlite() -> TestDb {
    let path =
        std::env::temp_dir().join(format!("runway-test-{}.db", uuid::Uuid::new_v4().simple()));
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open SQLite");
    db.migrate().await.expect("migrate SQLite");
    TestDb {
        db,
        cleanup: Cleanup::File(path),
    }
}

async fn postgres(admin_url: &str) -> TestDb {
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = Db::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("RUNWAY_TEST_POSTGRES_URL is set but {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(admin.reader())
        .await
        .expect("create the test schema");
    admin.close().await;
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    // A statement waiting on a lock for 20 s fails, naming the wait, instead of hanging a test.
    let url = format!(
        "{admin_url}{separator}options=-c%20search_path%3D{schema}%20-c%20lock_timeout%3D20000"
    );
    let db = Db::connect(&url).await.expect("connect to the test schema");
    db.migrate().await.expect("migrate PostgreSQL");
    TestDb {
        db,
        cleanup: Cleanup::Schema {
            admin_url: admin_url.to_owned(),
            schema,
        },
    }
}
