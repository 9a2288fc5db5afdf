//! Effective access and escalation over the demo estate (`nephos-demo`, 100k resources by
//! default; `NEPHOS_DEMO_RESOURCES` changes it): generate it into a temporary folder, import it
//! with `nephos-aws`, build the access model, then time the assume-role graph, the escalation
//! analysis and the exposures together. Generation and import are not timed.

#![expect(
    clippy::unwrap_used,
    reason = "a benchmark: a failing setup should stop it loudly"
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let resources: usize = std::env::var("NEPHOS_DEMO_RESOURCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("estate");
    let opts = nephos_demo::DemoOptions {
        resources,
        ..nephos_demo::DemoOptions::default()
    };
    let summary = nephos_demo::generate(&dir, &opts).unwrap();
    let imported = nephos_aws::import(&dir).unwrap();
    let t = Instant::now();
    let estate = nephos_iam::estate::estate(&imported.inventory);
    let built = t.elapsed();
    let m = &estate.model;
    let t = Instant::now();
    let graph = m.assume_graph();
    let esc = m.escalation();
    let ex = m.exposures();
    eprintln!(
        "demo estate: {} resources ({} imported), {} identities, {} resources with access data, \
         {} policy errors, {} problems; model built in {built:?}; {} assume edges, {} admins, \
         {} escalation paths, {} escalation edges, {} exposures in {:?}",
        summary.total_resources(),
        imported.inventory.len(),
        m.identities.len(),
        m.resources.len(),
        m.errors.len(),
        estate.problems.len(),
        graph.edges.len(),
        esc.admins.len(),
        esc.paths.len(),
        esc.edges.len(),
        ex.len(),
        t.elapsed()
    );
    let mut g = c.benchmark_group("demo_estate");
    g.sample_size(10);
    g.bench_function("trust_escalation_exposures", |b| {
        b.iter(|| {
            black_box(m.assume_graph());
            black_box(m.escalation());
            black_box(m.exposures());
        })
    });
    g.bench_function("build_model", |b| {
        b.iter(|| black_box(nephos_iam::estate::estate(&imported.inventory)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
