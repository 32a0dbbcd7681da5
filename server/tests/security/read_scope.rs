//! Defect 11: a reader limited to their team sees only their team's services, figures and
//! relations, and no server paths, on every page and API.

use app::access::decision::Reach;
use app::access::permission::Permission;
use http::StatusCode;
use serde_json::{Value, json};

use super::import_bounds::import;
use crate::support::{self, admin, call_as, create_user, get_as, sign_in, text};

const CHECKOUT: &str = "group:default/checkout";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_limited_reader_sees_only_their_teams_data_everywhere() {
    for (app, t) in support::apps(true).await {
        let tara = create_user(&t, "tara", "tara-password-1", &[]).await;
        let read = (Permission::CatalogEntityRead, Reach::OwnTeams);
        support::grant_custom_role(&t, &tara, "team-reader", &[read]).await;
        let mut tx = t.db.begin().await.unwrap();
        let teams = [CHECKOUT.to_owned()].into();
        app::access::store::users::set_memberships(
            &mut tx,
            &tara.id,
            "admin",
            &teams,
            app::server::now(),
        )
        .await
        .unwrap();
        app::access::store::roles::bump_version(&mut tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // A Checkout service that depends on a Payments one.
        let root = admin(&app).await;
        let linked = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "scoped-svc"},
            "spec": {"type": "service", "lifecycle": "production", "owner": "checkout", "dependsOn": ["component:payments-secret"]}});
        let hidden = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "payments-secret"},
            "spec": {"type": "service", "lifecycle": "production", "owner": "payments"}});
        let (status, report) = import(&app, &format!("{linked}\n---\n{hidden}"), &root).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        // An incident open on the hidden service, whatever the demo's clock left open.
        let mut tx = t.db.begin().await.unwrap();
        let incident = app::deployments::model::Incident {
            id: "hidden-incident".into(),
            entity_ref: "component:default/payments-secret".into(),
            environment: "prod".into(),
            title: "Payments down".into(),
            severity: "sev1".into(),
            caused_by: None,
            resolved_by: None,
            started_at: app::server::now(),
            resolved_at: None,
        };
        app::deployments::store::insert_incidents(&mut tx, &[incident])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let session = sign_in(&app, "tara", "tara-password-1").await;

        let page: Value = serde_json::from_str(
            &text(call_as(&app, "/api/deployments/list", "", Some(&session)).await).await,
        )
        .unwrap();
        let rows = page["rows"].as_array().unwrap();
        assert!(!rows.is_empty(), "{:?}", t.backend());
        assert!(rows.iter().all(|r| r["owner_ref"] == CHECKOUT), "{rows:?}");

        let mine: Value = serde_json::from_str(
            &text(call_as(&app, "/api/home/stats", "", Some(&session)).await).await,
        )
        .unwrap();
        let all: Value = serde_json::from_str(
            &text(call_as(&app, "/api/home/stats", "", Some(&root)).await).await,
        )
        .unwrap();
        // Every team has services, APIs and deployments every week, and the hidden service has
        // an open incident: the checkout team's share of each figure is smaller.
        for figure in [
            "services",
            "components",
            "apis",
            "deployments_7d",
            "open_incidents",
        ] {
            assert!(
                mine[figure].as_i64() < all[figure].as_i64(),
                "{figure}: {mine} {all}"
            );
        }
        assert!(
            mine["recent"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["owner_ref"] == CHECKOUT)
        );

        let entity: Value = serde_json::from_str(
            &text(
                get_as(
                    &app,
                    "/api/catalog/entities/by-name/component/default/scoped-svc",
                    Some(&session),
                )
                .await,
            )
            .await,
        )
        .unwrap();
        // The spec is the entity's own words; the relations the catalog derives name only what
        // the reader may read.
        let relations = |entity: &Value| entity["relations"].to_string();
        assert!(!relations(&entity).contains("payments-secret"), "{entity}");
        let entity: Value = serde_json::from_str(
            &text(
                get_as(
                    &app,
                    "/api/catalog/entities/by-name/component/default/scoped-svc",
                    Some(&root),
                )
                .await,
            )
            .await,
        )
        .unwrap();
        assert!(
            relations(&entity).contains("component:default/payments-secret"),
            "the admin sees the relation"
        );
        let page = text(
            get_as(
                &app,
                "/catalog/default/component/scoped-svc",
                Some(&session),
            )
            .await,
        )
        .await;
        assert!(page.contains("scoped-svc"));
        assert!(!page.contains("component:default/payments-secret"));

        let locations = text(get_as(&app, "/api/catalog/locations", Some(&session)).await).await;
        assert_eq!(locations, "[]");
        t.close().await;
    }
}
