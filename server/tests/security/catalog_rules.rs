//! Defects 5 to 8: every door obeys one set of write rules, a location cannot overwrite what it
//! did not register, its walk cannot be trapped, write-back stays inside it, and concurrent
//! edits with one etag leave exactly one winner.

use std::os::unix::fs::symlink;

use app::access::decision::Reach;
use app::access::permission::Permission;
use http::StatusCode;
use serde_json::{Value, json};

use super::import_bounds::import;
use crate::support::{self, admin, create_user, entity, json_call, sign_in};

async fn teams(t: &app::server::testing::TestDb, login: &str) -> Vec<String> {
    let user = app::access::store::users::by_login(&t.db, login)
        .await
        .unwrap()
        .unwrap();
    let teams = app::access::store::users::teams_of(&t.db, &user.user)
        .await
        .unwrap();
    teams.into_iter().collect()
}

fn temp() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("runway-sec-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

/// The descriptor of a stored entity as JSON text, which YAML reads as it is.
async fn descriptor(t: &app::server::testing::TestDb, key: &str) -> Value {
    let stored = entity(t, key).await;
    serde_json::to_value(app::catalog::api::edit::descriptor(&stored.entity)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_door_obeys_the_editors_rules() {
    for (app, t) in support::apps(true).await {
        let developer = sign_in(&app, "developer", "demo-password").await;
        let mut cart = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "sec-cart"}, "spec": {"type": "service", "lifecycle": "production", "owner": "checkout"}});
        let (status, report) = import(&app, &cart.to_string(), &developer).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        // Giving it away to a team whose entities they may not change: refused.
        cart["spec"]["owner"] = json!("payments");
        let (status, report) = import(&app, &cart.to_string(), &developer).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            t.backend()
        );
        assert!(
            report
                .to_string()
                .contains("may not give component:default/sec-cart to group:default/payments"),
            "{report}"
        );
        // Adding the manager to their own team: refused too.
        let mut team = descriptor(&t, "group:default/checkout").await;
        team["spec"]["members"] = json!(["manager"]);
        let (status, report) = import(&app, &team.to_string(), &developer).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            report.to_string().contains(
                "needs admin.teams.manage (user:default/manager in group:default/checkout)"
            ),
            "{report}"
        );
        assert_eq!(teams(&t, "manager").await, ["group:default/payments"]);
        assert_eq!(
            entity(&t, "component:default/sec-cart")
                .await
                .owner_ref
                .as_deref(),
            Some("group:default/checkout")
        );
        t.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_location_cannot_overwrite_entities_or_teams_it_did_not_register() {
    let (app, t) = support::apps(true).await.remove(0);
    let lena = create_user(&t, "lena", "lena-password-1", &["developer"]).await;
    support::grant_custom_role(
        &t,
        &lena,
        "location-keeper",
        &[(Permission::CatalogLocationManage, Reach::Any)],
    )
    .await;
    let session = sign_in(&app, "lena", "lena-password-1").await;
    let dir = temp();
    let mut payments = descriptor(&t, "group:default/payments").await;
    payments["spec"]["members"] = json!(["lena"]);
    std::fs::write(dir.join("payments.yaml"), payments.to_string()).unwrap();
    let own_team = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "lenas-team"},
        "spec": {"type": "team", "children": [], "members": ["lena"]}});
    std::fs::write(dir.join("team.yaml"), own_team.to_string()).unwrap();
    let component = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "lena-svc"},
        "spec": {"type": "service", "lifecycle": "experimental", "owner": "checkout"}});
    std::fs::write(dir.join("svc.yaml"), component.to_string()).unwrap();
    let body = json!({"type": "file", "target": dir.display().to_string()});
    let (status, answer) = json_call(&app, "/api/catalog/locations", &body, &session).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    // The component is taken; the existing team and the new team's membership are not.
    assert_eq!(
        entity(&t, "component:default/lena-svc")
            .await
            .entity
            .metadata
            .name,
        "lena-svc"
    );
    assert!(
        teams(&t, "lena").await.is_empty(),
        "{:?}",
        teams(&t, "lena").await
    );
    let location = app::catalog::store::locations::list(&t.db)
        .await
        .unwrap()
        .remove(0);
    let error = location.last_error.unwrap_or_default();
    assert!(
        error.contains("group:default/payments was registered without a location"),
        "{error}"
    );
    assert!(error.contains("needs admin.teams.manage"), "{error}");
    std::fs::remove_dir_all(dir).unwrap();
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_into_link_loops_ends_and_write_back_stays_inside_the_location() {
    let (app, t) = support::apps(false).await.remove(0);
    let admin = admin(&app).await;
    let (dir, outside) = (temp(), temp());
    let cart = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "cart"},
        "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"}});
    std::fs::write(dir.join("catalog-info.yaml"), cart.to_string()).unwrap();
    symlink(".", dir.join("a")).unwrap();
    symlink(".", dir.join("b")).unwrap();
    // A walk that followed the links would not end (nextest stops the test after 2 minutes).
    let body = json!({"type": "file", "target": dir.display().to_string()});
    let (status, answer) = json_call(&app, "/api/catalog/locations", &body, &admin).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    // The file is swapped for a link to a file outside the location; saving must not follow it.
    let victim = outside.join("victim.yaml");
    std::fs::write(&victim, "untouched").unwrap();
    std::fs::remove_file(dir.join("catalog-info.yaml")).unwrap();
    symlink(&victim, dir.join("catalog-info.yaml")).unwrap();
    let stored = entity(&t, "component:default/cart").await;
    let mut draft = app::catalog::api::edit::descriptor(&stored.entity);
    draft.metadata.description = Some("changed".into());
    let body = json!({"draft": draft, "etag": stored.entity.metadata.etag});
    let (status, answer) = json_call(&app, "/api/catalog/save", &body, &admin).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert_eq!(
        entity(&t, "component:default/cart")
            .await
            .entity
            .metadata
            .description,
        None
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(outside).unwrap();
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_saves_with_one_etag_leave_exactly_one_winner() {
    for (app, t) in support::apps(false).await {
        let admin = admin(&app).await;
        let cart = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "cart"},
            "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"}});
        let (status, _) = import(&app, &cart.to_string(), &admin).await;
        assert_eq!(status, StatusCode::OK);
        let stored = entity(&t, "component:default/cart").await;
        let saves: Vec<_> = (0..20)
            .map(|n| {
                let mut draft = app::catalog::api::edit::descriptor(&stored.entity);
                draft.metadata.description = Some(format!("edit {n}"));
                let body = json!({"draft": draft, "etag": stored.entity.metadata.etag});
                let (app, admin) = (app.clone(), admin.clone());
                tokio::spawn(
                    async move { json_call(&app, "/api/catalog/save", &body, &admin).await.0 },
                )
            })
            .collect();
        let mut statuses = Vec::new();
        for save in saves {
            statuses.push(save.await.unwrap());
        }
        let won = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let lost = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((won, lost), (1, 19), "{:?}: {statuses:?}", t.backend());
        let audit = app::access::store::audit::recent(&t.db, 50).await.unwrap();
        let updates = audit
            .iter()
            .filter(|e| e.action == "catalog.entity.update")
            .count();
        assert_eq!(updates, 1);
        t.close().await;
    }
}
