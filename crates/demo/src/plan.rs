//! The organization plan: accounts, OUs, regions, VPCs, applications, peerings, and where each
//! problem, outlier and attack path is planted. Everything structural is decided here, from the plan
//! stream of the seed, so that account builders can run in parallel and still agree on shared facts
//! (account ids, peered VPC ids and CIDRs, the logging buckets).

use crate::DemoOptions;
use crate::labels::Problem;
use crate::rng::{DemoRng, PLAN_STREAM};

/// Above this many planned resources per account, more accounts are added.
pub const MAX_RESOURCES_PER_ACCOUNT: usize = 15_000;
/// Applications per VPC before another VPC is opened in the region.
pub const APPS_PER_VPC: usize = 30;
/// The regions accounts are spread over, in order of use.
pub const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "us-west-2"];

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Env {
    /// The organization's management account.
    Management,
    /// Shared services (logging, security, network).
    Shared,
    /// Production workloads.
    Prod,
    /// Staging workloads.
    Staging,
    /// Development workloads.
    Dev,
}

impl Env {
    /// The tag value / word used in names.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Management => "management",
            Self::Shared => "shared",
            Self::Prod => "prod",
            Self::Staging => "staging",
            Self::Dev => "dev",
        }
    }

    /// The `env` tag of resources in such an account.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Management | Self::Shared | Self::Prod => "prod",
            Self::Staging => "staging",
            Self::Dev => "dev",
        }
    }

    /// Workload accounts host applications.
    pub const fn is_workload(self) -> bool {
        matches!(self, Self::Prod | Self::Staging | Self::Dev)
    }
}

/// The kind of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    /// Internet-facing ALB → instances in private subnets, with an RDS database.
    WebTier,
    /// ECS Fargate service behind an ALB.
    EcsService,
    /// S3 → Lambda → SQS → Lambda → DynamoDB, with SNS fan-out.
    Pipeline,
}

/// One application.
#[derive(Debug, Clone)]
pub struct AppPlan {
    /// Name, e.g. `billing-web`.
    pub name: String,
    /// The owning team (and `app` tag's domain).
    pub team: &'static str,
    /// Kind.
    pub kind: AppKind,
    /// Instances (web tier) or tasks (ECS); unused for pipelines.
    pub size: usize,
    /// Plant an odd one out among its instances / functions / buckets.
    pub outlier: bool,
    /// This app carries the planted attack path.
    pub attack_path: bool,
}

impl AppPlan {
    /// Resources this app adds (the plan's estimate; see the sizing test).
    pub fn estimate(&self) -> usize {
        match self.kind {
            AppKind::WebTier => (16 * self.size) / 5 + 16 + usize::from(self.outlier) * 3,
            AppKind::EcsService => 2 * self.size + 13,
            AppKind::Pipeline => 16 + usize::from(self.outlier) * 2,
        }
    }
}

/// One VPC of an account and region.
#[derive(Debug, Clone)]
pub struct VpcPlan {
    /// `vpc-…`.
    pub id: String,
    /// Second octet of `10.x.0.0/16`.
    pub octet: u8,
    /// Applications it hosts.
    pub apps: Vec<AppPlan>,
}

/// One region of an account.
#[derive(Debug, Clone)]
pub struct RegionPlan {
    /// Region name.
    pub name: &'static str,
    /// VPCs (the first always exists).
    pub vpcs: Vec<VpcPlan>,
}

/// One account.
#[derive(Debug, Clone)]
pub struct AccountPlan {
    /// Position in the organization (stream number is index + 1).
    pub index: usize,
    /// 12-digit id.
    pub id: String,
    /// Folder name and alias, e.g. `acme-prod-payments`.
    pub name: String,
    /// Root e-mail.
    pub email: String,
    /// What the account is for.
    pub env: Env,
    /// Business unit (`payments`, `web`, `logging`, …).
    pub unit: &'static str,
    /// Parent OU or root id.
    pub parent_id: String,
    /// Regions.
    pub regions: Vec<RegionPlan>,
    /// Problems planted in this account.
    pub problems: Vec<Problem>,
    /// Accounts joined by invitation rather than created.
    pub invited: bool,
}

impl AccountPlan {
    /// True when `p` is planted here.
    pub fn has(&self, p: Problem) -> bool {
        self.problems.contains(&p)
    }
}

/// An organizational unit.
#[derive(Debug, Clone)]
pub struct OuPlan {
    /// `ou-…`.
    pub id: String,
    /// Name.
    pub name: &'static str,
    /// Parent id.
    pub parent_id: String,
}

/// One side of a peering.
#[derive(Debug, Clone)]
pub struct PeerSide {
    /// Account index.
    pub account: usize,
    /// Region.
    pub region: &'static str,
    /// `vpc-…`.
    pub vpc_id: String,
    /// Second octet of the VPC CIDR.
    pub octet: u8,
}

/// A VPC peering connection.
#[derive(Debug, Clone)]
pub struct PeeringPlan {
    /// `pcx-…`.
    pub id: String,
    /// Requester.
    pub requester: PeerSide,
    /// Accepter.
    pub accepter: PeerSide,
}

/// The whole organization.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Seed.
    pub seed: u64,
    /// `o-…`.
    pub org_id: String,
    /// `r-…`.
    pub root_id: String,
    /// OUs.
    pub ous: Vec<OuPlan>,
    /// Accounts; index 0 is the management account.
    pub accounts: Vec<AccountPlan>,
    /// Peerings.
    pub peerings: Vec<PeeringPlan>,
    /// An account outside the organization that one role trusts.
    pub unknown_account: String,
    /// The account holding the central log buckets.
    pub logging_account: usize,
    /// The account whose role audits every account.
    pub security_account: usize,
    /// The account whose first VPC (first region) every workload account peers with.
    pub peering_hub: usize,
}

impl Plan {
    /// The management account.
    pub fn management(&self) -> &AccountPlan {
        &self.accounts[0]
    }

    /// Central CloudTrail bucket name.
    pub fn trail_bucket(&self) -> String {
        format!("acme-cloudtrail-{}", self.accounts[self.logging_account].id)
    }

    /// Central flow-log bucket name.
    pub fn flow_log_bucket(&self) -> String {
        format!(
            "acme-vpc-flow-logs-{}",
            self.accounts[self.logging_account].id
        )
    }

    /// Peerings touching a VPC.
    pub fn peerings_of<'a>(&'a self, vpc_id: &'a str) -> impl Iterator<Item = &'a PeeringPlan> {
        self.peerings
            .iter()
            .filter(move |p| p.requester.vpc_id == vpc_id || p.accepter.vpc_id == vpc_id)
    }
}

const FIXED: [(&str, Env, &str); 10] = [
    ("acme-management", Env::Management, "management"),
    ("acme-shared-logging", Env::Shared, "logging"),
    ("acme-prod-payments", Env::Prod, "payments"),
    ("acme-staging-web", Env::Staging, "web"),
    ("acme-shared-security", Env::Shared, "security"),
    ("acme-prod-web", Env::Prod, "web"),
    ("acme-dev-payments", Env::Dev, "payments"),
    ("acme-prod-data", Env::Prod, "data"),
    ("acme-staging-payments", Env::Staging, "payments"),
    ("acme-shared-network", Env::Shared, "network"),
];

const UNITS: [&str; 12] = [
    "billing",
    "checkout",
    "search",
    "catalog",
    "identity",
    "analytics",
    "mobile",
    "partners",
    "ml",
    "support",
    "media",
    "logistics",
];

/// Teams (and app domains) of a business unit.
pub fn teams_of(unit: &str) -> &'static [&'static str] {
    match unit {
        "payments" => &["billing", "payments", "ledger", "fraud", "invoicing"],
        "web" => &["storefront", "checkout", "search", "catalog", "profile"],
        "data" => &["analytics", "reporting", "etl", "warehouse"],
        "logging" => &["observability"],
        "security" => &["secops"],
        "network" => &["netops"],
        "billing" => &["billing", "invoicing", "pricing"],
        "checkout" => &["checkout", "cart", "promotions"],
        "search" => &["search", "indexing", "ranking"],
        "catalog" => &["catalog", "media", "reviews"],
        "identity" => &["identity", "sessions", "profile"],
        "analytics" => &["analytics", "reporting", "etl"],
        "mobile" => &["mobile", "push", "sync"],
        "partners" => &["partners", "affiliates", "feeds"],
        "ml" => &["recommendations", "features", "training"],
        "support" => &["support", "tickets", "chat"],
        "media" => &["media", "transcoding", "thumbnails"],
        _ => &["logistics", "shipping", "tracking"],
    }
}

fn org_suffix(rng: &mut DemoRng, n: usize) -> String {
    const LOW: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..n).map(|_| char::from(LOW[rng.below(36)])).collect()
}

fn account_id(rng: &mut DemoRng, taken: &[String]) -> String {
    loop {
        let id = format!("{:012}", 100_000_000_000 + rng.u64() % 899_999_999_999);
        if !taken.contains(&id) {
            return id;
        }
    }
}

fn regions_for(env: Env) -> &'static [&'static str] {
    match env {
        Env::Management => &REGIONS[..1],
        Env::Prod => &REGIONS[..],
        _ => &REGIONS[..2],
    }
}

/// Fixed resources per account (IAM, account settings, trail) and per region (network, keys).
pub const ACCOUNT_BASE: usize = 20;
/// Fixed resources per region with a VPC.
pub const REGION_BASE: usize = 34;

/// Builds the plan for `opts`.
pub fn plan(opts: &DemoOptions) -> Plan {
    let mut rng = DemoRng::new(opts.seed, PLAN_STREAM);
    let target = opts.resources.max(1);
    let n_accounts = opts
        .accounts
        .max(1)
        .max(target.div_ceil(MAX_RESOURCES_PER_ACCOUNT));

    let org_id = format!("o-{}", org_suffix(&mut rng, 10));
    let root_suffix = org_suffix(&mut rng, 4);
    let root_id = format!("r-{root_suffix}");
    let ou = |rng: &mut DemoRng| format!("ou-{root_suffix}-{}", org_suffix(rng, 8));
    let security_ou = OuPlan {
        id: ou(&mut rng),
        name: "Security",
        parent_id: root_id.clone(),
    };
    let infra_ou = OuPlan {
        id: ou(&mut rng),
        name: "Infrastructure",
        parent_id: root_id.clone(),
    };
    let workloads_ou = OuPlan {
        id: ou(&mut rng),
        name: "Workloads",
        parent_id: root_id.clone(),
    };
    let prod_ou = OuPlan {
        id: ou(&mut rng),
        name: "Prod",
        parent_id: workloads_ou.id.clone(),
    };
    let nonprod_ou = OuPlan {
        id: ou(&mut rng),
        name: "NonProd",
        parent_id: workloads_ou.id.clone(),
    };

    // Accounts.
    let mut ids: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut accounts = Vec::with_capacity(n_accounts);
    for index in 0..n_accounts {
        let (name, env, unit) = match FIXED.get(index) {
            Some(&(name, env, unit)) => (name.to_owned(), env, unit),
            None => {
                let k = index - FIXED.len();
                let env = [Env::Prod, Env::Staging, Env::Dev, Env::Prod][k % 4];
                let unit = UNITS[(k / 4) % UNITS.len()];
                let mut name = format!("acme-{}-{unit}", env.as_str());
                let mut n = 2;
                while names.contains(&name) {
                    name = format!("acme-{}-{unit}-{n}", env.as_str());
                    n += 1;
                }
                (name, env, unit)
            }
        };
        let id = account_id(&mut rng, &ids);
        ids.push(id.clone());
        names.push(name.clone());
        let parent_id = match env {
            Env::Management => root_id.clone(),
            Env::Shared if unit == "network" => infra_ou.id.clone(),
            Env::Shared => security_ou.id.clone(),
            Env::Prod => prod_ou.id.clone(),
            Env::Staging | Env::Dev => nonprod_ou.id.clone(),
        };
        accounts.push(AccountPlan {
            index,
            id,
            email: format!("aws+{name}@acme.example"),
            name,
            env,
            unit,
            parent_id,
            regions: Vec::new(),
            problems: Vec::new(),
            invited: index % 5 == 4,
        });
    }
    let unknown_account = account_id(&mut rng, &ids);
    let logging_account = usize::from(n_accounts > 1);
    let security_account = accounts
        .iter()
        .position(|a| a.unit == "security")
        .unwrap_or(logging_account);

    // Regions and their first VPC. Accounts without workloads get a VPC only where they run apps.
    let mut octet: usize = 0;
    let mut next_vpc = |rng: &mut DemoRng| {
        octet += 1;
        VpcPlan {
            id: rng.ec2_id("vpc"),
            octet: (octet % 250 + 1) as u8,
            apps: Vec::new(),
        }
    };
    for a in &mut accounts {
        for &r in regions_for(a.env) {
            let vpcs = if a.env == Env::Management {
                Vec::new()
            } else {
                vec![next_vpc(&mut rng)]
            };
            a.regions.push(RegionPlan { name: r, vpcs });
        }
    }

    // Applications. The first prod account gets the fixed showcase apps.
    let workload: Vec<usize> = accounts
        .iter()
        .filter(|a| a.env.is_workload())
        .map(|a| a.index)
        .collect();
    let hosts: Vec<usize> = if workload.is_empty() {
        vec![logging_account]
    } else {
        workload.clone()
    };
    let showcase = hosts[0];
    let mut estimate = accounts.len() * ACCOUNT_BASE
        + accounts
            .iter()
            .map(|a| {
                a.regions.len()
                    * if a.env == Env::Management {
                        4
                    } else {
                        REGION_BASE
                    }
            })
            .sum::<usize>()
        + 30; // organization and AWS-managed policies
    let mut counters: Vec<usize> = vec![0; accounts.len()];
    let mut add_app = |accounts: &mut Vec<AccountPlan>,
                       rng: &mut DemoRng,
                       a: usize,
                       region: usize,
                       app: AppPlan|
     -> usize {
        let est = app.estimate();
        let Some(acct) = accounts.get_mut(a) else {
            return 0;
        };
        let Some(reg) = acct.regions.get_mut(region) else {
            return 0;
        };
        let full = reg.vpcs.last().is_none_or(|v| v.apps.len() >= APPS_PER_VPC);
        let mut extra = 0;
        if full {
            reg.vpcs.push(next_vpc(rng));
            extra = REGION_BASE / 2;
        }
        if let Some(v) = reg.vpcs.last_mut() {
            v.apps.push(app);
        }
        est + extra
    };
    let show = [
        ("billing-web", "billing", AppKind::WebTier, 14, true, false),
        (
            "payments-admin",
            "payments",
            AppKind::WebTier,
            2,
            false,
            true,
        ),
        (
            "payments-events",
            "payments",
            AppKind::Pipeline,
            0,
            false,
            false,
        ),
        (
            "payments-api",
            "payments",
            AppKind::EcsService,
            3,
            false,
            false,
        ),
    ];
    for (name, team, kind, size, outlier, attack_path) in show {
        let app = AppPlan {
            name: name.to_owned(),
            team,
            kind,
            size,
            outlier,
            attack_path,
        };
        estimate += add_app(&mut accounts, &mut rng, showcase, 0, app);
    }
    // Shared accounts run a small pipeline each (log shipping, scanning).
    for a in 0..accounts.len() {
        if accounts[a].env == Env::Shared && accounts[a].unit != "network" {
            let team = teams_of(accounts[a].unit)[0];
            let name = format!("{}-{}", accounts[a].unit, "shipper");
            let app = AppPlan {
                name,
                team,
                kind: AppKind::Pipeline,
                size: 0,
                outlier: false,
                attack_path: false,
            };
            estimate += add_app(&mut accounts, &mut rng, a, 0, app);
        }
    }
    let mut turn = 0usize;
    let scale = (target as f64 / 20_000.0).clamp(1.0, 4.0);
    let mut used_names: std::collections::HashSet<(usize, String)> =
        std::collections::HashSet::new();
    for a in &accounts {
        for r in &a.regions {
            for v in &r.vpcs {
                for app in &v.apps {
                    used_names.insert((a.index, app.name.clone()));
                }
            }
        }
    }
    let (mut instances, mut functions, mut buckets) = (16usize, 4usize, 2usize);
    let (mut instance_outliers, mut function_outliers, mut bucket_outliers) =
        (1usize, 0usize, 0usize);
    while estimate < target {
        // Prod accounts get two turns for every one of the others.
        let a = hosts[turn % hosts.len()];
        turn += 1;
        if accounts[a].env != Env::Prod && turn.is_multiple_of(3) {
            continue;
        }
        let region = counters[a] % accounts[a].regions.len();
        counters[a] += 1;
        let teams = teams_of(accounts[a].unit);
        let team = teams[rng.below(teams.len())];
        // Larger estates grow fleets rather than the number of small apps: fewer per-parameter
        // files per resource, as in real large estates.
        let roll = rng.below(10);
        let (kind, size, suffix) = if roll < 4 + usize::from(scale > 1.5) {
            let size = if rng.chance(0.15) {
                rng.range(8, 16)
            } else {
                rng.range(2, 6)
            };
            (
                AppKind::WebTier,
                (size as f64 * scale).round() as usize,
                "web",
            )
        } else if roll < 7 + usize::from(scale > 1.5) {
            (
                AppKind::EcsService,
                (rng.range(2, 6) as f64 * scale).round() as usize,
                "api",
            )
        } else {
            (AppKind::Pipeline, 0, "events")
        };
        let base = format!("{team}-{suffix}");
        let mut name = base.clone();
        let mut k = 2;
        while !used_names.insert((a, name.clone())) {
            name = format!("{base}-{k}");
            k += 1;
        }
        // Outliers stay near 1% of their kind.
        let outlier = match kind {
            AppKind::WebTier => {
                instances += size;
                let due = size >= 4 && instances / 90 >= instance_outliers;
                instance_outliers += usize::from(due);
                due
            }
            AppKind::Pipeline => {
                functions += 3;
                buckets += 1;
                let f = functions / 90 > function_outliers;
                let b = buckets / 90 > bucket_outliers;
                function_outliers += usize::from(f);
                bucket_outliers += usize::from(b);
                f || b
            }
            AppKind::EcsService => false,
        };
        let app = AppPlan {
            name,
            team,
            kind,
            size,
            outlier,
            attack_path: false,
        };
        estimate += add_app(&mut accounts, &mut rng, a, region, app);
    }

    // Peerings: every workload account's first VPC with the hub (shared-network, else the logging
    // account), in the same region.
    let hub = accounts
        .iter()
        .position(|a| a.unit == "network")
        .unwrap_or(logging_account);
    let side = |accounts: &Vec<AccountPlan>, a: usize, r: usize| {
        accounts.get(a).and_then(|acct| {
            let reg = acct.regions.get(r)?;
            let v = reg.vpcs.first()?;
            Some(PeerSide {
                account: a,
                region: reg.name,
                vpc_id: v.id.clone(),
                octet: v.octet,
            })
        })
    };
    let mut peerings = Vec::new();
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    if hub != showcase {
        for &w in workload.iter().take(64) {
            pairs.push((w, 0, hub, 0));
        }
    }
    // Inter-region peering: the showcase account's first two regions.
    pairs.push((showcase, 0, showcase, 1));
    for (a, ra, b, rb) in pairs {
        if let (Some(requester), Some(accepter)) = (side(&accounts, a, ra), side(&accounts, b, rb))
            && requester.octet != accepter.octet
            && requester.vpc_id != accepter.vpc_id
        {
            peerings.push(PeeringPlan {
                id: rng.ec2_id("pcx"),
                requester,
                accepter,
            });
        }
    }

    // Problems: each type in max(1, n/4) accounts, rotating so types spread out.
    let copies = (n_accounts / 4).max(1);
    let all: Vec<usize> = (0..n_accounts).collect();
    for (k, p) in Problem::ALL.into_iter().enumerate() {
        let candidates: &[usize] = match p {
            Problem::IamUserConsoleWithoutMfa
            | Problem::IamRootAccessKey
            | Problem::IamAccessKeyStale
            | Problem::IamInlineAdminPolicy
            | Problem::IamRoleTrustsUnknownAccount
            | Problem::CloudtrailMissing
            | Problem::CloudtrailSingleRegion
            | Problem::CloudtrailLogValidationDisabled => &all,
            _ => &hosts,
        };
        let stride = (candidates.len() / copies).max(1);
        for j in 0..copies.min(candidates.len()) {
            let i = candidates[(k + j * stride) % candidates.len()];
            if !accounts[i].problems.contains(&p) {
                accounts[i].problems.push(p);
            }
        }
    }
    // The showcase account always carries the attack path's IMDSv1 instance.
    if !accounts[showcase]
        .problems
        .contains(&Problem::Ec2InstanceImdsv1)
    {
        accounts[showcase].problems.push(Problem::Ec2InstanceImdsv1);
    }

    Plan {
        seed: opts.seed,
        org_id,
        root_id,
        ous: vec![security_ou, infra_ou, workloads_ou, prod_ou, nonprod_ou],
        accounts,
        peerings,
        unknown_account,
        logging_account,
        security_account,
        peering_hub: hub,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn opts(accounts: usize, resources: usize) -> DemoOptions {
        DemoOptions {
            accounts,
            resources,
            seed: 1,
        }
    }

    #[test]
    fn accounts_are_unique_and_grow_with_the_target() {
        let p = plan(&opts(4, 2_000));
        assert_eq!(p.accounts.len(), 4);
        assert_eq!(p.management().env, Env::Management);
        let big = plan(&opts(4, 1_000_000));
        assert_eq!(
            big.accounts.len(),
            1_000_000usize.div_ceil(MAX_RESOURCES_PER_ACCOUNT)
        );
        let ids: HashSet<&str> = big.accounts.iter().map(|a| a.id.as_str()).collect();
        let names: HashSet<&str> = big.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(ids.len(), big.accounts.len());
        assert_eq!(names.len(), big.accounts.len());
        assert!(!ids.contains(big.unknown_account.as_str()));
        assert!(
            big.accounts
                .iter()
                .all(|a| a.id.len() == 12 && a.id.bytes().all(|b| b.is_ascii_digit()))
        );
    }

    #[test]
    fn peerings_join_distinct_cidrs_of_planned_vpcs() {
        for n in [4, 12] {
            let p = plan(&opts(n, 5_000));
            assert!(!p.peerings.is_empty());
            let inter_region = p
                .peerings
                .iter()
                .filter(|pc| pc.requester.region != pc.accepter.region)
                .count();
            assert_eq!(
                inter_region, 1,
                "the showcase account's inter-region peering"
            );
            let vpcs: HashSet<&str> = p
                .accounts
                .iter()
                .flat_map(|a| {
                    a.regions
                        .iter()
                        .flat_map(|r| r.vpcs.iter().map(|v| v.id.as_str()))
                })
                .collect();
            for pc in &p.peerings {
                assert_ne!(pc.requester.octet, pc.accepter.octet);
                assert!(vpcs.contains(pc.requester.vpc_id.as_str()));
                assert!(vpcs.contains(pc.accepter.vpc_id.as_str()));
            }
        }
    }

    #[test]
    fn every_problem_is_placed_and_workload_problems_avoid_the_management_account() {
        for n in [1, 2, 4, 9, 30] {
            let p = plan(&opts(n, 3_000));
            for problem in Problem::ALL {
                assert!(
                    p.accounts.iter().any(|a| a.has(problem)),
                    "{n} accounts: {} unplaced",
                    problem.id()
                );
            }
            if n > 2 {
                assert!(!p.management().has(Problem::Ec2SecurityGroupOpenSsh));
            }
        }
    }

    #[test]
    fn app_names_are_unique_per_account_and_the_showcase_apps_exist() {
        let p = plan(&opts(4, 20_000));
        for a in &p.accounts {
            let names: Vec<&str> = a
                .regions
                .iter()
                .flat_map(|r| {
                    r.vpcs
                        .iter()
                        .flat_map(|v| v.apps.iter().map(|x| x.name.as_str()))
                })
                .collect();
            let unique: HashSet<&&str> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{}", a.name);
        }
        let apps: Vec<&AppPlan> = p
            .accounts
            .iter()
            .flat_map(|a| {
                a.regions
                    .iter()
                    .flat_map(|r| r.vpcs.iter().flat_map(|v| v.apps.iter()))
            })
            .collect();
        assert!(
            apps.iter()
                .any(|a| a.name == "billing-web" && a.size == 14 && a.outlier)
        );
        assert_eq!(apps.iter().filter(|a| a.attack_path).count(), 1);
    }
}
