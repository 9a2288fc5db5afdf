//! Resource identifiers.
//!
//! A [`ResourceId`] is the resource's ARN wherever AWS defines one
//! (`arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc`, `arn:aws:s3:::my-bucket`). Where AWS defines
//! none, nephos synthesises an ARN-like id in the same shape with the service segment `nephos`, so that
//! ids stay unique, stable across runs and parseable by anything that splits ARNs:
//!
//! | resource | synthesised id |
//! | --- | --- |
//! | an account | `arn:aws:iam::<account>:root` (the id IAM itself uses for the account principal) |
//! | a region of an account | `arn:aws:nephos:<region>:<account>:region/<region>` |
//!
//! Sub-resource evidence that is not itself a resource (a security group rule, a route, a network
//! ACL entry) is identified by the owning resource's id plus a fragment, see
//! [`ResourceId::with_fragment`]: `arn:aws:ec2:…:security-group/sg-1#ingress/0`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stable resource identifier: an ARN, or a documented ARN-like id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResourceId(String);

/// A string that is not usable as a resource id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The id does not start with `arn:` or has fewer than six `:`-separated parts.
    #[error("`{0}` is not an ARN: expected `arn:partition:service:region:account:resource`")]
    NotAnArn(String),
}

/// The parts of an ARN, borrowed from the id they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: &'a str,
    /// `ec2`, `iam`, `s3`, … (`nephos` for synthesised ids).
    pub service: &'a str,
    /// Empty for global resources.
    pub region: &'a str,
    /// Empty for S3 buckets and public AMIs.
    pub account: &'a str,
    /// Everything after the fifth `:`.
    pub resource: &'a str,
}

impl ResourceId {
    /// Wraps a string that is already an ARN or a nephos id. Use [`ResourceId::parse`] for untrusted
    /// input.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// Checks that `id` has the ARN shape before wrapping it.
    pub fn parse(id: &str) -> Result<Self, IdError> {
        let id = Self(id.to_owned());
        id.arn_parts()
            .ok_or_else(|| IdError::NotAnArn(id.0.clone()))?;
        Ok(id)
    }

    /// Builds `arn:<partition>:<service>:<region>:<account>:<resource>`, the partition taken from the
    /// region (global resources, with an empty region, are in `aws`).
    pub fn arn(service: &str, region: &str, account: &str, resource: &str) -> Self {
        Self(format!(
            "arn:{}:{service}:{region}:{account}:{resource}",
            partition_for_region(region)
        ))
    }

    /// `arn:<partition>:ec2:<region>:<account>:<type>/<id>`, the ARN of an EC2 resource.
    pub fn ec2(region: &str, account: &str, resource_type: &str, id: &str) -> Self {
        Self::arn("ec2", region, account, &format!("{resource_type}/{id}"))
    }

    /// The id of an account: `arn:aws:iam::<account>:root`.
    pub fn account(account: &str) -> Self {
        Self(format!("arn:aws:iam::{account}:root"))
    }

    /// The synthesised id of a region of an account.
    pub fn region(account: &str, region: &str) -> Self {
        Self::arn("nephos", region, account, &format!("region/{region}"))
    }

    /// An id for evidence inside this resource (a rule, a route, an entry): `<id>#<fragment>`.
    pub fn with_fragment(&self, fragment: &str) -> String {
        format!("{}#{fragment}", self.0)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ARN's parts, or `None` when the id is not ARN-shaped.
    pub fn arn_parts(&self) -> Option<ArnParts<'_>> {
        let mut parts = self.0.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(ArnParts {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }

    /// The last path element of the ARN's resource part (`i-0abc` for an instance, the bucket name
    /// for a bucket): a short human handle.
    pub fn short(&self) -> &str {
        let resource = self.arn_parts().map_or(self.0.as_str(), |p| p.resource);
        resource.rsplit(['/', ':']).next().unwrap_or(resource)
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Maps keyed by id can be asked with a `&str` (the id hashes and compares as its text).
impl std::borrow::Borrow<str> for ResourceId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ResourceId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for ResourceId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for ResourceId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// The ARN partition a region belongs to: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`,
/// `aws-iso` for `us-iso-*`, `aws-iso-b` for `us-isob-*`, otherwise `aws`.
pub fn partition_for_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_ec2_arns_with_partition() {
        assert_eq!(
            ResourceId::ec2("eu-west-1", "111122223333", "instance", "i-1").as_str(),
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"
        );
        assert_eq!(
            ResourceId::ec2("cn-north-1", "111122223333", "vpc", "vpc-1").as_str(),
            "arn:aws-cn:ec2:cn-north-1:111122223333:vpc/vpc-1"
        );
    }

    #[test]
    fn splits_arns_keeping_colons_in_resource() {
        let id = ResourceId::new("arn:aws:lambda:us-east-1:1:function:f:live");
        let p = id.arn_parts().unwrap();
        assert_eq!(
            (p.service, p.region, p.account),
            ("lambda", "us-east-1", "1")
        );
        assert_eq!(p.resource, "function:f:live");
        assert_eq!(id.short(), "live");
        assert_eq!(ResourceId::new("arn:aws:s3:::bkt").short(), "bkt");
    }

    #[test]
    fn rejects_non_arns() {
        assert!(ResourceId::parse("i-123").is_err());
        assert!(ResourceId::parse("arn:aws:s3").is_err());
        assert!(ResourceId::parse("arn:aws:s3:::b").is_ok());
    }

    proptest::proptest! {
        #[test]
        fn arn_parts_never_panics(s in ".*") {
            let _ = ResourceId::new(s).arn_parts();
        }
    }
}
