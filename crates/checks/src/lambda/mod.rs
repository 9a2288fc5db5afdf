//! Lambda checks: execution roles, resource policies, runtimes, secret-named environment
//! variables.

pub mod lambda_function_no_secret_environment_variables;
pub mod lambda_function_policy_not_public;
pub mod lambda_function_role_not_admin;
pub mod lambda_function_runtime_supported;

use nephos_model::props::LambdaFunctionProps;
use nephos_model::{Properties, Resource};

use crate::context::Context;

/// Every function with its properties.
pub fn functions<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a Resource, &'a LambdaFunctionProps)> + 'a {
    ctx.of_kind(nephos_model::ResourceKind::LambdaFunction)
        .iter()
        .filter_map(|r| match &r.props {
            Properties::LambdaFunction(p) => Some((*r, p.as_ref())),
            _ => None,
        })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::LambdaFunctionProps;
    use nephos_model::{Properties, Resource, ResourceKind};

    use crate::testutil::{ACCOUNT, REGION, regional};

    /// A Python 3.12 function with role `role/<name>`; adjust with `f`.
    pub fn function(name: &str, f: impl FnOnce(&mut LambdaFunctionProps)) -> Resource {
        let mut p = LambdaFunctionProps {
            runtime: Some("python3.12".into()),
            role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            package_type: "Zip".into(),
            ..Default::default()
        };
        f(&mut p);
        regional(
            ResourceKind::LambdaFunction,
            &format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
            Properties::LambdaFunction(Box::new(p)),
        )
    }
}
