//! Timestamps, all fixed relative to a constant epoch so output never depends on the clock.

use chrono::{DateTime, SecondsFormat, Utc};

/// The estate's "now": 2026-11-01T00:00:00Z. Every timestamp is at or before it.
pub const EPOCH: i64 = 1_793_491_200;
/// One day in seconds.
pub const DAY: i64 = 86_400;

fn at(secs_before: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(EPOCH - secs_before.max(0), 0).unwrap_or_default()
}

/// ISO 8601 as the AWS CLI prints timestamps: `2026-10-01T12:00:00+00:00`.
pub fn iso(secs_before: i64) -> String {
    at(secs_before).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `2026-10-01T12:00:00Z`, as the credential report and some services write it.
pub fn iso_z(secs_before: i64) -> String {
    at(secs_before).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Lambda's `LastModified`: `2026-10-01T12:00:00.000+0000`.
pub fn lambda(secs_before: i64) -> String {
    at(secs_before)
        .format("%Y-%m-%dT%H:%M:%S%.3f+0000")
        .to_string()
}

/// Seconds since the Unix epoch as text (SQS attributes).
pub fn unix(secs_before: i64) -> String {
    (EPOCH - secs_before.max(0)).to_string()
}

/// ISO 8601 of the epoch itself.
pub fn now() -> String {
    iso(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_fixed_relative_to_the_epoch() {
        assert_eq!(now(), "2026-11-01T00:00:00+00:00");
        assert_eq!(iso(DAY), "2026-10-31T00:00:00+00:00");
        assert_eq!(iso_z(0), "2026-11-01T00:00:00Z");
        assert_eq!(lambda(0), "2026-11-01T00:00:00.000+0000");
        assert_eq!(unix(0), "1793491200");
    }
}
