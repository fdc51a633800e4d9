//! The `MM` rules on the example clusters of the repository: the HA cluster lints clean, the
//! broken cluster shows the master findings its README lists.

mod common;

use mesoslint_core::{lint, render, Config, FileSet};

fn load(dir: &str) -> (FileSet, Config) {
    let (fs, mut config) = common::load_tree(&common::repo_path(dir));
    config.select = vec!["MM".to_string()];
    (fs, config)
}

#[test]
fn ha_cluster_has_no_master_findings() {
    let (fs, config) = load("examples/ha-cluster");
    let report = lint(&fs, &config);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render::render_report(&fs, &report)
    );
}

#[test]
fn broken_cluster_master_findings() {
    let (fs, config) = load("examples/broken-cluster");
    let report = lint(&fs, &config);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        vec!["MM001", "MM008"],
        "{}",
        render::render_report(&fs, &report)
    );
}
