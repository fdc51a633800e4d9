//! The core's layers point one way (docs/architecture.md): every `crate::...` path in a source
//! file may name only its own layer or a lower one. This test reads the source files (test
//! modules excluded) and fails on each upward import, naming the file and the path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layer of each top-level module of the core, lowest first. A new module must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "bytes and paths",
        &["bytes", "files", "par", "hash", "sort", "secrets"],
    ),
    ("parsers", &["parse"]),
    ("cluster model", &["model", "config"]),
    (
        "rules",
        &["rules", "rule", "diagnostic", "credential_files"],
    ),
    (
        "registry and renderers",
        &[
            "registry", "settings", "policy", "render", "suppress", "docs", "fix", "baseline",
            "lib",
        ],
    ),
];

/// Upward imports that are known and owned elsewhere, with the reason. Keep this empty.
const ALLOWED: &[(&str, &str, &str)] = &[
    // The rule-selection part of `Config` (select/ignore/severity) needs the rules' metadata
    // and the registry; it moves with the mesoslint.toml parsing (branch `config`).
    ("config.rs", "crate::diagnostic", "rule selection in Config"),
    ("config.rs", "crate::rule", "rule selection in Config"),
    ("config.rs", "crate::registry", "rule selection in Config"),
];

fn layer_of_module(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` module (tests may use
/// the whole engine). Test modules are at the end of a file, so everything from the first
/// top-level `#[cfg(test)]` on is dropped.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Root names re-exported by lib.rs (`pub use files::{FileSet, ...}`) -> the module they
/// come from, so `crate::FileSet` counts as an import of `files`.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let line = line.trim();
        let rest = line
            .strip_prefix("pub use ")
            .or_else(|| line.strip_prefix("pub(crate) use "));
        let Some(rest) = rest else { continue };
        let rest = rest.trim_end_matches(';');
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            map.insert(name.trim().to_string(), module.to_string());
        }
    }
    map
}

/// Every first segment named after `crate::` (each name of `crate::{a, b::c}` too).
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        // `$crate::` (macros) and names ending in `crate` are not this crate's paths here.
        if at > 0 && (bytes[at - 1] == b'$' || bytes[at - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn imports_point_only_down_the_layers() {
    let src = src_dir();
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("/tests.rs") || rel.contains("/tests/") {
            continue;
        }
        let module = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let Some(own) = layer_of_module(&module) else {
            problems.push(format!(
                "src/{rel}: module `{module}` has no layer: add it to LAYERS in tests/layers.rs \
                 (and to docs/architecture.md)"
            ));
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&path).unwrap());
        for name in crate_paths(&code) {
            let target = if layer_of_module(&name).is_some() {
                name.clone()
            } else if name == "declare_rule" {
                "rule".to_string() // #[macro_export] puts the macro at the root
            } else if let Some(m) = reexports.get(&name) {
                m.clone()
            } else {
                "lib".to_string() // defined in lib.rs itself
            };
            let Some(layer) = layer_of_module(&target) else {
                continue;
            };
            let import = format!("crate::{name}");
            let allowed = ALLOWED
                .iter()
                .any(|(f, i, _)| *f == rel && (*i == import || *i == format!("crate::{target}")));
            if layer > own && !allowed {
                problems.push(format!(
                    "src/{rel} (layer `{}`) imports `{import}` from layer `{}`, which is above it",
                    LAYERS[own].0, LAYERS[layer].0
                ));
            }
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "upward imports (data flows bytes -> parsers -> model -> rules -> registry/renderers; \
         see docs/architecture.md):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_path_scanner_sees_groups_and_skips_macros() {
    let paths =
        crate_paths("use crate::{files::Span, FastMap};\nlet x = $crate::rule::X; crate::lint(a)");
    assert_eq!(paths, ["files", "FastMap", "lint"]);
    assert_eq!(
        code_of("use a; // crate::lint\n#[cfg(test)]\nuse crate::lint;"),
        "use a; \n"
    );
}
