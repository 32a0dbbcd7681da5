//! Sign-in tests: success, wrong and unknown credentials, deactivation, rate limits, sessions.

use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;

use super::*;
use crate::access::store::audit;
use crate::auth::service::bootstrap::{FirstAdmin, bootstrap};
use crate::auth::service::resolve::resolve;
use crate::auth::service::runtime::{AuthRuntime, AuthSettings};
use crate::db::testing;
use crate::server::ctx::{Actor, Ctx};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

const PASSWORD: &str = "correct horse battery";

async fn setup(t: &testing::TestDb) -> AuthRuntime {
    let first = bootstrap(&t.db, Some(PASSWORD), now()).await.unwrap();
    assert_eq!(
        first,
        Some(FirstAdmin {
            login: "admin".into(),
            generated_password: None
        })
    );
    assert_eq!(
        bootstrap(&t.db, Some(PASSWORD), now()).await.unwrap(),
        None,
        "only the first start creates an admin"
    );
    AuthRuntime::load(
        &t.db,
        &AuthSettings {
            public_url: "http://127.0.0.1:3000".into(),
            ..AuthSettings::default()
        },
    )
    .await
    .unwrap()
}

fn origin(address: &str) -> Origin {
    Origin {
        address: Some(address.into()),
        user_agent: Some("test".into()),
    }
}

fn cookie_header(set_cookie: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::COOKIE,
        set_cookie.split(';').next().unwrap().parse().unwrap(),
    );
    headers
}

fn field_message(error: AppError) -> String {
    match error {
        AppError::Validation(problems) => problems
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn the_right_password_starts_a_session_that_resolves() {
    for t in testing::databases().await {
        let auth = setup(&t).await;
        let (user, session, cookie) = with_password(
            &t.db,
            &auth,
            " Admin ",
            PASSWORD,
            &origin("10.0.0.1"),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(user.login, "admin");
        assert!(
            cookie.starts_with("runway_session=")
                && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
        );
        let resolved = resolve(
            &t.db,
            &auth,
            &cookie_header(&cookie),
            now() + Duration::minutes(1),
        )
        .await
        .unwrap();
        let caller = resolved.caller.expect("signed in");
        assert_eq!(caller.user.id, user.id);
        assert!(
            resolved.set_cookie.is_none(),
            "a fresh token is not renewed"
        );
        // Later in the session the token is renewed silently.
        let later = resolve(
            &t.db,
            &auth,
            &cookie_header(&cookie),
            now() + Duration::minutes(30),
        )
        .await
        .unwrap();
        assert!(
            later.caller.is_some()
                && later
                    .set_cookie
                    .as_deref()
                    .is_some_and(|c| c.starts_with("runway_session="))
        );
        let entries = audit::recent(&t.db, 10).await.unwrap();
        assert!(
            entries.iter().any(|e| e.action == "auth.sign_in"
                && e.actor == "admin"
                && e.address.as_deref() == Some("10.0.0.1")),
            "{:?}",
            t.backend()
        );

        // Signing out revokes the session at once, even though the token has not expired.
        let ctx = Ctx {
            actor: Actor::Person(Box::new(caller)),
            ..Ctx::system(&t.db, Default::default(), "system").from(origin("10.0.0.1"), now())
        };
        assert!(session::end(&ctx, &session.id).await.unwrap());
        let after = resolve(
            &t.db,
            &auth,
            &cookie_header(&cookie),
            now() + Duration::minutes(2),
        )
        .await
        .unwrap();
        assert!(after.caller.is_none() && after.refused);
        assert!(
            after.set_cookie.unwrap().contains("Max-Age=0"),
            "the dead cookie is removed"
        );
        t.close().await;
    }
}

#[tokio::test]
async fn wrong_and_unknown_credentials_get_the_same_answer_and_change_nothing() {
    for t in testing::databases().await {
        let auth = setup(&t).await;
        let before = audit::recent(&t.db, 100).await.unwrap().len();
        let wrong = with_password(
            &t.db,
            &auth,
            "admin",
            "not the password",
            &origin("10.0.0.2"),
            now(),
        )
        .await
        .unwrap_err();
        let unknown = with_password(
            &t.db,
            &auth,
            "mallory",
            PASSWORD,
            &origin("10.0.0.2"),
            now(),
        )
        .await
        .unwrap_err();
        assert_eq!(
            field_message(wrong.clone()),
            "password: the login or password is wrong"
        );
        assert_eq!(wrong, unknown, "{:?}", t.backend());
        let empty = with_password(&t.db, &auth, " ", "", &origin("10.0.0.2"), now())
            .await
            .unwrap_err();
        assert_eq!(
            field_message(empty),
            "login: enter your login; password: enter your password"
        );
        assert_eq!(
            audit::recent(&t.db, 100).await.unwrap().len(),
            before,
            "no session, no audit entry"
        );
        assert!(
            crate::access::store::sessions::live(&t.db, None, now())
                .await
                .unwrap()
                .is_empty()
        );
        t.close().await;
    }
}

#[tokio::test]
async fn deactivated_accounts_cannot_sign_in_or_keep_sessions() {
    for t in testing::databases().await {
        let auth = setup(&t).await;
        let (user, _, cookie) =
            with_password(&t.db, &auth, "admin", PASSWORD, &origin("10.0.0.3"), now())
                .await
                .unwrap();
        let mut tx = t.db.begin().await.unwrap();
        users::set_active(&mut tx, &user.id, false, now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let resolved = resolve(&t.db, &auth, &cookie_header(&cookie), now())
            .await
            .unwrap();
        assert!(
            resolved.caller.is_none(),
            "an existing session stops working"
        );
        let error = with_password(&t.db, &auth, "admin", PASSWORD, &origin("10.0.0.3"), now())
            .await
            .unwrap_err();
        assert_eq!(field_message(error), format!("login: {DEACTIVATED}"));
        let wrong = with_password(
            &t.db,
            &auth,
            "admin",
            "wrong password!",
            &origin("10.0.0.3"),
            now(),
        )
        .await
        .unwrap_err();
        assert_eq!(
            field_message(wrong),
            format!("password: {WRONG_CREDENTIALS}"),
            "without the password nothing is revealed"
        );
        t.close().await;
    }
}

async fn try_at(
    t: &testing::TestDb,
    auth: &AuthRuntime,
    login: &str,
    password: &str,
    address: &str,
    seconds: i64,
) -> Result<(), AppError> {
    let at = now() + Duration::seconds(seconds);
    with_password(&t.db, auth, login, password, &origin(address), at)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn failures_slow_down_that_login_from_that_address_only() {
    for t in testing::databases().await {
        let auth = setup(&t).await;
        for i in 0..crate::limits::SIGN_IN_FREE_TRIES {
            let error = try_at(&t, &auth, "admin", "wrong password!", "10.0.0.4", i)
                .await
                .unwrap_err();
            assert!(matches!(error, AppError::Validation(_)), "{error:?}");
        }
        // The attacker's address must wait, even with the right password...
        let wait = |text: &str| {
            AppError::RateLimited(format!("too many failed sign-ins; try again in {text}"))
        };
        assert_eq!(
            try_at(&t, &auth, "admin", PASSWORD, "10.0.0.4", 5).await,
            Err(wait("29 seconds")),
            "{:?}",
            t.backend()
        );
        // ...while the owner, elsewhere, signs in at once: nobody can lock them out.
        assert_eq!(
            try_at(&t, &auth, "admin", PASSWORD, "10.0.0.9", 5).await,
            Ok(())
        );
        // Each further failure doubles the wait.
        assert!(
            try_at(&t, &auth, "admin", "wrong again!", "10.0.0.4", 34)
                .await
                .is_err()
        );
        assert_eq!(
            try_at(&t, &auth, "admin", PASSWORD, "10.0.0.4", 35).await,
            Err(wait("59 seconds"))
        );
        // The right password after the wait succeeds and starts that address afresh.
        assert_eq!(
            try_at(&t, &auth, "admin", PASSWORD, "10.0.0.4", 94).await,
            Ok(())
        );
        assert!(matches!(
            try_at(&t, &auth, "admin", "wrong password!", "10.0.0.4", 95).await,
            Err(AppError::Validation(_))
        ));

        // One address trying many logins is limited too.
        for i in 0..crate::limits::SIGN_IN_TRIES_PER_ADDRESS {
            let login = format!("user{i}");
            let _ = try_at(&t, &auth, &login, "whatever pass", "10.6.6.6", 1200).await;
        }
        let error = try_at(&t, &auth, "admin", PASSWORD, "10.6.6.6", 1201)
            .await
            .unwrap_err();
        assert!(
            matches!(error, AppError::RateLimited(m) if m.starts_with("too many failed sign-ins"))
        );
        t.close().await;
    }
}

/// The review's race: 30 parallel wrong passwords for one login were all checked (limit 5).
#[tokio::test]
async fn parallel_tries_reserve_their_place_before_the_check() {
    for t in testing::databases().await {
        let auth = std::sync::Arc::new(setup(&t).await);
        let tries: Vec<_> = (0..30)
            .map(|_| {
                let (db, auth) = (t.db.clone(), auth.clone());
                tokio::spawn(async move {
                    let origin = origin("10.1.1.1");
                    with_password(&db, &auth, "admin", "wrong password!", &origin, now()).await
                })
            })
            .collect();
        let (mut checked, mut limited) = (0, 0);
        for attempt in tries {
            match attempt.await.unwrap() {
                Err(AppError::Validation(_)) => checked += 1,
                Err(AppError::RateLimited(_)) => limited += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            (checked, limited),
            (
                crate::limits::SIGN_IN_FREE_TRIES,
                30 - crate::limits::SIGN_IN_FREE_TRIES
            ),
            "{:?}",
            t.backend()
        );
        t.close().await;
    }
}

#[tokio::test]
async fn a_generated_admin_password_is_returned_once() {
    let t = testing::sqlite().await;
    let first = bootstrap(&t.db, None, now()).await.unwrap().unwrap();
    let password = first.generated_password.expect("generated");
    assert!(password.len() >= 32);
    let auth = AuthRuntime::load(
        &t.db,
        &AuthSettings {
            public_url: "http://x".into(),
            ..AuthSettings::default()
        },
    )
    .await
    .unwrap();
    assert!(
        with_password(&t.db, &auth, "admin", &password, &origin("1.1.1.1"), now())
            .await
            .is_ok()
    );
    assert!(matches!(
        bootstrap(&t.db, Some("short"), now()).await,
        Err(crate::auth::service::bootstrap::BootstrapError::Password(_))
    ));
    t.close().await;
}
