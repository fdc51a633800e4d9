//! The `MM` rules on the example clusters of the repository: the HA cluster lints clean, the
//! broken cluster shows the master findings its README lists.

use std::path::Path;

use mesoslint_core::{lint, render, Config, FileSet};

fn load(dir: &str) -> (FileSet, Config) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut fs = FileSet::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&root).unwrap().to_string_lossy().to_string();
                fs.add(&rel, &std::fs::read(&p).unwrap());
            }
        }
    }
    let mut config: Config = match std::fs::read_to_string(root.join("mesoslint.toml")) {
        Ok(t) => toml::from_str(&t).unwrap(),
        Err(_) => Config::default(),
    };
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
