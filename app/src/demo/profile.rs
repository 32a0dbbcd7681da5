//! How each demo team delivers, tuned so its DORA figures land in one tier of the DORA report's
//! clusters (elite, high, medium, low), and the random draws that shape the history.

use chrono::Duration;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A team's delivery performance. `Improving` moves from low to high over the history, so the
/// demo has a trend worth charting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Elite,
    High,
    Medium,
    Low,
    Improving,
}

/// The parameters one day of history is drawn with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Production releases per service per weekday.
    pub releases_per_day: f64,
    /// Median hours from a commit to its production deployment.
    pub lead_time_hours: f64,
    /// Share of production releases that fail, are rolled back or cause an incident.
    pub failure_rate: f64,
    /// Median hours from the start of an incident to the restoring deployment.
    pub restore_hours: f64,
    /// How many commits a release carries, at least and at most.
    pub commits: (u32, u32),
    /// Hours a release waits in staging before production.
    pub staging_soak_hours: f64,
}

const ELITE: Rates = Rates {
    releases_per_day: 1.6,
    lead_time_hours: 3.0,
    failure_rate: 0.04,
    restore_hours: 0.4,
    commits: (1, 3),
    staging_soak_hours: 0.5,
};
const HIGH: Rates = Rates {
    releases_per_day: 0.13,
    lead_time_hours: 60.0,
    failure_rate: 0.10,
    restore_hours: 5.0,
    commits: (2, 6),
    staging_soak_hours: 6.0,
};
const MEDIUM: Rates = Rates {
    releases_per_day: 0.017,
    lead_time_hours: 330.0,
    failure_rate: 0.14,
    restore_hours: 60.0,
    commits: (5, 14),
    staging_soak_hours: 30.0,
};
const LOW: Rates = Rates {
    releases_per_day: 0.003,
    lead_time_hours: 2_200.0,
    failure_rate: 0.45,
    restore_hours: 400.0,
    commits: (10, 30),
    staging_soak_hours: 96.0,
};

impl Profile {
    /// The rates `progress` of the way through the history (0 at the start, 1 today).
    pub fn rates(self, progress: f64) -> Rates {
        match self {
            Profile::Elite => ELITE,
            Profile::High => HIGH,
            Profile::Medium => MEDIUM,
            Profile::Low => LOW,
            Profile::Improving => blend(LOW, HIGH, progress.clamp(0.0, 1.0)),
        }
    }
}

/// Geometric interpolation: rates that span orders of magnitude improve steadily on a log scale.
fn blend(from: Rates, to: Rates, t: f64) -> Rates {
    let geo = |a: f64, b: f64| a * (b / a).powf(t);
    let lin = |a: u32, b: u32| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u32;
    Rates {
        releases_per_day: geo(from.releases_per_day, to.releases_per_day),
        lead_time_hours: geo(from.lead_time_hours, to.lead_time_hours),
        failure_rate: geo(from.failure_rate, to.failure_rate),
        restore_hours: geo(from.restore_hours, to.restore_hours),
        commits: (
            lin(from.commits.0, to.commits.0),
            lin(from.commits.1, to.commits.1),
        ),
        staging_soak_hours: geo(from.staging_soak_hours, to.staging_soak_hours),
    }
}

/// A draw from a log-normal distribution with the given median: durations in delivery are
/// skewed, with most close to typical and a long tail of slow ones.
pub fn lognormal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * standard_normal(rng)).exp()
}

/// Box–Muller transform.
fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A draw from a Poisson distribution (Knuth's method; the means here are small).
pub fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p: f64 = rng.random();
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// Fractional hours as a duration, to the millisecond.
pub fn hours(h: f64) -> Duration {
    Duration::milliseconds((h * 3_600_000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn improving_moves_from_low_to_high() {
        assert_eq!(Profile::Improving.rates(0.0), LOW);
        let end = Profile::Improving.rates(1.0);
        assert!((end.releases_per_day - HIGH.releases_per_day).abs() < 1e-12);
        assert!((end.lead_time_hours - HIGH.lead_time_hours).abs() < 1e-9);
        assert_eq!(end.commits, HIGH.commits);
        let middle = Profile::Improving.rates(0.5);
        assert!(
            middle.releases_per_day > LOW.releases_per_day
                && middle.releases_per_day < HIGH.releases_per_day
        );
        assert_eq!(Profile::Improving.rates(7.0), end, "progress is clamped");
    }

    #[test]
    fn tiers_are_ordered_on_every_measure() {
        let tiers = [ELITE, HIGH, MEDIUM, LOW];
        for pair in tiers.windows(2) {
            assert!(pair[0].releases_per_day > pair[1].releases_per_day);
            assert!(pair[0].lead_time_hours < pair[1].lead_time_hours);
            assert!(pair[0].failure_rate < pair[1].failure_rate);
            assert!(pair[0].restore_hours < pair[1].restore_hours);
        }
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    }

    #[test]
    fn draws_have_the_asked_centre() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let logs: Vec<f64> = (0..20_000)
            .map(|_| lognormal(&mut rng, 10.0, 0.8))
            .collect();
        let m = median(logs);
        assert!((9.5..10.5).contains(&m), "log-normal median {m}");
        let counts: Vec<f64> = (0..20_000)
            .map(|_| f64::from(poisson(&mut rng, 2.5)))
            .collect();
        let mean = counts.iter().sum::<f64>() / counts.len() as f64;
        assert!((2.4..2.6).contains(&mean), "Poisson mean {mean}");
        assert_eq!(poisson(&mut rng, 0.0), 0);
    }
}
