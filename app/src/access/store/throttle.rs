//! SQL of sign-in throttling: a try is reserved, atomically, before its password is checked, so
//! parallel tries cannot all slip through between a count and a write.
//!
//! Each key (a login from one address, or an address) has a few free tries per window; after
//! them every further try must wait, 30 seconds first and twice as long each time, up to the
//! window. A reservation that turns out to be a success is given back. One conditional `UPDATE`
//! per key does the check and the count: PostgreSQL re-checks its `WHERE` against a row another
//! transaction just changed, and SQLite runs one writer at a time.

use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::db::sql::{from_millis, to_millis};

/// What one key allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Tries in a window before waits begin.
    pub free: i64,
    /// How long tries are remembered; also the longest wait.
    pub window: Duration,
}

/// The first wait after the free tries; each further try doubles it.
pub const FIRST_WAIT: Duration = Duration::seconds(30);

/// Reserves a try for `key`: `Ok(None)` when it may go ahead (and is now counted), or the time
/// the next try may start.
pub async fn reserve(
    conn: &mut AnyConnection,
    key: &str,
    rule: Rule,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let now_ms = to_millis(now);
    let window_start = to_millis(now - rule.window);
    sqlx::query("DELETE FROM sign_in_throttle WHERE first_at < $1 AND next_at < $2")
        .bind(to_millis(now - Duration::days(1)))
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_throttle (key, tries, first_at, next_at) VALUES ($1, 0, $2, 0) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key.to_owned())
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    // `tries` after this one: 1 in a new window, one more otherwise.
    let tries = "CASE WHEN first_at <= $3 THEN 1 ELSE tries + 1 END";
    // A free try leaves `next_at` where it was. Were it set to this try's `now`, a concurrent
    // try whose clock was read a moment earlier, but whose UPDATE runs a moment later, would
    // find `next_at` in its future and be refused although no try had failed.
    let sql = format!(
        "UPDATE sign_in_throttle SET \
         next_at = CASE WHEN ({wait}) = 0 THEN next_at ELSE $2 + ({wait}) END, tries = {tries}, \
         first_at = CASE WHEN first_at <= $3 THEN $2 ELSE first_at END \
         WHERE key = $1 AND next_at <= $2 RETURNING tries",
        wait = waits(rule, tries),
    );
    let updated = sqlx::query(AssertSqlSafe(sql))
        .bind(key.to_owned())
        .bind(now_ms)
        .bind(window_start)
        .fetch_optional(&mut *conn)
        .await?;
    if updated.is_some() {
        return Ok(None);
    }
    let row = sqlx::query("SELECT next_at FROM sign_in_throttle WHERE key = $1")
        .bind(key.to_owned())
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(from_millis(row.try_get("next_at")?)))
}

/// How much of a key a reservation that turned out to be a success gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveBack {
    /// The key starts afresh: the person proved who they are from there.
    Reset,
    /// Only the one try is returned; a wait it started ends if free tries remain after it.
    One(Rule),
}

/// Gives back a reservation that turned out to be a success.
pub async fn give_back(
    conn: &mut AnyConnection,
    key: &str,
    how: GiveBack,
) -> Result<(), sqlx::Error> {
    match how {
        GiveBack::Reset => {
            sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
                .bind(key.to_owned())
                .execute(conn)
                .await?;
        }
        // The last free try starts a wait; were it a success, colleagues signing in together
        // after it would wait for nothing. (`tries` on the right is the value before the update.)
        GiveBack::One(rule) => {
            sqlx::query(
                "UPDATE sign_in_throttle SET tries = tries - 1, \
                 next_at = CASE WHEN tries - 1 < $2 THEN 0 ELSE next_at END \
                 WHERE key = $1 AND tries > 0",
            )
            .bind(key.to_owned())
            .bind(rule.free)
            .execute(conn)
            .await?;
        }
    }
    Ok(())
}

/// The wait, in milliseconds, that a try leaves before the next one, as SQL over `tries` (the
/// count including this try): none for the free tries, then 30 s, 60 s, 120 s … up to the window.
fn waits(rule: Rule, tries: &str) -> String {
    let mut sql = format!("CASE WHEN ({tries}) < {} THEN 0", rule.free);
    let mut wait = FIRST_WAIT;
    let mut at = rule.free;
    while wait < rule.window {
        sql.push_str(&format!(
            " WHEN ({tries}) = {at} THEN {}",
            wait.num_milliseconds()
        ));
        wait = wait * 2;
        at += 1;
    }
    sql.push_str(&format!(" ELSE {} END", rule.window.num_milliseconds()));
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    const RULE: Rule = Rule {
        free: 3,
        window: Duration::minutes(15),
    };

    fn at(seconds: i64) -> DateTime<Utc> {
        from_millis(1_800_000_000_000 + seconds * 1000)
    }

    async fn reserve_at(db: &crate::db::Db, key: &str, seconds: i64) -> Option<i64> {
        let mut tx = db.begin().await.unwrap();
        let result = reserve(&mut tx, key, RULE, at(seconds)).await.unwrap();
        tx.commit().await.unwrap();
        result.map(|next| (next - at(0)).num_seconds())
    }

    #[tokio::test]
    async fn free_tries_then_doubling_waits_then_a_fresh_window() {
        for t in testing::databases().await {
            let db = &t.db;
            for second in 0..2 {
                assert_eq!(reserve_at(db, "k", second).await, None, "{:?}", t.backend());
            }
            // The third free try is allowed and starts the first wait.
            assert_eq!(reserve_at(db, "k", 2).await, None);
            assert_eq!(reserve_at(db, "k", 3).await, Some(32));
            assert_eq!(reserve_at(db, "other", 3).await, None, "keys are separate");
            assert_eq!(reserve_at(db, "k", 32).await, None);
            assert_eq!(reserve_at(db, "k", 33).await, Some(92), "then 60 s");
            assert_eq!(reserve_at(db, "k", 92).await, None);
            assert_eq!(reserve_at(db, "k", 93).await, Some(212), "then 120 s");
            // Giving one back does not lift a wait; resetting does.
            let mut tx = db.begin().await.unwrap();
            give_back(&mut tx, "k", GiveBack::One(RULE)).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(reserve_at(db, "k", 100).await, Some(212));
            let mut tx = db.begin().await.unwrap();
            give_back(&mut tx, "k", GiveBack::Reset).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(reserve_at(db, "k", 100).await, None);
            // Long after the window, tries are free again.
            for second in [5000, 5001, 5002] {
                assert_eq!(reserve_at(db, "other", second).await, None);
            }
            t.close().await;
        }
    }

    #[tokio::test]
    async fn parallel_tries_are_counted_one_by_one() {
        for t in testing::databases().await {
            let tries = (0..30).map(|_| {
                let db = t.db.clone();
                tokio::spawn(async move { reserve_at(&db, "flood", 0).await })
            });
            let allowed = futures_allowed(tries).await;
            assert_eq!(allowed, RULE.free as usize, "{:?}", t.backend());
            t.close().await;
        }
    }

    /// Two people behind one address sign in together: each try's clock is read before the other
    /// writes, a few milliseconds apart, and the later clock's try reaches the database first.
    /// Both are free tries, so neither waits, in either order.
    #[tokio::test]
    async fn free_tries_from_clocks_a_moment_apart_are_never_refused() {
        for t in testing::databases().await {
            for (first, second) in [(5, 0), (0, 5), (7, 7)] {
                let key = format!("nat-{first}-{second}");
                let reserve_ms = |ms: i64| {
                    let db = t.db.clone();
                    let key = key.clone();
                    async move {
                        let mut tx = db.begin().await.unwrap();
                        let at = at(10) + Duration::milliseconds(ms);
                        let result = reserve(&mut tx, &key, RULE, at).await.unwrap();
                        tx.commit().await.unwrap();
                        result
                    }
                };
                assert_eq!(reserve_ms(first).await, None, "{:?}", t.backend());
                assert_eq!(
                    reserve_ms(second).await,
                    None,
                    "{:?} {first} then {second}",
                    t.backend()
                );
                // The third free try, from the earliest clock, starts the first wait; the next
                // is refused until it ends, whichever clock it reads.
                assert_eq!(reserve_ms(0).await, None);
                let waited = reserve_ms(first.max(second)).await.expect("a wait");
                assert_eq!(waited, at(10) + FIRST_WAIT, "{:?}", t.backend());
            }
            t.close().await;
        }
    }

    /// Every free try was a success: the wait the last one started is lifted with it, and the
    /// next try is free.
    #[tokio::test]
    async fn successes_given_back_leave_no_wait() {
        for t in testing::databases().await {
            for _ in 0..RULE.free {
                assert_eq!(reserve_at(&t.db, "office", 0).await, None);
            }
            for _ in 0..RULE.free {
                let mut tx = t.db.begin().await.unwrap();
                give_back(&mut tx, "office", GiveBack::One(RULE))
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
            assert_eq!(
                reserve_at(&t.db, "office", 1).await,
                None,
                "{:?}",
                t.backend()
            );
            t.close().await;
        }
    }

    async fn futures_allowed(
        tries: impl Iterator<Item = tokio::task::JoinHandle<Option<i64>>>,
    ) -> usize {
        let mut allowed = 0;
        for handle in tries.collect::<Vec<_>>() {
            if handle.await.unwrap().is_none() {
                allowed += 1;
            }
        }
        allowed
    }

    #[test]
    fn waits_double_up_to_the_window() {
        let sql = waits(RULE, "t");
        assert!(sql.starts_with(
            "CASE WHEN (t) < 3 THEN 0 WHEN (t) = 3 THEN 30000 WHEN (t) = 4 THEN 60000"
        ));
        assert!(
            sql.ends_with("WHEN (t) = 7 THEN 480000 ELSE 900000 END"),
            "{sql}"
        );
    }
}
