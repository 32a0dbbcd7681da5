//! User store tests on SQLite and (when configured) PostgreSQL.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::*;
use crate::db::testing;

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn new(login: &str) -> NewUser {
    NewUser {
        login: login.into(),
        display_name: format!("{login} display"),
        email: Some(format!("{login}@acme.example")),
        password_hash: Some("$argon2id$placeholder".into()),
        ..NewUser::default()
    }
}

#[tokio::test]
async fn users_are_created_found_listed_and_deactivated() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let ada = insert(&mut tx, &new("ada"), at()).await.unwrap();
        let mut sso = new("bob");
        sso.password_hash = None;
        sso.oidc_subject = Some("https://idp bob-123".into());
        let bob = insert(&mut tx, &sso, at()).await.unwrap();
        assert!(
            insert(&mut tx, &new("ada"), at()).await.is_err(),
            "logins are unique"
        );
        drop(tx);
        // The failed insert rolled the whole transaction back.
        assert_eq!(count(&t.db).await.unwrap(), 0, "{:?}", t.backend());

        let mut tx = t.db.begin().await.unwrap();
        let ada = insert(&mut tx, &new(&ada.login), at()).await.unwrap();
        let bob = insert(
            &mut tx,
            &NewUser {
                oidc_subject: Some("https://idp bob-123".into()),
                password_hash: None,
                ..new(&bob.login)
            },
            at(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(ada.active && ada.has_password && !ada.sso);
        assert!(bob.sso && !bob.has_password);
        assert_eq!(by_login(&t.db, " ADA ").await.unwrap().unwrap().user, ada);
        assert_eq!(
            by_oidc_subject(&t.db, "https://idp bob-123")
                .await
                .unwrap()
                .unwrap()
                .user
                .login,
            "bob"
        );
        assert_eq!(
            by_id(&t.db, &ada.id)
                .await
                .unwrap()
                .unwrap()
                .password_hash
                .as_deref(),
            Some("$argon2id$placeholder")
        );
        assert!(by_login(&t.db, "carol").await.unwrap().is_none());

        let (users, total) = list(&t.db, "", 10, 0).await.unwrap();
        assert_eq!(
            (
                users.iter().map(|u| u.login.as_str()).collect::<Vec<_>>(),
                total
            ),
            (vec!["ada", "bob"], 2)
        );
        let (users, total) = list(&t.db, "BOB@", 10, 0).await.unwrap();
        assert_eq!((users.len(), total), (1, 1));

        let mut tx = t.db.begin().await.unwrap();
        assert!(set_active(&mut tx, &ada.id, false, at()).await.unwrap());
        assert!(!set_active(&mut tx, "nobody", false, at()).await.unwrap());
        set_password_hash(&mut tx, &bob.id, "$argon2id$new", at())
            .await
            .unwrap();
        update_profile(&mut tx, &bob.id, "Bob B.", None, at())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        touch(&t.db, &ada.id, at()).await.unwrap();
        let ada = by_id(&t.db, &ada.id).await.unwrap().unwrap().user;
        assert!(!ada.active);
        assert_eq!(ada.last_seen_at, Some(at()));
        let bob = by_id(&t.db, &bob.id).await.unwrap().unwrap().user;
        assert!(bob.has_password && bob.display_name == "Bob B." && bob.email.is_none());
        t.close().await;
    }
}

#[tokio::test]
async fn teams_come_from_the_catalog_and_from_grants() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        sqlx::query("INSERT INTO entity_relations (source_ref, type, target_ref) VALUES ('user:default/ada', 'memberOf', 'group:default/payments'), ('user:default/ada', 'ownerOf', 'group:default/x')")
            .execute(&mut *tx)
            .await
            .unwrap();
        let ada = insert(
            &mut tx,
            &NewUser {
                entity_ref: Some("User:default/ada".into()),
                ..new("ada")
            },
            at(),
        )
        .await
        .unwrap();
        assert!(
            add_member(&mut tx, "group:default/checkout", &ada.id, "admin", at())
                .await
                .unwrap()
        );
        assert!(
            !add_member(&mut tx, "group:default/checkout", &ada.id, "admin", at())
                .await
                .unwrap(),
            "once"
        );
        tx.commit().await.unwrap();
        let teams = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("group:default/{n}"))
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            teams_of(&t.db, &ada).await.unwrap(),
            teams(&["checkout", "payments"]),
            "{:?}",
            t.backend()
        );

        let mut tx = t.db.begin().await.unwrap();
        assert!(
            set_memberships(&mut tx, &ada.id, "oidc", &teams(&["search", "data"]), at())
                .await
                .unwrap()
        );
        assert!(
            !set_memberships(&mut tx, &ada.id, "oidc", &teams(&["search", "data"]), at())
                .await
                .unwrap(),
            "unchanged"
        );
        assert!(
            set_memberships(&mut tx, &ada.id, "oidc", &teams(&["data"]), at())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        assert_eq!(
            teams_of(&t.db, &ada).await.unwrap(),
            teams(&["checkout", "data", "payments"]),
            "admin grants survive oidc sync"
        );

        let mut tx = t.db.begin().await.unwrap();
        assert!(
            remove_member(&mut tx, "group:default/checkout", &ada.id)
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        assert_eq!(
            teams_of(&t.db, &ada).await.unwrap(),
            teams(&["data", "payments"])
        );
        t.close().await;
    }
}
