//! One declaration per REST route: method, path, requirement, handler and OpenAPI description
//! together, from which the router, the authentication layer and the OpenAPI document are all
//! built, so the three cannot disagree.

use app::access::endpoints::{self, Requirement};
use app::state::AppState;
use axum::handler::Handler;
use axum::routing::{MethodRouter, delete, get, post};
use http::Method;

use crate::openapi::operations::Operation;

/// A REST route as the router, the authentication layer and the OpenAPI document see it.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub requires: Requirement,
    pub handler: MethodRouter<AppState>,
    pub doc: Operation,
}

impl Route {
    pub fn get<H: Handler<T, AppState>, T: 'static>(
        path: &'static str,
        requires: Requirement,
        handler: H,
        doc: Operation,
    ) -> Route {
        Route::new(Method::GET, path, requires, get(handler), doc)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(
        path: &'static str,
        requires: Requirement,
        handler: H,
        doc: Operation,
    ) -> Route {
        Route::new(Method::POST, path, requires, post(handler), doc)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(
        path: &'static str,
        requires: Requirement,
        handler: H,
        doc: Operation,
    ) -> Route {
        Route::new(Method::DELETE, path, requires, delete(handler), doc)
    }

    fn new(
        method: Method,
        path: &'static str,
        requires: Requirement,
        handler: MethodRouter<AppState>,
        doc: Operation,
    ) -> Route {
        Route {
            method,
            path,
            requires,
            handler,
            doc,
        }
    }
}

/// Method, path and requirement of every REST route, which the authentication layer reads on
/// every request (the router builds it from the same declarations it routes).
#[derive(Debug, Clone, Default)]
pub struct Requirements(Vec<(Method, &'static str, Requirement)>);

impl Requirements {
    pub fn of(routes: &[Route]) -> Requirements {
        Requirements(
            routes
                .iter()
                .map(|route| (route.method.clone(), route.path, route.requires))
                .collect(),
        )
    }

    /// What a request needs before it runs: its REST route's requirement (a method the route
    /// does not serve takes the requirement of the path's first route, and then finds nothing),
    /// or what [`endpoints::requirement`] says of server functions, pages and files.
    pub fn of_request(&self, method: &Method, path: &str) -> Requirement {
        if path.starts_with("/api/") {
            let of_path = || self.0.iter().filter(|(_, p, _)| matches(p, path));
            if let Some((_, _, requires)) = of_path()
                .find(|(m, _, _)| m == method)
                .or_else(|| of_path().next())
            {
                return *requires;
            }
        }
        endpoints::requirement(path)
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
