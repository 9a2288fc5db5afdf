//! Privilege escalation ([RHINO], [IAMV], [PMAP]): principals that can reach full access through
//! known primitives, with the path and the statements that grant each step.
//!
//! A primitive is data ([`PRIMITIVES`]): the actions it needs and what it yields. Each needed
//! action is decided as a full request (denies, boundaries, SCPs and conditions respected, so an
//! `iam:PolicyARN` condition limiting `AttachUserPolicy` to `ReadOnlyAccess` stops it, I30).
//! What a primitive yields:
//! - *admin*: the principal rewrites its own permissions (its policies, its groups' policies, its
//!   customer-managed policies' versions, a new role it creates for itself);
//! - *another principal*: it takes over a user (access keys, console password), rewrites a role's
//!   trust, assumes a role, passes a role to new compute of a service that the role trusts (I28),
//!   or changes existing compute that runs as a role.
//!
//! Requests are decided in the contexts an attacker can choose (see [`contexts`]): the current
//! time, and for users both long-term keys and a fresh session, so `aws:TokenIssueTime`
//! conditions are decided rather than assumed (I32). MFA is never assumed present.
//!
//! A principal has *full access* when it is allowed every request of a small sentinel set across
//! IAM, EC2, S3 and DynamoDB (see [`SENTINELS`]). Paths are found breadth-first over the
//! principal-to-principal edges, so each reported path is a shortest one. Principals that already
//! have full access are not reported as escalating.

use std::collections::{HashMap, VecDeque};

use crate::access::{AccessModel, Evidence, Identity, IdentityKind, is_aws_managed};
use crate::eval::Decision;
use crate::policy::{Effect, Policy};
use crate::principal::PrincipalEntry;
use crate::request::{Context, Request};
use crate::trust::Assumer;
use std::cell::RefCell;

/// What a primitive works on and yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yield {
    /// Its own user or role policies (resource: itself) ⇒ admin.
    OwnIdentityPolicy,
    /// Its groups' policies (resource: each of its groups) ⇒ admin.
    OwnGroupPolicy,
    /// Its attached customer-managed policies (resource: each policy ARN) ⇒ admin.
    OwnManagedPolicy,
    /// A group with full access (resource: that group) ⇒ admin.
    JoinAdminGroup,
    /// A role it creates and then empowers (resource: a new role ARN) ⇒ admin.
    NewRole,
    /// Another user (resource: that user) ⇒ that user.
    OtherUser,
    /// A role's trust policy (resource: that role) ⇒ that role.
    RoleTrust,
    /// A role passed to new compute of `service` (resource: the role) ⇒ that role.
    PassRole(&'static str),
    /// Existing compute running as a role (resource: the compute, whose `runs_as` is the role)
    /// of the resource type whose ARN contains this marker ⇒ that role.
    ExistingCompute(&'static str),
}

/// An escalation primitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Primitive {
    /// Stable id.
    pub id: &'static str,
    /// The actions that must all be allowed; the first acts on the primitive's target resource,
    /// the others on any resource.
    pub actions: &'static [&'static str],
    /// What it yields.
    pub yields: Yield,
    /// One line on how it is exploited.
    pub summary: &'static str,
}

const ADMIN_POLICY: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// The known primitives.
pub const PRIMITIVES: &[Primitive] = &[
    Primitive {
        id: "iam:CreatePolicyVersion",
        actions: &["iam:CreatePolicyVersion"],
        yields: Yield::OwnManagedPolicy,
        summary: "writes a new default version of a customer-managed policy attached to itself",
    },
    Primitive {
        id: "iam:SetDefaultPolicyVersion",
        actions: &["iam:SetDefaultPolicyVersion"],
        yields: Yield::OwnManagedPolicy,
        summary: "switches a policy attached to itself to another (possibly broader) version",
    },
    Primitive {
        id: "iam:AttachUserPolicy",
        actions: &["iam:AttachUserPolicy"],
        yields: Yield::OwnIdentityPolicy,
        summary: "attaches AdministratorAccess to itself",
    },
    Primitive {
        id: "iam:AttachRolePolicy",
        actions: &["iam:AttachRolePolicy"],
        yields: Yield::OwnIdentityPolicy,
        summary: "attaches AdministratorAccess to its own role",
    },
    Primitive {
        id: "iam:PutUserPolicy",
        actions: &["iam:PutUserPolicy"],
        yields: Yield::OwnIdentityPolicy,
        summary: "writes an inline admin policy on itself",
    },
    Primitive {
        id: "iam:PutRolePolicy",
        actions: &["iam:PutRolePolicy"],
        yields: Yield::OwnIdentityPolicy,
        summary: "writes an inline admin policy on its own role",
    },
    Primitive {
        id: "iam:AttachGroupPolicy",
        actions: &["iam:AttachGroupPolicy"],
        yields: Yield::OwnGroupPolicy,
        summary: "attaches AdministratorAccess to a group it belongs to",
    },
    Primitive {
        id: "iam:PutGroupPolicy",
        actions: &["iam:PutGroupPolicy"],
        yields: Yield::OwnGroupPolicy,
        summary: "writes an inline admin policy on a group it belongs to",
    },
    Primitive {
        id: "iam:AddUserToGroup",
        actions: &["iam:AddUserToGroup"],
        yields: Yield::JoinAdminGroup,
        summary: "adds itself to a group with full access",
    },
    Primitive {
        id: "iam:CreateRole+AttachRolePolicy",
        actions: &["iam:CreateRole", "iam:AttachRolePolicy"],
        yields: Yield::NewRole,
        summary: "creates a role trusting itself and attaches AdministratorAccess",
    },
    Primitive {
        id: "iam:CreateRole+PutRolePolicy",
        actions: &["iam:CreateRole", "iam:PutRolePolicy"],
        yields: Yield::NewRole,
        summary: "creates a role trusting itself with an inline admin policy",
    },
    Primitive {
        id: "iam:CreateAccessKey",
        actions: &["iam:CreateAccessKey"],
        yields: Yield::OtherUser,
        summary: "creates an access key for another user (at most two per user)",
    },
    Primitive {
        id: "iam:CreateLoginProfile",
        actions: &["iam:CreateLoginProfile"],
        yields: Yield::OtherUser,
        summary: "sets a console password for another user",
    },
    Primitive {
        id: "iam:UpdateLoginProfile",
        actions: &["iam:UpdateLoginProfile"],
        yields: Yield::OtherUser,
        summary: "changes another user's console password",
    },
    Primitive {
        id: "iam:UpdateAssumeRolePolicy",
        actions: &["iam:UpdateAssumeRolePolicy"],
        yields: Yield::RoleTrust,
        summary: "rewrites a role's trust policy to name itself, then assumes it",
    },
    Primitive {
        id: "iam:PassRole+ec2:RunInstances",
        actions: &["iam:PassRole", "ec2:RunInstances"],
        yields: Yield::PassRole("ec2.amazonaws.com"),
        summary: "launches an instance with the role's profile",
    },
    Primitive {
        id: "iam:PassRole+lambda:CreateFunction+InvokeFunction",
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        yields: Yield::PassRole("lambda.amazonaws.com"),
        summary: "creates and invokes a function running as the role",
    },
    Primitive {
        id: "iam:PassRole+lambda:CreateFunction+CreateEventSourceMapping",
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        yields: Yield::PassRole("lambda.amazonaws.com"),
        summary: "creates a function running as the role, triggered by an event source",
    },
    Primitive {
        id: "iam:PassRole+glue:CreateDevEndpoint",
        actions: &["iam:PassRole", "glue:CreateDevEndpoint"],
        yields: Yield::PassRole("glue.amazonaws.com"),
        summary: "creates a Glue development endpoint running as the role",
    },
    Primitive {
        id: "iam:PassRole+cloudformation:CreateStack",
        actions: &["iam:PassRole", "cloudformation:CreateStack"],
        yields: Yield::PassRole("cloudformation.amazonaws.com"),
        summary: "creates a stack that CloudFormation runs as the role",
    },
    Primitive {
        id: "iam:PassRole+datapipeline:CreatePipeline",
        actions: &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        yields: Yield::PassRole("datapipeline.amazonaws.com"),
        summary: "creates a pipeline that runs commands as the role",
    },
    Primitive {
        id: "iam:PassRole+codebuild:CreateProject",
        actions: &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        yields: Yield::PassRole("codebuild.amazonaws.com"),
        summary: "creates and starts a build running as the role",
    },
    Primitive {
        id: "iam:PassRole+sagemaker:CreateNotebookInstance",
        actions: &[
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        yields: Yield::PassRole("sagemaker.amazonaws.com"),
        summary: "creates a notebook running as the role and opens it",
    },
    Primitive {
        id: "iam:PassRole+sagemaker:CreateTrainingJob",
        actions: &["iam:PassRole", "sagemaker:CreateTrainingJob"],
        yields: Yield::PassRole("sagemaker.amazonaws.com"),
        summary: "runs a training job as the role",
    },
    Primitive {
        id: "iam:PassRole+sagemaker:CreateProcessingJob",
        actions: &["iam:PassRole", "sagemaker:CreateProcessingJob"],
        yields: Yield::PassRole("sagemaker.amazonaws.com"),
        summary: "runs a processing job as the role",
    },
    Primitive {
        id: "iam:PassRole+ecs:RunTask",
        actions: &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        yields: Yield::PassRole("ecs-tasks.amazonaws.com"),
        summary: "registers and runs a task whose task role is the role",
    },
    Primitive {
        id: "iam:PassRole+autoscaling:CreateAutoScalingGroup",
        actions: &[
            "iam:PassRole",
            "autoscaling:CreateLaunchConfiguration",
            "autoscaling:CreateAutoScalingGroup",
        ],
        yields: Yield::PassRole("ec2.amazonaws.com"),
        summary: "launches instances with the role's profile through Auto Scaling",
    },
    Primitive {
        id: "lambda:UpdateFunctionCode",
        actions: &["lambda:UpdateFunctionCode"],
        yields: Yield::ExistingCompute(":function:"),
        summary: "replaces the code of a function running as the role",
    },
    Primitive {
        id: "glue:UpdateDevEndpoint",
        actions: &["glue:UpdateDevEndpoint"],
        yields: Yield::ExistingCompute(":devEndpoint/"),
        summary: "adds its SSH key to a development endpoint running as the role",
    },
    Primitive {
        id: "cloudformation:UpdateStack",
        actions: &["cloudformation:UpdateStack"],
        yields: Yield::ExistingCompute(":stack/"),
        summary: "updates a stack that runs as the role",
    },
    Primitive {
        id: "ssm:SendCommand",
        actions: &["ssm:SendCommand"],
        yields: Yield::ExistingCompute(":instance/"),
        summary: "runs commands on an instance whose profile is the role",
    },
    Primitive {
        id: "ssm:StartSession",
        actions: &["ssm:StartSession"],
        yields: Yield::ExistingCompute(":instance/"),
        summary: "opens a shell on an instance whose profile is the role",
    },
    Primitive {
        id: "ec2-instance-connect:SendSSHPublicKey",
        actions: &["ec2-instance-connect:SendSSHPublicKey"],
        yields: Yield::ExistingCompute(":instance/"),
        summary: "pushes an SSH key to an instance whose profile is the role",
    },
];

/// Requests that all must be allowed for a principal to count as having full access: `(action,
/// resource)` with `{a}` standing for the principal's account.
pub const SENTINELS: &[(&str, &str)] = &[
    ("iam:CreateUser", "arn:aws:iam::{a}:user/nephos-sentinel"),
    ("iam:PutRolePolicy", "arn:aws:iam::{a}:role/nephos-sentinel"),
    ("ec2:RunInstances", "*"),
    ("s3:PutBucketPolicy", "arn:aws:s3:::nephos-sentinel"),
    (
        "dynamodb:DeleteTable",
        "arn:aws:dynamodb:us-east-1:{a}:table/nephos-sentinel",
    ),
    ("kms:CreateKey", "*"),
];

/// One step of an escalation path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The acting principal.
    pub from: String,
    /// The primitive's id (or `sts:AssumeRole`).
    pub primitive: &'static str,
    /// What it acts on (a user, role, group, policy, function…).
    pub target: String,
    /// The principal gained, or `admin` when it gains full access directly.
    pub gains: String,
    /// The statements that allow the step's actions.
    pub evidence: Vec<Evidence>,
}

/// A principal that can reach full access, with the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPath {
    /// The starting user or role.
    pub principal: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// The result of the escalation analysis.
#[derive(Debug, Clone, Default)]
pub struct EscalationReport {
    /// Principals that already have full access.
    pub admins: Vec<String>,
    /// Principals that can reach full access, with a shortest path each.
    pub paths: Vec<EscalationPath>,
    /// Every principal-to-principal or principal-to-admin step found (graph edges).
    pub edges: Vec<Step>,
}

/// Gains of an edge: another identity (index) or admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gain {
    Admin,
    Identity(usize),
}

struct Analyzer<'m> {
    model: &'m AccessModel,
    /// Each identity's caller side, built once; the resource side is swapped per request.
    sets: RefCell<Vec<crate::eval::PolicySet<'m>>>,
    /// Each identity's requests, one per context an attacker can choose (see [`contexts`]),
    /// retargeted for every question.
    requests: RefCell<Vec<Vec<Request>>>,
}

/// Extra context keys for one question.
type Extra<'a> = &'a [(&'a str, &'a str)];
const NO_EXTRA: Extra<'static> = &[];
const ADMIN_EXTRA: Extra<'static> = &[("iam:PolicyARN", ADMIN_POLICY)];

/// The request contexts an attacker acting as `kind` can choose from: a role always has a
/// session (`aws:TokenIssueTime` present, now); a user can call with long-term keys (no token)
/// or get a fresh session (`sts:GetSessionToken`). MFA is never assumed. Requests are made in
/// `us-east-1` (`aws:RequestedRegion`), so region guard-rail SCPs that allow it do not hide
/// escalation.
fn contexts(kind: IdentityKind, now: u64) -> Vec<Context> {
    let mut plain = Context::new();
    // The attacker picks the region: the most commonly allowed one.
    plain.set("aws:RequestedRegion", "us-east-1");
    plain.set("aws:CurrentTime", now.to_string());
    plain.set("aws:EpochTime", now.to_string());
    let mut session = plain.clone();
    session.set("aws:TokenIssueTime", now.to_string());
    match kind {
        IdentityKind::Role => vec![session],
        IdentityKind::User => vec![plain, session],
    }
}

impl<'m> Analyzer<'m> {
    fn new(model: &'m AccessModel) -> Self {
        let now = now();
        Self {
            sets: RefCell::new(
                model
                    .identities
                    .iter()
                    .map(|id| model.caller_side(Some(id), &id.account))
                    .collect(),
            ),
            requests: RefCell::new(
                model
                    .identities
                    .iter()
                    .map(|id| {
                        let p = model.principal_of(id);
                        contexts(id.kind, now)
                            .into_iter()
                            .map(|ctx| Request::new(p.clone(), "", "", ctx))
                            .collect()
                    })
                    .collect(),
            ),
            model,
        }
    }

    /// Is `action` on `resource` allowed for identity `i` in some context it can choose?
    /// Returns the evidence.
    fn allowed(
        &self,
        i: usize,
        action: &str,
        resource: &str,
        extra: Extra<'_>,
    ) -> Option<Vec<Evidence>> {
        let mut requests = self.requests.borrow_mut();
        let mut sets = self.sets.borrow_mut();
        let set = sets.get_mut(i)?;
        let target = self.model.target(resource);
        let owner = self.model.owner_for(resource, target);
        for req in requests.get_mut(i)?.iter_mut() {
            req.retarget(action, resource, owner);
            for (k, v) in extra {
                req.context.set(k, *v);
            }
            self.model.attach_target(set, req, target);
            let r = set.evaluate(req);
            let found = (r.decision == Decision::Allowed)
                .then(|| r.matched.iter().map(Evidence::from).collect());
            for (k, _) in extra {
                req.context.remove(k);
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Is `action` allowed on some resource (tried: `*`, then each pattern of the identity's
    /// allowing statements, read as a resource name)?
    fn allowed_somewhere(&self, i: usize, action: &str) -> Option<Vec<Evidence>> {
        if let Some(e) = self.allowed(i, action, "*", NO_EXTRA) {
            return Some(e);
        }
        let id = self.model.identities.get(i)?;
        let lower = action.to_ascii_lowercase();
        for policy in &id.policies {
            for st in &policy.statements {
                if st.effect != Effect::Allow || !st.covers_action(&lower) {
                    continue;
                }
                let Some(t) = &st.resources else { continue };
                if t.negated {
                    continue;
                }
                for r in &t.items {
                    if let Some(e) = self.allowed(i, action, &r.text, NO_EXTRA) {
                        return Some(e);
                    }
                }
            }
        }
        None
    }

    /// Cheap pre-filter: does any `Allow` statement of the identity (or a resource policy that
    /// may name it) cover the action at all?
    fn may(&self, i: usize, action_lower: &str) -> bool {
        self.model.identities.get(i).is_some_and(|id| {
            id.policies.iter().any(|p| {
                p.statements
                    .iter()
                    .any(|st| st.effect == Effect::Allow && st.covers_action(action_lower))
            })
        })
    }

    fn full_access(&self, i: usize) -> bool {
        let Some(id) = self.model.identities.get(i) else {
            return false;
        };
        SENTINELS.iter().all(|(action, resource)| {
            let resource = resource.replace("{a}", &id.account);
            self.allowed(i, action, &resource, ADMIN_EXTRA).is_some()
        })
    }
}

fn trusts_service(trust: Option<&Policy>, service: &str) -> bool {
    trust.is_some_and(|t| {
        t.statements.iter().any(|st| {
            st.effect == Effect::Allow
                && st.covers_action("sts:assumerole")
                && st.principals.as_ref().is_some_and(|p| {
                    !p.negated
                        && p.items.iter().any(|e| match e {
                            PrincipalEntry::Service(s) => s.eq_ignore_ascii_case(service),
                            PrincipalEntry::Everyone => true,
                            _ => false,
                        })
                })
        })
    })
}

impl AccessModel {
    /// Finds principals that can reach full access, with shortest paths and all edges.
    pub fn escalation(&self) -> EscalationReport {
        let an = Analyzer::new(self);
        let n = self.identities.len();
        let admin: Vec<bool> = (0..n).map(|i| an.full_access(i)).collect();
        let admin_groups: Vec<&str> = self
            .groups
            .iter()
            .filter(|g| self.group_has_full_access(g.policies.clone(), &g.account))
            .map(|g| g.arn.as_str())
            .collect();
        let by_account: HashMap<&str, Vec<usize>> =
            self.identities
                .iter()
                .enumerate()
                .fold(HashMap::new(), |mut m, (i, id)| {
                    m.entry(id.account.as_str()).or_default().push(i);
                    m
                });

        // (account, marker) → role index → compute ARNs running as it.
        let mut compute: HashMap<(&str, &str), std::collections::BTreeMap<usize, Vec<&str>>> =
            HashMap::new();
        for r in &self.resources {
            let Some(j) = r.runs_as.as_deref().and_then(|role| self.index_of(role)) else {
                continue;
            };
            for marker in compute_markers() {
                if r.arn.contains(marker) {
                    compute
                        .entry((r.account.as_str(), marker))
                        .or_default()
                        .entry(j)
                        .or_default()
                        .push(r.arn.as_str());
                }
            }
        }
        let mut out: Vec<Vec<(Gain, Step)>> = vec![Vec::new(); n];
        for (i, id) in self.identities.iter().enumerate() {
            if admin.get(i).copied().unwrap_or(false) {
                continue;
            }
            let edges = out.get_mut(i);
            let Some(edges) = edges else { continue };
            // One step per gain: once a principal can become `j` (or admin) by one primitive,
            // later primitives to the same gain are not tried.
            let mut gained: std::collections::HashSet<usize> = std::collections::HashSet::new();
            let mut has_admin = false;
            for prim in PRIMITIVES {
                let first = prim.actions.first().copied().unwrap_or_default();
                let yields_admin = matches!(
                    prim.yields,
                    Yield::OwnIdentityPolicy
                        | Yield::OwnGroupPolicy
                        | Yield::OwnManagedPolicy
                        | Yield::JoinAdminGroup
                        | Yield::NewRole
                );
                if yields_admin && has_admin {
                    continue;
                }
                if !prim
                    .actions
                    .iter()
                    .all(|a| an.may(i, &a.to_ascii_lowercase()))
                {
                    continue;
                }
                let mut others: Vec<Evidence> = Vec::new();
                // A new role is decided on its own ARN below, not anywhere.
                let rest_ok = prim.yields == Yield::NewRole
                    || prim.actions.iter().skip(1).all(|a| {
                        an.allowed_somewhere(i, a)
                            .map(|e| others.extend(e))
                            .is_some()
                    });
                if !rest_ok {
                    continue;
                }
                let mut found: Vec<(Gain, String, Vec<Evidence>)> = Vec::new();
                let mut push = |gain: Gain, target: &str, evidence: Vec<Evidence>| {
                    found.push((gain, target.to_owned(), evidence));
                };
                match prim.yields {
                    Yield::OwnIdentityPolicy => {
                        let fits = matches!(
                            (id.kind, first),
                            (
                                IdentityKind::User,
                                "iam:AttachUserPolicy" | "iam:PutUserPolicy"
                            ) | (
                                IdentityKind::Role,
                                "iam:AttachRolePolicy" | "iam:PutRolePolicy"
                            )
                        );
                        if fits && let Some(e) = an.allowed(i, first, &id.arn, ADMIN_EXTRA) {
                            push(Gain::Admin, &id.arn, e);
                        }
                    }
                    Yield::OwnGroupPolicy => {
                        for g in &id.groups {
                            if let Some(e) = an.allowed(i, first, g, ADMIN_EXTRA) {
                                push(Gain::Admin, g, e);
                                break;
                            }
                        }
                    }
                    Yield::OwnManagedPolicy => {
                        for p in id
                            .attached_policy_arns
                            .iter()
                            .filter(|p| !is_aws_managed(p))
                        {
                            if let Some(e) = an.allowed(i, first, p, NO_EXTRA) {
                                push(Gain::Admin, p, e);
                                break;
                            }
                        }
                    }
                    Yield::JoinAdminGroup => {
                        if id.kind == IdentityKind::User {
                            for g in admin_groups
                                .iter()
                                .filter(|g| !id.groups.iter().any(|o| o == *g))
                            {
                                if let Some(e) = an.allowed(i, first, g, NO_EXTRA) {
                                    push(Gain::Admin, g, e);
                                    break;
                                }
                            }
                        }
                    }
                    Yield::NewRole => {
                        let partition = id.arn.split(':').nth(1).unwrap_or("aws");
                        let new_role =
                            format!("arn:{partition}:iam::{}:role/nephos-escalation", id.account);
                        let create = an.allowed(i, "iam:CreateRole", &new_role, NO_EXTRA);
                        let last = prim.actions.get(1).copied().unwrap_or_default();
                        let empower = an.allowed(i, last, &new_role, ADMIN_EXTRA);
                        if let (Some(mut a), Some(b)) = (create, empower) {
                            a.extend(b);
                            push(Gain::Admin, &new_role, a);
                        }
                    }
                    Yield::OtherUser | Yield::RoleTrust => {
                        let want = if prim.yields == Yield::OtherUser {
                            IdentityKind::User
                        } else {
                            IdentityKind::Role
                        };
                        for &j in by_account.get(id.account.as_str()).into_iter().flatten() {
                            let Some(t) = self.identities.get(j) else {
                                continue;
                            };
                            if j == i || t.kind != want || gained.contains(&j) {
                                continue;
                            }
                            if let Some(e) = an.allowed(i, first, &t.arn, NO_EXTRA) {
                                push(Gain::Identity(j), &t.arn, e);
                            }
                        }
                    }
                    Yield::PassRole(service) => {
                        let extra = [("iam:PassedToService", service)];
                        // iam:PassRole cannot pass another account's role.
                        for &j in by_account.get(id.account.as_str()).into_iter().flatten() {
                            let Some(t) = self.identities.get(j) else {
                                continue;
                            };
                            if j == i
                                || gained.contains(&j)
                                || t.kind != IdentityKind::Role
                                || !trusts_service(t.trust.as_ref(), service)
                            {
                                continue;
                            }
                            if let Some(e) = an.allowed(i, "iam:PassRole", &t.arn, &extra) {
                                push(Gain::Identity(j), &t.arn, e);
                            }
                        }
                    }
                    Yield::ExistingCompute(marker) => {
                        // Same account only; one reachable piece of compute per role suffices.
                        let Some(roles) = compute.get(&(id.account.as_str(), marker)) else {
                            continue;
                        };
                        for (&j, arns) in roles {
                            if j == i || gained.contains(&j) {
                                continue;
                            }
                            for arn in arns {
                                if let Some(e) = an.allowed(i, first, arn, NO_EXTRA) {
                                    push(Gain::Identity(j), arn, e);
                                    break;
                                }
                            }
                        }
                    }
                }
                for (gain, target, evidence) in found {
                    let mut ev = evidence;
                    ev.extend(others.iter().cloned());
                    ev.sort();
                    ev.dedup();
                    let gains = match gain {
                        Gain::Admin => {
                            has_admin = true;
                            "admin".to_owned()
                        }
                        Gain::Identity(j) => {
                            gained.insert(j);
                            self.identities
                                .get(j)
                                .map_or_else(String::new, |t| t.arn.clone())
                        }
                    };
                    edges.push((
                        gain,
                        Step {
                            from: id.arn.clone(),
                            primitive: prim.id,
                            target,
                            gains,
                            evidence: ev,
                        },
                    ));
                }
            }
        }
        // Assume-role edges.
        let graph = self.assume_graph();
        for e in graph.edges.iter().filter(|e| !e.conditional) {
            let Assumer::Identity(from) = &e.from else {
                continue;
            };
            let (Some(i), Some(j)) = (self.index_of(from), self.index_of(&e.role)) else {
                continue;
            };
            if let Some(edges) = out.get_mut(i) {
                edges.push((
                    Gain::Identity(j),
                    Step {
                        from: from.clone(),
                        primitive: "sts:AssumeRole",
                        target: e.role.clone(),
                        gains: e.role.clone(),
                        evidence: e.evidence.clone(),
                    },
                ));
            }
        }

        let mut report = EscalationReport {
            admins: (0..n)
                .filter(|&i| admin.get(i).copied().unwrap_or(false))
                .filter_map(|i| self.identities.get(i).map(|id| id.arn.clone()))
                .collect(),
            ..EscalationReport::default()
        };
        let next = toward_admin(&out, &admin);
        for (i, id) in self.identities.iter().enumerate() {
            if admin.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(steps) = follow(i, &out, &admin, &next) {
                report.paths.push(EscalationPath {
                    principal: id.arn.clone(),
                    steps,
                });
            }
        }
        report.edges = out.into_iter().flatten().map(|(_, s)| s).collect();
        report
    }

    fn group_has_full_access(&self, policies: Vec<Policy>, account: &str) -> bool {
        let mut probe = Identity::new(
            &format!("arn:aws:iam::{account}:user/nephos-group-probe"),
            account,
            IdentityKind::User,
        );
        probe.policies = policies;
        let mut model = AccessModel::default();
        model.scps = self.scps.clone();
        model.identities.push(probe);
        model.index();
        let an = Analyzer::new(&model);
        an.full_access(0)
    }
}

/// The distinct compute markers of the existing-compute primitives.
fn compute_markers() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in PRIMITIVES {
        if let Yield::ExistingCompute(m) = p.yields
            && !out.contains(&m)
        {
            out.push(m);
        }
    }
    out
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// For every identity, the edge (index into its edge list) that starts a shortest path to full
/// access: one breadth-first search backwards from the admins and from the steps that gain admin,
/// so the whole estate costs O(identities + edges).
fn toward_admin(edges: &[Vec<(Gain, Step)>], admin: &[bool]) -> Vec<Option<usize>> {
    let n = edges.len();
    // Reverse adjacency: target identity → (source, edge index).
    let mut rev: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut reached: Vec<bool> = admin.to_vec();
    reached.resize(n, false);
    let mut queue: VecDeque<usize> = (0..n)
        .filter(|&i| admin.get(i).copied().unwrap_or(false))
        .collect();
    let mut direct: Vec<(usize, usize)> = Vec::new();
    for (i, list) in edges.iter().enumerate() {
        for (k, (gain, _)) in list.iter().enumerate() {
            match *gain {
                Gain::Admin => direct.push((i, k)),
                Gain::Identity(j) => {
                    if let Some(r) = rev.get_mut(j) {
                        r.push((i, k));
                    }
                }
            }
        }
    }
    // Queue: admins (distance 0), then the direct gainers (distance 1), then plain BFS: every
    // node at distance d is dequeued before any node at distance d + 1.
    for (i, k) in direct {
        if !reached.get(i).copied().unwrap_or(true) {
            if let Some(r) = reached.get_mut(i) {
                *r = true;
            }
            if let Some(slot) = next.get_mut(i) {
                *slot = Some(k);
            }
            queue.push_back(i);
        }
    }
    while let Some(node) = queue.pop_front() {
        for &(src, k) in rev.get(node).into_iter().flatten() {
            if reached.get(src).copied().unwrap_or(true) {
                continue;
            }
            if let Some(r) = reached.get_mut(src) {
                *r = true;
            }
            if let Some(slot) = next.get_mut(src) {
                *slot = Some(k);
            }
            queue.push_back(src);
        }
    }
    next
}

/// The steps from `start` following [`toward_admin`]'s pointers.
fn follow(
    start: usize,
    edges: &[Vec<(Gain, Step)>],
    admin: &[bool],
    next: &[Option<usize>],
) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut cur = start;
    loop {
        let k = (*next.get(cur)?)?;
        let (gain, step) = edges.get(cur)?.get(k)?;
        steps.push(step.clone());
        match *gain {
            Gain::Admin => return Some(steps),
            Gain::Identity(j) => {
                if admin.get(j).copied().unwrap_or(false) {
                    return Some(steps);
                }
                if steps.len() > edges.len() {
                    return None;
                }
                cur = j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::ResourceEntry;
    use crate::policy::PolicyKind;

    const A: &str = "111111111111";

    fn pol(id: &str, kind: PolicyKind, text: &str) -> Policy {
        Policy::parse(id, kind, text).unwrap()
    }

    fn allow(id: &str, stmts: &str) -> Policy {
        pol(
            id,
            PolicyKind::Identity,
            &format!(r#"{{"Version":"2012-10-17","Statement":[{stmts}]}}"#),
        )
    }

    fn user(name: &str, stmts: &[&str]) -> Identity {
        let mut u = Identity::new(
            &format!("arn:aws:iam::{A}:user/{name}"),
            A,
            IdentityKind::User,
        );
        for (k, s) in stmts.iter().enumerate() {
            u.policies.push(allow(&format!("{name}/p{k}"), s));
        }
        u
    }

    fn role(name: &str, trust_principal: &str, stmts: &[&str]) -> Identity {
        let mut r = Identity::new(
            &format!("arn:aws:iam::{A}:role/{name}"),
            A,
            IdentityKind::Role,
        );
        r.trust = Some(pol(
            &format!("{name}/trust"),
            PolicyKind::Trust,
            &format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{trust_principal},"Action":"sts:AssumeRole"}}]}}"#
            ),
        ));
        for (k, s) in stmts.iter().enumerate() {
            r.policies.push(allow(&format!("{name}/p{k}"), s));
        }
        r
    }

    const ADMIN: &str = r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#;

    fn report(ids: Vec<Identity>, resources: Vec<ResourceEntry>) -> EscalationReport {
        let mut m = AccessModel::default();
        m.identities = ids;
        m.resources = resources;
        m.index();
        m.escalation()
    }

    fn path_of<'a>(r: &'a EscalationReport, name: &str) -> Option<&'a EscalationPath> {
        r.paths
            .iter()
            .find(|p| p.principal.ends_with(&format!("/{name}")))
    }

    #[test]
    fn admin_is_recognised_and_not_reported_as_escalating() {
        let r = report(
            vec![
                user("root-like", &[ADMIN]),
                user(
                    "reader",
                    &[r#"{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}"#],
                ),
            ],
            vec![],
        );
        assert_eq!(r.admins, vec![format!("arn:aws:iam::{A}:user/root-like")]);
        assert!(r.paths.is_empty());
    }

    #[test]
    fn passrole_needs_a_role_trusting_the_service() {
        // I28: PassRole on Adm (trusts Lambda) + lambda:CreateFunction + InvokeFunction.
        let dev = user(
            "dev",
            &[
                r#"{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}"#,
            ],
        );
        let adm = role("Adm", r#"{"Service":"lambda.amazonaws.com"}"#, &[ADMIN]);
        let r = report(vec![dev.clone(), adm], vec![]);
        let p = path_of(&r, "dev").expect("dev escalates through Lambda");
        assert_eq!(p.steps.len(), 1);
        assert_eq!(
            p.steps[0].primitive,
            "iam:PassRole+lambda:CreateFunction+InvokeFunction"
        );
        assert!(p.steps[0].gains.ends_with("role/Adm"));
        assert!(!p.steps[0].evidence.is_empty());
        // Adm trusting only EC2: no edge.
        let adm_ec2 = role("Adm", r#"{"Service":"ec2.amazonaws.com"}"#, &[ADMIN]);
        let r = report(vec![dev, adm_ec2], vec![]);
        assert!(path_of(&r, "dev").is_none());
    }

    #[test]
    fn create_policy_version_on_own_customer_policy_only() {
        // I29
        let mut u = user(
            "u",
            &[
                r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::111111111111:policy/*"}"#,
            ],
        );
        u.attached_policy_arns
            .push(format!("arn:aws:iam::{A}:policy/mine"));
        let r = report(vec![u.clone()], vec![]);
        assert_eq!(
            path_of(&r, "u").unwrap().steps[0].primitive,
            "iam:CreatePolicyVersion"
        );
        let mut aws = user(
            "u",
            &[r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}"#],
        );
        aws.attached_policy_arns
            .push("arn:aws:iam::aws:policy/ReadOnlyAccess".into());
        assert!(path_of(&report(vec![aws], vec![]), "u").is_none());
    }

    #[test]
    fn attach_user_policy_respects_policy_arn_condition() {
        // I30
        let limited = user(
            "u",
            &[
                r#"{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111111111111:user/u","Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}"#,
            ],
        );
        assert!(path_of(&report(vec![limited], vec![]), "u").is_none());
        let open = user(
            "u",
            &[
                r#"{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111111111111:user/u"}"#,
            ],
        );
        let r = report(vec![open], vec![]);
        assert_eq!(path_of(&r, "u").unwrap().steps[0].gains, "admin");
    }

    #[test]
    fn not_action_grant_still_escalates() {
        // I31
        let u = user(
            "u",
            &[
                r#"{"Effect":"Allow","NotAction":["iam:Update*","iam:Create*","iam:Attach*"],"Resource":"*"}"#,
            ],
        );
        let r = report(vec![u], vec![]);
        assert_eq!(
            path_of(&r, "u").unwrap().steps[0].primitive,
            "iam:PutUserPolicy"
        );
    }

    #[test]
    fn date_conditions_decide_exploitability() {
        // I32: an attacker can get a fresh session, so a token issued after 2020 is attainable
        // and one issued before 2020 is not.
        let mut u = user(
            "u",
            &[
                r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01"}}}"#,
            ],
        );
        u.attached_policy_arns
            .push(format!("arn:aws:iam::{A}:policy/mine"));
        assert!(path_of(&report(vec![u.clone()], vec![]), "u").is_some());
        u.policies = vec![allow(
            "u/p0",
            r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2020-01-01"}}}"#,
        )];
        assert!(path_of(&report(vec![u], vec![]), "u").is_none());
    }

    #[test]
    fn chains_through_assumed_roles_to_admin() {
        // I33 with an escalation at the end: U -> R1 -> R2 (admin).
        let u = user("U", &[]);
        let r1 = role("R1", r#"{"AWS":"arn:aws:iam::111111111111:user/U"}"#, &[]);
        let r2 = role(
            "R2",
            r#"{"AWS":"arn:aws:iam::111111111111:role/R1"}"#,
            &[ADMIN],
        );
        let r = report(vec![u, r1, r2], vec![]);
        let p = path_of(&r, "U").unwrap();
        let prims: Vec<&str> = p.steps.iter().map(|s| s.primitive).collect();
        assert_eq!(prims, vec!["sts:AssumeRole", "sts:AssumeRole"]);
        assert!(p.steps[1].gains.ends_with("role/R2"));
    }

    #[test]
    fn credentials_of_other_users_and_existing_compute() {
        let helpdesk = user(
            "helpdesk",
            &[
                r#"{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111111111111:user/boss"}"#,
            ],
        );
        let boss = user("boss", &[ADMIN]);
        let r = report(vec![helpdesk, boss], vec![]);
        let p = path_of(&r, "helpdesk").unwrap();
        assert_eq!(p.steps[0].primitive, "iam:CreateAccessKey");

        let coder = user(
            "coder",
            &[r#"{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"*"}"#],
        );
        let fnrole = role("FnRole", r#"{"Service":"lambda.amazonaws.com"}"#, &[ADMIN]);
        let f = ResourceEntry {
            arn: format!("arn:aws:lambda:us-east-1:{A}:function:f"),
            account: A.into(),
            policy: None,
            policy_required: false,
            runs_as: Some(format!("arn:aws:iam::{A}:role/FnRole")),
        };
        let r = report(vec![coder, fnrole], vec![f]);
        assert_eq!(
            path_of(&r, "coder").unwrap().steps[0].primitive,
            "lambda:UpdateFunctionCode"
        );
    }

    #[test]
    fn at_least_twenty_primitives() {
        assert!(PRIMITIVES.len() >= 20);
        let mut ids: Vec<&str> = PRIMITIVES.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), PRIMITIVES.len());
    }
}
