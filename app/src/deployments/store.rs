//! SQL of deployments: environments, deployments, commits and incidents.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::model::{Commit, Deployment, DeploymentRow, Environment, Incident, Status, Tier};
use crate::access::decision::Scope;
use crate::access::store::owned_by;
use crate::db::Db;
use crate::db::sql::{DAY_MS, SqlValue, from_millis, insert_rows, to_millis};

pub async fn insert_environments(
    conn: &mut AnyConnection,
    envs: &[Environment],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<SqlValue>> = envs
        .iter()
        .map(|e| {
            vec![
                e.name.clone().into(),
                e.display_name.clone().into(),
                e.tier.as_str().into(),
                e.position.into(),
                e.expires_at.map(to_millis).into(),
                to_millis(e.created_at).into(),
            ]
        })
        .collect();
    let columns = [
        "name",
        "display_name",
        "tier",
        "position",
        "expires_at",
        "created_at",
    ];
    insert_rows(conn, "environments", &columns, &rows).await
}

pub async fn insert_deployments(
    conn: &mut AnyConnection,
    deployments: &[Deployment],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<SqlValue>> = deployments
        .iter()
        .map(|d| {
            vec![
                d.id.clone().into(),
                d.entity_ref.clone().into(),
                d.environment.clone().into(),
                d.version.clone().into(),
                d.commit_sha.clone().into(),
                d.status.as_str().into(),
                d.rollback_of.clone().into(),
                d.triggered_by.clone().into(),
                to_millis(d.started_at).into(),
                d.finished_at.map(to_millis).into(),
            ]
        })
        .collect();
    let columns = [
        "id",
        "entity_ref",
        "environment",
        "version",
        "commit_sha",
        "status",
        "rollback_of",
        "triggered_by",
        "started_at",
        "finished_at",
    ];
    insert_rows(conn, "deployments", &columns, &rows).await
}

pub async fn insert_commits(
    conn: &mut AnyConnection,
    commits: &[Commit],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<SqlValue>> = commits
        .iter()
        .map(|c| {
            vec![
                c.entity_ref.clone().into(),
                c.sha.clone().into(),
                c.message.clone().into(),
                c.author.clone().into(),
                to_millis(c.authored_at).into(),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "commits",
        &["entity_ref", "sha", "message", "author", "authored_at"],
        &rows,
    )
    .await
}

/// Links commits to the deployment that first shipped them: (deployment id, entity ref, sha).
pub async fn link_commits(
    conn: &mut AnyConnection,
    links: &[(String, String, String)],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<SqlValue>> = links
        .iter()
        .map(|(deployment, entity, sha)| {
            vec![
                deployment.clone().into(),
                entity.clone().into(),
                sha.clone().into(),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "deployment_commits",
        &["deployment_id", "entity_ref", "sha"],
        &rows,
    )
    .await
}

pub async fn insert_incidents(
    conn: &mut AnyConnection,
    incidents: &[Incident],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<SqlValue>> = incidents
        .iter()
        .map(|i| {
            vec![
                i.id.clone().into(),
                i.entity_ref.clone().into(),
                i.environment.clone().into(),
                i.title.clone().into(),
                i.severity.clone().into(),
                i.caused_by.clone().into(),
                i.resolved_by.clone().into(),
                to_millis(i.started_at).into(),
                i.resolved_at.map(to_millis).into(),
            ]
        })
        .collect();
    let columns = [
        "id",
        "entity_ref",
        "environment",
        "title",
        "severity",
        "caused_by",
        "resolved_by",
        "started_at",
        "resolved_at",
    ];
    insert_rows(conn, "incidents", &columns, &rows).await
}

pub async fn list_environments(db: &Db) -> Result<Vec<Environment>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT name, display_name, tier, position, expires_at, created_at FROM environments ORDER BY position, name",
    )
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Environment {
                name: row.try_get("name")?,
                display_name: row.try_get("display_name")?,
                tier: parse_column(row, "tier", Tier::parse)?,
                position: row.try_get("position")?,
                expires_at: row
                    .try_get::<Option<i64>, _>("expires_at")?
                    .map(from_millis),
                created_at: from_millis(row.try_get("created_at")?),
            })
        })
        .collect()
}

/// The most recent deployments of entities `scope` covers, newest first, optionally in one
/// environment.
pub async fn recent_deployments(
    db: &Db,
    environment: Option<&str>,
    limit: i64,
    scope: &Scope,
) -> Result<Vec<DeploymentRow>, sqlx::Error> {
    let (owned, owners) = owned_by("e.owner_ref", scope, 3);
    let sql = format!(
        "SELECT d.id, d.entity_ref, d.environment, d.version, d.commit_sha, d.status, d.rollback_of, \
         d.triggered_by, d.started_at, d.finished_at, v.tier, e.title, e.owner_ref \
         FROM deployments d JOIN environments v ON v.name = d.environment \
         LEFT JOIN entities e ON e.entity_ref = d.entity_ref \
         WHERE ($1 = '' OR d.environment = $1){owned} ORDER BY d.started_at DESC, d.id LIMIT $2"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(environment.unwrap_or_default().to_owned())
        .bind(limit);
    for owner in owners {
        query = query.bind(owner);
    }
    let rows = query.fetch_all(db.reader()).await?;
    rows.iter()
        .map(|row| {
            Ok(DeploymentRow {
                deployment: deployment_from(row)?,
                tier: parse_column(row, "tier", Tier::parse)?,
                title: row.try_get("title")?,
                owner_ref: row.try_get("owner_ref")?,
            })
        })
        .collect()
}

/// Deployments of entities `scope` covers started in `[from, to)`, in every environment or in
/// production only.
pub async fn count_deployments(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    production_only: bool,
    scope: &Scope,
) -> Result<i64, sqlx::Error> {
    let (owned, owners) = owned_by("e.owner_ref", scope, 4);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM deployments d JOIN environments v ON v.name = d.environment \
         LEFT JOIN entities e ON e.entity_ref = d.entity_ref \
         WHERE d.started_at >= $1 AND d.started_at < $2 AND ($3 = 0 OR v.tier = 'production'){owned}"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(to_millis(from))
        .bind(to_millis(to))
        .bind(i64::from(production_only));
    for owner in owners {
        query = query.bind(owner);
    }
    query.fetch_one(db.reader()).await?.try_get("n")
}

/// Deployments of entities `scope` covers per UTC day since `from`, split into those that
/// succeeded and those that failed or were rolled back. Days without deployments are absent.
pub async fn daily_outcomes(
    db: &Db,
    from: DateTime<Utc>,
    scope: &Scope,
) -> Result<Vec<(NaiveDate, i64, i64)>, sqlx::Error> {
    let (owned, owners) = owned_by("e.owner_ref", scope, 3);
    let sql = format!(
        "SELECT d.started_at / $1 AS day, \
         CAST(SUM(CASE WHEN d.status = 'succeeded' THEN 1 ELSE 0 END) AS BIGINT) AS ok, \
         CAST(SUM(CASE WHEN d.status IN ('failed', 'rolled_back') THEN 1 ELSE 0 END) AS BIGINT) AS bad \
         FROM deployments d LEFT JOIN entities e ON e.entity_ref = d.entity_ref \
         WHERE d.started_at >= $2{owned} GROUP BY day ORDER BY day"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(DAY_MS)
        .bind(to_millis(from));
    for owner in owners {
        query = query.bind(owner);
    }
    let rows = query.fetch_all(db.reader()).await?;
    rows.iter()
        .map(|row| {
            let day: i64 = row.try_get("day")?;
            Ok((
                from_millis(day * DAY_MS).date_naive(),
                row.try_get("ok")?,
                row.try_get("bad")?,
            ))
        })
        .collect()
}

/// Incidents of entities `scope` covers that have started and are not resolved yet.
pub async fn count_open_incidents(db: &Db, scope: &Scope) -> Result<i64, sqlx::Error> {
    let (owned, owners) = owned_by("e.owner_ref", scope, 1);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM incidents i LEFT JOIN entities e ON e.entity_ref = i.entity_ref \
         WHERE i.resolved_at IS NULL{owned}"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for owner in owners {
        query = query.bind(owner);
    }
    query.fetch_one(db.reader()).await?.try_get("n")
}

fn deployment_from(row: &AnyRow) -> Result<Deployment, sqlx::Error> {
    Ok(Deployment {
        id: row.try_get("id")?,
        entity_ref: row.try_get("entity_ref")?,
        environment: row.try_get("environment")?,
        version: row.try_get("version")?,
        commit_sha: row.try_get("commit_sha")?,
        status: parse_column(row, "status", Status::parse)?,
        rollback_of: row.try_get("rollback_of")?,
        triggered_by: row.try_get("triggered_by")?,
        started_at: from_millis(row.try_get("started_at")?),
        finished_at: row
            .try_get::<Option<i64>, _>("finished_at")?
            .map(from_millis),
    })
}

/// Reads a text column holding one of an enum's names; anything else is a decode error.
fn parse_column<T>(
    row: &AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unexpected value {text:?}").into(),
    })
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
