//! Demo data tests: shape, determinism, integrity, DORA tiers per team, and seeding.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::db::testing;
use crate::deployments::model::Status;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T09:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn count_kind(data: &DemoData, kind: &str, spec_type: Option<&str>) -> usize {
    data.entities
        .iter()
        .filter(|e| e.kind == kind && spec_type.is_none_or(|t| e.spec_str("type") == Some(t)))
        .count()
}

#[test]
fn the_organisation_has_the_documented_shape() {
    let data = generate(DEFAULT_SEED, now());
    assert_eq!(count_kind(&data, "Group", Some("team")), 8);
    assert_eq!(count_kind(&data, "Component", None), 60);
    assert_eq!(count_kind(&data, "Domain", None), 4);
    assert_eq!(count_kind(&data, "System", None), 8);
    assert_eq!(count_kind(&data, "API", None), 15);
    assert_eq!(count_kind(&data, "Resource", None), 10);
    assert_eq!(count_kind(&data, "Template", None), 4);
    let users = count_kind(&data, "User", None);
    assert!(
        (32 + 3..=56 + 3).contains(&users),
        "{users} users, 3 of them demo accounts"
    );
    assert_eq!(data.history.environments.len(), 4);
    let refs: BTreeSet<String> = data.entities.iter().map(|e| e.entity_ref().key()).collect();
    assert_eq!(refs.len(), data.entities.len(), "entity refs are unique");
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let a = generate(7, now());
    let b = generate(7, now());
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.history.deployments, b.history.deployments);
    assert_eq!(a.history.commits, b.history.commits);
    assert_eq!(a.history.incidents, b.history.incidents);
    let c = generate(8, now());
    assert_ne!(a.history.deployments, c.history.deployments);
    assert_ne!(
        a.entities, c.entities,
        "people and identifiers follow the seed"
    );
}

#[test]
fn history_is_consistent() {
    let data = generate(DEFAULT_SEED, now());
    let h = &data.history;
    let entities: BTreeSet<String> = data.entities.iter().map(|e| e.entity_ref().key()).collect();
    let envs: BTreeSet<&str> = h.environments.iter().map(|e| e.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    let earliest = now() - Duration::days(HISTORY_DAYS + 1);
    for d in &h.deployments {
        assert!(
            entities.contains(&d.entity_ref),
            "{} is in the catalog",
            d.entity_ref
        );
        assert!(envs.contains(d.environment.as_str()));
        assert!(
            d.started_at <= now() && d.started_at >= earliest,
            "{} starts in the window",
            d.id
        );
        assert!(
            d.finished_at
                .is_none_or(|f| f <= now() && f >= d.started_at)
        );
        assert_eq!(d.finished_at.is_none(), d.status == Status::Running);
        if let Some(target) = &d.rollback_of {
            assert!(
                seen.contains(target),
                "a rollback comes after the deployment it rolls back"
            );
        }
        seen.insert(d.id.clone());
    }
    let running = h
        .deployments
        .iter()
        .filter(|d| d.status == Status::Running)
        .count();
    assert_eq!(running, 2);
    let commits: BTreeSet<(&str, &str)> = h
        .commits
        .iter()
        .map(|c| (c.entity_ref.as_str(), c.sha.as_str()))
        .collect();
    assert_eq!(
        commits.len(),
        h.commits.len(),
        "commit ids are unique per entity"
    );
    for (deployment, entity, sha) in &h.links {
        assert!(seen.contains(deployment));
        assert!(commits.contains(&(entity.as_str(), sha.as_str())));
    }
    for i in &h.incidents {
        assert!(
            i.caused_by
                .iter()
                .chain(&i.resolved_by)
                .all(|d| seen.contains(d))
        );
        assert!(i.resolved_at.is_none_or(|r| r > i.started_at && r <= now()));
        assert!(i.started_at <= now());
    }
    assert!(h.incidents.iter().any(|i| i.resolved_at.is_none()) || h.incidents.len() > 20);
}

/// DORA figures of one team, computed from the generated rows the way the DORA report defines
/// them: production deployments per week, median commit-to-production hours, share of
/// production changes that failed, and median hours to restore service.
#[derive(Debug)]
struct Figures {
    per_week: f64,
    lead_hours: f64,
    failure_rate: f64,
    restore_hours: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn figures(data: &DemoData, team: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Figures {
    let owned: BTreeSet<String> = data
        .entities
        .iter()
        .filter(|e| e.spec_str("owner") == Some(team))
        .map(|e| e.entity_ref().key())
        .collect();
    let h = &data.history;
    let prod: Vec<_> = h
        .deployments
        .iter()
        .filter(|d| {
            d.environment == "prod"
                && owned.contains(&d.entity_ref)
                && d.started_at >= from
                && d.started_at < to
        })
        .filter(|d| d.rollback_of.is_none() && d.status != Status::Running)
        .collect();
    let causes: BTreeSet<&str> = h
        .incidents
        .iter()
        .filter_map(|i| i.caused_by.as_deref())
        .collect();
    let failed = prod
        .iter()
        .filter(|d| {
            matches!(d.status, Status::Failed | Status::RolledBack)
                || causes.contains(d.id.as_str())
        })
        .count();
    let by_id: BTreeMap<&str, _> = prod.iter().map(|d| (d.id.as_str(), *d)).collect();
    let authored: BTreeMap<(&str, &str), DateTime<Utc>> = h
        .commits
        .iter()
        .map(|c| ((c.entity_ref.as_str(), c.sha.as_str()), c.authored_at))
        .collect();
    let leads = h
        .links
        .iter()
        .filter_map(|(d, e, s)| {
            Some((
                by_id.get(d.as_str())?,
                authored.get(&(e.as_str(), s.as_str()))?,
            ))
        })
        .map(|(d, a)| (d.finished_at.unwrap_or(d.started_at) - *a).num_minutes() as f64 / 60.0)
        .collect();
    let restores = h
        .incidents
        .iter()
        .filter(|i| owned.contains(&i.entity_ref) && i.started_at >= from && i.started_at < to)
        .filter_map(|i| Some((i.resolved_at? - i.started_at).num_minutes() as f64 / 60.0))
        .collect();
    let weeks = (to - from).num_hours() as f64 / (24.0 * 7.0);
    Figures {
        per_week: prod.len() as f64 / weeks,
        lead_hours: median(leads),
        failure_rate: failed as f64 / prod.len().max(1) as f64,
        restore_hours: median(restores),
    }
}

/// The DORA report's tier on each measure: 0 elite, 1 high, 2 medium, 3 low.
fn tiers(f: &Figures) -> [u8; 4] {
    let band =
        |value: f64, limits: [f64; 3]| limits.iter().position(|l| value < *l).unwrap_or(3) as u8;
    [
        band(-f.per_week, [-7.0, -1.0, -0.23]),
        band(f.lead_hours, [24.0, 168.0, 720.0]),
        band(f.failure_rate, [0.06, 0.13, 0.25]),
        band(f.restore_hours, [1.0, 24.0, 168.0]),
    ]
}

#[test]
fn each_team_lands_in_its_dora_tier() {
    let expected = [
        ("checkout", 0),
        ("search", 0),
        ("payments", 1),
        ("identity", 1),
        ("platform", 1),
        ("mobile", 2),
        ("logistics", 3),
    ];
    for seed in [DEFAULT_SEED, 7, 2026] {
        let data = generate(seed, now());
        let from = now() - Duration::days(HISTORY_DAYS);
        for (team, tier) in expected {
            let f = figures(&data, team, from, now());
            let t = tiers(&f);
            let matching = t.iter().filter(|x| **x == tier).count();
            // Small teams release rarely, so one measure may fall into a neighbouring tier.
            assert!(
                matching >= 3 && t.iter().all(|x| x.abs_diff(tier) <= 1),
                "seed {seed}: {team} {f:?} has tiers {t:?}, expected {tier}"
            );
        }
    }
}

#[test]
fn the_improving_team_gets_better() {
    let data = generate(DEFAULT_SEED, now());
    let start = now() - Duration::days(HISTORY_DAYS);
    let early = figures(&data, "data", start, start + Duration::days(60));
    let late = figures(&data, "data", now() - Duration::days(60), now());
    assert!(
        late.per_week > 2.0 * early.per_week,
        "{early:?} then {late:?}"
    );
    assert!(
        late.lead_hours < early.lead_hours / 2.0,
        "{early:?} then {late:?}"
    );
}

#[tokio::test]
async fn seeding_writes_everything_once_and_is_audited() {
    for t in testing::databases().await {
        let summary = seed(&t.db, 5, now()).await.unwrap();
        let data = generate(5, now());
        assert_eq!(summary.entities, data.entities.len());
        assert_eq!(summary.deployments, data.history.deployments.len());
        let count = |table: &'static str| count_rows(&t.db, table);
        assert_eq!(
            count("entities").await,
            summary.entities,
            "{:?}",
            t.backend()
        );
        assert_eq!(count("deployments").await, summary.deployments);
        assert_eq!(count("commits").await, summary.commits);
        assert_eq!(count("incidents").await, summary.incidents);
        assert_eq!(count("deployment_commits").await, data.history.links.len());
        assert!(count("entity_relations").await > 400);

        let again = seed(&t.db, 6, now()).await;
        assert!(matches!(again, Err(SeedError::NotEmpty)));
        assert_eq!(
            count("deployments").await,
            summary.deployments,
            "a refused seed changes nothing"
        );
        let audit = crate::access::store::audit::recent(&t.db, 10)
            .await
            .unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(
            (audit[0].action.as_str(), audit[0].actor.as_str()),
            ("demo.seed", "system")
        );
        assert_eq!(
            audit[0].summary["after"]["deployments"],
            summary.deployments
        );
        t.close().await;
    }
}

async fn count_rows(db: &Db, table: &str) -> usize {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM {table}"
    )))
    .fetch_one(db.reader())
    .await
    .unwrap();
    row.try_get::<i64, _>("n").unwrap() as usize
}

#[tokio::test]
async fn demo_accounts_sign_in_with_their_roles_and_teams() {
    use crate::access::decision::Target;
    use crate::access::permission::Permission;
    for t in testing::databases().await {
        seed(&t.db, 42, now()).await.unwrap();
        let (_, policy) = crate::access::store::roles::load_policy(&t.db)
            .await
            .unwrap();
        let principal = |login: &'static str| {
            let db = t.db.clone();
            async move {
                let user = crate::access::store::users::by_login(&db, login)
                    .await
                    .unwrap()
                    .unwrap();
                let checked = crate::auth::service::credentials::verify_password(
                    accounts::DEMO_PASSWORD.into(),
                    user.password_hash.clone().unwrap(),
                );
                assert_eq!(checked.await, Ok(true));
                crate::auth::service::resolve::principal_of(&db, &user.user)
                    .await
                    .unwrap()
            }
        };
        let developer = principal("developer").await;
        assert_eq!(
            developer.teams.iter().collect::<Vec<_>>(),
            ["group:default/checkout"],
            "{:?}",
            t.backend()
        );
        let own = Target {
            entity_ref: "component:default/checkout-api",
            owner_ref: Some("group:default/checkout"),
        };
        let other = Target {
            entity_ref: "component:default/ledger-service",
            owner_ref: Some("group:default/payments"),
        };
        assert!(
            policy
                .decide(&developer, Permission::CatalogEntityUpdate, Some(own))
                .allowed
        );
        assert!(
            !policy
                .decide(&developer, Permission::CatalogEntityUpdate, Some(other))
                .allowed
        );
        let manager = principal("manager").await;
        assert!(
            policy
                .decide(&manager, Permission::MetricsView, None)
                .allowed
        );
        assert!(
            policy
                .decide(&manager, Permission::DeploymentApprove, Some(other))
                .allowed
        );
        let viewer = principal("viewer").await;
        assert!(
            policy
                .decide(&viewer, Permission::CatalogEntityRead, Some(other))
                .allowed
        );
        assert!(
            !policy
                .decide(&viewer, Permission::MetricsView, None)
                .allowed
        );
        t.close().await;
    }
}
