//! Every endpoint checks authentication and permission first: walks every registered server
//! function and REST route, so an endpoint added without a declared requirement fails here.

mod support;

use app::access::endpoints::{Requirement, declared, server_functions};
use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use runway_server::route::Requirements;
use support::{admin, call_as, create_user, get_as, send, sign_in, text};

/// Every server function and REST route with its method and declared requirement, as the
/// OpenAPI document lists them (REST routes from their one declaration).
fn endpoints() -> Vec<(String, Method, Requirement)> {
    runway_server::openapi::endpoints(runway_server::router::routes())
        .into_iter()
        .map(|e| (e.path, e.method.parse().unwrap(), e.requires))
        .collect()
}

async fn request(
    app: &axum::Router,
    path: &str,
    method: &Method,
    cookie: Option<&str>,
) -> StatusCode {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("origin", "http://127.0.0.1:3000");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    send(app, builder.body(Body::empty()).unwrap())
        .await
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_declares_what_it_requires() {
    let registered: Vec<(&str, Method)> = server_fn::axum::server_fn_paths().collect();
    let missing: Vec<String> = registered
        .iter()
        .filter(|(path, _)| declared(path).is_none())
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "declare these with requires!(ServerFn, Requirement) beside them: {missing:?}"
    );
    let stale: Vec<&str> = server_functions()
        .map(|endpoint| endpoint.path)
        .filter(|path| !registered.iter().any(|(p, _)| p == path))
        .collect();
    assert!(
        stale.is_empty(),
        "requirements declared for paths no server function serves: {stale:?}"
    );
}

#[test]
fn routes_with_parameters_and_methods() {
    use Requirement::*;
    use app::access::permission::Permission::*;
    let requirements = Requirements::of(&runway_server::router::routes());
    let of = |method: Method, path: &str| requirements.of_request(&method, path);
    let by_uid = "/api/catalog/entities/by-uid/123";
    assert_eq!(of(Method::GET, by_uid), Permission(CatalogEntityRead));
    assert_eq!(of(Method::DELETE, by_uid), Permission(CatalogEntityDelete));
    let location = "/api/catalog/locations/7";
    assert_eq!(of(Method::PUT, location), Permission(CatalogEntityRead));
    assert_eq!(
        of(Method::DELETE, location),
        Permission(CatalogLocationManage)
    );
    assert_eq!(
        of(
            Method::GET,
            "/api/catalog/entities/by-name/component/default/cart"
        ),
        Permission(CatalogEntityRead)
    );
    for unknown in [
        "/api/catalog/entities/by-name/component",
        "/api/catalog/entities/by-uid/",
        "/api/unknown",
    ] {
        assert_eq!(of(Method::GET, unknown), SignedIn, "{unknown}");
    }
    assert_eq!(of(Method::GET, "/api/v1/openapi.json"), Public);
    assert_eq!(
        of(Method::POST, "/api/catalog/save"),
        Permission(CatalogEntityUpdate)
    );
}

#[test]
fn every_route_is_declared_once() {
    let routes = runway_server::router::routes();
    let mut keys: Vec<(String, &str)> = routes
        .iter()
        .map(|route| (route.method.to_string(), route.path))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), routes.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_callers_and_callers_without_the_permission_are_refused_everywhere() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    create_user(&t, "nobody", "nobody-password", &[]).await;
    let mut checked = 0;
    for (path, method, requirement) in endpoints() {
        // A fresh session each time: one of the endpoints is sign-out.
        let nobody = sign_in(&app, "nobody", "nobody-password").await;
        // Parameters get a value: `{uid}` becomes `uid`.
        let path = path.replace(['{', '}'], "");
        let anonymous = request(&app, &path, &method, None).await;
        let without = request(&app, &path, &method, Some(&nobody)).await;
        match requirement {
            Requirement::Public => {
                assert_ne!(anonymous, StatusCode::UNAUTHORIZED, "{path} is public");
            }
            Requirement::SignedIn => {
                assert_eq!(
                    anonymous,
                    StatusCode::UNAUTHORIZED,
                    "{path} refuses anonymous callers"
                );
                assert!(
                    ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&without),
                    "{path} serves any signed-in user, got {without}"
                );
            }
            Requirement::Permission(permission) => {
                assert_eq!(
                    anonymous,
                    StatusCode::UNAUTHORIZED,
                    "{path} refuses anonymous callers"
                );
                assert_eq!(
                    without,
                    StatusCode::FORBIDDEN,
                    "{path} refuses a caller without {permission}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 9, "walked {checked} endpoints");
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_refusal_says_what_is_missing() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    create_user(&t, "nobody", "nobody-password", &[]).await;
    let nobody = sign_in(&app, "nobody", "nobody-password").await;
    let anonymous = call_as(&app, "/api/home/stats", "", None).await;
    assert_eq!(text(anonymous).await, r#""Unauthenticated""#);
    let forbidden = call_as(&app, "/api/catalog/list", "", Some(&nobody)).await;
    assert_eq!(
        text(forbidden).await,
        r#"{"Forbidden":"see catalog entities, their relations and their history (catalog.entity.read)"}"#
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_send_anonymous_visitors_to_sign_in_and_back() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    let response = get_as(&app, "/deployments?env=prod", None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/sign-in?next=/deployments%3Fenv%3Dprod"
    );
    let cookie = admin(&app).await;
    let signed_in = get_as(
        &app,
        "/sign-in?next=/deployments%3Fenv%3Dprod",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        signed_in.status(),
        StatusCode::SEE_OTHER,
        "a signed-in visitor skips the sign-in page"
    );
    assert_eq!(
        signed_in.headers()[header::LOCATION],
        "/deployments?env=prod"
    );
    let elsewhere = get_as(&app, "/sign-in?next=//evil.example.com", Some(&cookie)).await;
    assert_eq!(
        elsewhere.headers()[header::LOCATION],
        "/",
        "no open redirect"
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_requests_with_a_session_are_refused_and_change_nothing() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    let cookie = admin(&app).await;
    for (origin, fetch_site) in [
        (Some("https://evil.example.com"), None),
        (None, Some("cross-site")),
        (None, None),
    ] {
        let mut request = Request::post("/api/auth/sign_out")
            .header(header::COOKIE, cookie.clone())
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        let response = send(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {fetch_site:?}"
        );
        assert!(
            text(response)
                .await
                .contains("cross-site requests are refused")
        );
    }
    let me = get_as(&app, "/api/v1/me", Some(&cookie)).await;
    assert_eq!(
        me.status(),
        StatusCode::OK,
        "the session survived every forged sign-out"
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_session_cookies_count_as_signed_out_and_are_removed() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    let cookie = admin(&app).await;
    let token = cookie.trim_start_matches("runway_session=");
    let mut tampered = token.to_owned();
    tampered.replace_range(tampered.len() - 4.., "AAAA");
    for forged in [
        format!("runway_session={tampered}"),
        "runway_session=not-a-token".to_owned(),
    ] {
        let response = get_as(&app, "/api/v1/me", Some(&forged)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let cleared = response
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            cleared.starts_with("runway_session=;") && cleared.contains("Max-Age=0"),
            "{cleared}"
        );
    }
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_am_i_names_the_caller_and_what_they_may_do() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    create_user(&t, "vic", "viewer-password", &["viewer"]).await;
    let vic = sign_in(&app, "vic", "viewer-password").await;
    let response = get_as(&app, "/api/v1/me", Some(&vic)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(me["login"], "vic");
    assert_eq!(me["roles"], serde_json::json!(["viewer"]));
    assert_eq!(
        me["permissions"],
        serde_json::json!(["catalog.entity.read"])
    );
    assert_eq!(
        get_as(&app, "/api/v1/me", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    create_user(&t, "ada", "ada-old-password", &["viewer"]).await;
    let here = sign_in(&app, "ada", "ada-old-password").await;
    let elsewhere = sign_in(&app, "ada", "ada-old-password").await;

    let wrong = call_as(
        &app,
        "/api/auth/change_password",
        "current=guess-guess-guess&new=ada-new-password",
        Some(&here),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text(wrong).await,
        r#"{"Validation":[{"field":"current","message":"the current password is wrong"}]}"#
    );
    let short = call_as(
        &app,
        "/api/auth/change_password",
        "current=ada-old-password&new=short",
        Some(&here),
    )
    .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let done = call_as(
        &app,
        "/api/auth/change_password",
        "current=ada-old-password&new=ada-new-password",
        Some(&here),
    )
    .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(
        get_as(&app, "/api/v1/me", Some(&here)).await.status(),
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        get_as(&app, "/api/v1/me", Some(&elsewhere)).await.status(),
        StatusCode::UNAUTHORIZED,
        "the others end"
    );
    let old = call_as(
        &app,
        "/api/auth/sign_in",
        "login=ada&password=ada-old-password",
        None,
    )
    .await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
    sign_in(&app, "ada", "ada-new-password").await;
    let audit = app::access::store::audit::recent(&t.db, 20).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "auth.password.change"
        && e.actor == "ada"
        && e.summary["sessions_ended"] == 1));
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_javascript_comes_back_with_its_error() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    let request = Request::post("/api/auth/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", "http://127.0.0.1:3000")
        .header("referer", "http://127.0.0.1:3000/sign-in?next=/catalog")
        .body(Body::from("login=admin&password=wrong&next=/catalog"))
        .unwrap();
    let response = send(&app, request).await;
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "a redirect the browser follows"
    );
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(
            "http://127.0.0.1:3000/sign-in?next=/catalog&__path=%2Fapi%2Fauth%2Fsign_in&__err="
        ),
        "{location}"
    );
    t.close().await;
}
