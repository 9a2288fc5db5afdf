//! The orchestration: accounts → regions → services, under one bound on calls in flight.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::Semaphore;

use crate::ctx::{AccountSink, Ctx};
use crate::error::{CallError, CollectError, ErrorClass};
use crate::options::{CollectOptions, RegionSelection};
use crate::services;
use crate::summary::{AccountSummary, CollectSummary};

/// Global services are collected once per account, under this region's folder.
pub(crate) const GLOBAL_REGION: &str = "us-east-1";

/// One account to collect: the credentials to use and how to name it in messages.
struct Target {
    label: String,
    sdk: SdkConfig,
    /// The role assumed for this account, if any.
    role_arn: Option<String>,
    /// A name to fall back on when the account has no alias (the org account id).
    known_id: Option<String>,
}

/// Collects every account the options name; see [`crate::collect`].
pub(crate) async fn run(opts: &CollectOptions) -> Result<CollectSummary, CollectError> {
    let start = Instant::now();
    std::fs::create_dir_all(&opts.out).map_err(|source| CollectError::Write {
        path: opts.out.clone(),
        source,
    })?;
    let base = base_config(opts).await;
    let targets = targets(opts, &base).await?;
    let limit = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let bars =
        MultiProgress::with_draw_target(if opts.progress && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        });
    let single = targets.len() == 1;
    // Accounts run up to `account_concurrency` at once; within one, regions and services run
    // concurrently. Every call of every account waits on the one `--concurrency` bound; running
    // accounts side by side keeps that bound busy while one account waits on retries or backoff
    // (AWS's throttling limits are per account, so accounts do not slow each other down).
    let opts = Arc::new(opts.clone());
    let accounts_at_once = Arc::new(Semaphore::new(opts.account_concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (i, t) in targets.into_iter().enumerate() {
        let (opts, limit, bars, gate) = (
            opts.clone(),
            limit.clone(),
            bars.clone(),
            accounts_at_once.clone(),
        );
        set.spawn(async move {
            let _turn = gate.acquire().await.ok();
            (i, one_account(&opts, t, limit, &bars, single).await)
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((i, Ok(a))) => results.push((i, a)),
            Ok((_, Err(e))) => return Err(e),
            Err(e) => return Err(CollectError::Runtime(std::io::Error::other(e))),
        }
    }
    results.sort_by_key(|(i, _)| *i);
    let accounts: Vec<AccountSummary> = results.into_iter().map(|(_, a)| a).collect();
    let _ = bars.clear();
    Ok(CollectSummary {
        accounts,
        elapsed: start.elapsed(),
        concurrency: opts.concurrency.max(1),
    })
}

/// Collects one account. `Err` only when `single` (the one account asked for) cannot be collected;
/// with several accounts, a failed one is an [`AccountSummary`] with its error.
async fn one_account(
    opts: &CollectOptions,
    t: Target,
    limit: Arc<Semaphore>,
    bars: &MultiProgress,
    single: bool,
) -> Result<AccountSummary, CollectError> {
    let identity = match services::sts::identity(&t.sdk).await {
        Ok(identity) => identity,
        Err(f) if single => {
            return Err(CollectError::Identity {
                target: t.label.clone(),
                error_code: f.code,
                message: f.message,
            });
        }
        Err(f) => return Ok(failed_account(opts, &t, f)),
    };
    match account(opts, &t, identity, limit, bars).await {
        Ok(a) => Ok(a),
        Err(e) if single => Err(e),
        Err(e) => Ok(AccountSummary {
            name: t.known_id.clone().unwrap_or_else(|| t.label.clone()),
            account_id: t.known_id.clone(),
            regions: Vec::new(),
            calls: 0,
            files: 0,
            errors: Vec::new(),
            write_failures: vec![e.to_string()],
        }),
    }
}

async fn base_config(opts: &CollectOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(GLOBAL_REGION))
        .retry_config(RetryConfig::adaptive().with_max_attempts(opts.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(60))
                .build(),
        );
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(u) = &opts.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    loader.load().await
}

async fn assume(base: &SdkConfig, role_arn: &str) -> SdkConfig {
    let provider = aws_config::sts::AssumeRoleProvider::builder(role_arn)
        .session_name("nephos-collect")
        .configure(base)
        .build()
        .await;
    base.to_builder()
        .credentials_provider(aws_sdk_sts::config::SharedCredentialsProvider::new(
            provider,
        ))
        .build()
}

async fn targets(opts: &CollectOptions, base: &SdkConfig) -> Result<Vec<Target>, CollectError> {
    let mut out = Vec::new();
    if opts.role_arns.is_empty() && opts.org_role.is_none() {
        out.push(Target {
            label: opts.profile.clone().unwrap_or_else(|| "default".to_owned()),
            sdk: base.clone(),
            role_arn: None,
            known_id: None,
        });
    }
    for arn in &opts.role_arns {
        out.push(Target {
            label: arn.clone(),
            sdk: assume(base, arn).await,
            role_arn: Some(arn.clone()),
            known_id: arn.split(':').nth(4).map(str::to_owned),
        });
    }
    if let Some(role) = &opts.org_role {
        let (own_id, own_arn) = services::sts::identity(base)
            .await
            .map(|o| {
                (
                    o.account().unwrap_or_default().to_owned(),
                    o.arn().unwrap_or_default().to_owned(),
                )
            })
            .map_err(|f| CollectError::Identity {
                target: "default".to_owned(),
                error_code: f.code,
                message: f.message,
            })?;
        let partition = own_arn.split(':').nth(1).unwrap_or("aws").to_owned();
        let ids = services::organizations::active_account_ids(base)
            .await
            .map_err(CollectError::Organization)?;
        for id in ids {
            if id == own_id {
                out.push(Target {
                    label: id.clone(),
                    sdk: base.clone(),
                    role_arn: None,
                    known_id: Some(id),
                });
            } else {
                let arn = format!("arn:{partition}:iam::{id}:role/{role}");
                out.push(Target {
                    label: arn.clone(),
                    sdk: assume(base, &arn).await,
                    role_arn: Some(arn),
                    known_id: Some(id),
                });
            }
        }
    }
    Ok(out)
}

/// An account that could not be collected at all (its role cannot be assumed, its credentials do
/// not resolve): reported in the summary and in `ROOT/<account-id>/collect-errors.json`, so that a
/// multi-account collection says which accounts are missing and why.
fn failed_account(
    opts: &CollectOptions,
    t: &Target,
    f: services::sts::IdentityFailure,
) -> AccountSummary {
    let (operation, parameter) = match (&t.role_arn, f.assume_role) {
        (Some(arn), true) => ("assume-role", Some(arn.clone())),
        _ => ("get-caller-identity", None),
    };
    let error = CallError {
        region: GLOBAL_REGION.to_owned(),
        service: "sts".to_owned(),
        operation: operation.to_owned(),
        parameter,
        class: ErrorClass::of_code(Some(&f.code)),
        error_code: f.code,
        message: format!("{}: account not collected", f.message),
    };
    let name = folder_name(t.known_id.as_deref().unwrap_or(&t.label));
    let dir = opts.out.join(&name);
    let errors = vec![error];
    let mut write_failures = Vec::new();
    if let Err(e) = write_errors(&dir, &errors) {
        write_failures.push(e.to_string());
    }
    AccountSummary {
        name,
        account_id: t.known_id.clone(),
        regions: Vec::new(),
        calls: 1,
        files: 0,
        errors,
        write_failures,
    }
}

/// Writes `<dir>/collect-errors.json`.
fn write_errors(dir: &std::path::Path, errors: &[CallError]) -> Result<(), CollectError> {
    let path = dir.join("collect-errors.json");
    let bytes = serde_json::to_vec_pretty(errors).map_err(|e| CollectError::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&path, bytes))
        .map_err(|source| CollectError::Write { path, source })
}

/// A folder name from an alias or id: anything but `[A-Za-z0-9._-]` becomes `_`.
fn folder_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s == "." || s == ".." {
        "account".to_owned()
    } else {
        s
    }
}

type ServiceFn = fn(Ctx) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The regional services, in the order their progress is shown.
const REGIONAL: &[(&str, ServiceFn)] = &[
    ("ec2", |cx| {
        Box::pin(async move { services::ec2::collect(&cx).await })
    }),
    ("elbv2", |cx| {
        Box::pin(async move { services::elbv2::collect(&cx).await })
    }),
    ("elb", |cx| {
        Box::pin(async move { services::elb::collect(&cx).await })
    }),
    ("lambda", |cx| {
        Box::pin(async move { services::lambda::collect(&cx).await })
    }),
    ("ecs", |cx| {
        Box::pin(async move { services::ecs::collect(&cx).await })
    }),
    ("rds", |cx| {
        Box::pin(async move { services::rds::collect(&cx).await })
    }),
    ("dynamodb", |cx| {
        Box::pin(async move { services::dynamodb::collect(&cx).await })
    }),
    ("sqs", |cx| {
        Box::pin(async move { services::sqs::collect(&cx).await })
    }),
    ("sns", |cx| {
        Box::pin(async move { services::sns::collect(&cx).await })
    }),
    ("kms", |cx| {
        Box::pin(async move { services::kms::collect(&cx).await })
    }),
    ("cloudtrail", |cx| {
        Box::pin(async move { services::cloudtrail::collect(&cx).await })
    }),
    ("config", |cx| {
        Box::pin(async move { services::config::collect(&cx).await })
    }),
    ("accessanalyzer", |cx| {
        Box::pin(async move { services::accessanalyzer::collect(&cx).await })
    }),
];

async fn account(
    opts: &CollectOptions,
    t: &Target,
    identity: aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput,
    limit: Arc<Semaphore>,
    bars: &MultiProgress,
) -> Result<AccountSummary, CollectError> {
    let account_id = identity.account().unwrap_or_default().to_owned();
    let endpoint_override = opts.endpoint_url.is_some()
        || std::env::var_os("AWS_ENDPOINT_URL").is_some()
        || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
    let alias = services::iam::account_alias(&t.sdk).await;
    let name = folder_name(alias.as_deref().unwrap_or(&account_id));
    let sink = Arc::new(AccountSink::new(opts.out.join(&name)));
    std::fs::create_dir_all(&sink.dir).map_err(|source| CollectError::Write {
        path: sink.dir.clone(),
        source,
    })?;
    let ctx_for = |region: &str| Ctx {
        sdk: t
            .sdk
            .to_builder()
            .region(Region::new(region.to_owned()))
            .build(),
        region: region.to_owned(),
        sink: sink.clone(),
        limit: limit.clone(),
        endpoint_override,
    };
    let global = ctx_for(GLOBAL_REGION);
    global.count_call();
    services::sts::write(&global, &identity);

    // Regions: the enabled ones, and the listed ones checked against them.
    let enabled = services::ec2::regions(&global).await;
    let enabled_names: Option<Vec<String>> = enabled.as_ref().map(|rs| {
        rs.iter()
            .filter(|r| r.opt_in_status() != Some("not-opted-in"))
            .filter_map(|r| r.region_name().map(str::to_owned))
            .collect()
    });
    let regions: Vec<String> = match (&opts.regions, &enabled_names) {
        (RegionSelection::All, Some(names)) => names.clone(),
        (RegionSelection::All, None) => vec![GLOBAL_REGION.to_owned()],
        (RegionSelection::List(list), None) => list.clone(),
        (RegionSelection::List(list), Some(names)) => {
            let mut keep = Vec::new();
            for r in list {
                if names.contains(r) {
                    keep.push(r.clone());
                } else {
                    sink.push_error(CallError {
                        region: r.clone(),
                        service: "ec2".to_owned(),
                        operation: "describe-regions".to_owned(),
                        parameter: Some(r.clone()),
                        error_code: "OptInRequired".to_owned(),
                        class: ErrorClass::OptInRequired,
                        message: format!(
                            "region `{r}` is not enabled for account {account_id}: not collected"
                        ),
                    });
                }
            }
            keep
        }
    };

    let style = ProgressStyle::with_template("{prefix:>32} {bar:24} {pos}/{len} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let mut set = tokio::task::JoinSet::new();
    // Global services, under us-east-1.
    let gbar = bars.add(ProgressBar::new(4));
    gbar.set_style(style.clone());
    gbar.set_prefix(format!("{name} global"));
    {
        let (cx, bar) = (global.clone(), gbar.clone());
        set.spawn(async move {
            services::iam::collect(&cx).await;
            bar.inc(1);
        });
        let (cx, bar) = (global.clone(), gbar.clone());
        set.spawn(async move {
            services::s3::collect(&cx).await;
            bar.inc(1);
        });
        let (cx, bar, id) = (global.clone(), gbar.clone(), account_id.clone());
        set.spawn(async move {
            services::s3control::collect(&cx, &id).await;
            bar.inc(1);
        });
        let (cx, bar, id) = (global.clone(), gbar.clone(), account_id.clone());
        set.spawn(async move {
            services::organizations::collect(&cx, &id).await;
            bar.inc(1);
        });
    }
    for region in &regions {
        let bar = bars.add(ProgressBar::new(REGIONAL.len() as u64));
        bar.set_style(style.clone());
        bar.set_prefix(format!("{name} {region}"));
        let cx = ctx_for(region);
        for (_, f) in REGIONAL {
            let (fut, bar) = (f(cx.clone()), bar.clone());
            set.spawn(async move {
                fut.await;
                bar.inc(1);
            });
        }
    }
    while set.join_next().await.is_some() {}

    let errors = sink.take_errors();
    write_errors(&sink.dir, &errors)?;
    Ok(AccountSummary {
        name,
        account_id: Some(account_id),
        regions,
        calls: sink.calls(),
        files: sink.files(),
        errors,
        write_failures: sink.take_write_failures(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe() {
        assert_eq!(folder_name("acme-prod"), "acme-prod");
        assert_eq!(folder_name("123456789012"), "123456789012");
        assert_eq!(folder_name("../x/y"), ".._x_y");
        assert_eq!(folder_name(".."), "account");
        assert_eq!(folder_name(""), "account");
    }
}
