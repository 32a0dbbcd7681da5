//! The authentication layer: resolves who is calling, enforces what each endpoint requires
//! (before any handler or argument parsing runs), refuses cross-site state changes, and sends
//! renewed session cookies.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::access::endpoints::{PUBLIC_PAGES, Requirement, is_page};
use app::auth::service::resolve::resolve;
use app::error::AppError;
use app::server::caller::{CallerSlot, ClientAddress};
use app::server::now;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, Method, header};

use crate::route::Requirements;

/// What the authentication layer needs: the application and what every REST route requires.
#[derive(Clone)]
pub struct Gate {
    pub state: AppState,
    pub requirements: Arc<Requirements>,
}

pub async fn authenticate(
    State(Gate {
        state,
        requirements,
    }): State<Gate>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let needs = requirements.of_request(request.method(), &path);
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(peer) = peer {
        let address = client_address(peer, request.headers(), &state.config.trusted_proxies);
        request
            .extensions_mut()
            .insert(ClientAddress(address.to_string()));
    }
    // Files and probes need no caller; skipping them keeps the database out of asset requests.
    if needs == Requirement::Public
        && !is_page(&path)
        && !path.starts_with("/api/")
        && !path.starts_with("/auth/")
    {
        return next.run(request).await;
    }
    let resolved = match resolve(&state.db, &state.auth, request.headers(), now()).await {
        Ok(resolved) => resolved,
        Err(error) => return AppError::internal(error).into_response(),
    };
    if is_state_changing(request.method())
        && !resolved.bearer
        && !same_origin(request.headers(), &state.config.public_url)
    {
        return AppError::Forbidden(
            "send this request from the portal's own pages (cross-site requests are refused)"
                .into(),
        )
        .into_response();
    }
    let page = is_page(&path);
    let target = request
        .uri()
        .path_and_query()
        .map_or("/".to_owned(), |p| p.to_string());
    let cookie = resolved.set_cookie.clone();
    let refuse = move |error: AppError| -> Response {
        if page && error == AppError::Unauthenticated {
            return with_cookie(
                Redirect::to(&format!(
                    "/sign-in?next={}",
                    app::ui::url::encode_path(&target)
                ))
                .into_response(),
                cookie.as_deref(),
            );
        }
        with_cookie(error.into_response(), cookie.as_deref())
    };
    match (needs, &resolved.caller) {
        (Requirement::Public, Some(_)) if PUBLIC_PAGES.contains(&path.as_str()) => {
            // A signed-in person who opens the sign-in page goes where they were heading.
            let next = request
                .uri()
                .query()
                .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("next=")))
                .map(app::ui::url::decode);
            return Redirect::to(&app::auth::model::safe_next(next.as_deref())).into_response();
        }
        (Requirement::Public, _) => {}
        (_, None) => return refuse(AppError::Unauthenticated),
        (Requirement::SignedIn, Some(_)) => {}
        (Requirement::Permission(permission), Some(caller)) => {
            match state.auth.policy.get(&state.db).await {
                Ok(policy) if policy.scope(&caller.principal, permission).is_empty() => {
                    let what = permission.description();
                    let what = what[..1].to_lowercase() + &what[1..];
                    return refuse(AppError::Forbidden(format!("{what} ({permission})")));
                }
                Ok(_) => {}
                Err(error) => return refuse(AppError::internal(error)),
            }
        }
    }
    let set_cookie = resolved.set_cookie.clone();
    request.extensions_mut().insert(CallerSlot(resolved.caller));
    with_cookie(next.run(request).await, set_cookie.as_deref())
}

/// The client's address: the connection's, unless it comes from a trusted proxy, in which case
/// `X-Forwarded-For` is read from the right, past every trusted proxy, to the first address
/// that is not one. A client can write anything at the left of that header, so nothing left of
/// the first untrusted hop is believed; an entry that is not an address stops the walk at the
/// proxy that wrote it.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

fn with_cookie(mut response: Response, cookie: Option<&str>) -> Response {
    if let Some(value) = cookie.and_then(|c| http::HeaderValue::from_str(c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a state-changing browser request comes from the portal's own pages: its `Origin` is
/// the portal (by public URL or by the `Host` it was sent to), or the browser says
/// `Sec-Fetch-Site: same-origin`. Browsers send one of them on every cross-site POST, so a
/// request with neither is not from a browser and carries no ambient credentials to abuse,
/// unless it has a cookie, which only a browser (or someone holding it) would send.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match get("origin") {
        Some(origin) => {
            let host = get("host").map(|h| format!("//{h}"));
            origin == public_url
                || host.is_some_and(|h| origin.ends_with(&h) && origin.split("//").count() == 2)
        }
        None => !headers.contains_key(header::COOKIE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let check = |peer: &str, forwarded: &[&'static str], expected: &str| {
            let mut h = HeaderMap::new();
            for value in forwarded {
                h.append("x-forwarded-for", value.parse().unwrap());
            }
            let found = client_address(peer.parse().unwrap(), &h, &trusted);
            assert_eq!(found.to_string(), expected, "{peer} {forwarded:?}");
        };
        // Untrusted peers are the client, whatever they claim.
        check("203.0.113.9", &["198.51.100.1"], "203.0.113.9");
        // Through one proxy, and through two.
        check("10.0.0.2", &["198.51.100.1"], "198.51.100.1");
        check("10.0.0.2", &["198.51.100.1, 10.0.0.3"], "198.51.100.1");
        check("10.0.0.2", &["198.51.100.1", "10.0.0.3"], "198.51.100.1");
        // A client's own forged entries sit left of what the proxy added: ignored.
        check("10.0.0.2", &["1.1.1.1, 198.51.100.1"], "198.51.100.1");
        // Garbage stops the walk at the proxy that passed it on; no header means the proxy.
        check("10.0.0.2", &["not-an-ip, 10.0.0.7"], "10.0.0.7");
        check("10.0.0.2", &[], "10.0.0.2");
        check("10.0.0.2", &["2001:db8::1"], "2001:db8::1");
    }

    #[test]
    fn same_origin_rules() {
        let public = "https://runway.example.com";
        assert!(same_origin(&headers(&[("origin", public)]), public));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!same_origin(
            &headers(&[
                ("origin", "https://evil.example.com"),
                ("host", "runway.example.com")
            ]),
            public
        ));
        assert!(!same_origin(
            &headers(&[
                ("origin", "https://evil.example.com//runway.example.com"),
                ("host", "runway.example.com")
            ]),
            public
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin"), ("cookie", "a=b")]),
            public
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site"), ("origin", public)]),
            public
        ));
        assert!(
            same_origin(&headers(&[]), public),
            "no cookie, no browser: nothing ambient to abuse"
        );
        assert!(!same_origin(
            &headers(&[("cookie", "runway_session=x")]),
            public
        ));
    }
}
