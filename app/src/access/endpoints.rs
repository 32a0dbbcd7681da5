//! What every endpoint requires before it runs, as the authentication layer enforces it: server
//! functions declare theirs beside them ([`requires!`]), REST routes in their one route
//! declaration (`server/src/route.rs`); pages, files and probes by the rules here.
//!
//! The layer refuses anonymous callers (401) and callers who hold the permission nowhere (403)
//! before any argument is read. Inside, services still decide per entity. A test fails when a
//! registered server function declares nothing.

use super::permission::Permission;
#[cfg(feature = "ssr")]
use Requirement::{Public, SignedIn};

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

/// A server function's requirement, declared beside it with [`requires!`] and collected at
/// start: the path comes from the function itself, so the two cannot drift apart.
#[cfg(feature = "ssr")]
#[derive(Debug)]
pub struct Endpoint {
    pub path: &'static str,
    pub requirement: Requirement,
}

#[cfg(feature = "ssr")]
inventory::collect!(Endpoint);

/// Declares what calling a server function requires: `requires!(ListEntities, CatalogEntityRead)`,
/// `requires!(SignIn, Public)` or `requires!(SignOut, SignedIn)`. The authentication layer
/// enforces it before the arguments are read; a test fails for a server function without one.
macro_rules! requires {
    ($server_fn:ty, Public) => {
        $crate::access::endpoints::requires!(@ $server_fn, $crate::access::endpoints::Requirement::Public);
    };
    ($server_fn:ty, SignedIn) => {
        $crate::access::endpoints::requires!(@ $server_fn, $crate::access::endpoints::Requirement::SignedIn);
    };
    ($server_fn:ty, $permission:ident) => {
        $crate::access::endpoints::requires!(
            @ $server_fn,
            $crate::access::endpoints::Requirement::Permission(
                $crate::access::permission::Permission::$permission
            )
        );
    };
    (@ $server_fn:ty, $requirement:expr) => {
        #[cfg(feature = "ssr")]
        ::inventory::submit! {
            $crate::access::endpoints::Endpoint {
                path: <$server_fn as ::leptos::server_fn::ServerFn>::PATH,
                requirement: $requirement,
            }
        }
    };
}
pub(crate) use requires;

/// Every server function's declared requirement, by path.
#[cfg(feature = "ssr")]
pub fn server_functions() -> impl Iterator<Item = &'static Endpoint> {
    inventory::iter::<Endpoint>.into_iter()
}

/// Pages anyone may open.
pub const PUBLIC_PAGES: &[&str] = &["/sign-in"];

/// Files served as they are, under these prefixes or at these paths.
#[cfg(feature = "ssr")]
const STATIC_PREFIXES: &[&str] = &["/pkg/", "/fonts/"];
#[cfg(feature = "ssr")]
const STATIC_FILES: &[&str] = &["/favicon.svg", "/logo.svg", "/robots.txt"];

/// Operational endpoints for orchestrators and scrapers.
#[cfg(feature = "ssr")]
const OPERATIONS: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// The declared requirement of a server function at `path`.
#[cfg(feature = "ssr")]
pub fn declared(path: &str) -> Option<Requirement> {
    server_functions()
        .find(|endpoint| endpoint.path == path)
        .map(|endpoint| endpoint.requirement)
}

/// The requirement for a request path that is no REST route (those declare their own): a
/// server function's declared one; API paths that name none need a signed-in caller (and then
/// find nothing); every page but the sign-in page needs one too.
#[cfg(feature = "ssr")]
pub fn requirement(path: &str) -> Requirement {
    if STATIC_PREFIXES.iter().any(|p| path.starts_with(p))
        || STATIC_FILES.contains(&path)
        || OPERATIONS.contains(&path)
        || path.starts_with("/auth/oidc/")
        || PUBLIC_PAGES.contains(&path)
    {
        return Public;
    }
    declared(path).unwrap_or(SignedIn)
}

/// Whether a path is a page (HTML for people) rather than an API or a file.
#[cfg(feature = "ssr")]
pub fn is_page(path: &str) -> bool {
    !path.starts_with("/api/") && !path.starts_with("/auth/") && requirement(path) != Public
        || PUBLIC_PAGES.contains(&path)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::access::permission::Permission::*;
    use Requirement::Permission;

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
    fn every_server_function_declares_once() {
        let mut paths: Vec<&str> = server_functions().map(|e| e.path).collect();
        let all = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), all);
        assert!(all > 30, "{all} server functions declared");
    }
}
