//! Role store tests on SQLite and (when configured) PostgreSQL.

use chrono::{DateTime, Utc};

use super::*;
use crate::access::decision::{Principal, Target, builtin_roles};
use crate::db::testing;

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn builtin_roles_sync_and_custom_roles_round_trip() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        sync_builtin(&mut tx, &builtin_roles(), at()).await.unwrap();
        // A second sync (the next start) changes nothing and fails nothing.
        sync_builtin(&mut tx, &builtin_roles(), at()).await.unwrap();
        let auditor = Role {
            name: "auditor".into(),
            description: "Reads the audit log".into(),
            builtin: false,
            grants: [
                (Permission::AuditRead, Reach::Any),
                (Permission::CatalogEntityUpdate, Reach::OwnTeams),
            ]
            .into(),
        };
        create(&mut tx, &auditor, at()).await.unwrap();
        tx.commit().await.unwrap();

        let roles = list(&t.db).await.unwrap();
        let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["viewer", "developer", "manager", "admin", "auditor"],
            "{:?}",
            t.backend()
        );
        assert_eq!(roles[..4], builtin_roles()[..]);
        assert_eq!(roles[4], auditor);

        let mut tx = t.db.begin().await.unwrap();
        assert!(
            !delete(&mut tx, "admin").await.unwrap(),
            "built-in roles stay"
        );
        assert!(delete(&mut tx, "auditor").await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(list(&t.db).await.unwrap().len(), 4);
        assert!(
            list(&t.db)
                .await
                .unwrap()
                .iter()
                .find(|r| r.name == "admin")
                .unwrap()
                .grants
                .len()
                == Permission::ALL.len()
        );
        t.close().await;
    }
}

#[tokio::test]
async fn bindings_load_into_a_policy_and_bump_the_version() {
    for t in testing::databases().await {
        let v0 = version(&t.db).await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        sync_builtin(&mut tx, &builtin_roles(), at()).await.unwrap();
        let team = RoleBinding {
            id: "b1".into(),
            subject: Subject::Team("group:default/payments".into()),
            role: "developer".into(),
            scope: None,
            source: "admin".into(),
        };
        let user = RoleBinding {
            id: "b2".into(),
            subject: Subject::User("u-vic".into()),
            role: "viewer".into(),
            scope: Some("group:default/checkout".into()),
            source: "admin".into(),
        };
        create_binding(&mut tx, &team, "admin", at()).await.unwrap();
        create_binding(&mut tx, &user, "admin", at() + chrono::Duration::seconds(1))
            .await
            .unwrap();
        let bad = RoleBinding {
            id: "b3".into(),
            role: "no-such-role".into(),
            ..team.clone()
        };
        assert!(
            create_binding(&mut tx, &bad, "admin", at()).await.is_err(),
            "bindings name existing roles"
        );
        drop(tx);

        // The failed insert rolled back the whole transaction, roles included.
        let mut tx = t.db.begin().await.unwrap();
        sync_builtin(&mut tx, &builtin_roles(), at()).await.unwrap();
        create_binding(&mut tx, &team, "admin", at()).await.unwrap();
        create_binding(&mut tx, &user, "admin", at() + chrono::Duration::seconds(1))
            .await
            .unwrap();
        bump_version(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            list_bindings(&t.db).await.unwrap(),
            vec![team.clone(), user.clone()],
            "{:?}",
            t.backend()
        );
        assert_eq!(bindings_of_role(&t.db, "developer").await.unwrap(), 1);

        let (version, policy) = load_policy(&t.db).await.unwrap();
        assert_eq!(version, v0 + 1);
        let ada = Principal {
            user_id: "u-ada".into(),
            login: "ada".into(),
            active: true,
            teams: ["group:default/payments".to_owned()].into(),
        };
        let ledger = Target {
            entity_ref: "component:default/ledger",
            owner_ref: Some("group:default/payments"),
        };
        assert!(
            policy
                .decide(&ada, Permission::CatalogEntityUpdate, Some(ledger))
                .allowed
        );

        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(delete_binding(&mut tx, "b1").await.unwrap(), Some(team));
        assert_eq!(delete_binding(&mut tx, "b1").await.unwrap(), None);
        tx.commit().await.unwrap();
        let (_, policy) = load_policy(&t.db).await.unwrap();
        assert!(
            !policy
                .decide(&ada, Permission::CatalogEntityUpdate, Some(ledger))
                .allowed
        );
        t.close().await;
    }
}

#[tokio::test]
async fn identity_provider_bindings_are_resynced_without_touching_admin_ones() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        sync_builtin(&mut tx, &builtin_roles(), at()).await.unwrap();
        let manual = RoleBinding {
            id: "m1".into(),
            subject: Subject::User("u1".into()),
            role: "viewer".into(),
            scope: None,
            source: "admin".into(),
        };
        create_binding(&mut tx, &manual, "admin", at())
            .await
            .unwrap();
        let roles = |names: &[&str]| {
            names
                .iter()
                .map(|n| n.to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert!(
            sync_user_bindings(
                &mut tx,
                "u1",
                "oidc",
                &roles(&["developer", "manager"]),
                at()
            )
            .await
            .unwrap()
        );
        assert!(
            !sync_user_bindings(
                &mut tx,
                "u1",
                "oidc",
                &roles(&["developer", "manager"]),
                at()
            )
            .await
            .unwrap()
        );
        assert!(
            sync_user_bindings(&mut tx, "u1", "oidc", &roles(&["viewer"]), at())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let mut found: Vec<(String, String)> = list_bindings(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|b| (b.role, b.source))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("viewer".to_owned(), "admin".to_owned()),
                ("viewer".to_owned(), "oidc".to_owned())
            ],
            "{:?}",
            t.backend()
        );
        t.close().await;
    }
}
