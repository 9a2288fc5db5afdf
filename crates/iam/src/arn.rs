//! ARN patterns: the `Resource` element and the `Arn*` condition operators.
//!
//! An ARN is `arn:partition:service:region:account:resource`. AWS matches a pattern segment by
//! segment, case-sensitively ([RES], [OPS] `ArnLike`): a wildcard inside `partition`, `region` or
//! `account` stays inside that segment, while the last segment of the pattern is matched against
//! the whole rest of the ARN, so a trailing `*` crosses `:` (`arn:aws:logs:*:*:*` matches
//! `arn:aws:logs:us-east-1:111:log-group:g:log-stream:s`). A pattern that does not start with
//! `arn:` (`*`, or a non-ARN resource name) is matched as one glob over the whole text.
//! The service segment cannot hold wildcards: the parser rejects such patterns (IAM answers
//! "vendor must be fully qualified and cannot contain regexes").

use crate::glob::Glob;

/// A compiled resource / ARN pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnPattern {
    /// Per-segment globs; the last one is matched against the rest of the text, `:` included.
    segments: Vec<Glob>,
    /// Short-circuit for `*`.
    any: bool,
}

impl ArnPattern {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Self {
        let any = Glob::new(pattern).is_any();
        let segments = if pattern.starts_with("arn:") {
            pattern.splitn(6, ':').map(Glob::new).collect()
        } else {
            vec![Glob::new(pattern)]
        };
        Self { segments, any }
    }

    /// Compiles text made by [`Glob::escape_pieces`] (literal `*`/`?` escaped).
    pub fn from_escaped(pattern: &str) -> Self {
        let any = Glob::from_escaped(pattern).is_any();
        let segments = if pattern.starts_with("arn:") {
            pattern.splitn(6, ':').map(Glob::from_escaped).collect()
        } else {
            vec![Glob::from_escaped(pattern)]
        };
        Self { segments, any }
    }

    /// Matches an escaped pattern (from [`Glob::escape_pieces`]) against `arn` without compiling
    /// it: the same segment rules as [`ArnPattern::matches`].
    pub fn matches_escaped(pattern: &str, arn: &str) -> bool {
        if !pattern.starts_with("arn:") {
            return crate::glob::wildcard_match(pattern.as_bytes(), arn.as_bytes());
        }
        let n = pattern.splitn(6, ':').count();
        let mut text = arn.splitn(n, ':');
        for seg in pattern.splitn(6, ':') {
            match text.next() {
                Some(t) if crate::glob::wildcard_match(seg.as_bytes(), t.as_bytes()) => {}
                _ => return false,
            }
        }
        true
    }

    /// True when the pattern is `*`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// Does `arn` match?
    pub fn matches(&self, arn: &str) -> bool {
        if self.any {
            return true;
        }
        let mut rest = arn;
        let last = self.segments.len().saturating_sub(1);
        for (i, glob) in self.segments.iter().enumerate() {
            let part = if i == last {
                rest
            } else {
                match split_colon(rest) {
                    Some((head, tail)) => {
                        rest = tail;
                        head
                    }
                    None => return false,
                }
            };
            if !glob.matches(part) {
                return false;
            }
        }
        true
    }
}

/// Splits at the first `:` (a byte scan: `:` is ASCII, so the halves stay valid UTF-8).
#[inline]
fn split_colon(s: &str) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == b':')?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// The service segment of an ARN pattern when it holds a wildcard (which IAM rejects).
pub fn wildcard_service(pattern: &str) -> Option<&str> {
    if !pattern.starts_with("arn:") {
        return None;
    }
    pattern.split(':').nth(2).filter(|s| s.contains(['*', '?']))
}

/// The parts of an ARN (`arn:partition:service:region:account:resource`), borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: &'a str,
    /// `iam`, `s3`, …
    pub service: &'a str,
    /// Region, empty for global services.
    pub region: &'a str,
    /// Account id, empty for S3 buckets.
    pub account: &'a str,
    /// Everything after the fifth `:`.
    pub resource: &'a str,
}

impl<'a> ArnParts<'a> {
    /// Splits an ARN; `None` when it is not one.
    pub fn parse(arn: &'a str) -> Option<Self> {
        let rest = arn.strip_prefix("arn:")?;
        let (partition, rest) = split_colon(rest)?;
        let (service, rest) = split_colon(rest)?;
        let (region, rest) = split_colon(rest)?;
        let (account, resource) = split_colon(rest)?;
        Some(Self {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn segments_and_trailing_star() {
        let cases = [
            ("arn:aws:s3:::bkt*", "arn:aws:s3:::bkt/k/x", true),
            ("arn:aws:s3:::b/??.txt", "arn:aws:s3:::b/ab.txt", true),
            ("arn:aws:s3:::b/??.txt", "arn:aws:s3:::b/abc.txt", false),
            (
                "arn:aws:iam::111:user/Bob",
                "arn:aws:iam::111:user/bob",
                false,
            ),
            (
                "arn:aws:iam::111:user/Bob",
                "arn:aws:iam::111:user/Bob",
                true,
            ),
            (
                "arn:aws:logs:*:*:*",
                "arn:aws:logs:us-east-1:111:log-group:g:log-stream:s",
                true,
            ),
            ("arn:aws:iam::*:role/x", "arn:aws:iam::111:role/x", true),
            // A wildcard in the account segment does not cross into the resource.
            ("arn:aws:iam::1*:x", "arn:aws:iam::111:role:x", false),
            (
                "arn:aws:ec2:*",
                "arn:aws:ec2:us-east-1:111:instance/i-1",
                true,
            ),
            ("arn:aws:ec2:*", "arn:aws:s3:::b", false),
            ("*", "anything", true),
            ("arn:aws:s3:::b", "arn:aws:s3:::b/k", false),
        ];
        for (p, a, want) in cases {
            assert_eq!(ArnPattern::new(p).matches(a), want, "{p} vs {a}");
        }
    }

    #[test]
    fn escaped_matching_agrees() {
        for (p, t) in [
            ("arn:aws:s3:::bkt*", "arn:aws:s3:::bkt/k/x"),
            (
                "arn:aws:logs:*:*:*",
                "arn:aws:logs:us-east-1:111:log-group:g:log-stream:s",
            ),
            ("arn:aws:iam::1*:x", "arn:aws:iam::111:role:x"),
            ("arn:aws:ec2:*", "arn:aws:ec2:us-east-1:111:instance/i-1"),
            ("*", "x"),
            ("arn:aws:s3:::b", "arn:aws:s3:::b/k"),
        ] {
            assert_eq!(
                ArnPattern::matches_escaped(p, t),
                ArnPattern::new(p).matches(t),
                "{p} {t}"
            );
        }
    }

    #[test]
    fn wildcard_service_is_found() {
        assert_eq!(wildcard_service("arn:aws:s3*:::b"), Some("s3*"));
        assert_eq!(wildcard_service("arn:aws:s3:::b*"), None);
        assert_eq!(wildcard_service("*"), None);
    }

    #[test]
    fn parts() {
        let p = ArnParts::parse("arn:aws:iam::111:role/a:b").unwrap();
        assert_eq!(
            (p.service, p.account, p.resource, p.region),
            ("iam", "111", "role/a:b", "")
        );
        assert!(ArnParts::parse("nope").is_none());
    }

    proptest! {
        /// A pattern without wildcards matches exactly itself.
        #[test]
        fn literal_arn_matches_only_itself(
            acct in "[0-9]{3}", res in "[a-zA-Z/:]{1,12}", other in "[a-zA-Z/:]{1,12}"
        ) {
            let arn = format!("arn:aws:s3:us-east-1:{acct}:{res}");
            let other_arn = format!("arn:aws:s3:us-east-1:{acct}:{other}");
            let p = ArnPattern::new(&arn);
            prop_assert!(p.matches(&arn));
            prop_assert_eq!(p.matches(&other_arn), res == other);
        }

        /// `prefix*` in the resource segment matches every ARN whose resource starts with prefix.
        #[test]
        fn trailing_star_crosses_colons(pre in "[a-z/]{0,5}", rest in "[a-z/:]{0,10}") {
            let p = ArnPattern::new(&format!("arn:aws:logs:r:1:{pre}*"));
            let arn = format!("arn:aws:logs:r:1:{pre}{rest}");
            prop_assert!(p.matches(&arn));
        }
    }
}
