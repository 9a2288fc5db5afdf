//! Resource filters shared by list commands: `--kind`, `--account`, `--region`, `--tag`.

use anyhow::bail;
use nephos_model::{Resource, ResourceKind};

/// Which resources to show.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only these kinds: a type name (`AWS::EC2::Instance`) or its last part, any case
    /// (`instance`, `securitygroup`). Repeatable.
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Only these accounts (12-digit ids). Repeatable.
    #[arg(long, value_name = "ID")]
    pub account: Vec<String>,
    /// Only these regions (`global` for global resources). Repeatable.
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Only resources with this tag: `KEY=VALUE`, or `KEY` for any value. Keys match ignoring case.
    /// Repeatable; all must match.
    #[arg(long, value_name = "KEY[=VALUE]")]
    pub tag: Vec<String>,
}

/// A compiled filter.
#[derive(Debug, Default)]
pub struct Filter {
    kinds: Vec<ResourceKind>,
    accounts: Vec<String>,
    regions: Vec<String>,
    tags: Vec<(String, Option<String>)>,
}

/// Resolves a `--kind` value to a kind.
pub fn parse_kind(text: &str) -> anyhow::Result<ResourceKind> {
    if let Ok(k) = text.parse::<ResourceKind>() {
        return Ok(k);
    }
    let wanted = text.to_ascii_lowercase();
    let matches: Vec<ResourceKind> = ResourceKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            k.as_str()
                .rsplit("::")
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(&wanted))
        })
        .collect();
    match matches.as_slice() {
        [k] => Ok(*k),
        [] => bail!("unknown kind `{text}`; `nephos kinds` lists them"),
        many => {
            let names: Vec<&str> = many.iter().map(|k| k.as_str()).collect();
            bail!("kind `{text}` is ambiguous: {}", names.join(", "))
        }
    }
}

impl FilterArgs {
    /// Checks and compiles the filter.
    pub fn compile(&self) -> anyhow::Result<Filter> {
        Ok(Filter {
            kinds: self
                .kind
                .iter()
                .map(|k| parse_kind(k))
                .collect::<anyhow::Result<_>>()?,
            accounts: self.account.clone(),
            regions: self.region.clone(),
            tags: self
                .tag
                .iter()
                .map(|t| match t.split_once('=') {
                    Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                    None => (t.clone(), None),
                })
                .collect(),
        })
    }
}

impl Filter {
    /// Does `r` pass?
    pub fn matches(&self, r: &Resource) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&r.kind))
            && (self.accounts.is_empty() || self.accounts.contains(&r.account))
            && (self.regions.is_empty()
                || self
                    .regions
                    .iter()
                    .any(|want| r.region.as_deref().unwrap_or("global") == want))
            && self.tags.iter().all(|(k, v)| match (r.tag(k), v) {
                (Some(have), Some(want)) => have == want,
                (Some(_), None) => true,
                (None, _) => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_resolve_by_last_part() {
        assert_eq!(parse_kind("instance").unwrap(), ResourceKind::Instance);
        assert_eq!(parse_kind("AWS::IAM::Role").unwrap(), ResourceKind::IamRole);
        assert_eq!(parse_kind("dbinstance").unwrap(), ResourceKind::DbInstance);
        assert!(parse_kind("nope").is_err());
        // `Account` is the last part of two kinds.
        assert!(parse_kind("account").is_err());
    }
}
