//! The example clusters against the ZU and MR families: `ha-cluster` is clean, `broken-cluster`
//! shows exactly the ZU/MR findings its README lists.

mod common;

use mesoslint_core::{lint, Config, FileSet};

fn example(name: &str) -> (FileSet, Config) {
    let (fs, mut config) = common::load_example(name);
    config.select = vec!["ZU".to_string(), "MR".to_string()];
    config.ignore.clear();
    (fs, config)
}

#[test]
fn ha_cluster_is_clean() {
    let (fs, config) = example("ha-cluster");
    let report = lint(&fs, &config);
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn broken_cluster_findings() {
    let (fs, config) = example("broken-cluster");
    let report = lint(&fs, &config);
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    // Marathon keeps its state under /mesos on each of the three masters.
    assert_eq!(codes, vec!["ZU003"; 3], "{codes:?}");
}
