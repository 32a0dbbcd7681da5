//! What every endpoint requires before it runs: the one table the authentication layer
//! enforces, so no server function or REST route can forget its check.
//!
//! The layer refuses anonymous callers (401) and callers who hold the permission nowhere (403)
//! before any argument is read. Inside, server functions still decide per entity.
//! A test fails when a registered server function is missing from this table.

use super::permission::Permission;

/// What a caller needs to reach an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Anyone, signed in or not (sign-in itself, probes, static files).
    Public,
    /// Any signed-in, active user.
    SignedIn,
    /// A signed-in user who holds this permission for at least some entities.
    Permission(Permission),
}

use Permission::*;
use Requirement::*;

/// Server functions (`/api/...`) and REST routes (`/api/v1/...`, `/api/catalog/...`) with their
/// requirement. A path may hold `{parameter}` segments; an entry may start with a method
/// (`DELETE /api/...`) when methods of one path need different permissions.
pub const ENDPOINTS: &[(&str, Requirement)] = &[
    ("/api/auth/options", Public),
    ("/api/auth/sign_in", Public),
    ("/api/auth/me", Public),
    ("/api/auth/sign_out", SignedIn),
    ("/api/auth/change_password", SignedIn),
    ("/api/tokens/mine", SignedIn),
    ("/api/tokens/create", SignedIn),
    ("/api/tokens/revoke", SignedIn),
    ("/api/admin/users/list", Permission(AdminUsersManage)),
    ("/api/admin/users/set_active", Permission(AdminUsersManage)),
    ("/api/admin/users/create", Permission(AdminUsersManage)),
    ("/api/admin/sessions/list", Permission(AdminUsersManage)),
    ("/api/admin/sessions/revoke", Permission(AdminUsersManage)),
    ("/api/admin/tokens/list", Permission(AdminUsersManage)),
    ("/api/admin/tokens/revoke", Permission(AdminUsersManage)),
    ("/api/admin/teams/list", Permission(AdminTeamsManage)),
    ("/api/admin/teams/add_member", Permission(AdminTeamsManage)),
    (
        "/api/admin/teams/remove_member",
        Permission(AdminTeamsManage),
    ),
    ("/api/admin/roles/list", Permission(AdminRolesManage)),
    ("/api/admin/roles/create", Permission(AdminRolesManage)),
    ("/api/admin/roles/set_grant", Permission(AdminRolesManage)),
    ("/api/admin/roles/delete", Permission(AdminRolesManage)),
    ("/api/admin/bindings/create", Permission(AdminRolesManage)),
    ("/api/admin/bindings/delete", Permission(AdminRolesManage)),
    ("/api/admin/explain", Permission(AdminRolesManage)),
    ("/api/admin/audit/search", Permission(AuditRead)),
    ("/api/v1/audit.csv", Permission(AuditRead)),
    ("/api/v1/me", SignedIn),
    // The API's description holds no data; tools read it before they have a token.
    ("/api/v1/openapi.json", Public),
    ("/api/v1/catalog/import", Permission(CatalogEntityCreate)),
    ("/api/catalog/entities", Permission(CatalogEntityRead)),
    (
        "/api/catalog/entities/by-query",
        Permission(CatalogEntityRead),
    ),
    (
        "/api/catalog/entities/by-refs",
        Permission(CatalogEntityRead),
    ),
    (
        "/api/catalog/entities/by-name/{kind}/{namespace}/{name}",
        Permission(CatalogEntityRead),
    ),
    (
        "GET /api/catalog/entities/by-uid/{uid}",
        Permission(CatalogEntityRead),
    ),
    (
        "DELETE /api/catalog/entities/by-uid/{uid}",
        Permission(CatalogEntityDelete),
    ),
    ("/api/catalog/entity-facets", Permission(CatalogEntityRead)),
    (
        "/api/catalog/validate-entity",
        Permission(CatalogEntityRead),
    ),
    ("GET /api/catalog/locations", Permission(CatalogEntityRead)),
    (
        "POST /api/catalog/locations",
        Permission(CatalogLocationManage),
    ),
    (
        "GET /api/catalog/locations/{id}",
        Permission(CatalogEntityRead),
    ),
    (
        "DELETE /api/catalog/locations/{id}",
        Permission(CatalogLocationManage),
    ),
    ("/api/catalog/refresh", Permission(CatalogLocationManage)),
    ("/api/home/stats", Permission(CatalogEntityRead)),
    ("/api/catalog/list", Permission(CatalogEntityRead)),
    ("/api/catalog/search", Permission(CatalogEntityRead)),
    ("/api/catalog/entity", Permission(CatalogEntityRead)),
    ("/api/catalog/graph", Permission(CatalogEntityRead)),
    ("/api/catalog/star", Permission(CatalogEntityRead)),
    ("/api/catalog/preview", Permission(CatalogEntityUpdate)),
    ("/api/catalog/save", Permission(CatalogEntityUpdate)),
    ("/api/catalog/preview_new", Permission(CatalogEntityCreate)),
    ("/api/catalog/create", Permission(CatalogEntityCreate)),
    ("/api/catalog/delete", Permission(CatalogEntityDelete)),
    ("/api/catalog/import", Permission(CatalogEntityCreate)),
    ("/api/deployments/list", Permission(CatalogEntityRead)),
];

/// Pages anyone may open.
pub const PUBLIC_PAGES: &[&str] = &["/sign-in"];

/// Files served as they are, under these prefixes or at these paths.
const STATIC_PREFIXES: &[&str] = &["/pkg/", "/fonts/"];
const STATIC_FILES: &[&str] = &["/favicon.svg", "/logo.svg", "/robots.txt"];

/// Operational endpoints for orchestrators and scrapers.
const OPERATIONS: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// The declared requirement of a route (`path` as registered, with `{parameter}` segments).
pub fn declared(method: &str, path: &str) -> Option<Requirement> {
    ENDPOINTS.iter().find_map(|(entry, requirement)| {
        let (entry_method, entry_path) = split_method(entry);
        (entry_path == path && entry_method.is_none_or(|m| m == method)).then_some(*requirement)
    })
}

fn split_method(entry: &str) -> (Option<&str>, &str) {
    match entry.split_once(' ') {
        Some((method, path)) => (Some(method), path),
        None => (None, entry),
    }
}

/// Whether a request path matches a route path with `{parameter}` segments.
fn matches(pattern: &str, path: &str) -> bool {
    let mut pattern = pattern.split('/');
    let mut path = path.split('/');
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if p.starts_with('{') && p.ends_with('}') && !s.is_empty() => {}
            (Some(p), Some(s)) if p == s => {}
            _ => return false,
        }
    }
}

/// The requirement for a request. API paths not in [`ENDPOINTS`] need a signed-in caller
/// (and then find nothing); every page but the sign-in page needs one too.
pub fn requirement_of(method: &str, path: &str) -> Requirement {
    if path.starts_with("/api/") {
        let found = ENDPOINTS.iter().find(|(entry, _)| {
            let (entry_method, entry_path) = split_method(entry);
            entry_method.is_none_or(|m| m == method) && matches(entry_path, path)
        });
        if let Some((_, requirement)) = found {
            return *requirement;
        }
    }
    requirement(path)
}

/// The requirement for a request path, whatever the method (see [`requirement_of`]).
pub fn requirement(path: &str) -> Requirement {
    if STATIC_PREFIXES.iter().any(|p| path.starts_with(p))
        || STATIC_FILES.contains(&path)
        || OPERATIONS.contains(&path)
    {
        return Public;
    }
    if path.starts_with("/auth/oidc/") {
        return Public;
    }
    if let Some((_, requirement)) = ENDPOINTS
        .iter()
        .find(|(entry, _)| matches(split_method(entry).1, path))
    {
        return *requirement;
    }
    if PUBLIC_PAGES.contains(&path) {
        Public
    } else {
        SignedIn
    }
}

/// Whether a path is a page (HTML for people) rather than an API or a file.
pub fn is_page(path: &str) -> bool {
    !path.starts_with("/api/") && !path.starts_with("/auth/") && requirement(path) != Public
        || PUBLIC_PAGES.contains(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements() {
        for (path, expected) in [
            ("/pkg/runway.wasm", Public),
            ("/favicon.svg", Public),
            ("/healthz", Public),
            ("/sign-in", Public),
            ("/auth/oidc/callback", Public),
            ("/api/auth/sign_in", Public),
            ("/api/auth/sign_out", SignedIn),
            ("/api/catalog/list", Permission(CatalogEntityRead)),
            ("/api/catalog/search", Permission(CatalogEntityRead)),
            ("/api/catalog/entity", Permission(CatalogEntityRead)),
            ("/api/catalog/graph", Permission(CatalogEntityRead)),
            ("/api/catalog/star", Permission(CatalogEntityRead)),
            ("/api/catalog/preview", Permission(CatalogEntityUpdate)),
            ("/api/catalog/save", Permission(CatalogEntityUpdate)),
            ("/api/catalog/delete", Permission(CatalogEntityDelete)),
            ("/api/catalog/import", Permission(CatalogEntityCreate)),
            ("/api/unknown", SignedIn),
            ("/", SignedIn),
            ("/catalog/component/default/my.service", SignedIn),
            ("/admin", SignedIn),
            ("/pkgx", SignedIn),
        ] {
            assert_eq!(requirement(path), expected, "{path}");
        }
    }

    #[test]
    fn pages() {
        assert!(is_page("/") && is_page("/catalog") && is_page("/sign-in"));
        assert!(
            !is_page("/api/home/stats")
                && !is_page("/pkg/runway.js")
                && !is_page("/healthz")
                && !is_page("/auth/oidc/login")
        );
    }

    #[test]
    fn routes_with_parameters_and_methods() {
        let by_uid = "/api/catalog/entities/by-uid/123";
        assert_eq!(requirement_of("GET", by_uid), Permission(CatalogEntityRead));
        assert_eq!(
            requirement_of("DELETE", by_uid),
            Permission(CatalogEntityDelete)
        );
        assert_eq!(
            requirement_of(
                "GET",
                "/api/catalog/entities/by-name/component/default/cart"
            ),
            Permission(CatalogEntityRead)
        );
        assert_eq!(
            requirement_of("GET", "/api/catalog/entities/by-name/component"),
            SignedIn
        );
        assert_eq!(
            requirement_of("GET", "/api/catalog/entities/by-uid/"),
            SignedIn
        );
        assert_eq!(
            declared("DELETE", "/api/catalog/locations/{id}"),
            Some(Permission(CatalogLocationManage))
        );
        assert_eq!(declared("PUT", "/api/catalog/locations/{id}"), None);
    }

    #[test]
    fn every_endpoint_is_listed_once() {
        let mut paths: Vec<&str> = ENDPOINTS.iter().map(|(p, _)| *p).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), ENDPOINTS.len());
    }
}
