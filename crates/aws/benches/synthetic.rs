//! A synthetic account-data estate for benchmarks, made by replicating the fixture estate.
//!
//! Each account folder gets the fixture's `us-east-1` (global) files and an `eu-west-1` whose list
//! files hold `copies` copies of every fixture item, each copy's ids suffixed (`vpc-0a1x7`,
//! `sg-webx7`, …) so that references stay consistent within a copy and ids stay unique. Copy 0 keeps
//! the fixture ids, so the per-parameter files (copied once) patch it. About 39 resources per copy.

use std::fs;
use std::io;
use std::path::Path;

/// Short ids and names rewritten per copy.
const TOKENS: &[&str] = &[
    "vpc-0a1",
    "subnet-0pub",
    "subnet-0priv",
    "subnet-0db",
    "rtbassoc-main",
    "rtbassoc-pub",
    "rtb-main",
    "rtb-pub",
    "igw-01",
    "nat-01",
    "pcx-01",
    "tgw-attach-01",
    "tgw-rtb-01",
    "tgw-01",
    "vpce-01",
    "sg-web",
    "sg-app",
    "sg-db",
    "acl-01",
    "eni-web",
    "eni-app",
    "eni-lambda",
    "eni-nat",
    "eipalloc-01",
    "pl-123",
    "fl-01",
    "i-web",
    "vol-01",
    "snap-01",
    "ami-01",
    "web-alb",
    "legacy-elb",
    "targetgroup/web/",
    "targetgroup/ip/",
    "targetgroup/fn/",
    "function:processor",
    "function:public-fn",
    "prod-cluster",
    "orders-db",
    "/orders",
    ":orders",
    "alerts",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
    "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
    "10.0.1.10",
    "10.0.2.20",
];
const ACCOUNT: &str = "111122223333";

/// Resources one copy of the fixture's `eu-west-1` list files yields (approximately).
pub const RESOURCES_PER_COPY: usize = 39;

enum Piece {
    Text(String),
    Token(usize),
    Account,
}

/// Text split at tokens, rendered per copy.
struct Template(Vec<Piece>);

impl Template {
    fn new(text: &str) -> Self {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        'outer: while !rest.is_empty() {
            if rest.starts_with(ACCOUNT) {
                pieces.push(Piece::Text(std::mem::take(&mut lit)));
                pieces.push(Piece::Account);
                rest = &rest[ACCOUNT.len()..];
                continue;
            }
            for (i, t) in TOKENS.iter().enumerate() {
                if rest.starts_with(t) {
                    pieces.push(Piece::Text(std::mem::take(&mut lit)));
                    pieces.push(Piece::Token(i));
                    rest = &rest[t.len()..];
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
        pieces.push(Piece::Text(lit));
        Self(pieces)
    }

    fn render(&self, copy: usize, account: &str, out: &mut String) {
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Account => out.push_str(account),
                Piece::Token(i) => {
                    let t = TOKENS[*i];
                    if copy == 0 {
                        out.push_str(t);
                    } else if let Some(base) = t.strip_suffix('/') {
                        out.push_str(&format!("{base}x{copy}/"));
                    } else if t.starts_with("10.0.") {
                        // a distinct private address per copy, still inside the VPC
                        let last: usize = t
                            .rsplit('.')
                            .next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(0);
                        out.push_str(&format!(
                            "10.{}.{}.{}",
                            100 + copy / 65536 % 100,
                            copy / 256 % 256,
                            (copy + last) % 256
                        ));
                    } else {
                        out.push_str(&format!("{t}x{copy}"));
                    }
                }
            }
        }
    }
}

fn copy_tree(src: &Path, dst: &Path, account: &str) -> io::Result<()> {
    fs::create_dir_all(dst)?;
    for e in fs::read_dir(src)? {
        let p = e?.path();
        let name = p.file_name().unwrap_or_default().to_owned();
        if p.is_dir() {
            copy_tree(&p, &dst.join(name), account)?;
        } else {
            let text = fs::read_to_string(&p)?;
            fs::write(dst.join(name), text.replace(ACCOUNT, account))?;
        }
    }
    Ok(())
}

/// Writes an estate of about `resources` resources under `dst`; returns the number of copies.
pub fn generate(fixture_account: &Path, dst: &Path, resources: usize) -> io::Result<usize> {
    let copies_total = (resources / RESOURCES_PER_COPY).max(1);
    let accounts = (copies_total / 250).clamp(1, 64);
    let copies = copies_total.div_ceil(accounts);
    let region_src = fixture_account.join("eu-west-1");
    // (file name, top-level key, item templates) of every list file
    let mut lists = Vec::new();
    for e in fs::read_dir(&region_src)? {
        let p = e?.path();
        if p.is_dir() || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(&p)?).map_err(io::Error::other)?;
        let Some(obj) = v.as_object() else { continue };
        let mut arrays = Vec::new();
        for (k, v) in obj {
            if let Some(items) = v.as_array() {
                let templates: Vec<Template> = items
                    .iter()
                    .map(|i| Template::new(&serde_json::to_string_pretty(i).unwrap_or_default()))
                    .collect();
                arrays.push((k.clone(), templates));
            }
        }
        lists.push((p.file_name().unwrap_or_default().to_owned(), arrays));
    }
    for a in 0..accounts {
        let account = format!("{:012}", 200_000_000_000u64 + a as u64);
        let root = dst.join(format!("acct-{a}"));
        copy_tree(
            &fixture_account.join("us-east-1"),
            &root.join("us-east-1"),
            &account,
        )?;
        let region = root.join("eu-west-1");
        for e in fs::read_dir(&region_src)? {
            let p = e?.path();
            if p.is_dir() {
                copy_tree(
                    &p,
                    &region.join(p.file_name().unwrap_or_default()),
                    &account,
                )?;
            }
        }
        for (name, arrays) in &lists {
            let mut out = String::from("{\n");
            for (n, (key, templates)) in arrays.iter().enumerate() {
                out.push_str(&format!("    \"{key}\": [\n"));
                let mut first = true;
                for c in 0..copies {
                    for t in templates {
                        if !first {
                            out.push_str(",\n");
                        }
                        first = false;
                        t.render(c, &account, &mut out);
                    }
                }
                out.push_str("\n    ]");
                out.push_str(if n + 1 < arrays.len() { ",\n" } else { "\n" });
            }
            out.push_str("}\n");
            fs::write(region.join(name), out)?;
        }
    }
    Ok(copies * accounts)
}
