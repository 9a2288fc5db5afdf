//! Evaluates nephos's outlier model and attack paths on a demo estate with its `labels.json`.
//!
//! `cargo run --release -p nephos-risk --example evaluate -- DIR [--csv FILE]`

use std::collections::BTreeSet;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).ok_or("usage: evaluate DIR [--csv FILE]")?);
    let labels: nephos_demo::labels::Labels =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json"))?)?;
    let t = Instant::now();
    let imported = nephos_aws::import(&dir)?;
    let inv = &imported.inventory;
    eprintln!("import {:?} ({} resources)", t.elapsed(), inv.len());
    let t = Instant::now();
    let graph = nephos_graph::Graph::build(inv);
    eprintln!("graph {:?}", t.elapsed());
    let t = Instant::now();
    let exposures = nephos_net::NetworkModel::build(inv).exposures();
    eprintln!("net {:?}", t.elapsed());
    let t = Instant::now();
    let findings = nephos_checks::run_all(inv);
    eprintln!("checks {:?}", t.elapsed());
    let t = Instant::now();
    let report = nephos_risk::analyse(inv, &graph, &exposures, &findings);
    eprintln!("risk {:?}", t.elapsed());
    let t = Instant::now();
    let archs = graph.architectures();
    eprintln!("  architectures {:?}", t.elapsed());
    let t = Instant::now();
    let (_, scores) =
        nephos_risk::outlier_scores_in(&inv.resources().iter().collect::<Vec<_>>(), &graph, &archs);
    eprintln!("  outlier scores {:?}", t.elapsed());
    let t = Instant::now();
    let p = nephos_risk::paths::attack_paths(inv, &graph, &exposures, &findings);
    eprintln!("  attack paths {:?} ({})", t.elapsed(), p.len());
    let positives: BTreeSet<String> = labels.outliers.iter().map(|o| o.resource.clone()).collect();
    let pairs: Vec<(String, f64)> = scores
        .iter()
        .map(|s| (s.resource.clone(), s.score))
        .collect();
    let auc = nephos_risk::outliers::roc_auc(&pairs, &positives);
    let k = positives.len();
    println!(
        "outliers: {} positives among {} compared resources; ROC-AUC {:?}; precision@{k} {:.3}",
        positives.len(),
        pairs.len(),
        auc,
        nephos_risk::outliers::precision_at_k(&pairs, &positives, k)
    );
    let mut sorted = scores.clone();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
    for s in sorted.iter().take(k + 5) {
        println!(
            "{} {:.3} {} | {}",
            if positives.contains(&s.resource) {
                "+"
            } else {
                "-"
            },
            s.score,
            s.resource,
            s.reasons.join("; ")
        );
    }
    for s in &scores {
        if positives.contains(&s.resource) {
            let rank = sorted
                .iter()
                .position(|x| x.resource == s.resource)
                .unwrap_or(0);
            println!(
                "planted {} rank {rank} score {:.3} group {}",
                s.resource, s.score, s.peer_group
            );
        }
    }
    for p in &labels.attack_paths {
        let want: Vec<&str> = p.steps.iter().map(|s| s.resource.as_str()).collect();
        let rank = report
            .attack_paths
            .iter()
            .position(|a| a.steps.iter().map(String::as_str).collect::<Vec<_>>() == want);
        println!("{}: rank {:?} of {}", p.id, rank, report.attack_paths.len());
    }
    for a in report.attack_paths.iter().take(5) {
        println!(
            "path {:.1} {} -> {}",
            a.score,
            a.entry,
            a.steps.join(" -> ")
        );
    }
    if let Some(pos) = args.iter().position(|a| a == "--csv")
        && let Some(file) = args.get(pos + 1)
    {
        std::fs::write(file, nephos_risk::feature_matrix_csv(inv, &graph))?;
    }
    Ok(())
}
