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

/// Every file under `root` whose relative path `keep` accepts, added to a file set as a
/// front-end would (paths relative to `root`, `/`-separated).
pub fn read_files(root: &Path, keep: impl Fn(&str) -> bool) -> FileSet {
    let mut fs = FileSet::new();
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
            if keep(&rel) {
                fs.add(&rel, &std::fs::read(&p).unwrap());
            }
        }
    }
    // as every front-end does after reading a tree
    mesoslint_core::add_script_files(&mut fs);
    fs
}

/// Every file under `root` (Markdown files left out), and the tree's own `mesoslint.toml` as
/// the configuration (the default when there is none).
pub fn load_tree(root: &Path) -> (FileSet, Config) {
    let fs = read_files(root, |rel| rel != "mesoslint.toml" && !rel.ends_with(".md"));
    let config = match std::fs::read_to_string(root.join("mesoslint.toml")) {
        Ok(text) => toml::from_str(&text).unwrap(),
        Err(_) => Config::default(),
    };
    (fs, config)
}

/// An example cluster of `examples/`, with its configuration.
pub fn load_example(name: &str) -> (FileSet, Config) {
    load_tree(&repo_path(&format!("examples/{name}")))
}
