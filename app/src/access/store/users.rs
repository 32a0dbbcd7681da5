//! SQL of users and the team memberships that do not come from the catalog.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::optional_time;
use crate::access::identity::User;
use crate::db::Db;
use crate::db::sql::{from_millis, to_millis};

/// A user as stored, with the secret the store alone handles.
#[derive(Debug, Clone)]
pub struct StoredUser {
    pub user: User,
    pub password_hash: Option<String>,
}

/// What a new account starts with.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub oidc_subject: Option<String>,
    pub entity_ref: Option<String>,
}

const COLUMNS: &str = "id, login, display_name, email, avatar_url, active, password_hash, oidc_subject, entity_ref, created_at, last_seen_at";

fn from_row(row: &AnyRow) -> Result<StoredUser, sqlx::Error> {
    let password_hash: Option<String> = row.try_get("password_hash")?;
    let oidc_subject: Option<String> = row.try_get("oidc_subject")?;
    Ok(StoredUser {
        user: User {
            id: row.try_get("id")?,
            login: row.try_get("login")?,
            display_name: row.try_get("display_name")?,
            email: row.try_get("email")?,
            avatar_url: row.try_get("avatar_url")?,
            active: row.try_get::<i64, _>("active")? != 0,
            has_password: password_hash.is_some(),
            sso: oidc_subject.is_some(),
            entity_ref: row.try_get("entity_ref")?,
            created_at: from_millis(row.try_get("created_at")?),
            last_seen_at: optional_time(row, "last_seen_at")?,
        },
        password_hash,
    })
}

/// Creates an active account; the login must be normalized and free.
pub async fn insert(
    conn: &mut AnyConnection,
    new: &NewUser,
    at: DateTime<Utc>,
) -> Result<User, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO users (id, login, display_name, email, avatar_url, active, password_hash, oidc_subject, \
         entity_ref, created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, 1, $5, $6, $7, $8, $8)",
    )
    .bind(id.clone())
    .bind(new.login.clone())
    .bind(new.display_name.clone())
    .bind(new.email.clone())
    .bind(new.password_hash.clone())
    .bind(new.oidc_subject.clone())
    .bind(new.entity_ref.clone())
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(by_id_in(conn, &id)
        .await?
        .expect("the row just inserted")
        .user)
}

async fn by_id_in(conn: &mut AnyConnection, id: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

async fn by(db: &Db, column: &str, value: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE {column} = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value.to_owned())
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    by(db, "id", id).await
}

/// Looks a login up case-insensitively.
pub async fn by_login(db: &Db, login: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    by(db, "login", &login.trim().to_lowercase()).await
}

pub async fn by_oidc_subject(db: &Db, subject: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    by(db, "oidc_subject", subject).await
}

/// Users whose login, name or email contains `text`, by login; and how many match.
pub async fn list(
    db: &Db,
    text: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<User>, i64), sqlx::Error> {
    let pattern = if text.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", text.trim().to_lowercase())
    };
    const FILTER: &str = "WHERE $1 = '' OR login LIKE $1 OR LOWER(display_name) LIKE $1 OR LOWER(COALESCE(email, '')) LIKE $1";
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM users {FILTER}"
    )))
    .bind(pattern.clone())
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users {FILTER} ORDER BY login LIMIT $2 OFFSET $3"
    )))
    .bind(pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.reader())
    .await?;
    let users = rows
        .iter()
        .map(|r| from_row(r).map(|s| s.user))
        .collect::<Result<_, _>>()?;
    Ok((users, total))
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(db.reader())
        .await?
        .try_get("n")
}

pub async fn set_active(
    conn: &mut AnyConnection,
    id: &str,
    active: bool,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(to_millis(at))
        .bind(id.to_owned())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash.to_owned())
        .bind(to_millis(at))
        .bind(id.to_owned())
        .execute(conn)
        .await?;
    Ok(())
}

/// Updates what the identity provider says about a linked account.
pub async fn update_profile(
    conn: &mut AnyConnection,
    id: &str,
    display_name: &str,
    email: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1, email = $2, updated_at = $3 WHERE id = $4")
        .bind(display_name.to_owned())
        .bind(email.map(str::to_owned))
        .bind(to_millis(at))
        .bind(id.to_owned())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn touch(db: &Db, id: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let mut conn = db.begin().await?;
    sqlx::query("UPDATE users SET last_seen_at = $1 WHERE id = $2")
        .bind(to_millis(at))
        .bind(id.to_owned())
        .execute(&mut *conn)
        .await?;
    conn.commit().await
}

/// The teams a user belongs to: from their catalog entity's memberOf relations and from
/// memberships an admin or the identity provider granted.
pub async fn teams_of(db: &Db, user: &User) -> Result<BTreeSet<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT target_ref AS team FROM entity_relations WHERE source_ref = $1 AND type = 'memberOf' \
         UNION SELECT team_ref AS team FROM team_members WHERE user_id = $2",
    )
    .bind(user.entity_ref.clone().unwrap_or_default().to_lowercase())
    .bind(user.id.clone())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(|r| r.try_get("team")).collect()
}

/// A team's members: the catalog's (user entity ref and display name) and those granted outside
/// the catalog (the account and the grant's source).
pub async fn members_of(
    db: &Db,
    team_ref: &str,
) -> Result<(Vec<(String, String)>, Vec<(User, String)>), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT r.target_ref AS member, e.name AS name, e.body AS body FROM entity_relations r \
         LEFT JOIN entities e ON e.entity_ref = r.target_ref \
         WHERE r.source_ref = $1 AND r.type = 'hasMember' ORDER BY r.target_ref",
    )
    .bind(team_ref.to_owned())
    .fetch_all(db.reader())
    .await?;
    let catalog = rows
        .iter()
        .map(|r| {
            let member: String = r.try_get("member")?;
            let body: Option<String> = r.try_get("body")?;
            let name = body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
                .and_then(|v| {
                    v["spec"]["profile"]["displayName"]
                        .as_str()
                        .map(str::to_owned)
                })
                .or(r.try_get::<Option<String>, _>("name")?)
                .unwrap_or_else(|| member.clone());
            Ok((member, name))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let sql = format!(
        "SELECT {}, m.source AS source FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_ref = $1 ORDER BY u.login",
        COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(team_ref.to_owned())
        .fetch_all(db.reader())
        .await?;
    let granted = rows
        .iter()
        .map(|r| Ok((from_row(r)?.user, r.try_get("source")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((catalog, granted))
}

/// Adds a membership that is not in the catalog; `source` is `admin` or `oidc`.
pub async fn add_member(
    conn: &mut AnyConnection,
    team_ref: &str,
    user_id: &str,
    source: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO team_members (team_ref, user_id, source, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(team_ref.to_owned())
    .bind(user_id.to_owned())
    .bind(source.to_owned())
    .bind(to_millis(at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove_member(
    conn: &mut AnyConnection,
    team_ref: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM team_members WHERE team_ref = $1 AND user_id = $2")
        .bind(team_ref.to_owned())
        .bind(user_id.to_owned())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the memberships one source granted to a user, e.g. the identity provider's groups
/// at each sign-in. Returns whether anything changed.
pub async fn set_memberships(
    conn: &mut AnyConnection,
    user_id: &str,
    source: &str,
    teams: &BTreeSet<String>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query("SELECT team_ref FROM team_members WHERE user_id = $1 AND source = $2")
        .bind(user_id.to_owned())
        .bind(source.to_owned())
        .fetch_all(&mut *conn)
        .await?;
    let current: BTreeSet<String> = rows
        .iter()
        .map(|r| r.try_get("team_ref"))
        .collect::<Result<_, _>>()?;
    if &current == teams {
        return Ok(false);
    }
    for gone in current.difference(teams) {
        remove_member(conn, gone, user_id).await?;
    }
    for new in teams.difference(&current) {
        add_member(conn, new, user_id, source, at).await?;
    }
    Ok(true)
}

#[cfg(test)]
#[path = "users_tests.rs"]
mod tests;

/// What a decision needs to know about `user`: their id, login, whether active, and teams.
pub async fn principal_of(
    db: &Db,
    user: &User,
) -> Result<crate::access::decision::Principal, sqlx::Error> {
    Ok(crate::access::decision::Principal {
        user_id: user.id.clone(),
        login: user.login.clone(),
        active: user.active,
        teams: teams_of(db, user).await?,
    })
}
