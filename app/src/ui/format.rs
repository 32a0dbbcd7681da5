//! Numbers, times and durations as people read them.
//!
//! Relative times are computed against a `now` that travels with the data (the server's clock
//! when it answered), so the server-rendered text and the hydrated text agree.

use chrono::{DateTime, Utc};

/// `12345` as `12,345`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How long ago `then` was, as of `now`: "just now", "5 min ago", "3 h ago", "yesterday",
/// "4 days ago", then the date.
pub fn relative_time(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    match secs {
        ..45 => "just now".to_owned(),
        45..3_600 => format!("{} min ago", (secs + 30) / 60),
        3_600..86_400 => format!("{} h ago", secs / 3_600),
        86_400..172_800 => "yesterday".to_owned(),
        172_800..604_800 => format!("{} days ago", secs / 86_400),
        _ => then.format("%b %-d").to_string(),
    }
}

/// A duration in seconds as "45s", "4m 12s", "2h 5m" or "3d 4h".
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        ..60 => format!("{secs}s"),
        60..3_600 => format!("{}m {}s", secs / 60, secs % 60),
        3_600..86_400 => format!("{}h {}m", secs / 3_600, secs % 3_600 / 60),
        _ => format!("{}d {}h", secs / 86_400, secs % 86_400 / 3_600),
    }
}

/// The change from `previous` to `current` in whole percent, or `None` when there is no base.
pub fn percent_change(current: i64, previous: i64) -> Option<i64> {
    if previous == 0 {
        return None;
    }
    let change = (current - previous) as f64 * 100.0 / previous as f64;
    Some(change.round() as i64)
}

/// A UTC timestamp for tooltips and `datetime` attributes.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn thousands_separators() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (-1_234_567, "-1,234,567"),
        ] {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn relative_times() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let check =
            |ago: Duration, text: &str| assert_eq!(relative_time(now - ago, now), text, "{ago:?}");
        check(Duration::seconds(-5), "just now");
        check(Duration::seconds(44), "just now");
        check(Duration::seconds(45), "1 min ago");
        check(Duration::seconds(150), "3 min ago");
        check(Duration::minutes(59), "59 min ago");
        check(Duration::minutes(61), "1 h ago");
        check(Duration::hours(23), "23 h ago");
        check(Duration::hours(30), "yesterday");
        check(Duration::days(3), "3 days ago");
        check(Duration::days(8), "Nov 21");
    }

    #[test]
    fn durations() {
        for (secs, text) in [
            (-3, "0s"),
            (45, "45s"),
            (252, "4m 12s"),
            (7_500, "2h 5m"),
            (273_600, "3d 4h"),
        ] {
            assert_eq!(duration(secs), text);
        }
    }

    #[test]
    fn percent_changes() {
        assert_eq!(percent_change(120, 100), Some(20));
        assert_eq!(percent_change(50, 200), Some(-75));
        assert_eq!(percent_change(1, 3), Some(-67));
        assert_eq!(percent_change(5, 0), None);
    }
}
