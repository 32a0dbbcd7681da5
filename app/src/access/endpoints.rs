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

/// Server functions (`/api/...`) and REST routes (`/api/v1/...`) with their requirement.
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
    ("/api/v1/catalog/import", Permission(CatalogEntityCreate)),
    ("/api/home/stats", Permission(CatalogEntityRead)),
    ("/api/catalog/list", Permission(CatalogEntityRead)),
    ("/api/catalog/search", Permission(CatalogEntityRead)),
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

/// The requirement for a request path. API paths not in [`ENDPOINTS`] need a signed-in caller
/// (and then find nothing); every page but the sign-in page needs one too.
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
    if let Some((_, requirement)) = ENDPOINTS.iter().find(|(p, _)| *p == path) {
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
    fn every_endpoint_is_listed_once() {
        let mut paths: Vec<&str> = ENDPOINTS.iter().map(|(p, _)| *p).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), ENDPOINTS.len());
    }
}
