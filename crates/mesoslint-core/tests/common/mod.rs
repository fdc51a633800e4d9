//! Shared by the integration tests: reading a config tree from disk as a front-end would.

#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

use mesoslint_core::{Config, FileSet};

/// A path relative to the repository root.
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// Every file under `root` (paths relative to it; Markdown files left out), and the tree's
/// own `mesoslint.toml` as the configuration (the default when there is none).
pub fn load_tree(root: &Path) -> (FileSet, Config) {
    let mut fs = FileSet::new();
    let mut config = Config::default();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(root)
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
    (fs, config)
}

/// An example cluster of `examples/`, with its configuration.
pub fn load_example(name: &str) -> (FileSet, Config) {
    load_tree(&repo_path(&format!("examples/{name}")))
}
