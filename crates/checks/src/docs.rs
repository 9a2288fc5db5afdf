//! Catalogue data for `docs/checks.md`: every CIS AWS Foundations v3.0 control with the checks
//! that judge it, or why none does. The `report` crate renders the document.

use std::collections::BTreeMap;

use crate::meta::CIS_AWS_3_0;
use crate::registry::CHECKS;

/// One CIS AWS Foundations Benchmark v3.0.0 recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CisControl {
    /// `1.4`, `2.1.1`, …
    pub id: &'static str,
    /// The recommendation's title.
    pub title: &'static str,
    /// Why nephos does not judge it, or `None` when checks map to it.
    pub not_judged: Option<&'static str>,
}

const MANUAL: &str = "manual: not visible in AWS configuration";
const NO_DATA: &str = "not judged (data not collected)";
const METRIC: &str =
    "not judged (data not collected): needs CloudWatch Logs metric filters and alarms";

const fn c(id: &'static str, title: &'static str, not_judged: Option<&'static str>) -> CisControl {
    CisControl {
        id,
        title,
        not_judged,
    }
}

/// Every recommendation of CIS AWS Foundations v3.0.0, in benchmark order.
pub const CIS_AWS_3_0_CONTROLS: &[CisControl] = &[
    c("1.1", "Maintain current contact details", Some(MANUAL)),
    c(
        "1.2",
        "Ensure security contact information is registered",
        Some(NO_DATA),
    ),
    c(
        "1.3",
        "Ensure security questions are registered in the AWS account",
        Some(MANUAL),
    ),
    c(
        "1.4",
        "Ensure no 'root' user account access key exists",
        None,
    ),
    c(
        "1.5",
        "Ensure MFA is enabled for the 'root' user account",
        None,
    ),
    c(
        "1.6",
        "Ensure hardware MFA is enabled for the 'root' user account",
        Some("not judged (data not collected): needs iam:ListVirtualMFADevices"),
    ),
    c(
        "1.7",
        "Eliminate use of the 'root' user for administrative and daily tasks",
        None,
    ),
    c(
        "1.8",
        "Ensure IAM password policy requires minimum length of 14 or greater",
        None,
    ),
    c(
        "1.9",
        "Ensure IAM password policy prevents password reuse",
        None,
    ),
    c(
        "1.10",
        "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
        None,
    ),
    c(
        "1.11",
        "Do not setup access keys during initial user setup for all IAM users that have a console password",
        None,
    ),
    c(
        "1.12",
        "Ensure credentials unused for 45 days or greater are disabled",
        None,
    ),
    c(
        "1.13",
        "Ensure there is only one active access key available for any single IAM user",
        None,
    ),
    c(
        "1.14",
        "Ensure access keys are rotated every 90 days or less",
        None,
    ),
    c(
        "1.15",
        "Ensure IAM Users Receive Permissions Only Through Groups",
        None,
    ),
    c(
        "1.16",
        "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
        None,
    ),
    c(
        "1.17",
        "Ensure a support role has been created to manage incidents with AWS Support",
        None,
    ),
    c(
        "1.18",
        "Ensure IAM instance roles are used for AWS resource access from instances",
        None,
    ),
    c(
        "1.19",
        "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
        Some("not judged (data not collected): needs iam:ListServerCertificates"),
    ),
    c(
        "1.20",
        "Ensure that IAM Access analyzer is enabled for all regions",
        None,
    ),
    c(
        "1.21",
        "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
        Some(MANUAL),
    ),
    c(
        "1.22",
        "Ensure access to AWSCloudShellFullAccess is restricted",
        None,
    ),
    c(
        "2.1.1",
        "Ensure S3 Bucket Policy is set to deny HTTP requests",
        None,
    ),
    c("2.1.2", "Ensure MFA Delete is enabled on S3 buckets", None),
    c(
        "2.1.3",
        "Ensure all data in Amazon S3 has been discovered, classified and secured when required",
        Some("not judged (data not collected): needs Amazon Macie"),
    ),
    c(
        "2.1.4",
        "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
        None,
    ),
    c(
        "2.2.1",
        "Ensure EBS volume encryption is enabled in all regions",
        None,
    ),
    c(
        "2.3.1",
        "Ensure that encryption-at-rest is enabled for RDS Instances",
        None,
    ),
    c(
        "2.3.2",
        "Ensure Auto Minor Version Upgrade feature is Enabled for RDS Instances",
        None,
    ),
    c(
        "2.3.3",
        "Ensure that public access is not given to RDS Instance",
        None,
    ),
    c(
        "2.4.1",
        "Ensure that encryption is enabled for EFS file systems",
        Some("not judged (data not collected): EFS is not collected"),
    ),
    c("3.1", "Ensure CloudTrail is enabled in all regions", None),
    c(
        "3.2",
        "Ensure CloudTrail log file validation is enabled",
        None,
    ),
    c("3.3", "Ensure AWS Config is enabled in all regions", None),
    c(
        "3.4",
        "Ensure that S3 Bucket access logging is enabled on the CloudTrail S3 bucket",
        None,
    ),
    c(
        "3.5",
        "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
        None,
    ),
    c(
        "3.6",
        "Ensure rotation for customer-created symmetric CMKs is enabled",
        None,
    ),
    c(
        "3.7",
        "Ensure VPC flow logging is enabled in all VPCs",
        None,
    ),
    c(
        "3.8",
        "Ensure that Object-level logging for write events is enabled for S3 bucket",
        Some("not judged (data not collected): needs CloudTrail event selectors"),
    ),
    c(
        "3.9",
        "Ensure that Object-level logging for read events is enabled for S3 bucket",
        Some("not judged (data not collected): needs CloudTrail event selectors"),
    ),
    c(
        "4.1",
        "Ensure unauthorized API calls are monitored",
        Some(METRIC),
    ),
    c(
        "4.2",
        "Ensure management console sign-in without MFA is monitored",
        Some(METRIC),
    ),
    c(
        "4.3",
        "Ensure usage of 'root' account is monitored",
        Some(METRIC),
    ),
    c(
        "4.4",
        "Ensure IAM policy changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.5",
        "Ensure CloudTrail configuration changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.6",
        "Ensure AWS Management Console authentication failures are monitored",
        Some(METRIC),
    ),
    c(
        "4.7",
        "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
        Some(METRIC),
    ),
    c(
        "4.8",
        "Ensure S3 bucket policy changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.9",
        "Ensure AWS Config configuration changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.10",
        "Ensure security group changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.11",
        "Ensure Network Access Control Lists (NACL) changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.12",
        "Ensure changes to network gateways are monitored",
        Some(METRIC),
    ),
    c(
        "4.13",
        "Ensure route table changes are monitored",
        Some(METRIC),
    ),
    c("4.14", "Ensure VPC changes are monitored", Some(METRIC)),
    c(
        "4.15",
        "Ensure AWS Organizations changes are monitored",
        Some(METRIC),
    ),
    c(
        "4.16",
        "Ensure AWS Security Hub is enabled",
        Some("not judged (data not collected): needs securityhub:DescribeHub"),
    ),
    c(
        "5.1",
        "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
        None,
    ),
    c(
        "5.2",
        "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
        None,
    ),
    c(
        "5.3",
        "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
        None,
    ),
    c(
        "5.4",
        "Ensure the default security group of every VPC restricts all traffic",
        None,
    ),
    c(
        "5.5",
        "Ensure routing tables for VPC peering are \"least access\"",
        None,
    ),
    c(
        "5.6",
        "Ensure that EC2 Metadata Service only allows IMDSv2",
        None,
    ),
];

/// The check ids mapped to each CIS v3.0 control.
pub fn cis_mapping() -> BTreeMap<&'static str, Vec<&'static str>> {
    let mut map: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    for check in CHECKS {
        for req in check.meta.requirements(CIS_AWS_3_0) {
            map.entry(req).or_default().push(check.meta.id);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cis_control_is_judged_or_says_why_not() {
        let mapping = cis_mapping();
        for control in CIS_AWS_3_0_CONTROLS {
            let judged = mapping.contains_key(control.id);
            assert!(
                judged != control.not_judged.is_some(),
                "CIS {}: judged={judged} but not_judged={:?}",
                control.id,
                control.not_judged
            );
        }
        for id in mapping.keys() {
            assert!(
                CIS_AWS_3_0_CONTROLS.iter().any(|c| c.id == *id),
                "a check maps to unknown CIS control {id}"
            );
        }
    }
}
