//! KMS checks: rotation of customer-managed keys, public key policies, keys scheduled for deletion.

pub mod kms_key_not_pending_deletion;
pub mod kms_key_policy_not_public;
pub mod kms_key_rotation_enabled;

use nephos_model::props::KmsKeyProps;
use nephos_model::{Properties, Resource};

use crate::context::Context;

/// Customer-managed keys with their properties (AWS-managed keys are rotated by AWS and their
/// policies cannot be changed).
pub fn customer_keys<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a Resource, &'a KmsKeyProps)> + 'a {
    ctx.of_kind(nephos_model::ResourceKind::KmsKey)
        .iter()
        .filter_map(|r| match &r.props {
            Properties::KmsKey(p) if p.key_manager.eq_ignore_ascii_case("CUSTOMER") => {
                Some((*r, p))
            }
            _ => None,
        })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::KmsKeyProps;
    use nephos_model::{Properties, Resource, ResourceKind};

    use crate::testutil::{ACCOUNT, REGION, regional};

    /// A customer-managed symmetric key, enabled, rotated; adjust with `f`.
    pub fn key(id: &str, f: impl FnOnce(&mut KmsKeyProps)) -> Resource {
        let mut p = KmsKeyProps {
            key_id: id.into(),
            key_manager: "CUSTOMER".into(),
            key_state: "Enabled".into(),
            key_usage: "ENCRYPT_DECRYPT".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
            rotation_enabled: Some(true),
            policy: Some(format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"kms:*","Resource":"*"}}]}}"#
            )),
            ..Default::default()
        };
        f(&mut p);
        regional(
            ResourceKind::KmsKey,
            &format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}"),
            Properties::KmsKey(p),
        )
    }
}
