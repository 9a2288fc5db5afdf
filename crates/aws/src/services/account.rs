//! Account-wide settings: caller identity, regions, AWS Config recorders, IAM Access Analyzer.

use crate::items::Items;
use nephos_model::Properties;
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out};
use crate::text::Text;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CallerIdentity<'a> {
    #[serde(borrow)]
    account: Text<'a>,
}

/// The account id in a `sts-get-caller-identity.json` document.
pub fn caller_account(bytes: &[u8]) -> Result<String> {
    let doc: CallerIdentity<'_> = serde_json::from_slice(bytes)?;
    Ok(doc.account.to_owned_string())
}

/// `sts-get-caller-identity.json`: read before the import (it names the account); here only checked.
pub fn caller_identity(_ctx: &Ctx<'_>, bytes: &[u8], _out: &mut Out) -> Result<()> {
    caller_account(bytes).map(|_| ())
}

/// `ec2-describe-regions.json`: region resources come from region folders with data; this call is
/// read for coverage and shape.
pub fn regions(_ctx: &Ctx<'_>, bytes: &[u8], _out: &mut Out) -> Result<()> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Region<'a> {
        #[serde(borrow)]
        #[allow(dead_code, reason = "checked for shape only")]
        region_name: Text<'a>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Regions<'a> {
        #[serde(default, borrow)]
        #[allow(dead_code, reason = "checked for shape only")]
        regions: Items<Region<'a>>,
    }
    let _: Regions<'_> = serde_json::from_slice(bytes)?;
    Ok(())
}

fn add_region(
    ctx: &Ctx<'_>,
    out: &mut Out,
    pick: fn(&mut nephos_model::props::AccountProps) -> &mut Vec<String>,
) {
    let region = ctx.region.to_owned();
    out.patch(ctx.account_id(), move |r| {
        if let Properties::Account(a) = &mut r.props {
            let list = pick(a);
            if !list.contains(&region) {
                list.push(region);
                list.sort();
            }
        }
    });
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecorderStatus {
    #[serde(default)]
    recording: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RecorderStatuses {
    #[serde(default)]
    configuration_recorders_status: Items<RecorderStatus>,
}

/// `config-describe-configuration-recorder-status.json`.
pub fn config_recorder_status(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: RecorderStatuses = serde_json::from_slice(bytes)?;
    if doc
        .configuration_recorders_status
        .iter()
        .any(|s| s.recording)
    {
        add_region(ctx, out, |a| &mut a.config_recorder_regions);
    }
    Ok(())
}

#[derive(Deserialize)]
struct Analyzer<'a> {
    #[serde(default, borrow)]
    status: Text<'a>,
}

#[derive(Deserialize)]
struct Analyzers<'a> {
    #[serde(default, borrow)]
    analyzers: Items<Analyzer<'a>>,
}

/// `accessanalyzer-list-analyzers.json`.
pub fn access_analyzers(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Analyzers<'_> = serde_json::from_slice(bytes)?;
    if doc.analyzers.iter().any(|a| a.status.as_str() == "ACTIVE") {
        add_region(ctx, out, |a| &mut a.access_analyzer_regions);
    }
    Ok(())
}
