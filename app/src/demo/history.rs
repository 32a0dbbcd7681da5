//! 180 days of delivery history: releases that flow dev → staging → prod with the commits they
//! carry, failed rollouts, rollbacks, hotfixes and the incidents they cause or end.

use chrono::{DateTime, Duration, DurationRound, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::org::{Person, owner_of_system};
use super::profile::{Profile, Rates, hours, lognormal, poisson};
use super::release::{History, Outcome, Release, ReleaseContext};
use super::tables::{COMPONENTS, TEAMS};
use crate::deployments::model::{Deployment, Environment, Incident, Status, Tier};

pub const HISTORY_DAYS: i64 = 180;

pub fn environments(now: DateTime<Utc>) -> Vec<Environment> {
    let created = now - Duration::days(HISTORY_DAYS + 400);
    let env = |name: &str, display: &str, tier, position| Environment {
        name: name.into(),
        display_name: display.into(),
        tier,
        position,
        expires_at: None,
        created_at: created,
    };
    let mut preview = env("preview-2481", "Preview · PR #2481", Tier::Ephemeral, 4);
    preview.created_at = now - Duration::hours(38);
    preview.expires_at = Some(now + Duration::hours(34));
    vec![
        env("dev", "Development", Tier::Development, 1),
        env("staging", "Staging", Tier::Staging, 2),
        env("prod", "Production", Tier::Production, 3),
        preview,
    ]
}

/// Generates the history up to `now`; nothing starts later than `now`.
pub fn history(rng: &mut ChaCha8Rng, people: &[Person], now: DateTime<Utc>) -> History {
    let mut out = History {
        environments: environments(now),
        ..History::default()
    };
    let start = now.duration_trunc(Duration::days(1)).unwrap_or(now) - Duration::days(HISTORY_DAYS);
    let mut contexts = Vec::new();
    for team in TEAMS {
        let authors: Vec<&str> = people
            .iter()
            .filter(|p| p.team == team.name)
            .map(|p| p.login.as_str())
            .collect();
        let mut services: Vec<ReleaseContext> = COMPONENTS
            .iter()
            .filter(|c| owner_of_system(c.1) == team.name && c.2 != "library")
            .map(|c| {
                ReleaseContext::new(
                    rng,
                    format!("component:default/{}", c.0),
                    &authors,
                    team.profile,
                    now,
                )
            })
            .collect();
        // Failures are spread by error diffusion rather than drawn per release: a team that
        // releases twenty times in six months then fails about as often as its profile says,
        // where independent draws would often give it none or twice as many.
        let mut failure_debt: f64 = rng.random();
        for day in 0..=HISTORY_DAYS {
            let date = start + Duration::days(day);
            let rates = team.profile.rates(day as f64 / HISTORY_DAYS as f64);
            for ctx in &mut services {
                for at in release_times(rng, date, &rates, &mut ctx.release_debt) {
                    if at + Duration::minutes(15) < now {
                        failure_debt += rates.failure_rate;
                        let fails = failure_debt >= 1.0;
                        if fails {
                            failure_debt -= 1.0;
                        }
                        ctx.release(rng, &mut out, at, &rates, fails);
                    }
                }
            }
        }
        contexts.extend(services);
        unplanned_incidents(rng, &mut out, team.name, team.profile, start, now);
    }
    in_flight(rng, &mut out, &mut contexts, now);
    out.deployments
        .sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    out.incidents
        .sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    out
}

/// Production release times on one day, mostly in working hours on weekdays. Frequent releases
/// happen on demand (Poisson arrivals); rare ones follow a schedule, like the release trains of
/// teams that ship monthly, carried by `debt` from day to day.
fn release_times(
    rng: &mut ChaCha8Rng,
    date: DateTime<Utc>,
    rates: &Rates,
    debt: &mut f64,
) -> Vec<DateTime<Utc>> {
    use chrono::Datelike;
    let weekend = date.weekday().number_from_monday() > 5;
    let mean = rates.releases_per_day * if weekend { 0.12 } else { 1.0 };
    let count = if rates.releases_per_day < 0.2 {
        *debt += mean;
        let due = debt.floor();
        *debt -= due;
        due as u32
    } else {
        poisson(rng, mean)
    };
    let mut times: Vec<DateTime<Utc>> = (0..count)
        .map(|_| date + Duration::minutes(rng.random_range(7 * 60..19 * 60)))
        .collect();
    times.sort();
    times
}

/// Incidents no deployment caused (a cloud outage, a traffic spike), about one a month per
/// team, restored by whoever is on call.
fn unplanned_incidents(
    rng: &mut ChaCha8Rng,
    out: &mut History,
    team: &str,
    profile: Profile,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let services: Vec<&str> = COMPONENTS
        .iter()
        .filter(|c| owner_of_system(c.1) == team && c.2 == "service")
        .map(|c| c.0)
        .collect();
    for _ in 0..poisson(rng, HISTORY_DAYS as f64 / 30.0) {
        let Some(service) = services.get(rng.random_range(0..services.len().max(1))) else {
            return;
        };
        let started = start + Duration::minutes(rng.random_range(0..HISTORY_DAYS * 24 * 60));
        let rates =
            profile.rates((started - start).num_minutes() as f64 / (HISTORY_DAYS * 24 * 60) as f64);
        let restored = started + hours(lognormal(rng, rates.restore_hours, 0.7));
        let titles = [
            "Elevated latency",
            "Error rate above SLO",
            "Upstream provider outage",
            "Database connection exhaustion",
        ];
        out.incidents.push(Incident {
            id: super::uuid_from(rng),
            entity_ref: format!("component:default/{service}"),
            environment: "prod".into(),
            title: format!("{} in {service}", titles[rng.random_range(0..titles.len())]),
            severity: format!("sev{}", rng.random_range(2..=4)),
            caused_by: None,
            resolved_by: None,
            started_at: started,
            resolved_at: (restored <= now).then_some(restored),
        });
    }
}

/// Work happening right now: branch builds in the preview environment, and two rollouts that
/// have not finished.
fn in_flight(
    rng: &mut ChaCha8Rng,
    out: &mut History,
    contexts: &mut [ReleaseContext],
    now: DateTime<Utc>,
) {
    for (n, minutes_ago) in [36 * 60, 20 * 60, 5 * 60, 50].into_iter().enumerate() {
        let started = now - Duration::minutes(minutes_ago);
        out.deployments.push(Deployment {
            id: super::uuid_from(rng),
            entity_ref: "component:default/web-storefront".into(),
            environment: "preview-2481".into(),
            version: format!("0.0.0-pr2481.{}", n + 1),
            commit_sha: super::release::sha(rng),
            status: Status::Succeeded,
            rollback_of: None,
            triggered_by: "deploy-bot".into(),
            started_at: started,
            finished_at: Some(started + Duration::seconds(rng.random_range(70..200))),
        });
    }
    for (service, env, ago) in [
        ("checkout-api", "staging", Duration::minutes(3)),
        ("search-api", "prod", Duration::seconds(80)),
    ] {
        let entity_ref = format!("component:default/{service}");
        if let Some(ctx) = contexts.iter_mut().find(|c| c.entity_ref == entity_ref) {
            let at = now - ago;
            let release = Release::new(ctx, rng, at, (1, 3), 2.0, at - Duration::minutes(30));
            out.commits.extend(release.commits().iter().cloned());
            ctx.deploy(rng, out, &release, env, at, Outcome::Running);
        }
    }
}
