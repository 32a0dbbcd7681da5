//! One service's releases: versions, the commits each release carries, and the deployments that
//! take it through the environments with their outcomes.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::profile::{Profile, Rates, hours, lognormal};
use super::uuid_from;
use crate::deployments::model::{Commit, Deployment, Environment, Incident, Status};

/// Everything the history generator produces, in insertion order.
#[derive(Debug, Default)]
pub struct History {
    pub environments: Vec<Environment>,
    pub deployments: Vec<Deployment>,
    pub commits: Vec<Commit>,
    /// (deployment id, entity ref, commit sha): the commits each deployment shipped first.
    pub links: Vec<(String, String, String)>,
    pub incidents: Vec<Incident>,
}

/// How a deployment ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Failed,
    RolledBack,
    Running,
}

/// The state of one service across its releases.
pub struct ReleaseContext {
    pub entity_ref: String,
    authors: Vec<String>,
    /// Teams with a delivery pipeline deploy through a bot; the others by hand.
    automated: bool,
    version: (u32, u32, u32),
    current: (String, String),
    last_prod: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    /// Carries fractional releases from day to day for scheduled cadences.
    pub release_debt: f64,
}

/// A version of a service and the commits it carries.
pub struct Release {
    pub version: String,
    pub head: String,
    commits: Vec<Commit>,
}

const VERBS: &[&str] = &[
    "Fix", "Add", "Improve", "Refactor", "Remove", "Speed up", "Harden", "Document", "Simplify",
    "Log",
];
const OBJECTS: &[&str] = &[
    "retry logic",
    "request validation",
    "cache invalidation",
    "pagination",
    "error messages",
    "metrics labels",
    "timeouts",
    "feature flag checks",
    "database indexes",
    "health checks",
    "rate limiting",
    "dependency versions",
    "input parsing",
    "currency rounding",
    "tracing spans",
];

impl ReleaseContext {
    pub fn new(
        rng: &mut ChaCha8Rng,
        entity_ref: String,
        authors: &[&str],
        profile: Profile,
        now: DateTime<Utc>,
    ) -> Self {
        let version = (1, rng.random_range(0..12), 0);
        Self {
            entity_ref,
            authors: authors.iter().map(|a| a.to_string()).collect(),
            automated: matches!(profile, Profile::Elite | Profile::High),
            version,
            current: (
                format!("{}.{}.{}", version.0, version.1, version.2),
                sha(rng),
            ),
            last_prod: None,
            now,
            release_debt: rng.random(),
        }
    }

    fn author(&self, rng: &mut ChaCha8Rng) -> String {
        self.authors
            .get(rng.random_range(0..self.authors.len().max(1)))
            .cloned()
            .unwrap_or_else(|| "deploy-bot".into())
    }

    fn trigger(&self, rng: &mut ChaCha8Rng) -> String {
        if self.automated {
            "deploy-bot".into()
        } else {
            self.author(rng)
        }
    }

    /// A regular release reaching production at `at`, after dev and a soak in staging; `fails`
    /// says whether it is a failed change in production.
    pub fn release(
        &mut self,
        rng: &mut ChaCha8Rng,
        out: &mut History,
        at: DateTime<Utc>,
        rates: &Rates,
        fails: bool,
    ) {
        let soak = hours(lognormal(rng, rates.staging_soak_hours, 0.5)).max(Duration::minutes(10));
        let staging_at = at - soak;
        let dev_at = staging_at - Duration::minutes(rng.random_range(20..120));
        let release = Release::new(self, rng, at, rates.commits, rates.lead_time_hours, dev_at);
        out.commits.extend(release.commits.iter().cloned());
        self.deploy_until_success(rng, out, &release, "dev", dev_at, 0.06);
        self.deploy_until_success(rng, out, &release, "staging", staging_at, 0.04);
        let previous = self.current.clone();
        self.current = (release.version.clone(), release.head.clone());
        self.last_prod = Some(at);
        if !fails {
            self.deploy(rng, out, &release, "prod", at, Outcome::Succeeded);
            return;
        }
        match rng.random_range(0..100) {
            // The rollout fails its checks and stops; a fixed build goes out later.
            0..35 => {
                self.deploy(rng, out, &release, "prod", at, Outcome::Failed);
                let retry_at = at + Duration::minutes(rng.random_range(20..180));
                if retry_at < self.now {
                    self.deploy(rng, out, &release, "prod", retry_at, Outcome::Succeeded);
                }
            }
            // It goes live, breaks, and is rolled back to the previous version.
            35..70 => {
                let bad = self.deploy(rng, out, &release, "prod", at, Outcome::RolledBack);
                let started = at + Duration::minutes(rng.random_range(3..30));
                let restore_at = started + hours(lognormal(rng, rates.restore_hours, 0.7));
                let fix = (restore_at < self.now).then(|| {
                    self.current = previous.clone();
                    let id = uuid_from(rng);
                    out.deployments.push(Deployment {
                        id: id.clone(),
                        entity_ref: self.entity_ref.clone(),
                        environment: "prod".into(),
                        version: previous.0.clone(),
                        commit_sha: previous.1.clone(),
                        status: Status::Succeeded,
                        rollback_of: Some(bad.clone()),
                        triggered_by: self.author(rng),
                        started_at: restore_at - Duration::minutes(2),
                        finished_at: Some(restore_at),
                    });
                    id
                });
                self.incident(rng, out, &bad, started, fix.map(|id| (id, restore_at)));
            }
            // It goes live and causes an incident that a hotfix ends.
            _ => {
                let bad = self.deploy(rng, out, &release, "prod", at, Outcome::Succeeded);
                let started = at + Duration::minutes(rng.random_range(10..360));
                let restore_at = started + hours(lognormal(rng, rates.restore_hours, 0.7));
                let fix = (restore_at < self.now).then(|| {
                    let written = started + (restore_at - started) / 2;
                    let hotfix = Release::new(self, rng, restore_at, (1, 1), 0.0, written);
                    out.commits.extend(hotfix.commits.iter().cloned());
                    self.current = (hotfix.version.clone(), hotfix.head.clone());
                    (
                        self.deploy(
                            rng,
                            out,
                            &hotfix,
                            "prod",
                            restore_at - Duration::minutes(4),
                            Outcome::Succeeded,
                        ),
                        restore_at,
                    )
                });
                self.incident(rng, out, &bad, started, fix);
            }
        }
    }

    fn incident(
        &self,
        rng: &mut ChaCha8Rng,
        out: &mut History,
        cause: &str,
        started: DateTime<Utc>,
        fix: Option<(String, DateTime<Utc>)>,
    ) {
        let name = self.entity_ref.rsplit('/').next().unwrap_or_default();
        let symptoms = [
            "5xx errors",
            "Checkout failures",
            "Slow responses",
            "Failed logins",
            "Stale data",
            "Crash loop",
        ];
        out.incidents.push(Incident {
            id: uuid_from(rng),
            entity_ref: self.entity_ref.clone(),
            environment: "prod".into(),
            title: format!(
                "{} after deploy of {name}",
                symptoms[rng.random_range(0..symptoms.len())]
            ),
            severity: format!("sev{}", rng.random_range(1..=3)),
            caused_by: Some(cause.to_owned()),
            resolved_by: fix.as_ref().map(|(id, _)| id.clone()),
            started_at: started,
            resolved_at: fix.map(|(_, at)| at),
        });
    }

    /// Deploys, retrying a failed rollout once it is fixed.
    fn deploy_until_success(
        &mut self,
        rng: &mut ChaCha8Rng,
        out: &mut History,
        release: &Release,
        env: &str,
        at: DateTime<Utc>,
        failure: f64,
    ) {
        if rng.random_bool(failure) {
            self.deploy(rng, out, release, env, at, Outcome::Failed);
            let retry = at + Duration::minutes(rng.random_range(8..40));
            self.deploy(rng, out, release, env, retry, Outcome::Succeeded);
        } else {
            self.deploy(rng, out, release, env, at, Outcome::Succeeded);
        }
    }

    /// Records one deployment and returns its id. Deployments that went live are linked to the
    /// release's commits, which they shipped to `env`.
    pub fn deploy(
        &self,
        rng: &mut ChaCha8Rng,
        out: &mut History,
        release: &Release,
        env: &str,
        at: DateTime<Utc>,
        outcome: Outcome,
    ) -> String {
        let id = uuid_from(rng);
        let status = match outcome {
            Outcome::Succeeded => Status::Succeeded,
            Outcome::Failed => Status::Failed,
            Outcome::RolledBack => Status::RolledBack,
            Outcome::Running => Status::Running,
        };
        let finished = (outcome != Outcome::Running)
            .then(|| at + Duration::seconds(rng.random_range(70..600)));
        out.deployments.push(Deployment {
            id: id.clone(),
            entity_ref: self.entity_ref.clone(),
            environment: env.into(),
            version: release.version.clone(),
            commit_sha: release.head.clone(),
            status,
            rollback_of: None,
            triggered_by: self.trigger(rng),
            started_at: at,
            finished_at: finished,
        });
        if matches!(outcome, Outcome::Succeeded | Outcome::RolledBack) {
            out.links.extend(
                release
                    .commits
                    .iter()
                    .map(|c| (id.clone(), c.entity_ref.clone(), c.sha.clone())),
            );
        }
        id
    }
}

impl Release {
    pub fn commits(&self) -> &[Commit] {
        &self.commits
    }

    /// A new version with commits written after the previous production release and before
    /// `cutoff`, each about `lead_hours` (median) before `at`.
    pub fn new(
        ctx: &mut ReleaseContext,
        rng: &mut ChaCha8Rng,
        at: DateTime<Utc>,
        count: (u32, u32),
        lead_hours: f64,
        cutoff: DateTime<Utc>,
    ) -> Self {
        ctx.version = if rng.random_bool(0.12) {
            (ctx.version.0, ctx.version.1 + 1, 0)
        } else {
            (ctx.version.0, ctx.version.1, ctx.version.2 + 1)
        };
        let floor = ctx.last_prod.map(|t| t + Duration::minutes(5));
        let mut commits: Vec<Commit> = (0..rng.random_range(count.0..=count.1))
            .map(|_| {
                let wanted = at - hours(lognormal(rng, lead_hours.max(0.01), 0.8));
                let authored = floor.map_or(wanted, |f| wanted.max(f)).min(cutoff);
                Commit {
                    entity_ref: ctx.entity_ref.clone(),
                    sha: sha(rng),
                    message: format!(
                        "{} {}",
                        VERBS[rng.random_range(0..VERBS.len())],
                        OBJECTS[rng.random_range(0..OBJECTS.len())]
                    ),
                    author: ctx.author(rng),
                    authored_at: authored,
                }
            })
            .collect();
        commits.sort_by_key(|c| c.authored_at);
        let head = commits.last().map_or_else(|| sha(rng), |c| c.sha.clone());
        Release {
            version: format!("{}.{}.{}", ctx.version.0, ctx.version.1, ctx.version.2),
            head,
            commits,
        }
    }
}

/// A random 40-hex-digit commit id.
pub fn sha(rng: &mut ChaCha8Rng) -> String {
    let bytes: [u8; 20] = rng.random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
