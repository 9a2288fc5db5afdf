//! `nephos checks` output: the check catalogue as a table, JSON, CSV, or the Markdown document
//! `docs/checks.md` (generated from the registry; a test keeps the file in sync).

use std::fmt::Write as _;
use std::io::Write;

use nephos_checks::docs::{CIS_AWS_3_0_CONTROLS, cis_mapping};
use nephos_checks::{CHECKS, CIS_AWS_3_0, CheckMeta};
use serde::Serialize;

use crate::ReportError;
use crate::table::Table;

#[derive(Serialize)]
struct CatalogueView<'a> {
    checks: Vec<&'a CheckMeta>,
}

/// Writes `{"checks": [CheckMeta…]}`.
pub fn write_json(out: &mut dyn Write) -> Result<(), ReportError> {
    crate::write_json(
        out,
        &CatalogueView {
            checks: CHECKS.iter().map(|c| c.meta).collect(),
        },
    )
}

/// Writes a table: id, severity, CIS ids, title.
pub fn write_table(out: &mut dyn Write) -> Result<(), ReportError> {
    let mut t = Table::new(["ID", "SEVERITY", "CIS-AWS-3.0", "TITLE"]);
    for c in CHECKS {
        t.row([
            c.meta.id.to_owned(),
            c.meta.severity.to_string(),
            c.meta.requirements(CIS_AWS_3_0).join(","),
            c.meta.title.to_owned(),
        ]);
    }
    t.write(out)
}

/// Writes CSV: id, severity, kinds, cis_aws_3_0, title.
pub fn write_csv(out: &mut dyn Write) -> Result<(), ReportError> {
    crate::csv::write_record(out, ["id", "severity", "kinds", "cis_aws_3_0", "title"])?;
    for c in CHECKS {
        let kinds: Vec<&str> = c.meta.kinds.iter().map(|k| k.as_str()).collect();
        crate::csv::write_record(
            out,
            [
                c.meta.id.to_owned(),
                c.meta.severity.to_string(),
                kinds.join(";"),
                c.meta.requirements(CIS_AWS_3_0).join(";"),
                c.meta.title.to_owned(),
            ],
        )?;
    }
    Ok(())
}

/// Writes the Markdown catalogue (`docs/checks.md`).
pub fn write_markdown(out: &mut dyn Write) -> Result<(), ReportError> {
    out.write_all(catalogue_markdown().as_bytes())?;
    Ok(())
}

/// Escapes a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders `docs/checks.md`.
pub fn catalogue_markdown() -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Checks\n");
    let _ = writeln!(
        md,
        "Generated from the registry in `crates/checks/src/registry.rs` by `nephos checks --format markdown`; \
         a test fails when this file drifts. {} checks.\n",
        CHECKS.len()
    );
    let _ = writeln!(md, "| id | severity | kinds | CIS AWS 3.0 | title |");
    let _ = writeln!(md, "| --- | --- | --- | --- | --- |");
    for check in CHECKS {
        let m = check.meta;
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} |",
            m.id,
            m.severity,
            kinds.join(", "),
            m.requirements(CIS_AWS_3_0).join(", "),
            cell(m.title)
        );
    }
    let _ = writeln!(md, "\n## CIS AWS Foundations Benchmark v3.0.0 coverage\n");
    let mapping = cis_mapping();
    let _ = writeln!(md, "| control | title | judged by |");
    let _ = writeln!(md, "| --- | --- | --- |");
    for control in CIS_AWS_3_0_CONTROLS {
        let by = match (mapping.get(control.id), control.not_judged) {
            (Some(ids), _) => ids
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", "),
            (None, Some(why)) => why.to_owned(),
            (None, None) => "no check yet".to_owned(),
        };
        let _ = writeln!(md, "| {} | {} | {} |", control.id, cell(control.title), by);
    }
    let _ = writeln!(md, "\n## Details\n");
    for check in CHECKS {
        let m = check.meta;
        let _ = writeln!(md, "### `{}`\n", m.id);
        let _ = writeln!(md, "{} (severity: {})\n", m.title, m.severity);
        let _ = writeln!(md, "- **Why:** {}", m.rationale);
        let _ = writeln!(md, "- **Fix:** {}", m.remediation);
        for c in m.compliance {
            let _ = writeln!(md, "- **{}:** {}", c.framework, c.requirements.join(", "));
        }
        for r in m.references {
            let _ = writeln!(md, "- <{r}>");
        }
        let _ = writeln!(md);
    }
    md
}
