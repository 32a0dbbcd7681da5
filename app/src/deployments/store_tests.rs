//! Deployments store tests, run on SQLite and (when configured) PostgreSQL.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::db::testing;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn env(name: &str, tier: Tier, position: i64) -> Environment {
    Environment {
        name: name.into(),
        display_name: name.to_uppercase(),
        tier,
        position,
        expires_at: (tier == Tier::Ephemeral).then(|| t0() + Duration::days(3)),
        created_at: t0() - Duration::days(200),
    }
}

fn deployment(id: &str, environment: &str, status: Status, started: DateTime<Utc>) -> Deployment {
    Deployment {
        id: id.into(),
        entity_ref: "component:default/cart".into(),
        environment: environment.into(),
        version: format!("1.0.{id}"),
        commit_sha: format!("sha-{id}"),
        status,
        rollback_of: None,
        triggered_by: "ci".into(),
        started_at: started,
        finished_at: (status != Status::Running).then(|| started + Duration::minutes(4)),
    }
}

async fn seeded() -> Vec<testing::TestDb> {
    let envs = vec![
        env("prod", Tier::Production, 3),
        env("dev", Tier::Development, 1),
        env("staging", Tier::Staging, 2),
        env("pr-7", Tier::Ephemeral, 4),
    ];
    let mut rollback = deployment("5", "prod", Status::Succeeded, t0() + Duration::hours(30));
    rollback.rollback_of = Some("4".into());
    let deployments = vec![
        deployment("1", "dev", Status::Succeeded, t0() - Duration::days(8)),
        deployment("2", "staging", Status::Failed, t0() + Duration::hours(1)),
        deployment("3", "prod", Status::Succeeded, t0() + Duration::hours(2)),
        deployment("4", "prod", Status::RolledBack, t0() + Duration::hours(26)),
        rollback,
        deployment("6", "pr-7", Status::Running, t0() + Duration::hours(27)),
    ];
    let commit = Commit {
        entity_ref: "component:default/cart".into(),
        sha: "sha-3".into(),
        message: "Add coupons".into(),
        author: "ada".into(),
        authored_at: t0() - Duration::hours(5),
    };
    let incident = |id: &str, resolved: bool| Incident {
        id: id.into(),
        entity_ref: "component:default/cart".into(),
        environment: "prod".into(),
        title: "Checkout errors".into(),
        severity: "sev2".into(),
        caused_by: Some("4".into()),
        resolved_by: resolved.then(|| "5".to_owned()),
        started_at: t0() + Duration::hours(27),
        resolved_at: resolved.then(|| t0() + Duration::hours(30)),
    };
    let mut all = testing::databases().await;
    for t in &mut all {
        let mut tx = t.db.begin().await.unwrap();
        insert_environments(&mut tx, &envs).await.unwrap();
        insert_deployments(&mut tx, &deployments).await.unwrap();
        insert_commits(&mut tx, std::slice::from_ref(&commit))
            .await
            .unwrap();
        link_commits(
            &mut tx,
            &[("3".into(), commit.entity_ref.clone(), commit.sha.clone())],
        )
        .await
        .unwrap();
        insert_incidents(&mut tx, &[incident("i1", true), incident("i2", false)])
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    all
}

#[tokio::test]
async fn environments_come_in_promotion_order() {
    for t in seeded().await {
        let envs = list_environments(&t.db).await.unwrap();
        let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["dev", "staging", "prod", "pr-7"],
            "{:?}",
            t.backend()
        );
        assert_eq!(envs[3].tier, Tier::Ephemeral);
        assert_eq!(envs[3].expires_at, Some(t0() + Duration::days(3)));
        assert_eq!(envs[0].expires_at, None);
        t.close().await;
    }
}

#[tokio::test]
async fn recent_deployments_are_newest_first_and_round_trip() {
    for t in seeded().await {
        let rows = recent_deployments(&t.db, None, 3, &Scope::All)
            .await
            .unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.deployment.id.as_str()).collect();
        assert_eq!(ids, ["5", "6", "4"], "{:?}", t.backend());
        assert_eq!(rows[0].deployment.rollback_of.as_deref(), Some("4"));
        assert_eq!(rows[1].deployment.status, Status::Running);
        assert_eq!(
            (rows[0].tier, rows[1].tier),
            (Tier::Production, Tier::Ephemeral)
        );
        assert_eq!(rows[1].deployment.finished_at, None);
        assert_eq!(
            rows[2].deployment,
            deployment("4", "prod", Status::RolledBack, t0() + Duration::hours(26))
        );
        // No catalog entity was stored, so the join leaves title and owner empty.
        assert_eq!(
            (rows[0].title.clone(), rows[0].owner_ref.clone()),
            (None, None)
        );

        let prod = recent_deployments(&t.db, Some("prod"), 10, &Scope::All)
            .await
            .unwrap();
        let ids: Vec<&str> = prod.iter().map(|r| r.deployment.id.as_str()).collect();
        assert_eq!(ids, ["5", "4", "3"]);
        t.close().await;
    }
}

#[tokio::test]
async fn counts_use_half_open_windows() {
    for t in seeded().await {
        let db = &t.db;
        let day = Duration::days(1);
        assert_eq!(
            count_deployments(db, t0(), t0() + day * 2, false, &Scope::All)
                .await
                .unwrap(),
            5,
            "{:?}",
            t.backend()
        );
        assert_eq!(
            count_deployments(db, t0(), t0() + day * 2, true, &Scope::All)
                .await
                .unwrap(),
            3
        );
        // The end is exclusive: deployment 3 starts exactly at t0 + 2h.
        assert_eq!(
            count_deployments(db, t0(), t0() + Duration::hours(2), true, &Scope::All)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            count_deployments(db, t0() - day * 10, t0(), false, &Scope::All)
                .await
                .unwrap(),
            1
        );
        assert_eq!(count_open_incidents(db, &Scope::All).await.unwrap(), 1);
        t.close().await;
    }
}

#[tokio::test]
async fn daily_outcomes_bucket_by_utc_day() {
    for t in seeded().await {
        let days = daily_outcomes(&t.db, t0() - Duration::days(30), &Scope::All)
            .await
            .unwrap();
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // Day 20: failed (2) and succeeded (3); day 21: rolled back (4), succeeded (5), running (6).
        assert_eq!(
            days,
            vec![(date(12), 1, 0), (date(20), 1, 1), (date(21), 1, 1)],
            "{:?}",
            t.backend()
        );
        t.close().await;
    }
}

#[tokio::test]
async fn unknown_status_text_is_a_decode_error() {
    for t in seeded().await {
        sqlx::query("UPDATE deployments SET status = 'exploded' WHERE id = '5'")
            .execute(t.db.reader())
            .await
            .unwrap();
        let error = recent_deployments(&t.db, None, 1, &Scope::All)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("exploded"),
            "{error} on {:?}",
            t.backend()
        );
        t.close().await;
    }
}
