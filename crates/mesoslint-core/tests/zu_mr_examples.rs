//! The example clusters against the ZU and MR families: `ha-cluster` is clean, `broken-cluster`
//! shows exactly the ZU/MR findings its README lists.

use std::path::{Path, PathBuf};

use mesoslint_core::{lint, Config, FileSet};

fn example(name: &str) -> (FileSet, Config) {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let mut fs = FileSet::new();
    let mut config = Config::default();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "mesoslint.toml" {
                config = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            } else if !rel.ends_with(".md") {
                fs.add(&rel, &std::fs::read(&p).unwrap());
            }
        }
    }
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
