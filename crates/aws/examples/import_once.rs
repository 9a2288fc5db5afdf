//! Imports one account-data folder once and prints the summary, wall time and peak memory: the
//! bench script's measurement of RSS (`cargo run --release --example import_once -- DIR`), or, with
//! `--synthetic N`, generates an estate of about N resources first (into `--keep DIR` if given).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measurement tool fails loudly"
)]

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::time::Instant;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut tmp = None;
    let dir = match args.first().map(String::as_str) {
        Some("--synthetic") => {
            let n: usize = args
                .get(1)
                .and_then(|n| n.parse().ok())
                .expect("--synthetic N");
            let dst = match args.iter().position(|a| a == "--keep") {
                Some(i) => PathBuf::from(args.get(i + 1).expect("--keep DIR")),
                None => {
                    let t = tempfile::tempdir().expect("temp dir");
                    let p = t.path().to_owned();
                    tmp = Some(t);
                    p
                }
            };
            let fixture =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/estate/prod");
            let started = Instant::now();
            let copies = synthetic::generate(&fixture, &dst, n).expect("generate");
            eprintln!(
                "generated {copies} copies in {:.1} s into {}",
                started.elapsed().as_secs_f64(),
                dst.display()
            );
            if args.iter().any(|a| a == "--generate-only") {
                return;
            }
            dst
        }
        Some(d) => PathBuf::from(d),
        None => {
            eprintln!("usage: import_once DIR | --synthetic N [--keep DIR] [--generate-only]");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let imported = nephos_aws::import(&dir).expect("import");
    let secs = started.elapsed().as_secs_f64();
    print!("{}", imported.stats);
    println!("problems: {}", imported.problems.len());
    let s = &imported.stats;
    println!(
        "wall {:.2} s, {:.0} MB/s, {:.0} resources/s, peak RSS {:.0} MiB",
        secs,
        s.bytes as f64 / 1e6 / secs,
        s.resources as f64 / secs,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    drop(tmp);
}
