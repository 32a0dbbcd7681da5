//! Tests of the session, sign-in failure, token and settings stores on both databases.

use chrono::{DateTime, Duration, Utc};

use super::users::{NewUser, insert as insert_user};
use super::{sessions, settings, tokens};
use crate::access::identity::{ApiToken, Session, SignInMethod};
use crate::db::testing;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

fn session(id: &str, user_id: &str, expires: i64) -> Session {
    Session {
        id: id.into(),
        user_id: user_id.into(),
        method: SignInMethod::Oidc,
        created_at: at(0),
        last_seen_at: at(0),
        expires_at: at(expires),
        revoked_at: None,
        address: Some("10.0.0.7".into()),
        user_agent: Some("Firefox".into()),
    }
}

#[tokio::test]
async fn sessions_live_expire_and_revoke() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let ada = insert_user(
            &mut tx,
            &NewUser {
                login: "ada".into(),
                display_name: "Ada".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        let bob = insert_user(
            &mut tx,
            &NewUser {
                login: "bob".into(),
                display_name: "Bob".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        sessions::insert(&mut tx, &session("s1", &ada.id, 60))
            .await
            .unwrap();
        sessions::insert(&mut tx, &session("s2", &ada.id, 10))
            .await
            .unwrap();
        sessions::insert(&mut tx, &session("s3", &bob.id, 60))
            .await
            .unwrap();
        assert!(
            sessions::insert(&mut tx, &session("s4", "no-such-user", 60))
                .await
                .is_err(),
            "sessions belong to users"
        );
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let ada = insert_user(
            &mut tx,
            &NewUser {
                login: "ada".into(),
                display_name: "Ada".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        let bob = insert_user(
            &mut tx,
            &NewUser {
                login: "bob".into(),
                display_name: "Bob".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        sessions::insert(&mut tx, &session("s1", &ada.id, 60))
            .await
            .unwrap();
        sessions::insert(&mut tx, &session("s2", &ada.id, 10))
            .await
            .unwrap();
        sessions::insert(&mut tx, &session("s3", &bob.id, 60))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        assert_eq!(
            sessions::by_id(&t.db, "s1").await.unwrap(),
            Some(session("s1", &ada.id, 60)),
            "{:?}",
            t.backend()
        );
        let live = |user: Option<String>, minute: i64| {
            let db = t.db.clone();
            async move {
                sessions::live(&db, user.as_deref(), at(minute))
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(live(Some(ada.id.clone()), 5).await.len(), 2);
        assert_eq!(
            live(Some(ada.id.clone()), 20).await,
            ["s1"],
            "s2 has expired"
        );
        sessions::extend(&t.db, "s2", at(5), at(90)).await.unwrap();
        assert_eq!(
            live(Some(ada.id.clone()), 20).await.len(),
            2,
            "renewal extends it"
        );

        let mut tx = t.db.begin().await.unwrap();
        assert!(sessions::revoke(&mut tx, "s1", at(6)).await.unwrap());
        assert!(
            !sessions::revoke(&mut tx, "s1", at(7)).await.unwrap(),
            "once"
        );
        tx.commit().await.unwrap();
        sessions::extend(&t.db, "s1", at(8), at(500)).await.unwrap();
        let s1 = sessions::by_id(&t.db, "s1").await.unwrap().unwrap();
        assert!(
            !s1.is_live(at(8)) && s1.revoked_at == Some(at(6)),
            "a revoked session cannot be extended"
        );

        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            sessions::revoke_all_of(&mut tx, &ada.id, at(9))
                .await
                .unwrap(),
            1
        );
        tx.commit().await.unwrap();
        assert!(live(Some(ada.id.clone()), 10).await.is_empty());
        assert_eq!(live(None, 10).await, ["s3"]);
        t.close().await;
    }
}

#[tokio::test]
async fn tokens_are_found_by_hash_and_revoked() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let ada = insert_user(
            &mut tx,
            &NewUser {
                login: "ada".into(),
                display_name: "Ada".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        let token = ApiToken {
            id: "t1".into(),
            user_id: ada.id.clone(),
            name: "ci".into(),
            prefix: "rwt_1234".into(),
            created_at: at(0),
            expires_at: Some(at(60)),
            last_used_at: None,
            revoked_at: None,
        };
        tokens::insert(&mut tx, &token, "hash-1").await.unwrap();
        assert!(
            tokens::insert(
                &mut tx,
                &ApiToken {
                    id: "t2".into(),
                    ..token.clone()
                },
                "hash-1"
            )
            .await
            .is_err(),
            "hashes are unique"
        );
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let ada = insert_user(
            &mut tx,
            &NewUser {
                login: "ada".into(),
                display_name: "Ada".into(),
                ..NewUser::default()
            },
            at(0),
        )
        .await
        .unwrap();
        let token = ApiToken {
            user_id: ada.id.clone(),
            ..token
        };
        tokens::insert(&mut tx, &token, "hash-1").await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(
            tokens::by_hash(&t.db, "hash-1").await.unwrap(),
            Some(token.clone()),
            "{:?}",
            t.backend()
        );
        assert_eq!(tokens::by_hash(&t.db, "hash-2").await.unwrap(), None);
        tokens::touch(&t.db, "t1", at(5)).await.unwrap();
        assert_eq!(
            tokens::by_id(&t.db, "t1")
                .await
                .unwrap()
                .unwrap()
                .last_used_at,
            Some(at(5))
        );
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            tokens::revoke_all_of(&mut tx, &ada.id, at(6))
                .await
                .unwrap(),
            1
        );
        assert!(!tokens::revoke(&mut tx, "t1", at(7)).await.unwrap());
        tx.commit().await.unwrap();
        let listed = tokens::list(&t.db, Some(&ada.id)).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(!listed[0].is_live(at(6)));
        assert_eq!(
            tokens::list(&t.db, Some("someone-else")).await.unwrap(),
            vec![]
        );
        t.close().await;
    }
}

#[tokio::test]
async fn the_first_generated_setting_wins() {
    for t in testing::databases().await {
        assert_eq!(settings::get(&t.db, "jwt_key").await.unwrap(), None);
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(
            settings::get_or_insert(&mut tx, "jwt_key", "first")
                .await
                .unwrap(),
            "first"
        );
        assert_eq!(
            settings::get_or_insert(&mut tx, "jwt_key", "second")
                .await
                .unwrap(),
            "first"
        );
        tx.commit().await.unwrap();
        assert_eq!(
            settings::get(&t.db, "jwt_key").await.unwrap().as_deref(),
            Some("first"),
            "{:?}",
            t.backend()
        );
        t.close().await;
    }
}
