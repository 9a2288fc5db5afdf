//! The account-data folder layout: finding account folders, region folders and the files in them,
//! and telling which account a folder holds.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::services::{self, Source};
use crate::text::url_decode;

/// One file to read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file.
    pub path: PathBuf,
    /// The source it belongs to.
    pub source: &'static Source,
    /// The decoded parameter of a per-parameter file.
    pub param: Option<String>,
}

/// One region folder of an account.
#[derive(Debug, Clone)]
pub struct RegionFolder {
    /// The region name.
    pub name: String,
    /// Known files in it, sorted by path.
    pub files: Vec<SourceFile>,
}

/// One account folder.
#[derive(Debug, Clone)]
pub struct AccountFolder {
    /// The folder name (an alias or the account id).
    pub name: String,
    /// The folder.
    pub path: PathBuf,
    /// Region folders, sorted by name.
    pub regions: Vec<RegionFolder>,
    /// `collect-errors.json`, when present.
    pub collect_errors: Option<PathBuf>,
}

/// What a folder holds.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Account folders, sorted by path.
    pub accounts: Vec<AccountFolder>,
    /// Files and folders outside the layout.
    pub unknown: Vec<PathBuf>,
}

/// True for region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`.
pub fn is_region_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts
            .first()
            .is_some_and(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !is_hidden(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// True when `dir` has at least one region subfolder.
pub fn is_account_folder(dir: &Path) -> bool {
    sorted_entries(dir)
        .iter()
        .any(|p| p.is_dir() && is_region_name(&file_name(p)))
}

/// Files nephos itself writes beside the account folders, which are not account data:
/// `labels.json`, the answer key of `nephos demo`.
const KNOWN_ROOT_FILES: &[&str] = &["labels.json"];

fn is_known_root_file(path: &Path) -> bool {
    path.is_file()
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| KNOWN_ROOT_FILES.contains(&n))
}

/// Finds account folders under `root`, which is either a folder of account folders or one account
/// folder.
pub fn discover(root: &Path) -> Discovery {
    let mut d = Discovery::default();
    if is_account_folder(root) {
        let name = fs::canonicalize(root).map_or_else(|_| file_name(root), |p| file_name(&p));
        d.accounts.push(account_folder(root, name, &mut d.unknown));
        return d;
    }
    for entry in sorted_entries(root) {
        // An account the collector could not enter at all holds only its `collect-errors.json`:
        // it is still an account folder, so the failure shows in the coverage and the summary.
        if entry.is_dir()
            && (is_account_folder(&entry) || entry.join("collect-errors.json").is_file())
        {
            let name = file_name(&entry);
            let folder = account_folder(&entry, name, &mut d.unknown);
            d.accounts.push(folder);
        } else if is_known_root_file(&entry) {
            continue;
        } else {
            d.unknown.push(entry);
        }
    }
    d
}

fn account_folder(dir: &Path, name: String, unknown: &mut Vec<PathBuf>) -> AccountFolder {
    let mut folder = AccountFolder {
        name,
        path: dir.to_owned(),
        regions: Vec::new(),
        collect_errors: None,
    };
    for entry in sorted_entries(dir) {
        let n = file_name(&entry);
        if entry.is_dir() && is_region_name(&n) {
            folder.regions.push(region_folder(&entry, n, unknown));
        } else if n == "collect-errors.json" && entry.is_file() {
            folder.collect_errors = Some(entry);
        } else {
            unknown.push(entry);
        }
    }
    folder
}

fn region_folder(dir: &Path, name: String, unknown: &mut Vec<PathBuf>) -> RegionFolder {
    let mut files = Vec::new();
    for entry in sorted_entries(dir) {
        let n = file_name(&entry);
        if entry.is_dir() {
            match services::source(&n).filter(|s| s.is_per_parameter()) {
                Some(source) => {
                    for f in sorted_entries(&entry) {
                        if f.is_file() {
                            let param = url_decode(&file_name(&f));
                            files.push(SourceFile {
                                path: f,
                                source,
                                param: Some(param),
                            });
                        } else {
                            unknown.push(f);
                        }
                    }
                }
                None => unknown.push(entry),
            }
        } else {
            let known = n
                .strip_suffix(".json")
                .and_then(services::source)
                .filter(|s| !s.is_per_parameter());
            match known {
                Some(source) => files.push(SourceFile {
                    path: entry,
                    source,
                    param: None,
                }),
                None => unknown.push(entry),
            }
        }
    }
    RegionFolder { name, files }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads at most `limit` bytes from the start of a file.
fn read_head(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let f = fs::File::open(path).ok()?;
    let mut buf = Vec::new();
    f.take(limit).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// Finds the first `"<key>": "<value>"` whose value passes `accept`, scanning raw bytes.
fn scan_string_values(
    bytes: &[u8],
    key: &[u8],
    accept: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut i = 0;
    while let Some(pos) = find(bytes.get(i..)?, key) {
        let mut j = i + pos + key.len();
        let skip_ws = |j: &mut usize| {
            while bytes.get(*j).is_some_and(|b| b.is_ascii_whitespace()) {
                *j += 1;
            }
        };
        skip_ws(&mut j);
        if bytes.get(j) == Some(&b':') {
            j += 1;
            skip_ws(&mut j);
            if bytes.get(j) == Some(&b'"') {
                let start = j + 1;
                let end = bytes
                    .get(start..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'"'));
                if let Some(end) = end
                    && let Some(v) = bytes
                        .get(start..start + end)
                        .and_then(|v| std::str::from_utf8(v).ok())
                    && let Some(found) = accept(v)
                {
                    return Some(found);
                }
            }
        }
        i += pos + key.len();
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The account an account folder holds: `us-east-1/sts-get-caller-identity.json`, else the account
/// in the first IAM ARN of the authorization details, else an EC2 `OwnerId`, else the folder name
/// when it is 12 digits.
pub fn account_id(folder: &AccountFolder) -> Option<String> {
    const HEAD: u64 = 1 << 20;
    let in_region = |region: &str, stem: &str| {
        folder
            .regions
            .iter()
            .filter(|r| r.name == region)
            .flat_map(|r| &r.files)
            .find(|f| f.source.name == stem)
            .map(|f| f.path.clone())
    };
    if let Some(p) = in_region("us-east-1", "sts-get-caller-identity")
        && let Some(bytes) = read_head(&p, HEAD)
        && let Ok(a) = services::account::caller_account(&bytes)
        && is_account_id(&a)
    {
        return Some(a);
    }
    if let Some(p) = in_region("us-east-1", "iam-get-account-authorization-details")
        && let Some(bytes) = read_head(&p, HEAD)
    {
        let found = scan_string_values(&bytes, b"\"Arn\"", |v| {
            let account = v.split(':').nth(4)?;
            (v.starts_with("arn:") && v.split(':').nth(2) == Some("iam") && is_account_id(account))
                .then(|| account.to_owned())
        });
        if found.is_some() {
            return found;
        }
    }
    for stem in [
        "ec2-describe-instances",
        "ec2-describe-vpcs",
        "ec2-describe-security-groups",
        "ec2-describe-network-interfaces",
    ] {
        for region in &folder.regions {
            if let Some(f) = region.files.iter().find(|f| f.source.name == stem)
                && let Some(bytes) = read_head(&f.path, HEAD)
                && let Some(a) = scan_string_values(&bytes, b"\"OwnerId\"", |v| {
                    is_account_id(v).then(|| v.to_owned())
                })
            {
                return Some(a);
            }
        }
    }
    is_account_id(&folder.name).then(|| folder.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-5",
            "il-central-1",
        ] {
            assert!(is_region_name(ok), "{ok}");
        }
        for bad in [
            "prod",
            "us-east",
            "111122223333",
            "US-EAST-1",
            "us--1",
            "global",
        ] {
            assert!(!is_region_name(bad), "{bad}");
        }
    }

    #[test]
    fn scans_owner_and_arn_values() {
        let b = br#"{"Reservations": [{"OwnerId" : "123456789012"}]}"#;
        assert_eq!(
            scan_string_values(b, b"\"OwnerId\"", |v| is_account_id(v)
                .then(|| v.to_owned())),
            Some("123456789012".into())
        );
        let b = br#"{"Policies":[{"Arn":"arn:aws:iam::aws:policy/X"},{"Arn": "arn:aws:iam::210987654321:policy/Y"}]}"#;
        let got = scan_string_values(b, b"\"Arn\"", |v| {
            let a = v.split(':').nth(4)?;
            is_account_id(a).then(|| a.to_owned())
        });
        assert_eq!(got, Some("210987654321".into()));
    }
}
