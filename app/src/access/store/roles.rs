//! SQL of roles, their grants and role bindings, and the version that tells replicas to reload.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use crate::access::decision::{Policy, Reach, Role, RoleBinding, Subject};
use crate::access::permission::Permission;
use crate::db::Db;
use crate::db::sql::to_millis;

fn reach_text(reach: Reach) -> &'static str {
    match reach {
        Reach::Any => "any",
        Reach::OwnTeams => "own_teams",
    }
}

/// Makes the built-in roles exactly as the code defines them (run at every start, so a new
/// permission reaches the admin role without a migration). Custom roles are left alone.
pub async fn sync_builtin(
    conn: &mut AnyConnection,
    roles: &[Role],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for role in roles {
        sqlx::query(
            "INSERT INTO roles (name, description, builtin, created_at, updated_at) VALUES ($1, $2, 1, $3, $3) \
             ON CONFLICT (name) DO UPDATE SET description = $2, builtin = 1",
        )
        .bind(role.name.clone())
        .bind(role.description.clone())
        .bind(to_millis(at))
        .execute(&mut *conn)
        .await?;
        set_grants(conn, &role.name, &role.grants).await?;
    }
    Ok(())
}

/// Replaces a role's grants.
pub async fn set_grants(
    conn: &mut AnyConnection,
    role: &str,
    grants: &BTreeMap<Permission, Reach>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM role_grants WHERE role = $1")
        .bind(role.to_owned())
        .execute(&mut *conn)
        .await?;
    for (permission, reach) in grants {
        sqlx::query("INSERT INTO role_grants (role, permission, reach) VALUES ($1, $2, $3)")
            .bind(role.to_owned())
            .bind(permission.name())
            .bind(reach_text(*reach))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Creates a custom role.
pub async fn create(
    conn: &mut AnyConnection,
    role: &Role,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO roles (name, description, builtin, created_at, updated_at) VALUES ($1, $2, 0, $3, $3)")
        .bind(role.name.clone())
        .bind(role.description.clone())
        .bind(to_millis(at))
        .execute(&mut *conn)
        .await?;
    set_grants(conn, &role.name, &role.grants).await
}

/// Deletes a custom role with its grants; built-in roles are never deleted. The caller checks
/// that no binding names the role.
pub async fn delete(conn: &mut AnyConnection, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM role_grants WHERE role IN (SELECT name FROM roles WHERE name = $1 AND builtin = 0)")
        .bind(name.to_owned())
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM roles WHERE name = $1 AND builtin = 0")
        .bind(name.to_owned())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every role with its grants, built-in first, then by name.
pub async fn list(db: &Db) -> Result<Vec<Role>, sqlx::Error> {
    let roles =
        sqlx::query("SELECT name, description, builtin FROM roles ORDER BY builtin DESC, name")
            .fetch_all(db.reader())
            .await?;
    let grants = sqlx::query("SELECT role, permission, reach FROM role_grants")
        .fetch_all(db.reader())
        .await?;
    let mut by_role: BTreeMap<String, BTreeMap<Permission, Reach>> = BTreeMap::new();
    for row in &grants {
        let permission: String = row.try_get("permission")?;
        // A permission a newer version wrote and this one does not know grants nothing here.
        let Some(permission) = Permission::parse(&permission) else {
            continue;
        };
        let reach = if row.try_get::<String, _>("reach")? == "own_teams" {
            Reach::OwnTeams
        } else {
            Reach::Any
        };
        by_role
            .entry(row.try_get("role")?)
            .or_default()
            .insert(permission, reach);
    }
    let mut out: Vec<Role> = roles
        .iter()
        .map(|row| {
            let name: String = row.try_get("name")?;
            Ok(Role {
                grants: by_role.remove(&name).unwrap_or_default(),
                description: row.try_get("description")?,
                builtin: row.try_get::<i64, _>("builtin")? != 0,
                name,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    // Built-in roles in their documented order: viewer, developer, manager, admin.
    let order = |r: &Role| {
        crate::access::decision::builtin_roles()
            .iter()
            .position(|b| b.name == r.name)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|r| (order(r), r.name.clone()));
    Ok(out)
}

pub async fn create_binding(
    conn: &mut AnyConnection,
    binding: &RoleBinding,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (kind, subject) = match &binding.subject {
        Subject::User(id) => ("user", id.clone()),
        Subject::Team(team) => ("team", team.clone()),
    };
    sqlx::query(
        "INSERT INTO role_bindings (id, subject_kind, subject, role, scope, source, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(binding.id.clone())
    .bind(kind)
    .bind(subject)
    .bind(binding.role.clone())
    .bind(binding.scope.clone())
    .bind(binding.source.clone())
    .bind(to_millis(at))
    .bind(by.to_owned())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_binding(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<RoleBinding>, sqlx::Error> {
    let found = bindings_where(&mut *conn, "WHERE id = $1", Some(id))
        .await?
        .pop();
    sqlx::query("DELETE FROM role_bindings WHERE id = $1")
        .bind(id.to_owned())
        .execute(conn)
        .await?;
    Ok(found)
}

pub async fn list_bindings(db: &Db) -> Result<Vec<RoleBinding>, sqlx::Error> {
    let mut conn = db.reader().acquire().await?;
    bindings_where(&mut conn, "", None).await
}

async fn bindings_where(
    conn: &mut AnyConnection,
    filter: &str,
    id: Option<&str>,
) -> Result<Vec<RoleBinding>, sqlx::Error> {
    let sql = format!(
        "SELECT id, subject_kind, subject, role, scope, source FROM role_bindings {filter} ORDER BY created_at, id"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(id) = id {
        query = query.bind(id.to_owned());
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let subject: String = row.try_get("subject")?;
            Ok(RoleBinding {
                id: row.try_get("id")?,
                subject: if row.try_get::<String, _>("subject_kind")? == "team" {
                    Subject::Team(subject)
                } else {
                    Subject::User(subject)
                },
                role: row.try_get("role")?,
                scope: row.try_get("scope")?,
                source: row.try_get("source")?,
            })
        })
        .collect()
}

/// Makes a user's bindings from `source` exactly one global binding per role in `roles`, e.g.
/// the roles the identity provider's groups map to. Returns whether anything changed.
pub async fn sync_user_bindings(
    conn: &mut AnyConnection,
    user_id: &str,
    source: &str,
    roles: &std::collections::BTreeSet<String>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let current = bindings_where(
        &mut *conn,
        "WHERE subject_kind = 'user' AND subject = $1",
        Some(user_id),
    )
    .await?;
    let current: Vec<RoleBinding> = current
        .into_iter()
        .filter(|b| b.source == source && b.scope.is_none())
        .collect();
    let have: std::collections::BTreeSet<String> = current.iter().map(|b| b.role.clone()).collect();
    if &have == roles {
        return Ok(false);
    }
    for binding in current.iter().filter(|b| !roles.contains(&b.role)) {
        sqlx::query("DELETE FROM role_bindings WHERE id = $1")
            .bind(binding.id.clone())
            .execute(&mut *conn)
            .await?;
    }
    for role in roles.difference(&have) {
        let binding = RoleBinding {
            id: uuid::Uuid::new_v4().to_string(),
            subject: Subject::User(user_id.to_owned()),
            role: role.clone(),
            scope: None,
            source: source.to_owned(),
        };
        create_binding(conn, &binding, source, at).await?;
    }
    Ok(true)
}

/// How many bindings name a role.
pub async fn bindings_of_role(db: &Db, role: &str) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM role_bindings WHERE role = $1")
        .bind(role.to_owned())
        .fetch_one(db.reader())
        .await?
        .try_get("n")
}

/// Reads roles and bindings into a [`Policy`].
pub async fn load_policy(db: &Db) -> Result<(i64, Policy), sqlx::Error> {
    let version = version(db).await?;
    Ok((
        version,
        Policy::new(list(db).await?, list_bindings(db).await?),
    ))
}

/// The access version; every change to users, teams, roles or bindings bumps it.
pub async fn version(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT version FROM access_version WHERE id = 1")
        .fetch_one(db.reader())
        .await?
        .try_get("version")
}

pub async fn bump_version(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE access_version SET version = version + 1 WHERE id = 1")
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
