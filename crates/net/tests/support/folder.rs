//! Writes a scenario's files as an account-data folder and imports it with `nephos_aws::import`,
//! exactly as `nephos` reads a real collection.

use std::collections::BTreeMap;

use nephos_model::Inventory;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const PARAM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Imports `files` (file stem, or `stem/parameter` → response) as account `account`, region
/// `region`. Returns the inventory and the import's problems, rendered.
pub fn import(
    account: &str,
    region: &str,
    files: &BTreeMap<String, Value>,
) -> Result<(Inventory, Vec<String>), String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = root.path().join(account).join(region);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for (stem, body) in files {
        let text = serde_json::to_string_pretty(body).map_err(|e| e.to_string())?;
        let path = match stem.split_once('/') {
            Some((base, param)) => {
                let folder = dir.join(base);
                std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
                folder.join(utf8_percent_encode(param, PARAM).to_string())
            }
            None => dir.join(format!("{stem}.json")),
        };
        std::fs::write(path, text).map_err(|e| e.to_string())?;
    }
    let imported = nephos_aws::import(root.path()).map_err(|e| e.to_string())?;
    let problems = imported.problems.iter().map(|p| format!("{p:?}")).collect();
    Ok((imported.inventory, problems))
}
