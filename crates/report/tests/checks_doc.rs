//! `docs/checks.md` is generated from the check registry; this test fails when it drifts.
//! Regenerate with `NEPHOS_UPDATE_DOCS=1 cargo test -p nephos-report --test checks_doc`
//! (or `nephos checks --format markdown > docs/checks.md`).

use std::path::Path;

#[test]
fn docs_checks_md_is_in_sync_with_the_registry() {
    let generated = nephos_report::checks::catalogue_markdown();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/checks.md");
    if std::env::var_os("NEPHOS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/checks.md is out of date: run NEPHOS_UPDATE_DOCS=1 cargo test -p nephos-report --test checks_doc"
    );
    for check in nephos_checks::CHECKS {
        assert!(on_disk.contains(&format!("### `{}`", check.meta.id)));
    }
}
