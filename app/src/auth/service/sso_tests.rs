//! Single sign-on account linking: a new account stands for a catalog user only when the
//! provider verified an e-mail in a configured domain that exactly one catalog user has.

use chrono::Utc;
use serde_json::json;

use super::*;
use crate::auth::service::runtime::AuthSettings;
use crate::catalog::model::{API_VERSION, Entity, Metadata};
use crate::db::testing;

fn catalog_user(name: &str, email: &str, team: &str) -> Entity {
    Entity {
        api_version: API_VERSION.into(),
        kind: "User".into(),
        metadata: Metadata {
            name: name.into(),
            ..Metadata::default()
        },
        spec: json!({"profile": {"email": email}, "memberOf": [team]})
            .as_object()
            .cloned()
            .unwrap(),
        relations: vec![],
        status: None,
    }
}

fn identity(subject: &str, login: &str, email: &str, verified: bool) -> Identity {
    Identity {
        subject: format!("https://idp.example {subject}"),
        preferred_login: Some(login.into()),
        name: None,
        email: Some(email.into()),
        email_verified: verified,
        groups: Default::default(),
    }
}

#[tokio::test]
async fn accounts_link_by_verified_email_in_configured_domains_never_by_name() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let users = [
            catalog_user("dana", "dana@corp.example", "checkout"),
            catalog_user("twin-a", "twin@corp.example", "payments"),
            catalog_user("twin-b", "twin@corp.example", "search"),
        ];
        crate::catalog::store::insert_entities(&mut tx, &users, Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let auth = AuthRuntime::load(&t.db, &AuthSettings::default())
            .await
            .unwrap();
        let settings = OidcSettings {
            email_domains: vec!["corp.example".into()],
            ..OidcSettings::default()
        };
        let origin = Origin::default();
        let link = async |identity: Identity| {
            let (user, _) = sign_in(&t.db, &auth, &settings, &identity, &origin, Utc::now())
                .await
                .unwrap();
            let teams = crate::access::store::users::teams_of(&t.db, &user)
                .await
                .unwrap();
            (user.entity_ref, teams.into_iter().collect::<Vec<_>>())
        };
        // Choosing the name "dana" at the provider buys nothing.
        assert_eq!(
            link(identity("s1", "dana", "dana@evil.example", true)).await,
            (None, vec![]),
            "{:?}",
            t.backend()
        );
        // Nor does Dana's own address when the provider did not verify it.
        assert_eq!(
            link(identity("s2", "someone", "dana@corp.example", false)).await,
            (None, vec![])
        );
        // Two catalog users with one address: ambiguous, so nobody.
        assert_eq!(
            link(identity("s3", "twin", "twin@corp.example", true)).await,
            (None, vec![])
        );
        // Verified, in the domain, one match: linked, with Dana's team, whatever the login.
        assert_eq!(
            link(identity("s4", "dana.k", "Dana@Corp.Example", true)).await,
            (
                Some("user:default/dana".into()),
                vec!["group:default/checkout".into()]
            )
        );
        t.close().await;
    }
}
