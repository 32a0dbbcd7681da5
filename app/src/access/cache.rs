//! The access policy held in memory and reloaded when the database's access version moves, so
//! a decision costs no query and a change on any replica is seen within a second.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::decision::Policy;
use super::store::roles;
use crate::db::Db;

#[derive(Debug)]
pub struct PolicyCache {
    inner: RwLock<Cached>,
    check_every: Duration,
}

#[derive(Debug, Default)]
struct Cached {
    version: i64,
    policy: Arc<Policy>,
    checked_at: Option<Instant>,
}

impl PolicyCache {
    /// Looks at the database's access version at most once per `check_every`.
    pub fn new(check_every: Duration) -> Self {
        PolicyCache {
            inner: RwLock::new(Cached::default()),
            check_every,
        }
    }

    pub async fn get(&self, db: &Db) -> Result<Arc<Policy>, sqlx::Error> {
        let (fresh, known) = {
            let cached = self.inner.read().unwrap_or_else(|e| e.into_inner());
            let fresh = cached
                .checked_at
                .is_some_and(|t| t.elapsed() < self.check_every);
            (
                fresh.then(|| cached.policy.clone()),
                cached.checked_at.map(|_| cached.version),
            )
        };
        if let Some(policy) = fresh {
            return Ok(policy);
        }
        let version = roles::version(db).await?;
        if known == Some(version) {
            let mut cached = self.inner.write().unwrap_or_else(|e| e.into_inner());
            cached.checked_at = Some(Instant::now());
            return Ok(cached.policy.clone());
        }
        let (version, policy) = roles::load_policy(db).await?;
        let policy = Arc::new(policy);
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = Cached {
            version,
            policy: policy.clone(),
            checked_at: Some(Instant::now()),
        };
        Ok(policy)
    }

    /// Forgets the policy; the next decision reloads it. Called after this replica changes access.
    pub fn invalidate(&self) {
        self.inner
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .checked_at = None;
    }
}
