//! A request to authorize: who, what action, on which resource, with which context keys.
//!
//! Context keys are case-insensitive (\[COND\]) and stored lower-cased; values keep their case.
//! A key may hold several values (`aws:TagKeys`); a key absent from the context is *missing*,
//! which the condition operators treat differently from an empty value set. Keys that AWS derives
//! from the caller (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:username`, `aws:userid`,
//! `aws:PrincipalType`, `aws:PrincipalTag/…`) are filled in from the [`Principal`] unless the
//! caller of [`Request::new`] gave them; so is `aws:RequestedRegion` (from the resource ARN's region,
//! else `us-east-1`), which AWS sets on every request and region-restricting SCPs test.

use crate::principal::{Principal, PrincipalKind};

/// Request context: lower-cased key → values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(String, Vec<String>)>,
    /// [`key_hash`] of each entry's key, in the same order (looked at before the key itself).
    hashes: Vec<u64>,
}

/// FNV-1a hash of a lower-cased context key.
pub fn key_hash(key: &str) -> u64 {
    crate::policy::service_hash(key)
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to one value (replacing any previous values).
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.set_all(key, vec![value.into()])
    }

    /// Sets `key` to a list of values (possibly empty: a present but empty set).
    pub fn set_all(&mut self, key: &str, values: Vec<String>) -> &mut Self {
        let key = key.to_ascii_lowercase();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = values,
            None => {
                self.hashes.push(key_hash(&key));
                self.entries.push((key, values));
            }
        }
        self
    }

    /// Sets the already lower-cased `key` to one value, reusing the buffer of a previous value
    /// (for batch analyses that ask one question under many values of a key).
    pub fn set_one_lower(&mut self, key: &str, value: &str) -> &mut Self {
        debug_assert!(!key.bytes().any(|b| b.is_ascii_uppercase()));
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => {
                v.truncate(1);
                match v.first_mut() {
                    Some(s) => {
                        s.clear();
                        s.push_str(value);
                    }
                    None => v.push(value.to_owned()),
                }
            }
            None => {
                self.hashes.push(key_hash(key));
                self.entries.push((key.to_owned(), vec![value.to_owned()]));
            }
        }
        self
    }

    /// Removes the keys for which `drop` (given the lower-cased key) says so.
    fn remove_where(&mut self, drop: impl Fn(&str) -> bool) {
        if !self.entries.iter().any(|(k, _)| drop(k)) {
            return;
        }
        self.entries.retain(|(k, _)| !drop(k));
        self.hashes = self.entries.iter().map(|(k, _)| key_hash(k)).collect();
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        let key = key.to_ascii_lowercase();
        self.entries.retain(|(k, _)| *k != key);
        self.hashes = self.entries.iter().map(|(k, _)| key_hash(k)).collect();
    }

    /// The values of `key` (already lower-cased), or `None` when the key is missing.
    pub fn get_lower(&self, key: &str) -> Option<&[String]> {
        self.get_hashed(key, key_hash(key))
    }

    /// The values of `key` (lower-cased) whose [`key_hash`] is `hash`.
    pub fn get_hashed(&self, key: &str, hash: u64) -> Option<&[String]> {
        self.hashes
            .iter()
            .zip(&self.entries)
            .find(|(h, (k, _))| **h == hash && k == key)
            .map(|(_, (_, v))| v.as_slice())
    }

    /// The values of `key` in any case.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.get_lower(&key.to_ascii_lowercase())
    }

    fn contains_lower(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Every key and its values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The caller.
    pub principal: Principal,
    /// The action as written (`s3:GetObject`).
    pub action: String,
    /// The action lower-cased once, for matching.
    pub(crate) action_lower: String,
    /// Hash of the lower-cased service prefix (see [`crate::policy::service_hash`]).
    pub(crate) service_hash: u64,
    /// The resource ARN (or `*` for actions without a resource).
    pub resource: String,
    /// The account owning the resource, when known; `None` means the caller's own account.
    pub resource_account: Option<String>,
    /// Context keys (caller-derived keys included).
    pub context: Context,
    /// `aws:RequestedRegion` was inferred from the resource (not given), so it follows
    /// [`Request::retarget`].
    region_inferred: bool,
}

impl Request {
    /// A request; `context` is completed with the keys AWS derives from the caller.
    pub fn new(principal: Principal, action: &str, resource: &str, mut context: Context) -> Self {
        infer_principal_keys(&principal, &mut context);
        let region_inferred = !context.contains_lower("aws:requestedregion");
        if region_inferred {
            context.set("aws:requestedregion", requested_region(resource));
        }
        let action_lower = action.to_ascii_lowercase();
        let service_hash = crate::policy::service_hash(
            action_lower
                .split_once(':')
                .map_or(action_lower.as_str(), |(s, _)| s),
        );
        Self {
            service_hash,
            action_lower,
            action: action.to_owned(),
            resource: resource.to_owned(),
            resource_account: None,
            region_inferred,
            principal,
            context,
        }
    }

    /// Points the request at another caller, reusing its buffers (for batch analyses that ask one
    /// question of many callers): the context keys AWS derives from the caller (see the module
    /// doc) become the new caller's, whether inferred or given to [`Request::new`].
    pub fn set_principal(&mut self, principal: Principal) {
        replace_principal_keys(&principal, &mut self.context);
        self.principal = principal;
    }

    /// Points the request at another action and resource, reusing its buffers (for batch
    /// analyses that ask many questions of one caller). `owner` is the resource's account.
    pub fn retarget(&mut self, action: &str, resource: &str, owner: Option<&str>) {
        self.action.clear();
        self.action.push_str(action);
        self.action_lower.clear();
        self.action_lower
            .extend(action.chars().map(|c| c.to_ascii_lowercase()));
        self.service_hash = crate::policy::service_hash(
            self.action_lower
                .split_once(':')
                .map_or(self.action_lower.as_str(), |(s, _)| s),
        );
        self.resource.clear();
        self.resource.push_str(resource);
        if self.region_inferred {
            self.context
                .set("aws:requestedregion", requested_region(resource));
        }
        match owner {
            Some(o) => {
                let slot = self.resource_account.get_or_insert_with(String::new);
                slot.clear();
                slot.push_str(o);
            }
            None => self.resource_account = None,
        }
    }

    /// Sets the account owning the resource (for cross-account decisions).
    pub fn with_resource_account(mut self, account: impl Into<String>) -> Self {
        self.resource_account = Some(account.into());
        self
    }

    /// The account owning the resource: given, else read from the resource ARN, else the caller's.
    pub fn owner_account(&self) -> &str {
        if let Some(a) = &self.resource_account {
            return a;
        }
        match crate::arn::ArnParts::parse(&self.resource) {
            Some(p) if !p.account.is_empty() => p.account,
            _ => &self.principal.account,
        }
    }

    /// The lower-cased action.
    pub fn action_lower_str(&self) -> &str {
        &self.action_lower
    }

    /// The action's service prefix, lower-cased (`s3`).
    pub fn service(&self) -> &str {
        self.action_lower
            .split_once(':')
            .map_or(self.action_lower.as_str(), |(s, _)| s)
    }
}

/// The region a request for `resource` is sent to, for `aws:RequestedRegion`, which AWS sets on
/// every request: the ARN's region, else `us-east-1` (global services such as IAM, STS's global
/// endpoint and Organizations answer there). S3 bucket and object ARNs carry no region: callers that
/// know the bucket's region should pass the key explicitly (the graph does).
fn requested_region(resource: &str) -> &str {
    match crate::arn::ArnParts::parse(resource) {
        Some(p) if !p.region.is_empty() => p.region,
        _ => "us-east-1",
    }
}

fn infer_principal_keys(p: &Principal, ctx: &mut Context) {
    let mut put = |key: &str, value: &str| {
        if !ctx.contains_lower(key) {
            ctx.set(key, value);
        }
    };
    let kind = match &p.kind {
        PrincipalKind::Anonymous => "Anonymous",
        PrincipalKind::Root => "Account",
        PrincipalKind::User => "User",
        PrincipalKind::RoleSession { .. } => "AssumedRole",
        PrincipalKind::FederatedUser => "FederatedUser",
        PrincipalKind::Service => "Service",
    };
    if p.kind == PrincipalKind::Service {
        put("aws:principalisawsservice", "true");
        put("aws:principalservicename", &p.arn);
        return;
    }
    put("aws:principalisawsservice", "false");
    if p.kind == PrincipalKind::Anonymous {
        return;
    }
    put("aws:principaltype", kind);
    put("aws:principalaccount", &p.account);
    // For a role session aws:PrincipalArn is the role's ARN, not the session's.
    put("aws:principalarn", p.role_arn().unwrap_or(&p.arn));
    if let Some(name) = p.user_name() {
        put("aws:username", name);
    }
    for (k, v) in &p.tags {
        let key = format!("aws:principaltag/{}", k.to_ascii_lowercase());
        if !ctx.contains_lower(&key) {
            ctx.set(&key, v.as_str());
        }
    }
}

/// The context keys [`infer_principal_keys`] gives `p`, replacing (not keeping) those already
/// in `ctx`, and without the caller keys `p` does not have; value buffers are reused.
fn replace_principal_keys(p: &Principal, ctx: &mut Context) {
    let service = p.kind == PrincipalKind::Service;
    let anonymous = p.kind == PrincipalKind::Anonymous;
    let caller = !service && !anonymous;
    let user_name = if caller { p.user_name() } else { None };
    let has_tag = |k: &str| {
        caller
            && k.strip_prefix("aws:principaltag/")
                .is_some_and(|t| p.tags.keys().any(|x| x.eq_ignore_ascii_case(t)))
    };
    ctx.remove_where(|k| match k {
        "aws:principalservicename" => !service,
        "aws:principaltype" | "aws:principalaccount" | "aws:principalarn" => !caller,
        "aws:username" => user_name.is_none(),
        k if k.starts_with("aws:principaltag/") => !has_tag(k),
        _ => false,
    });
    if service {
        ctx.set_one_lower("aws:principalisawsservice", "true");
        ctx.set_one_lower("aws:principalservicename", &p.arn);
        return;
    }
    ctx.set_one_lower("aws:principalisawsservice", "false");
    if anonymous {
        return;
    }
    let kind = match &p.kind {
        PrincipalKind::Root => "Account",
        PrincipalKind::User => "User",
        PrincipalKind::RoleSession { .. } => "AssumedRole",
        PrincipalKind::FederatedUser => "FederatedUser",
        PrincipalKind::Anonymous | PrincipalKind::Service => return,
    };
    ctx.set_one_lower("aws:principaltype", kind);
    ctx.set_one_lower("aws:principalaccount", &p.account);
    ctx.set_one_lower("aws:principalarn", p.role_arn().unwrap_or(&p.arn));
    if let Some(name) = user_name {
        ctx.set_one_lower("aws:username", name);
    }
    // In reverse, so that of two tag keys differing only in case the first wins, as when inferred.
    let mut key = String::from("aws:principaltag/");
    for (k, v) in p.tags.iter().rev() {
        key.truncate("aws:principaltag/".len());
        key.extend(k.chars().map(|c| c.to_ascii_lowercase()));
        ctx.set_one_lower(&key, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_principal_gives_the_keys_of_a_new_request() {
        let alice = || {
            let mut p = Principal::from_arn("arn:aws:iam::111122223333:user/alice").unwrap();
            p.tags.insert("Team".into(), "red".into());
            p.tags.insert("team".into(), "blue".into());
            p.tags.insert("env".into(), "prod".into());
            p
        };
        let role = || {
            let mut p =
                Principal::from_arn("arn:aws:sts::444455556666:assumed-role/app/s").unwrap();
            p.tags.insert("env".into(), "dev".into());
            p
        };
        let service = || Principal::from_arn("ec2.amazonaws.com").unwrap();
        let fresh = |p: Principal| {
            let mut c = Context::new();
            c.set("aws:SecureTransport", "true");
            Request::new(p, "s3:GetObject", "*", c)
        };
        let entries = |r: &Request| {
            let mut e: Vec<(String, Vec<String>)> = r
                .context
                .iter()
                .map(|(k, v)| (k.to_owned(), v.to_vec()))
                .collect();
            e.sort();
            e
        };
        let mut req = fresh(alice());
        for next in [role(), service(), alice(), role(), alice()] {
            req.set_principal(next.clone());
            let want = fresh(next);
            assert_eq!(entries(&req), entries(&want));
            for (k, _) in want.context.iter() {
                assert_eq!(req.context.get_lower(k), want.context.get_lower(k), "{k}");
            }
        }
    }

    #[test]
    fn set_one_lower_replaces_every_value() {
        let mut c = Context::new();
        c.set_all("aws:RequestedRegion", vec!["a".into(), "b".into()]);
        c.set_one_lower("aws:requestedregion", "eu-west-1");
        assert_eq!(
            c.get_lower("aws:requestedregion"),
            Some(&["eu-west-1".to_owned()][..])
        );
        c.set_one_lower("aws:securetransport", "true");
        assert_eq!(
            c.get_lower("aws:securetransport"),
            Some(&["true".to_owned()][..])
        );
    }

    #[test]
    fn requested_region_is_inferred_from_the_resource_and_follows_retarget() {
        let p = Principal::from_arn("arn:aws:iam::111122223333:user/alice").unwrap();
        let mut r = Request::new(
            p.clone(),
            "sqs:SendMessage",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            Context::new(),
        );
        assert_eq!(r.context.get("aws:RequestedRegion").unwrap(), ["eu-west-1"]);
        r.retarget("iam:ListUsers", "*", None);
        assert_eq!(r.context.get("aws:RequestedRegion").unwrap(), ["us-east-1"]);
        // A region the caller gave is kept, across retargets too.
        let mut given = Context::new();
        given.set("aws:RequestedRegion", "ap-south-1");
        let mut r = Request::new(p, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:q", given);
        assert_eq!(
            r.context.get("aws:RequestedRegion").unwrap(),
            ["ap-south-1"]
        );
        r.retarget("sqs:SendMessage", "arn:aws:sqs:us-west-2:1:q", None);
        assert_eq!(
            r.context.get("aws:RequestedRegion").unwrap(),
            ["ap-south-1"]
        );
    }

    #[test]
    fn caller_keys_are_inferred_but_never_override() {
        let mut p = Principal::from_arn("arn:aws:iam::111122223333:user/alice").unwrap();
        p.tags.insert("Team".into(), "red".into());
        let mut ctx = Context::new();
        ctx.set("aws:PrincipalAccount", "999");
        let r = Request::new(p, "S3:GetObject", "arn:aws:s3:::b/k", ctx);
        assert_eq!(r.context.get("aws:username").unwrap(), ["alice"]);
        assert_eq!(r.context.get("AWS:PRINCIPALTAG/team").unwrap(), ["red"]);
        assert_eq!(r.context.get("aws:principalaccount").unwrap(), ["999"]);
        assert_eq!(r.service(), "s3");
        assert_eq!(r.owner_account(), "111122223333");
    }
}
