//! What to collect and where to write it.

use std::path::PathBuf;

/// Which regions to collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionSelection {
    /// Every region enabled for the account (`ec2 describe-regions`).
    All,
    /// The listed regions; a listed region the account has not enabled is reported, not collected.
    List(Vec<String>),
}

impl RegionSelection {
    /// Parses `all` or a comma-separated list of region names.
    pub fn parse(text: &str) -> Result<Self, crate::CollectError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Ok(Self::All);
        }
        let regions: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        if regions.is_empty() {
            return Err(crate::CollectError::Option(format!(
                "`{text}` names no region (give `all` or `us-east-1,eu-west-1`)"
            )));
        }
        for r in &regions {
            let ok = r
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && r.contains('-');
            if !ok {
                return Err(crate::CollectError::Option(format!(
                    "`{r}` is not a region name"
                )));
            }
        }
        Ok(Self::List(regions))
    }
}

/// Options of one collection.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// The named profile of the shared config files; `None` uses the standard credential chain.
    pub profile: Option<String>,
    /// Regions to collect.
    pub regions: RegionSelection,
    /// Roles to assume, one account each; empty means the caller's own account only.
    pub role_arns: Vec<String>,
    /// Collect every account of the caller's AWS Organization by assuming this role name in each
    /// (`OrganizationAccountAccessRole` by default); the caller's own account uses its own credentials.
    pub org_role: Option<String>,
    /// An endpoint for every service (an emulator or a private endpoint). The SDK also honours
    /// `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` on its own.
    pub endpoint_url: Option<String>,
    /// The output folder (`ROOT`): one folder per account is written below it.
    pub out: PathBuf,
    /// The most API calls in flight at once, across accounts, regions and services.
    pub concurrency: usize,
    /// The most accounts collected at once (their calls share the `concurrency` bound).
    pub account_concurrency: usize,
    /// Attempts per call (the SDK's adaptive retry mode backs off between them on throttling).
    pub max_attempts: u32,
    /// Show progress bars (they are hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

impl CollectOptions {
    /// Options with the defaults: standard credentials, all regions, 16 calls in flight, 4 accounts
    /// at once, 5 attempts.
    pub fn new(out: PathBuf) -> Self {
        Self {
            profile: None,
            regions: RegionSelection::All,
            role_arns: Vec::new(),
            org_role: None,
            endpoint_url: None,
            out,
            concurrency: 16,
            account_concurrency: 4,
            max_attempts: 5,
            progress: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse() {
        assert_eq!(
            RegionSelection::parse("all").ok(),
            Some(RegionSelection::All)
        );
        assert_eq!(
            RegionSelection::parse("us-east-1, eu-west-1").ok(),
            Some(RegionSelection::List(vec![
                "us-east-1".to_owned(),
                "eu-west-1".to_owned()
            ]))
        );
        assert!(RegionSelection::parse("").is_err());
        assert!(RegionSelection::parse("us-east-1,../etc").is_err());
        assert!(RegionSelection::parse("useast").is_err());
    }
}
