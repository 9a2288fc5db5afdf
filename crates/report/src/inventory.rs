//! `nephos inventory` output: `{"resources": [{"id", "kind", "account", "region", "name", "tags"}]}`
//! (documented in `docs/output-inventory.md`).

use std::io::Write;

use nephos_model::{Resource, Tags};
use serde::Serialize;

use crate::{ReportError, table::Table};

/// One resource as `nephos inventory` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceView<'a> {
    /// ARN or documented id.
    pub id: &'a str,
    /// `AWS::EC2::Instance`, …
    pub kind: &'static str,
    /// Account id.
    pub account: &'a str,
    /// Region, `null` for global resources.
    pub region: Option<&'a str>,
    /// Human name.
    pub name: &'a str,
    /// Tags.
    pub tags: &'a Tags,
}

impl<'a> From<&'a Resource> for ResourceView<'a> {
    fn from(r: &'a Resource) -> Self {
        Self {
            id: r.id.as_str(),
            kind: r.kind.as_str(),
            account: &r.account,
            region: r.region.as_deref(),
            name: &r.name,
            tags: &r.tags,
        }
    }
}

#[derive(Serialize)]
struct InventoryView<'a> {
    resources: Vec<ResourceView<'a>>,
}

/// Writes the JSON document.
pub fn write_json(out: &mut dyn Write, resources: &[&Resource]) -> Result<(), ReportError> {
    let view = InventoryView {
        resources: resources.iter().map(|r| ResourceView::from(*r)).collect(),
    };
    crate::write_json(out, &view)
}

/// Writes a table: kind, account, region, name, id.
pub fn write_table(out: &mut dyn Write, resources: &[&Resource]) -> Result<(), ReportError> {
    let mut t = Table::new(["KIND", "ACCOUNT", "REGION", "NAME", "ID"]);
    for r in resources {
        t.row([
            r.kind.as_str(),
            &r.account,
            r.region.as_deref().unwrap_or("-"),
            &r.name,
            r.id.as_str(),
        ]);
    }
    t.write(out)
}

/// Writes CSV: id, kind, account, region, name, tags (as `k=v;k=v`).
pub fn write_csv(out: &mut dyn Write, resources: &[&Resource]) -> Result<(), ReportError> {
    crate::csv::write_record(out, ["id", "kind", "account", "region", "name", "tags"])?;
    for r in resources {
        let tags: Vec<String> = r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        crate::csv::write_record(
            out,
            [
                r.id.as_str(),
                r.kind.as_str(),
                &r.account,
                r.region.as_deref().unwrap_or(""),
                &r.name,
                &tags.join(";"),
            ],
        )?;
    }
    Ok(())
}
