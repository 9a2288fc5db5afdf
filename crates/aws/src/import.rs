//! The import: discover, read and parse every file in parallel, merge, patch, resolve.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use nephos_model::props::AccountProps;
use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, Resource, ResourceId, ResourceKind,
};
use rayon::prelude::*;
use serde::Deserialize;

use crate::layout::{self, AccountFolder, SourceFile};
use crate::out::{Ctx, Out, Patch, Ref, Target};
use crate::problem::{ImportError, ImportProblem, ProblemKind};
use crate::resolve::{self, Resolver};
use crate::services::{SOURCES, Scope};
use crate::stats::{ImportStats, NotCollected};
use crate::text::Text;

/// Sources only an organization's management account (or a delegated administrator) can collect:
/// every Organizations call but `DescribeOrganization`, which member accounts may call too.
fn is_management_only(source: &str) -> bool {
    source.starts_with("organizations-") && source != "organizations-describe-organization"
}

/// The key standing for "any region" in the per-parameter expectation set.
const ANY_REGION: &str = "*";

/// Settings of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused with a [`ProblemKind::TooLarge`] problem rather than read.
    pub max_file_bytes: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 2 << 30,
        }
    }
}

/// The result of an import: the inventory, the non-fatal problems met, and figures.
#[derive(Debug)]
pub struct Imported {
    /// The estate.
    pub inventory: Inventory,
    /// Files that could not be read in full, with file, line and column.
    pub problems: Vec<ImportProblem>,
    /// Figures, sources not collected and unknown files.
    pub stats: ImportStats,
}

struct Job<'a> {
    account: &'a str,
    region: &'a str,
    file: &'a SourceFile,
}

struct Done {
    out: Option<Out>,
    /// Problems of the file: at most one when nothing of it was read; one per skipped item when
    /// it was read in part (see [`crate::items`]).
    problems: Vec<ImportProblem>,
    bytes: u64,
    modified: Option<SystemTime>,
}

fn run(job: &Job<'_>, opts: &ImportOptions) -> Done {
    let path = &job.file.path;
    let fail = |kind, msg: String| Done {
        out: None,
        problems: vec![ImportProblem::new(path, kind, msg)],
        bytes: 0,
        modified: None,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                ProblemKind::Unreadable,
                format!("cannot read the file: {e}"),
            );
        }
    };
    if meta.len() > opts.max_file_bytes {
        return fail(
            ProblemKind::TooLarge,
            format!(
                "the file is {} bytes, over the limit of {} bytes; skipped",
                meta.len(),
                opts.max_file_bytes
            ),
        );
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                ProblemKind::Unreadable,
                format!("cannot read the file: {e}"),
            );
        }
    };
    let ctx = Ctx {
        account: job.account,
        region: job.region,
        param: job.file.param.as_deref(),
        path,
    };
    let parse = job.file.source.parse;
    let mut out = Out::default();
    let parsed = parse(&ctx, &bytes, &mut out);
    let len = bytes.len() as u64;
    let modified = meta.modified().ok();
    let done = |out, problems| Done {
        out,
        problems,
        bytes: len,
        modified,
    };
    let err = match parsed {
        Ok(()) => return done(Some(out), Vec::new()),
        Err(e) => e,
    };
    // A shape error may sit in one item of a list: read the file again, skipping bad items.
    if err.classify() == serde_json::error::Category::Data {
        let mut out = Out::default();
        let (again, skipped) = crate::items::lenient(|| parse(&ctx, &bytes, &mut out));
        if again.is_ok() && !skipped.is_empty() {
            let problems = skipped
                .iter()
                .map(|s| ImportProblem::skipped_item(path, &bytes, s))
                .collect();
            return done(Some(out), problems);
        }
    }
    done(None, vec![ImportProblem::from_json(path, &err)])
}

#[derive(Deserialize)]
struct CollectError<'a> {
    #[serde(default, borrow)]
    region: Option<Text<'a>>,
    #[serde(borrow)]
    service: Text<'a>,
    #[serde(borrow)]
    operation: Text<'a>,
    #[serde(default, borrow)]
    parameter: Option<Text<'a>>,
    #[serde(default, borrow)]
    error_code: Option<Text<'a>>,
    #[serde(default, borrow)]
    message: Option<Text<'a>>,
}

/// (region, source, reason) of each failed call in `collect-errors.json`.
fn collect_errors(path: &Path, problems: &mut Vec<ImportProblem>) -> Vec<(String, String, String)> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(ImportProblem::new(
                path,
                ProblemKind::Unreadable,
                format!("cannot read the file: {e}"),
            ));
            return Vec::new();
        }
    };
    let list: Vec<CollectError<'_>> = match serde_json::from_slice(&bytes) {
        Ok(l) => l,
        Err(e) => {
            problems.push(ImportProblem::from_json(path, &e));
            return Vec::new();
        }
    };
    list.iter()
        .map(|e| {
            let region = e
                .region
                .as_ref()
                .map_or("us-east-1", Text::as_str)
                .to_owned();
            let source = format!("{}-{}", e.service, e.operation);
            let mut reason = e
                .error_code
                .as_ref()
                .map_or_else(|| "error".to_owned(), Text::to_owned_string);
            if let Some(p) = e.parameter.as_ref().filter(|p| !p.is_empty()) {
                reason.push_str(&format!(" for `{p}`"));
            }
            if let Some(m) = e.message.as_ref().filter(|m| !m.is_empty()) {
                reason.push_str(&format!(": {m}"));
            }
            (region, source, reason)
        })
        .collect()
}

/// Imports `path` with default options. See [`import_with`].
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    import_with(path, &ImportOptions::default())
}

/// Imports an account-data folder: a folder of account folders, or one account folder.
///
/// Fatal errors only when nothing can be imported (the path is missing, not a folder, or holds no
/// account folders). Everything else is a problem in [`Imported::problems`]: one bad file loses only
/// its own data.
pub fn import_with(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let started = Instant::now();
    let meta = fs::metadata(path).map_err(|source| ImportError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ImportError::NotADirectory(path.to_owned()));
    }
    let discovery = layout::discover(path);
    if discovery.accounts.is_empty() {
        return Err(ImportError::NoAccounts(path.to_owned()));
    }
    let mut problems = Vec::new();
    let mut accounts: Vec<(&AccountFolder, String)> = Vec::new();
    for folder in &discovery.accounts {
        match layout::account_id(folder) {
            Some(id) => accounts.push((folder, id)),
            None => problems.push(ImportProblem::new(
                &folder.path,
                ProblemKind::UnknownAccount,
                format!(
                    "cannot tell the account id of `{}`: no `us-east-1/sts-get-caller-identity.json`, no ARNs or \
                     owner ids in the data, and the folder name is not 12 digits; skipped",
                    folder.name
                ),
            )),
        }
    }

    let jobs: Vec<Job<'_>> = accounts
        .iter()
        .flat_map(|(folder, id)| {
            folder.regions.iter().flat_map(move |r| {
                r.files.iter().map(move |file| Job {
                    account: id.as_str(),
                    region: r.name.as_str(),
                    file,
                })
            })
        })
        .collect();
    let done: Vec<Done> = jobs.par_iter().map(|j| run(j, opts)).collect();

    let mut inventory = Inventory::new(path.display().to_string());
    // An account folder without region folders is an account the collector could not enter (it
    // holds only `collect-errors.json`): its failure is recorded in the coverage, but it has no
    // resources and nothing is expected of it.
    let entered = |folder: &AccountFolder| !folder.regions.is_empty();
    let mut stats = ImportStats {
        accounts: accounts.iter().filter(|(f, _)| entered(f)).count(),
        unknown_files: discovery.unknown.clone(),
        ..ImportStats::default()
    };

    // Accounts and the regions that hold data.
    for (folder, id) in accounts.iter().filter(|(f, _)| entered(f)) {
        let mut account = Resource::new(
            ResourceId::account(id),
            ResourceKind::Account,
            id.as_str(),
            None,
            folder.name.clone(),
        );
        account.props = Properties::Account(Box::new(AccountProps {
            name: folder.name.clone(),
            ..AccountProps::default()
        }));
        inventory.insert(account);
        for r in folder.regions.iter().filter(|r| !r.files.is_empty()) {
            let rid = ResourceId::region(id, &r.name);
            inventory.insert(Resource::new(
                rid.clone(),
                ResourceKind::Region,
                id.as_str(),
                Some(r.name.clone()),
                r.name.clone(),
            ));
            inventory.relate(nephos_model::Relationship::new(
                ResourceId::account(id),
                RelationshipKind::Contains,
                rid,
                "account-data folder <account>/<region>",
            ));
        }
    }

    // Resources, then patches, then references.
    let mut refs: Vec<(&Job<'_>, Vec<Ref>)> = Vec::new();
    let mut patches: Vec<(&Job<'_>, Vec<Patch>)> = Vec::new();
    let mut newest: Option<SystemTime> = None;
    // (account, region, kind) of every resource read, to know which per-parameter sources were
    // expected: a regional one where its kind has resources in that region, a global one where the
    // account has any. Regions are the file's region folder unless the resource says otherwise.
    let mut kinds_seen: HashSet<(&str, &str, ResourceKind)> = HashSet::new();
    let mut kinds_elsewhere: HashSet<(&str, String, ResourceKind)> = HashSet::new();
    for (job, d) in jobs.iter().zip(done) {
        stats.files_read += 1;
        stats.bytes += d.bytes;
        newest = newest.max(d.modified);
        // A file read in part (items skipped) is recorded as failed, not collected: its resources
        // are imported, but nothing may be concluded from what it seems to lack.
        if let Some(p) = d.problems.first()
            && !job.file.source.is_per_parameter()
        {
            inventory.coverage.mark_failed(
                job.account,
                job.region,
                job.file.source.name,
                &p.to_string(),
            );
        }
        let partial = !d.problems.is_empty();
        problems.extend(d.problems);
        let Some(out) = d.out else { continue };
        if !partial {
            inventory
                .coverage
                .mark_collected(job.account, job.region, job.file.source.name);
        }
        for r in out.resources {
            match r.region.as_deref() {
                Some(region) if region != job.region => {
                    kinds_elsewhere.insert((job.account, region.to_owned(), r.kind));
                }
                _ => {
                    kinds_seen.insert((job.account, job.region, r.kind));
                }
            }
            kinds_seen.insert((job.account, ANY_REGION, r.kind));
            if keeps_existing(&inventory, &r) {
                continue;
            }
            inventory.insert(r);
        }
        if !out.refs.is_empty() {
            refs.push((job, out.refs));
        }
        if !out.patches.is_empty() {
            patches.push((job, out.patches));
        }
        problems.extend(out.problems);
    }

    // Patch targets are resolved first (the resolver borrows the inventory), then applied. Most
    // patches name their resource by id and need no index.
    let needs_index = patches
        .iter()
        .flat_map(|(_, ps)| ps)
        .any(|p| !matches!(p.target, Target::Id(_)));
    let resolver = needs_index.then(|| Resolver::build(&inventory));
    let targets: Vec<Option<ResourceId>> = patches
        .iter()
        .flat_map(|(job, ps)| ps.iter().map(move |p| (job, p)))
        .map(|(job, p)| match (&p.target, &resolver) {
            (Target::Id(id), _) => Some(id.clone()),
            (t, Some(r)) => r.resolve(job.account, job.region, t),
            (_, None) => None,
        })
        .collect();
    drop(resolver);
    let all_patches = patches.into_iter().flat_map(|(_, ps)| ps);
    for (p, id) in all_patches.zip(targets) {
        if let Some(r) = id.and_then(|id| inventory.get_mut(&id)) {
            (p.apply)(r);
        }
    }
    // Patches add KMS aliases and interface addresses the indexes need: build them now.
    let mut relationships: Vec<Relationship> = {
        let resolver = Resolver::build(&inventory);
        refs.into_par_iter()
            .flat_map_iter(|(job, rs)| {
                let resolver = &resolver;
                rs.into_iter()
                    .filter_map(move |r| resolver.relationship(job.account, job.region, r))
            })
            .collect()
    };
    relationships.extend(resolve::main_route_tables(&inventory));
    relationships.extend(resolve::ip_targets(&inventory));
    relationships.par_sort_unstable_by(|a, b| {
        (&a.from, &a.to, a.kind, &a.evidence).cmp(&(&b.from, &b.to, b.kind, &b.evidence))
    });
    relationships.dedup();
    // Sorted and without duplicates; the account → region relationships added above are distinct
    // from every relationship a file states, so the inventory holds no duplicate.
    for r in relationships {
        inventory.relate(r);
    }

    // Coverage from collect-errors.json, and what was not collected.
    let mut failed: BTreeMap<(String, String), (BTreeSet<String>, String)> = BTreeMap::new();
    for (folder, id) in &accounts {
        let Some(p) = &folder.collect_errors else {
            continue;
        };
        for (region, source, reason) in collect_errors(p, &mut problems) {
            inventory
                .coverage
                .mark_failed(id, &region, &source, &reason);
            let e = failed
                .entry((id.clone(), source))
                .or_insert_with(|| (BTreeSet::new(), reason.clone()));
            e.0.insert(region);
        }
    }
    let managers: BTreeSet<&str> = accounts
        .iter()
        .map(|(_, id)| id.as_str())
        .filter(|id| {
            inventory
                .get(&nephos_model::ResourceId::account(id))
                .and_then(|a| match &a.props {
                    nephos_model::Properties::Account(p) => p.management_account_id.as_deref(),
                    _ => None,
                })
                .is_some_and(|mgmt| mgmt == *id)
        })
        .collect();
    let mut not_collected: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (folder, id) in accounts.iter().filter(|(f, _)| entered(f)) {
        let data_regions: Vec<&str> = folder
            .regions
            .iter()
            .filter(|r| !r.files.is_empty())
            .map(|r| r.name.as_str())
            .collect();
        // Only an organization's management account answers the Organizations listing calls;
        // member accounts are not expected to hold them.
        let manages_org = managers.contains(id.as_str());
        for source in SOURCES {
            if is_management_only(source.name) && !manages_org {
                continue;
            }
            let regions: Vec<&str> = match source.scope {
                Scope::Global => vec!["us-east-1"],
                Scope::Regional => data_regions.clone(),
            };
            for region in regions {
                if let Some(kind) = source.per_parameter_of {
                    let scope = match source.scope {
                        Scope::Global => ANY_REGION,
                        Scope::Regional => region,
                    };
                    let seen = kinds_seen.contains(&(id.as_str(), scope, kind))
                        || kinds_elsewhere.contains(&(id.as_str(), scope.to_owned(), kind));
                    if !seen {
                        continue;
                    }
                }
                let present = folder
                    .regions
                    .iter()
                    .filter(|r| r.name == region)
                    .flat_map(|r| &r.files)
                    .any(|f| f.source.name == source.name);
                if !present {
                    not_collected
                        .entry((id.clone(), source.name.to_owned()))
                        .or_default()
                        .insert(region.to_owned());
                }
            }
        }
    }
    for ((account, source), (regions, _)) in &failed {
        // A member account denied an Organizations listing call is the expected answer, not a gap.
        if is_management_only(source) && !managers.contains(account.as_str()) {
            continue;
        }
        not_collected
            .entry((account.clone(), source.clone()))
            .or_default()
            .extend(regions.iter().cloned());
    }
    stats.not_collected = not_collected
        .into_iter()
        .map(|((account, source), regions)| {
            let reason = failed
                .get(&(account.clone(), source.clone()))
                .map(|(_, r)| r.clone());
            NotCollected {
                account,
                source,
                regions: regions.into_iter().collect(),
                reason,
            }
        })
        .collect();

    inventory.taken_at = newest
        .map(chrono::DateTime::<chrono::Utc>::from)
        .or_else(|| Some(chrono::Utc::now()));
    stats.resources = inventory.len();
    stats.relationships = inventory.relationships().len();
    stats.elapsed = started.elapsed();
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Ok(Imported {
        inventory,
        problems,
        stats,
    })
}

/// Whether a resource read again (the same id from another file or account) should leave the
/// first one in place. The later observation wins, except for an AWS-managed policy listed with
/// fewer versions (each account's authorization details list it; only some carry its documents).
fn keeps_existing(inventory: &Inventory, new: &Resource) -> bool {
    let Properties::IamPolicy(n) = &new.props else {
        return false;
    };
    let Some(old) = inventory.get(&new.id) else {
        return false;
    };
    matches!(&old.props, Properties::IamPolicy(o) if n.aws_managed && o.versions.len() > n.versions.len())
}
