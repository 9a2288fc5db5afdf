//! The one list of checks. Adding a check: write `src/<service>/<check_id>.rs` with its `META` and
//! `run`, declare it in `src/<service>/mod.rs`, and add one line here.

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::CheckMeta;

/// A registered check: its metadata and its logic.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// The check's metadata.
    pub meta: &'static CheckMeta,
    /// Appends the check's findings for the inventory behind the context.
    pub run: fn(&Context, &mut Vec<Finding>),
    /// The module path it lives in (its file name must equal its id).
    pub module: &'static str,
}

macro_rules! checks {
    ($( $service:ident :: $id:ident ),* $(,)?) => {
        /// Every check, grouped by service.
        pub static CHECKS: &[Check] = &[
            $( Check {
                meta: &crate::$service::$id::META,
                run: crate::$service::$id::run,
                module: concat!(stringify!($service), "::", stringify!($id)),
            }, )*
        ];
    };
}

checks! {
    accessanalyzer::accessanalyzer_enabled,
    cloudtrail::cloudtrail_bucket_access_logging_enabled,
    cloudtrail::cloudtrail_bucket_not_public,
    cloudtrail::cloudtrail_cloudwatch_logs_integrated,
    cloudtrail::cloudtrail_enabled,
    cloudtrail::cloudtrail_kms_encryption_enabled,
    cloudtrail::cloudtrail_log_file_validation_enabled,
    cloudtrail::cloudtrail_logging_active,
    cloudtrail::cloudtrail_trail_multi_region_enabled,
    config::config_recorder_enabled,
    dynamodb::dynamodb_table_pitr_enabled,
    ec2::ec2_ebs_default_encryption_enabled,
    ec2::ec2_image_not_public,
    ec2::ec2_instance_imdsv2_required,
    ec2::ec2_instance_no_public_ip,
    ec2::ec2_instance_profile_attached,
    ec2::ec2_instance_role_not_admin,
    ec2::ec2_networkacl_no_admin_ports_from_internet,
    ec2::ec2_securitygroup_default_restricts_all,
    ec2::ec2_securitygroup_no_admin_ports_ipv4,
    ec2::ec2_securitygroup_no_admin_ports_ipv6,
    ec2::ec2_securitygroup_no_all_traffic_from_internet,
    ec2::ec2_securitygroup_no_cassandra_from_internet,
    ec2::ec2_securitygroup_no_docker_from_internet,
    ec2::ec2_securitygroup_no_elasticsearch_from_internet,
    ec2::ec2_securitygroup_no_ftp_from_internet,
    ec2::ec2_securitygroup_no_kafka_from_internet,
    ec2::ec2_securitygroup_no_kubernetes_from_internet,
    ec2::ec2_securitygroup_no_ldap_from_internet,
    ec2::ec2_securitygroup_no_memcached_from_internet,
    ec2::ec2_securitygroup_no_mongodb_from_internet,
    ec2::ec2_securitygroup_no_msrpc_from_internet,
    ec2::ec2_securitygroup_no_mssql_from_internet,
    ec2::ec2_securitygroup_no_mysql_from_internet,
    ec2::ec2_securitygroup_no_oracle_from_internet,
    ec2::ec2_securitygroup_no_postgresql_from_internet,
    ec2::ec2_securitygroup_no_redis_from_internet,
    ec2::ec2_securitygroup_no_smb_from_internet,
    ec2::ec2_securitygroup_no_telnet_from_internet,
    ec2::ec2_securitygroup_no_vnc_from_internet,
    ec2::ec2_securitygroup_no_winrm_from_internet,
    ec2::ec2_snapshot_encrypted,
    ec2::ec2_snapshot_not_public,
    ec2::ec2_snapshot_shared_with_known_accounts,
    ec2::ec2_volume_encrypted,
    ecs::ecs_service_no_public_ip,
    ecs::ecs_task_definition_no_privileged_containers,
    elb::elb_classic_listener_encrypted,
    elb::elb_listener_https_enforced,
    iam::iam_group_inline_policy_no_full_admin,
    iam::iam_password_policy_expires_90_days,
    iam::iam_password_policy_lowercase,
    iam::iam_password_policy_minimum_length_14,
    iam::iam_password_policy_number,
    iam::iam_password_policy_reuse_24,
    iam::iam_password_policy_symbol,
    iam::iam_password_policy_uppercase,
    iam::iam_policy_no_full_admin_attached,
    iam::iam_principal_cloudshell_full_access_restricted,
    iam::iam_role_cross_account_trust_known_accounts,
    iam::iam_role_inline_policy_no_full_admin,
    iam::iam_role_trust_not_public,
    iam::iam_root_access_key_absent,
    iam::iam_root_mfa_enabled,
    iam::iam_root_not_used_recently,
    iam::iam_support_role_exists,
    iam::iam_user_access_keys_rotated_90_days,
    iam::iam_user_administrator_access_not_attached,
    iam::iam_user_console_mfa_enabled,
    iam::iam_user_credentials_unused_45_days,
    iam::iam_user_inline_policy_no_full_admin,
    iam::iam_user_no_direct_policies,
    iam::iam_user_no_unused_initial_access_key,
    iam::iam_user_single_active_access_key,
    kms::kms_key_not_pending_deletion,
    kms::kms_key_policy_not_public,
    kms::kms_key_rotation_enabled,
    lambda::lambda_function_policy_not_public,
    lambda::lambda_function_role_not_admin,
    lambda::lambda_function_runtime_supported,
    rds::rds_instance_auto_minor_version_upgrade,
    rds::rds_instance_backup_enabled,
    rds::rds_instance_deletion_protection,
    rds::rds_instance_iam_authentication_enabled,
    rds::rds_instance_multi_az,
    rds::rds_instance_not_publicly_accessible,
    rds::rds_instance_storage_encrypted,
    s3::s3_account_public_access_blocked,
    s3::s3_bucket_acl_not_public,
    s3::s3_bucket_default_encryption,
    s3::s3_bucket_kms_encryption,
    s3::s3_bucket_mfa_delete_enabled,
    s3::s3_bucket_policy_no_unknown_accounts,
    s3::s3_bucket_policy_not_public,
    s3::s3_bucket_public_access_blocked,
    s3::s3_bucket_secure_transport_policy,
    s3::s3_bucket_server_access_logging_enabled,
    s3::s3_bucket_versioning_enabled,
    sns::sns_topic_encrypted,
    sns::sns_topic_policy_not_public,
    sqs::sqs_queue_encrypted,
    sqs::sqs_queue_policy_not_public,
    vpc::vpc_flow_logs_enabled,
    vpc::vpc_peering_routes_least_access,
    vpc::vpc_subnet_no_auto_public_ip,
    // Appended (not sorted in) so the positions of earlier checks, which SARIF `ruleIndex`
    // values refer to, stay stable.
    ecs::ecs_task_definition_no_secret_environment_variables,
    lambda::lambda_function_no_secret_environment_variables,
    iam::iam_policy_no_privilege_escalation,
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.meta.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_match_their_files() {
        let mut seen = HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.meta.id), "duplicate id {}", c.meta.id);
            let (service, file) = c.module.split_once("::").unwrap();
            assert_eq!(file, c.meta.id, "file name must equal id");
            assert!(
                c.meta.id.starts_with(&format!("{service}_")),
                "{} not in {service}",
                c.meta.id
            );
            assert!(!c.meta.kinds.is_empty(), "{} has no kinds", c.meta.id);
            assert!(!c.meta.title.is_empty() && !c.meta.rationale.is_empty());
            assert!(!c.meta.remediation.is_empty() && !c.meta.references.is_empty());
            assert!(
                c.meta
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
    }

    #[test]
    fn at_least_eighty_checks() {
        assert!(CHECKS.len() >= 80, "{} checks", CHECKS.len());
    }
}
