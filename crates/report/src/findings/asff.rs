//! AWS Security Finding Format (ASFF, schema 2018-10-08) for AWS Security Hub:
//! `{"Findings": [...]}`, ready for `aws securityhub batch-import-findings --cli-input-json
//! file://findings.json` (Security Hub accepts at most 100 findings per call; split larger files).
//!
//! `ProductArn` is the account's default product
//! (`arn:aws:securityhub:<region>:<account>:product/<account>/default`); `Compliance.Status` is
//! `PASSED` or `FAILED`; `Workflow.Status` is `NEW` for open failures, `RESOLVED` for passes and
//! `SUPPRESSED` for suppressed findings. Resource types use ASFF's names (`AwsEc2SecurityGroup`, …)
//! and `Other` where ASFF has none.

use std::io::Write;

use nephos_checks::{CIS_AWS_3_0, Finding, Severity, Status};
use nephos_model::ResourceKind;
use serde_json::{Value, json};

use super::{FindingsReport, PRODUCT, VERSION};
use crate::ReportError;

/// The ASFF schema version.
pub const SCHEMA_VERSION: &str = "2018-10-08";

/// ASFF's resource type name for a kind.
pub fn resource_type(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Account | ResourceKind::Region => "AwsAccount",
        ResourceKind::SecurityGroup => "AwsEc2SecurityGroup",
        ResourceKind::Instance => "AwsEc2Instance",
        ResourceKind::Volume => "AwsEc2Volume",
        ResourceKind::Vpc => "AwsEc2Vpc",
        ResourceKind::Subnet => "AwsEc2Subnet",
        ResourceKind::NetworkAcl => "AwsEc2NetworkAcl",
        ResourceKind::NetworkInterface => "AwsEc2NetworkInterface",
        ResourceKind::ElasticIp => "AwsEc2Eip",
        ResourceKind::RouteTable => "AwsEc2RouteTable",
        ResourceKind::VpcPeeringConnection => "AwsEc2VpcPeeringConnection",
        ResourceKind::VpcEndpoint => "AwsEc2VpcEndpointService",
        ResourceKind::TransitGateway => "AwsEc2TransitGateway",
        ResourceKind::Bucket => "AwsS3Bucket",
        ResourceKind::IamUser => "AwsIamUser",
        ResourceKind::IamRole => "AwsIamRole",
        ResourceKind::IamGroup => "AwsIamGroup",
        ResourceKind::IamPolicy => "AwsIamPolicy",
        ResourceKind::Trail => "AwsCloudTrailTrail",
        ResourceKind::KmsKey => "AwsKmsKey",
        ResourceKind::DbInstance => "AwsRdsDbInstance",
        ResourceKind::Queue => "AwsSqsQueue",
        ResourceKind::Topic => "AwsSnsTopic",
        ResourceKind::LambdaFunction => "AwsLambdaFunction",
        ResourceKind::DynamoDbTable => "AwsDynamoDbTable",
        ResourceKind::LoadBalancer => "AwsElbv2LoadBalancer",
        ResourceKind::ClassicLoadBalancer => "AwsElbLoadBalancer",
        ResourceKind::EcsCluster => "AwsEcsCluster",
        ResourceKind::EcsService => "AwsEcsService",
        ResourceKind::EcsTaskDefinition => "AwsEcsTaskDefinition",
        ResourceKind::EcsTask => "AwsEcsTask",
        _ => "Other",
    }
}

/// ASFF `Severity.Label`.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Informational => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The ASFF finding for one finding, stamped `now`.
pub fn finding(f: &Finding, now: &str) -> Value {
    let region = f.region.as_deref().unwrap_or("us-east-1");
    let partition = f.resource.arn_parts().map_or("aws", |p| p.partition);
    let cis = f.check.requirements(CIS_AWS_3_0);
    let types = if cis.is_empty() {
        vec!["Software and Configuration Checks/AWS Security Best Practices"]
    } else {
        vec![
            "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark",
        ]
    };
    let related: Vec<String> = cis
        .iter()
        .map(|r| format!("CIS AWS Foundations Benchmark v3.0.0/{r}"))
        .collect();
    let workflow = match (f.status, &f.suppressed) {
        (_, Some(_)) => "SUPPRESSED",
        (Status::Fail, None) => "NEW",
        (Status::Pass, None) => "RESOLVED",
    };
    let mut out = json!({
        "SchemaVersion": SCHEMA_VERSION,
        "Id": truncate(&format!("nephos/{}/{}", f.check.id, f.resource), 512),
        "ProductArn": format!("arn:{partition}:securityhub:{region}:{}:product/{}/default", f.account, f.account),
        "ProductName": PRODUCT,
        "CompanyName": PRODUCT,
        "GeneratorId": format!("nephos/{}", f.check.id),
        "AwsAccountId": f.account,
        "Types": types,
        "CreatedAt": now,
        "UpdatedAt": now,
        "Severity": { "Label": severity_label(f.check.severity) },
        "Title": truncate(f.check.title, 256),
        "Description": truncate(&f.message, 1024),
        "Remediation": { "Recommendation": { "Text": truncate(f.check.remediation, 512), "Url": f.check.references.first() } },
        "ProductFields": { "ProviderName": PRODUCT, "ProviderVersion": VERSION, "nephos/CheckId": f.check.id },
        "Resources": [{
            "Type": resource_type(f.kind),
            "Id": f.resource.as_str(),
            "Partition": partition,
            "Region": region,
        }],
        "Compliance": {
            "Status": if f.status == Status::Pass { "PASSED" } else { "FAILED" },
            "RelatedRequirements": related,
        },
        "Workflow": { "Status": workflow },
        "RecordState": "ACTIVE",
    });
    if let (Some(s), Some(obj)) = (&f.suppressed, out.as_object_mut()) {
        obj.insert(
            "Note".into(),
            json!({ "Text": truncate(&s.reason, 512), "UpdatedBy": PRODUCT, "UpdatedAt": now }),
        );
    }
    out
}

/// Writes `{"Findings": [...]}`.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    let now = super::rfc3339(report.generated_at);
    let findings: Vec<Value> = report.findings.iter().map(|f| finding(f, &now)).collect();
    crate::write_json(out, &json!({ "Findings": findings }))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn findings_have_required_asff_fields() {
        let text = render(super::write);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let required = [
            "SchemaVersion",
            "Id",
            "ProductArn",
            "GeneratorId",
            "AwsAccountId",
            "Types",
            "CreatedAt",
            "UpdatedAt",
            "Severity",
            "Title",
            "Description",
            "Resources",
        ];
        for f in v["Findings"].as_array().unwrap() {
            for key in required {
                assert!(f.get(key).is_some(), "missing {key}");
            }
            assert!(
                f["ProductArn"]
                    .as_str()
                    .unwrap()
                    .ends_with(":product/111122223333/default")
            );
        }
        assert_expected("findings.asff.json", &text);
    }
}
