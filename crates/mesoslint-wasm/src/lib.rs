//! mesoslint compiled to WebAssembly: the engine the CLI runs, callable from a browser, Node or
//! a bundler.
//!
//! Every export validates its input and returns a JavaScript `Error` for anything it cannot use;
//! the engine itself never panics on input. A panic hook reports any bug to the console (on
//! `wasm32-unknown-unknown` a panic aborts the instance, so callers should re-create it after a
//! `WebAssembly.RuntimeError`).
//!
//! The conversion logic lives in plain Rust functions ([`Input`], [`check_input`], ...) so that
//! it is unit-tested natively; the `#[wasm_bindgen]` wrappers only move values across.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use mesoslint_core::{docs, model, registry, render, Config, FileSet, Finding, InputProblem};
use serde::Serialize;

/// The size cap for one file, the same as the CLI's default `--max-file-size` (1 MiB): a larger
/// file is reported as IN003 and not read.
pub const MAX_FILE_SIZE: usize = 1_048_576;
/// At most this many files in one call.
pub const MAX_FILES: usize = 10_000;
/// At most this many bytes in all files of one call (files over the cap are not counted).
pub const MAX_TOTAL_SIZE: usize = 64 * 1_048_576;
/// Longest accepted path, in bytes.
pub const MAX_PATH_LEN: usize = 4096;

/// Files as the JavaScript side gives them, already checked.
#[derive(Debug, Default)]
pub struct Input {
    files: Vec<(String, Vec<u8>)>,
}

impl Input {
    pub fn new() -> Input {
        Input::default()
    }

    /// Add one file; rejects an unusable path and runaway totals.
    pub fn push(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        if path.trim().is_empty() {
            return Err("a file has an empty path".into());
        }
        if path.len() > MAX_PATH_LEN {
            return Err(format!(
                "a path is {} bytes long (the limit is {MAX_PATH_LEN})",
                path.len()
            ));
        }
        if path.contains('\0') {
            return Err("a path contains a NUL character".into());
        }
        if self.files.len() >= MAX_FILES {
            return Err(format!("too many files (the limit is {MAX_FILES})"));
        }
        let counted: usize = self
            .files
            .iter()
            .map(|(_, b)| b.len())
            .filter(|&n| n <= MAX_FILE_SIZE)
            .sum();
        if bytes.len() <= MAX_FILE_SIZE && counted + bytes.len() > MAX_TOTAL_SIZE {
            return Err(format!(
                "the files add up to more than {} MiB",
                MAX_TOTAL_SIZE / 1_048_576
            ));
        }
        self.files.push((path.to_string(), bytes));
        Ok(())
    }

    /// The engine's file set; files over the size cap become IN003 problems, as in the CLI.
    pub fn file_set(&self) -> FileSet {
        let mut fs = FileSet::new();
        for (path, bytes) in &self.files {
            if bytes.len() > MAX_FILE_SIZE {
                fs.add_problem(
                    path,
                    InputProblem::TooLarge {
                        size: bytes.len() as u64,
                        limit: MAX_FILE_SIZE as u64,
                    },
                );
            } else {
                fs.add(path, bytes);
            }
        }
        fs
    }
}

/// The config files the CLI reads at the root of the linted tree, in its order.
pub const CONFIG_FILES: &[&str] = &["mesoslint.toml", ".mesoslint.toml"];

/// `mesoslint.toml` as written: the core's [`Config`] key for key, plus the CLI's own keys,
/// which are accepted (so a file the CLI reads is read here too) but only partly applied.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, mesoslint_core::Level>,
    packaging: mesoslint_core::Packaging,
    target: mesoslint_core::config::Targets,
    cluster: mesoslint_core::config::ClusterDecl,
    hosts: BTreeMap<String, mesoslint_core::config::HostDecl>,
    // CLI only: the exit status threshold means nothing here; path globs are not applied.
    fail_level: Option<String>,
    exclude: Vec<String>,
    per_path_ignores: BTreeMap<String, Vec<String>>,
}

/// A configuration and what of it the page does not apply.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    /// Keys read but not applied outside the CLI (`exclude`, `per-path-ignores`).
    pub not_applied: Vec<String>,
}

/// Parse a configuration given as text: JSON (the `mesoslint.toml` structure, kebab-case
/// keys) when it starts with `{`, TOML (a `mesoslint.toml`) otherwise.
pub fn config_from_text(text: &str) -> Result<LoadedConfig, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(LoadedConfig::default());
    }
    let file: FileConfig = if trimmed.starts_with('{') {
        serde_json::from_str(trimmed).map_err(|e| format!("invalid configuration: {e}"))?
    } else {
        toml::from_str(text).map_err(|e| format!("invalid mesoslint.toml: {e}"))?
    };
    let mut not_applied = Vec::new();
    if !file.exclude.is_empty() {
        not_applied.push("exclude".to_string());
    }
    if !file.per_path_ignores.is_empty() {
        not_applied.push("per-path-ignores".to_string());
    }
    let _ = file.fail_level;
    let config = check_config(Config {
        select: file.select,
        ignore: file.ignore,
        severity: file.severity,
        packaging: file.packaging,
        target: file.target,
        cluster: file.cluster,
        hosts: file.hosts,
    })?;
    Ok(LoadedConfig {
        config,
        not_applied,
    })
}

impl Input {
    /// The config file at the root of the files, if any, as text.
    pub fn root_config(&self) -> Option<String> {
        CONFIG_FILES.iter().find_map(|name| {
            self.files
                .iter()
                .rev()
                .find(|(p, _)| mesoslint_core::files::normalize_path(p) == *name)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        })
    }

    /// The configuration a run uses: the one given, else the tree's own `mesoslint.toml`.
    pub fn config(&self, given: Option<&str>) -> Result<LoadedConfig, String> {
        match given {
            Some(text) => config_from_text(text),
            None => match self.root_config() {
                Some(text) => config_from_text(&text),
                None => Ok(LoadedConfig::default()),
            },
        }
    }
}

/// Reject selectors that name no rule, as the CLI does.
pub fn check_config(config: Config) -> Result<Config, String> {
    let unknown = config.validate();
    if unknown.is_empty() {
        Ok(config)
    } else {
        Err(format!("invalid configuration: {}", unknown.join("; ")))
    }
}

/// One host of the tree, for grouping findings.
#[derive(Debug, Clone, Serialize)]
pub struct HostOut {
    pub name: String,
    pub root: String,
    pub roles: Vec<String>,
    pub address: Option<String>,
}

/// Everything one run gives a front-end: findings, hosts, cluster summary, summary line.
#[derive(Debug, Clone, Serialize)]
pub struct CheckOut {
    pub version: &'static str,
    pub findings: Vec<Finding>,
    pub hosts: Vec<HostOut>,
    pub cluster: model::ClusterSummary,
    pub summary_line: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Configuration keys read but not applied in this front-end (`exclude`, ...).
    pub config_not_applied: Vec<String>,
}

/// Lint once and collect everything the page shows.
pub fn check_input(input: &Input, loaded: &LoadedConfig) -> CheckOut {
    let config = &loaded.config;
    let files = input.file_set();
    let cluster = model::Cluster::build(&files, config);
    let report = mesoslint_core::lint_cluster(&files, config, &cluster);
    let summary = cluster.summary();
    CheckOut {
        version: mesoslint_core::VERSION,
        findings: report.findings(&files),
        hosts: summary
            .hosts
            .iter()
            .map(|h| HostOut {
                name: h.name.clone(),
                root: h.root.clone(),
                roles: h.roles.clone(),
                address: h.address.clone(),
            })
            .collect(),
        summary_line: report.summary_line(),
        errors: report.count(mesoslint_core::Severity::Error),
        warnings: report.count(mesoslint_core::Severity::Warning),
        infos: report.count(mesoslint_core::Severity::Info),
        cluster: summary,
        config_not_applied: loaded.not_applied.clone(),
    }
}

/// Findings only (the `lint` export).
pub fn lint_input(input: &Input, config: &Config) -> Vec<Finding> {
    let files = input.file_set();
    mesoslint_core::lint(&files, config).findings(&files)
}

/// The CLI's plain-text output (the `render` export).
pub fn render_input(input: &Input, config: &Config) -> String {
    let files = input.file_set();
    let report = mesoslint_core::lint(&files, config);
    render::render_report(&files, &report)
}

/// A rule's documentation example, files keyed by path.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleOut {
    pub valid: bool,
    /// `false` when a file of the example stands for something text cannot reproduce (an
    /// unreadable file, a FIFO, ISO-8859-1 bytes...): loading `files` would not show the finding.
    pub playable: bool,
    pub title: String,
    pub files: BTreeMap<String, String>,
    pub config: Option<String>,
}

/// A rule's metadata and documentation (the `rules` export).
#[derive(Debug, Clone, Serialize)]
pub struct RuleOut {
    pub code: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: mesoslint_core::Severity,
    pub summary: &'static str,
    pub documentation: String,
    pub help_uri: String,
    pub examples: Vec<ExampleOut>,
}

pub fn rule_list() -> Vec<RuleOut> {
    registry::rules()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            let documentation = meta.documentation();
            let examples = docs::examples(&documentation)
                .into_iter()
                .map(|ex| ExampleOut {
                    valid: ex.valid,
                    playable: ex
                        .files
                        .iter()
                        .all(|f| f.problem.is_none() && f.encoding.is_none()),
                    title: ex.title,
                    files: ex
                        .files
                        .into_iter()
                        .map(|f| {
                            let mut text = f.text;
                            if f.newline && !text.is_empty() {
                                text.push('\n');
                            }
                            (f.path, text)
                        })
                        .collect(),
                    config: ex.config,
                })
                .collect();
            RuleOut {
                code: meta.code,
                name: meta.name,
                family: meta.family(),
                severity: meta.severity,
                summary: meta.summary,
                help_uri: meta.help_uri(),
                documentation,
                examples,
            }
        })
        .collect()
}

mod bindings;

#[cfg(test)]
mod tests;
