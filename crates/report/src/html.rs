//! The `nephos scan --html FILE` report: one self-contained, offline HTML file.
//!
//! Inline CSS and plain JavaScript only (no external fetches): architectures with their diagrams
//! (SVG given by the caller, inlined), assets with their factor breakdown, attack paths with the
//! evidence of every step, findings and outliers. Every table sorts by a click on its header and
//! filters by the text box above it. When the script has run without error it sets
//! `data-ready="1"` on `<body>` and appends ` (ready)` to the title; a script error is recorded in
//! `data-errors` — the headless-browser test (`scripts/html-test`) checks both.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use crate::ReportError;
use crate::scan::ScanView;

/// Most rows per table (the JSON output has everything).
pub const MAX_ROWS: usize = 2000;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f5f7fa}
header{background:#14213d;color:#fff;padding:16px 28px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d3e6}
nav{display:flex;gap:18px;padding:8px 28px;background:#fff;border-bottom:1px solid #dde3ec;position:sticky;top:0;z-index:2}
nav a{color:#14213d;text-decoration:none;font-weight:600}
main{padding:8px 28px 40px}
section{background:#fff;border:1px solid #dde3ec;border-radius:6px;margin:18px 0;padding:12px 16px}
h2{font-size:18px;margin:4px 0 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde3ec;border-radius:6px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
th{background:#f0f3f8;cursor:pointer;user-select:none;white-space:nowrap}
th.asc::after{content:" \25B2"}th.desc::after{content:" \25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.filter{margin:0 0 8px;padding:5px 8px;width:320px;border:1px solid #c5cfdd;border-radius:4px}
.sev-critical{color:#fff;background:#9b1c1c;padding:1px 6px;border-radius:3px}
.sev-high{color:#fff;background:#d9480f;padding:1px 6px;border-radius:3px}
.sev-medium{background:#ffd43b;padding:1px 6px;border-radius:3px}
.sev-low{background:#d0ebff;padding:1px 6px;border-radius:3px}
.risky{color:#9b1c1c;font-weight:700}
code{font-size:12px;background:#f0f3f8;padding:0 3px;border-radius:3px;word-break:break-all}
ol.steps{margin:4px 0 8px 18px;padding:0}
ol.steps li{margin:2px 0}
.ev{color:#5a6577;font-size:12px}
details{margin:6px 0}
summary{cursor:pointer;font-weight:600}
.diagram{overflow:auto;max-height:640px;border:1px solid #eef1f5;margin-top:6px}
.diagram svg{max-width:none}
.muted{color:#6b7686}
"#;

const SCRIPT: &str = r#"
(function(){
  window.addEventListener('error', function(e){
    document.body.setAttribute('data-errors', String(e.message || e));
  });
  function cellValue(td){
    var v = td.getAttribute('data-v');
    if (v === null) v = td.textContent.trim();
    var n = parseFloat(v);
    return (!isNaN(n) && /^-?[0-9.]+$/.test(v)) ? n : v.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    var ths = table.querySelectorAll('thead th');
    ths.forEach(function(th, idx){
      th.addEventListener('click', function(){
        var asc = !th.classList.contains('asc');
        ths.forEach(function(o){ o.classList.remove('asc','desc'); });
        th.classList.add(asc ? 'asc' : 'desc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function(a, b){
          var x = cellValue(a.cells[idx]), y = cellValue(b.cells[idx]);
          if (x < y) return asc ? -1 : 1;
          if (x > y) return asc ? 1 : -1;
          return 0;
        });
        rows.forEach(function(r){ body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll('input.filter').forEach(function(input){
    var table = document.getElementById(input.getAttribute('data-table'));
    input.addEventListener('input', function(){
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function(r){
        r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
      });
    });
  });
  document.body.setAttribute('data-ready', '1');
  document.title = document.title + ' (ready)';
})();
"#;

/// A filter box and the head of a sortable table: `id` names the table, `what` the rows, and
/// `headers` the columns. The caller writes the rows and closes `</tbody></table>`.
fn sortable_table(out: &mut String, id: &str, what: &str, headers: &[&str]) {
    let _ = write!(
        out,
        r#"<input class="filter" type="search" placeholder="filter {what}…" data-table="{id}">"#
    );
    let _ = write!(out, r#"<table class="sortable" id="{id}"><thead><tr>"#);
    for h in headers {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead><tbody>");
}

fn sev(s: &str) -> String {
    format!(r#"<span class="sev-{0}">{0}</span>"#, escape(s))
}

use crate::scan::short;

/// Writes the report. `diagrams` maps architecture ids to SVG documents (drawn by the graph crate);
/// architectures without one are listed without a diagram.
pub fn write(
    out: &mut dyn Write,
    scan: &ScanView,
    diagrams: &BTreeMap<String, String>,
) -> Result<(), ReportError> {
    let mut h = String::with_capacity(1 << 20);
    let title = format!("nephos scan — {}", scan.source);
    let _ = write!(
        h,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body>"#,
        escape(&title)
    );
    let inv = &scan.inventory;
    let _ = write!(
        h,
        r#"<header><h1>nephos scan</h1><p>{} · {} resources · {} accounts · {} regions</p></header>"#,
        escape(&scan.source),
        inv.resources,
        inv.accounts.len(),
        inv.regions.len()
    );
    h.push_str(r##"<nav><a href="#architectures">Architectures</a><a href="#paths">Attack paths</a><a href="#assets">Assets</a><a href="#findings">Findings</a><a href="#outliers">Outliers</a><a href="#diagrams">Diagrams</a></nav><main>"##);
    // Summary cards.
    let risky = scan.architectures.iter().filter(|a| a.risky).count();
    h.push_str(r#"<div class="cards" id="summary">"#);
    for (label, n) in [
        ("risky architectures", risky),
        ("attack paths", scan.attack_paths.len()),
        ("open findings", scan.findings.len()),
        ("outliers", scan.outliers.len()),
        ("scored assets", scan.assets.len()),
    ] {
        let _ = write!(h, r#"<div class="card"><b>{n}</b>{label}</div>"#);
    }
    for s in ["critical", "high", "medium", "low"] {
        let n = scan.finding_counts.get(s).copied().unwrap_or(0);
        let _ = write!(h, r#"<div class="card"><b>{n}</b>{s} findings</div>"#);
    }
    h.push_str("</div>");

    // Architectures.
    h.push_str(r#"<section id="architectures"><h2>Architectures</h2>"#);
    sortable_table(
        &mut h,
        "t-arch",
        "architectures",
        &[
            "Score", "Risky", "Name", "Owner", "Members", "Paths", "Findings", "Why",
        ],
    );
    for a in scan.architectures.iter().take(MAX_ROWS) {
        let counts: Vec<String> = a.findings.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let _ = write!(
            h,
            r##"<tr><td class="num" data-v="{:.2}">{:.0}</td><td>{}</td><td><a href="#arch-{}">{}</a></td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"##,
            a.score,
            a.score,
            if a.risky {
                r#"<span class="risky">risky</span>"#
            } else {
                ""
            },
            escape(&a.id),
            escape(&a.name),
            escape(a.owner.as_deref().unwrap_or("-")),
            a.members,
            a.attack_paths,
            escape(&counts.join(", ")),
            escape(&a.reasons.join("; "))
        );
    }
    h.push_str("</tbody></table>");
    h.push_str("</section>");

    // Attack paths.
    h.push_str(r#"<section id="paths"><h2>Attack paths</h2>"#);
    if scan.attack_paths.is_empty() {
        h.push_str(r#"<p class="muted">No attack path from an entry point to a crown jewel.</p>"#);
    } else {
        sortable_table(
            &mut h,
            "t-paths",
            "attack paths",
            &[
                "#",
                "Score",
                "Entry",
                "Target",
                "Action",
                "Steps and evidence",
            ],
        );
        for (i, p) in scan.attack_paths.iter().take(MAX_ROWS).enumerate() {
            let mut steps = String::from(r#"<ol class="steps">"#);
            for (s, e) in p.steps.iter().zip(&p.evidence) {
                let _ = write!(
                    steps,
                    r#"<li><code>{}</code><div class="ev">{}</div></li>"#,
                    escape(s),
                    escape(e)
                );
            }
            steps.push_str("</ol>");
            let _ = write!(
                h,
                r#"<tr class="path"><td class="num">{}</td><td class="num" data-v="{:.3}">{:.1}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{steps}</td></tr>"#,
                i + 1,
                p.score,
                p.score,
                escape(&p.entry),
                escape(&short(&p.target)),
                escape(&p.action)
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");

    // Assets.
    h.push_str(r#"<section id="assets"><h2>Assets by risk</h2>"#);
    let _ = write!(
        h,
        r#"<p class="muted">score = 25·exposure + 25·findings + 15·privilege + 15·sensitive data + 15·criticality + 5·outlier (each factor in [0, 1]). Showing {} of {}.</p>"#,
        scan.assets.len().min(MAX_ROWS),
        scan.assets.len()
    );
    sortable_table(
        &mut h,
        "t-assets",
        "assets",
        &[
            "Score",
            "Kind",
            "Resource",
            "Exposure",
            "Findings",
            "Privilege",
            "Data",
            "Criticality",
            "Outlier",
            "Why",
        ],
    );
    for a in scan.assets.iter().take(MAX_ROWS) {
        let f = |name: &str| a.factors.get(name).map_or(0.0, |f| f.points);
        let _ = write!(
            h,
            r#"<tr><td class="num" data-v="{:.3}">{:.0}</td><td>{}</td><td><code title="{}">{}</code></td><td class="num">{:.1}</td><td class="num">{:.1}</td><td class="num">{:.1}</td><td class="num">{:.1}</td><td class="num">{:.1}</td><td class="num">{:.1}</td><td>{}</td></tr>"#,
            a.score,
            a.score,
            escape(&a.kind),
            escape(&a.resource),
            escape(&short(&a.resource)),
            f("exposure"),
            f("findings"),
            f("privilege"),
            f("sensitive_data"),
            f("criticality"),
            f("outlier"),
            escape(&a.reasons.join("; "))
        );
    }
    h.push_str("</tbody></table></section>");

    // Findings.
    h.push_str(r#"<section id="findings"><h2>Findings</h2>"#);
    let _ = write!(
        h,
        r#"<p class="muted">Ordered by priority = 100 · severity · (0.4 + 0.3·exposure + 0.3·sensitive data). Showing {} of {}.</p>"#,
        scan.findings.len().min(MAX_ROWS),
        scan.findings.len()
    );
    sortable_table(
        &mut h,
        "t-findings",
        "findings",
        &[
            "Priority", "Severity", "Check", "Resource", "Message", "CIS", "Context",
        ],
    );
    for f in scan.findings.iter().take(MAX_ROWS) {
        let _ = write!(
            h,
            r#"<tr><td class="num" data-v="{:.3}">{:.0}</td><td>{}</td><td><code>{}</code></td><td><code title="{}">{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            f.priority,
            f.priority,
            sev(&f.severity),
            escape(&f.check),
            escape(&f.resource),
            escape(&short(&f.resource)),
            escape(&f.message),
            escape(&f.cis.join(", ")),
            escape(&f.context)
        );
    }
    h.push_str("</tbody></table></section>");

    // Outliers.
    h.push_str(r#"<section id="outliers"><h2>Outliers</h2>"#);
    sortable_table(
        &mut h,
        "t-outliers",
        "outliers",
        &["Score", "Kind", "Resource", "Peer group", "Reasons"],
    );
    for o in scan.outliers.iter().take(MAX_ROWS) {
        let reasons: Vec<String> = o
            .reasons
            .iter()
            .map(|r| format!("<li>{}</li>", escape(r)))
            .collect();
        let _ = write!(
            h,
            r#"<tr><td class="num" data-v="{:.4}">{:.2}</td><td>{}</td><td><code title="{}">{}</code></td><td>{} ({} peers)</td><td><ul>{}</ul></td></tr>"#,
            o.score,
            o.score,
            escape(&o.kind),
            escape(&o.resource),
            escape(&short(&o.resource)),
            escape(&o.peer_group),
            o.peers,
            reasons.join("")
        );
    }
    h.push_str("</tbody></table></section>");
    if !diagrams.is_empty() {
        h.push_str(r#"<section id="diagrams"><h2>Architecture diagrams</h2><p class="muted">Riskiest first; click to open.</p>"#);
    }
    for (i, a) in scan
        .architectures
        .iter()
        .filter(|a| diagrams.contains_key(&a.id))
        .enumerate()
    {
        let Some(svg) = diagrams.get(&a.id) else {
            continue;
        };
        let svg = svg
            .trim_start()
            .strip_prefix("<?xml")
            .and_then(|s| s.split_once("?>").map(|(_, rest)| rest))
            .unwrap_or(svg);
        let _ = write!(
            h,
            r#"<details id="arch-{}" class="arch"{}><summary>{} — score {:.0}{}</summary><div class="diagram">{svg}</div></details>"#,
            escape(&a.id),
            if i == 0 { " open" } else { "" },
            escape(&a.name),
            a.score,
            a.owner
                .as_deref()
                .map(|o| format!(", owner {}", escape(o)))
                .unwrap_or_default()
        );
    }
    if !diagrams.is_empty() {
        h.push_str("</section>");
    }
    let _ = writeln!(h, "</main><script>{SCRIPT}</script></body></html>");
    out.write_all(h.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
