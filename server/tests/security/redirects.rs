//! Defect 10 and 13b: `next` never leads off the portal however it is spelled, a newline in it
//! breaks nothing, and the sign-in page shows only its own words for a failure.

use axum::body::Body;
use http::{Request, StatusCode, header};

use crate::support::{self, admin, get_as, send, text};

const HOSTILE: &[&str] = &[
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0ASet-Cookie:%20x=1",
    "/%5C/evil.example",
    "//evil.example",
    "https://evil.example/",
];

fn location(response: &http::Response<Body>) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_goes_only_to_paths_of_the_portal() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    for next in HOSTILE {
        // A password sign-in without JavaScript: the form posts and follows the redirect.
        let request = Request::post("/api/auth/sign_in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("origin", "http://127.0.0.1:3000")
            .body(Body::from(format!(
                "login=admin&password={}&next={next}",
                support::ADMIN_PASSWORD.replace(' ', "+")
            )))
            .unwrap();
        let response = send(&app, request).await;
        assert!(
            response.status().is_redirection(),
            "{next}: {}",
            response.status()
        );
        assert_eq!(location(&response), "/", "{next}");
        // Someone signed in who opens the sign-in page is sent on, to the same place.
        let cookie = admin(&app).await;
        let response = get_as(&app, &format!("/sign-in?next={next}"), Some(&cookie)).await;
        assert_eq!(location(&response), "/", "{next}");
        // Single sign-on is not configured here; its login route still never leaves the site.
        let response = get_as(&app, &format!("/auth/oidc/login?next={next}"), None).await;
        assert!(location(&response).starts_with("/sign-in?error="), "{next}");
    }
    let fine = get_as(
        &app,
        "/sign-in?next=/catalog%3Fkind%3Dapi",
        Some(&admin(&app).await),
    )
    .await;
    assert_eq!(location(&fine), "/catalog?kind=api");
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_page_shows_failures_by_code_only() {
    let t = app::server::testing::sqlite().await;
    let app = runway_server::router(support::state(&t).await);
    let planted = "Your+account+is+compromised.+Call+555-0100";
    let page = text(get_as(&app, &format!("/sign-in?error={planted}"), None).await).await;
    assert!(!page.contains("555-0100"), "the planted text is not shown");
    assert!(page.contains("something went wrong on the server; try again"));
    let page = text(get_as(&app, "/sign-in?error=state", None).await).await;
    assert!(
        page.contains("the sign-on&#x27;s state does not match")
            || page.contains("the sign-on's state does not match")
    );
    let response = get_as(&app, "/auth/oidc/login", None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/sign-in?error=not-configured");
    t.close().await;
}
