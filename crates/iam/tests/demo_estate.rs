//! The IAM analysis against the demo estate's answer key: generate a small demo estate, import
//! it, build the access model, and check that what the generator planted is found (admin users
//! and Lambda roles with full access, public bucket policies) and that every policy parses.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use nephos_demo::{DemoOptions, Labels, Problem};
use nephos_iam::trust::ExposureScope;

#[test]
fn planted_iam_problems_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("estate");
    let summary = nephos_demo::generate(
        &dir,
        &DemoOptions {
            resources: 3_000,
            ..DemoOptions::default()
        },
    )
    .unwrap();
    let labels: Labels =
        serde_json::from_str(&std::fs::read_to_string(&summary.labels).unwrap()).unwrap();
    let imported = nephos_aws::import(&dir).unwrap();
    let estate = nephos_iam::estate::estate(&imported.inventory);
    let m = &estate.model;
    assert!(m.errors.is_empty(), "policy errors: {:?}", m.errors);
    assert!(m.identities.len() > 10);

    let report = m.escalation();
    let exposures = m.exposures();
    let mut checked = 0;
    for p in &labels.problems {
        match p.problem {
            Problem::IamInlineAdminPolicy => {
                assert!(
                    report.admins.contains(&p.resource),
                    "admin user {} not found",
                    p.resource
                );
                checked += 1;
            }
            Problem::LambdaFunctionAdminRole => {
                let role = p.related.first().expect("the label names the role");
                assert!(report.admins.contains(role), "admin role {role} not found");
                checked += 1;
            }
            Problem::S3BucketPublicPolicy => {
                assert!(
                    exposures
                        .iter()
                        .any(|e| e.resource == p.resource && e.scope == ExposureScope::Public),
                    "public bucket {} not found",
                    p.resource
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 0, "the demo planted no IAM problem to check");
}
