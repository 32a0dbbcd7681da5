//! The SQL migrations of both engines, embedded in the binary and handed to sqlx's migrator.
//!
//! They are listed here instead of found by `sqlx::migrate!`: that proc macro links all of sqlx,
//! both drivers, SQLite's C, rustls and tokio into the compiler as a host build (194 crates), a
//! second copy of each in every release build, to read two folders of SQL. The test below reads
//! the folders the way the macro did, so a file left out of the list, or a checksum that would
//! differ from what existing databases recorded, fails it.

use std::sync::LazyLock;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// Embeds each named migration from both folders: one list, because the two engines' folders
/// hold the same migrations (their SQL differs where the engines do).
macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        const SQLITE: &[(&str, &str)] = &[$(
            ($name, include_str!(concat!("../../../migrations/sqlite/", $name))),
        )*];
        const POSTGRES: &[(&str, &str)] = &[$(
            ($name, include_str!(concat!("../../../migrations/postgres/", $name))),
        )*];
    };
}

embed![
    "20261129000001_foundation.sql",
    "20261129000002_identity.sql",
    "20261129000003_catalog.sql",
    "20261129000004_catalog_search.sql",
    "20261201000005_catalog_changes.sql",
    "20261202000006_api_operations.sql",
    "20261202000007_sign_in_throttle.sql",
    "20261203000008_tasks.sql",
    "20261203000009_task_template_base.sql",
];

pub static SQLITE_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(SQLITE));
pub static POSTGRES_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(POSTGRES));

/// A migrator over embedded files named `<version>_<description>.sql`, with the version,
/// description, type, checksum and transaction mode `sqlx::migrate!` derives from the same file.
fn migrator(files: &'static [(&'static str, &'static str)]) -> Migrator {
    Migrator::with_migrations(
        files
            .iter()
            .map(|&(name, sql)| {
                let (version, rest) = name
                    .split_once('_')
                    .expect("a migration is named <version>_<description>.sql");
                let kind = MigrationType::from_filename(rest);
                Migration::new(
                    version.parse().expect("a migration's version is a number"),
                    rest.trim_end_matches(kind.suffix())
                        .replace('_', " ")
                        .into(),
                    kind,
                    sql.into_sql_str(),
                    sql.starts_with("-- no-transaction"),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// What sqlx reads from a folder at run time, which is what its macro embedded.
    async fn from_folder(engine: &str) -> Migrator {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(engine);
        Migrator::new(dir)
            .await
            .expect("the migrations folder reads")
    }

    fn summary(migrator: &Migrator) -> Vec<(i64, String, Vec<u8>, bool, bool)> {
        migrator
            .iter()
            .map(|m| {
                let kind = m.migration_type;
                let simple = matches!(kind, MigrationType::Simple);
                (
                    m.version,
                    m.description.to_string(),
                    m.checksum.to_vec(),
                    m.no_tx,
                    simple,
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn the_embedded_migrations_are_every_file_of_each_folder_as_sqlx_reads_it() {
        for (engine, embedded) in [
            ("sqlite", &SQLITE_MIGRATIONS),
            ("postgres", &POSTGRES_MIGRATIONS),
        ] {
            let expected = summary(&from_folder(engine).await);
            assert!(
                expected.len() >= 9,
                "{engine}: {} migrations",
                expected.len()
            );
            assert_eq!(summary(embedded), expected, "{engine}");
        }
    }

    #[test]
    fn names_give_sqlx_s_version_and_description() {
        let m = migrator(&[(
            "20261203000008_task_runs.sql",
            "-- no-transaction\nSELECT 1;",
        )]);
        let m = m.iter().next().unwrap();
        assert_eq!((m.version, &*m.description), (20261203000008, "task runs"));
        assert!(m.no_tx);
    }
}
