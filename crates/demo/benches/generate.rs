//! Demo generation benchmark: median wall time and throughput of `generate` at 10k and 100k
//! resources (and 1M with `NEPHOS_DEMO_BENCH_1M=1`). Run with `cargo bench -p nephos-demo`.
//!
//! A plain timing loop rather than criterion: one 100k run takes seconds and writes ~100 MB, so a
//! handful of runs with the median is the honest measure.

use std::time::Duration;

use nephos_demo::{DemoOptions, generate};

fn run(resources: usize, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut total = 0;
    let mut files = 0;
    for i in 0..runs {
        // `NEPHOS_DEMO_BENCH_DIR` picks the file system (e.g. /dev/shm to leave the disk out).
        let dir = match std::env::var_os("NEPHOS_DEMO_BENCH_DIR") {
            Some(base) => tempfile::tempdir_in(base)?,
            None => tempfile::tempdir()?,
        };
        let opts = DemoOptions {
            resources,
            ..DemoOptions::default()
        };
        let s = generate(&dir.path().join(format!("run{i}")), &opts)?;
        times.push(s.elapsed);
        bytes = s.bytes;
        total = s.total_resources();
        files = s.files;
    }
    times.sort();
    let median = times
        .get(times.len() / 2)
        .copied()
        .unwrap_or(Duration::ZERO);
    let mb = bytes as f64 / 1e6;
    println!(
        "demo generation {resources:>8} target: {total} resources, {files} files, {mb:.1} MB; median {:.3} s of {runs} ({:.0} MB/s, {:.0} resources/s); min {:.3} s, max {:.3} s",
        median.as_secs_f64(),
        mb / median.as_secs_f64(),
        total as f64 / median.as_secs_f64(),
        times.first().map_or(0.0, Duration::as_secs_f64),
        times.last().map_or(0.0, Duration::as_secs_f64),
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let only_100k = std::env::var_os("NEPHOS_DEMO_BENCH_100K").is_some();
    if !only_100k {
        run(10_000, 7)?;
    }
    run(100_000, 5)?;
    if std::env::var_os("NEPHOS_DEMO_BENCH_1M").is_some() {
        run(1_000_000, 1)?;
    }
    Ok(())
}
