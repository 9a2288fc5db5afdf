//! Generates a demo estate: `cargo run --release -p nephos-demo --example demo_generate -- OUT
//! [RESOURCES] [ACCOUNTS] [SEED]`. Prints the summary.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: demo_generate OUT [RESOURCES] [ACCOUNTS] [SEED]")?,
    );
    let mut opts = nephos_demo::DemoOptions::default();
    if let Some(r) = args.next() {
        opts.resources = r.parse()?;
    }
    if let Some(a) = args.next() {
        opts.accounts = a.parse()?;
    }
    if let Some(s) = args.next() {
        opts.seed = s.parse()?;
    }
    let s = nephos_demo::generate(&out, &opts)?;
    println!(
        "{} resources in {} accounts, {} files, {:.1} MB, {:.3} s",
        s.total_resources(),
        s.accounts,
        s.files,
        s.bytes as f64 / 1e6,
        s.elapsed.as_secs_f64()
    );
    for (k, n) in &s.resources {
        println!("  {k:<45} {n}");
    }
    Ok(())
}
