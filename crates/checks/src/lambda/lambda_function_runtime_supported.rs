//! Lambda functions do not use deprecated runtimes.
//!
//! Why: deprecated runtimes get no security patches, and AWS eventually blocks updating functions
//! that use them.
//! Fix: move the function to a supported runtime version and redeploy.

use serde_json::json;

use super::functions;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use nephos_model::ResourceKind;

/// Runtimes past their deprecation date in AWS Lambda's runtime schedule as of November 2026.
pub const DEPRECATED: &[&str] = &[
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "nodejs",
    "nodejs4.3",
    "nodejs4.3-edge",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs18.x",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet5.0",
    "dotnet6",
    "dotnet7",
    "ruby2.5",
    "ruby2.7",
    "ruby3.2",
    "java8",
    "go1.x",
    "provided",
];

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "lambda_function_runtime_supported",
    title: "Lambda functions use supported (not deprecated) runtimes",
    severity: Severity::Medium,
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "Deprecated runtimes receive no security patches, and AWS eventually blocks updates to functions using them.",
    remediation: "Upgrade the function to a supported runtime (aws lambda update-function-configuration --runtime …) and redeploy.",
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"],
    compliance: &[],
};

/// Runs the check over zip-packaged functions (container images have no managed runtime).
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in functions(ctx) {
        let Some(runtime) = &p.runtime else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            r,
            !DEPRECATED.contains(&runtime.as_str()),
            format!("{} runs on supported runtime {runtime}", r.name),
            format!("{} runs on deprecated runtime {runtime}", r.name),
            json!({ "runtime": runtime }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::function;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_deprecated_runtime() {
        let f = run_check(
            super::run,
            vec![
                function("old", |p| p.runtime = Some("python3.7".into())),
                function("new", |_| {}),
                function("image", |p| p.runtime = None),
            ],
        );
        assert_eq!(status_of(&f, "function:old"), Some(Status::Fail));
        assert_eq!(status_of(&f, "function:new"), Some(Status::Pass));
        assert_eq!(status_of(&f, "function:image"), None);
    }
}
