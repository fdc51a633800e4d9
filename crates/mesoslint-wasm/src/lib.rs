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

use mesoslint_core::settings::{self, Settings};
use mesoslint_core::{
    docs, model, registry, render, Config, FileSet, Finding, InputProblem, Report,
};
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

/// Files as the JavaScript side gives them, already checked: contents, or what a front-end
/// that reads a file system found instead (the npm CLI's walk: unreadable files, FIFOs, bad
/// links, files over its `--max-file-size`), in the order given.
#[derive(Debug, Default)]
pub struct Input {
    files: Vec<(String, Result<Vec<u8>, InputProblem>)>,
}

impl Input {
    pub fn new() -> Input {
        Input::default()
    }

    /// Add one file; rejects an unusable path and runaway totals.
    pub fn push(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.check_path(path)?;
        let counted: usize = self
            .files
            .iter()
            .filter_map(|(_, b)| b.as_ref().ok())
            .map(Vec::len)
            .filter(|&n| n <= MAX_FILE_SIZE)
            .sum();
        if bytes.len() <= MAX_FILE_SIZE && counted + bytes.len() > MAX_TOTAL_SIZE {
            return Err(format!(
                "the files add up to more than {} MiB",
                MAX_TOTAL_SIZE / 1_048_576
            ));
        }
        self.files.push((path.to_string(), Ok(bytes)));
        Ok(())
    }

    /// Add a path that could not be read, with the reason (an IN001/IN003/IN004/IN005 finding).
    pub fn push_problem(&mut self, path: &str, problem: InputProblem) -> Result<(), String> {
        self.check_path(path)?;
        self.files.push((path.to_string(), Err(problem)));
        Ok(())
    }

    fn check_path(&self, path: &str) -> Result<(), String> {
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
        Ok(())
    }
}

/// The config files the CLI reads at the root of the linted tree, in its order.
pub use mesoslint_core::settings::CONFIG_NAMES as CONFIG_FILES;

/// Where the configuration file sits relative to the files' paths (both `/`-separated, see
/// [`mesoslint_core::settings::config_relative`]); empty when it is at their root.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Place {
    /// The file's directory seen from the files' root (`examples/x`, `../..`).
    pub config_dir: String,
    /// The files' root seen from the file's directory (`../..`, `sub`).
    pub cwd_from_config: String,
}

/// A run's configuration: `mesoslint.toml` as the core reads it (the same module as the
/// CLI's, so `exclude`, `[per-path-ignores]` and `fail-level` mean the same here), and where
/// the file sits.
#[derive(Debug, Default, Clone)]
pub struct LoadedConfig {
    pub settings: Settings,
    pub place: Place,
}

impl LoadedConfig {
    pub fn config(&self) -> &Config {
        &self.settings.config
    }

    /// Set where the file sits. Host roots are written relative to the file's directory, the
    /// engine sees paths relative to the files' root, so they are rebased (as the CLI does).
    pub fn place_at(&mut self, place: Place) {
        if !place.config_dir.is_empty() {
            for host in self.settings.config.hosts.values_mut() {
                if let Some(root) = host.root.take() {
                    host.root = Some(rebase(&place.config_dir, &root));
                }
            }
        }
        // `[apps] paths` stay relative to the file; the engine maps the files' paths to it
        self.settings.config.place = mesoslint_core::config::ConfigPlace {
            config_dir: place.config_dir.clone(),
            cwd_from_config: place.cwd_from_config.clone(),
        };
        self.place = place;
    }

    /// The path relative to the configuration file's directory, if it lies below it.
    fn relative(&self, path: &str) -> Option<String> {
        settings::config_relative(&self.place.config_dir, &self.place.cwd_from_config, path)
    }

    fn is_excluded(&self, path: &str) -> bool {
        !self.settings.exclude.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.settings.is_excluded(&rel))
    }
}

/// `root` (relative to `dir`) relative to the directory `dir` is seen from, `/`-separated,
/// `.` and `x/..` folded; an absolute root is kept.
fn rebase(dir: &str, root: &str) -> String {
    if root.starts_with('/') {
        return root.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.split('/').chain(root.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|&l| l != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Parse a configuration given as text: JSON (the `mesoslint.toml` structure, kebab-case
/// keys) when it starts with `{`, TOML (a `mesoslint.toml`) otherwise. Errors name the line
/// and column.
pub fn config_from_text(text: &str) -> Result<LoadedConfig, String> {
    if text.trim().is_empty() {
        return Ok(LoadedConfig::default());
    }
    let settings = Settings::parse_any(text)
        .map_err(|p| settings::problems_text("mesoslint.toml", text, &p))?;
    Ok(LoadedConfig {
        settings,
        place: Place::default(),
    })
}

impl Input {
    /// The config file at the root of the files, if any, as text.
    pub fn root_config(&self) -> Option<String> {
        CONFIG_FILES.iter().find_map(|name| {
            self.files
                .iter()
                .rev()
                .find(|(p, b)| b.is_ok() && mesoslint_core::files::normalize_path(p) == *name)
                .and_then(|(_, b)| b.as_ref().ok())
                .map(|b| String::from_utf8_lossy(b).into_owned())
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

    /// The files of the run: `exclude` applied, as the CLI's walk applies it.
    pub fn file_set_for(&self, loaded: &LoadedConfig) -> FileSet {
        let mut fs = FileSet::new();
        for (path, entry) in &self.files {
            if loaded.is_excluded(path) {
                continue;
            }
            let bytes = match entry {
                Ok(bytes) => bytes,
                Err(problem) => {
                    fs.add_problem(path, problem.clone());
                    continue;
                }
            };
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
        // what provisioning scripts write is read as the files they create, as the CLI does
        mesoslint_core::add_script_files(&mut fs);
        fs
    }
}

/// Lint with the whole configuration: rules and severities, `exclude`, per-path ignores.
pub fn lint_loaded(input: &Input, loaded: &LoadedConfig) -> (FileSet, model::Cluster, Report) {
    let files = input.file_set_for(loaded);
    let cluster = model::Cluster::build(&files, loaded.config());
    let mut report = loaded.settings.lint(&files, loaded.config(), &cluster);
    loaded
        .settings
        .apply_per_path_ignores(&mut report, &files, |p| loaded.relative(p));
    (files, cluster, report)
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
    /// The failure level of the configuration (`error` unless it says otherwise).
    pub fail_level: &'static str,
    /// Whether a finding is at or above it: the CLI would exit with 1.
    pub failed: bool,
    /// The site policies of the configuration, described as rules are (no examples).
    pub policies: Vec<PolicyOut>,
    /// Marathon apps and pods and Chronos jobs read (they count as read even with no host).
    pub definitions: usize,
    /// Files read (after `exclude`).
    pub files: usize,
    /// Rules on by default that the configuration turns off (`select`, `ignore`, `off`).
    pub disabled_rules: Vec<&'static str>,
    /// Rules whose severity the configuration lowers.
    pub lowered: Vec<SeverityChange>,
    /// Files the engine masks credentials in, with the masked text (same byte length): what a
    /// front-end may share instead of the original.
    pub secrets: Vec<MaskedFile>,
}

/// A rule whose severity a configuration lowers.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityChange {
    pub code: &'static str,
    pub from: mesoslint_core::Severity,
    pub to: mesoslint_core::Severity,
}

/// A file holding something the engine masks as a credential.
#[derive(Debug, Clone, Serialize)]
pub struct MaskedFile {
    pub path: String,
    pub masked: String,
}

/// What the configuration changes against the defaults: rules turned off, severities lowered.
fn config_changes(config: &Config) -> (Vec<&'static str>, Vec<SeverityChange>) {
    let default = Config::default();
    let mut off = Vec::new();
    let mut lowered = Vec::new();
    for rule in registry::rules() {
        let meta = rule.meta();
        if !default.is_enabled(meta) {
            continue;
        }
        if !config.is_enabled(meta) {
            off.push(meta.code);
        } else if let Some(to) = config.level_for(meta).and_then(|l| l.severity()) {
            if to < meta.severity {
                lowered.push(SeverityChange {
                    code: meta.code,
                    from: meta.severity,
                    to,
                });
            }
        }
    }
    (off, lowered)
}

/// The files whose text the engine's credential masking changes (UTF-8 files only: the others
/// are shared as they are read).
fn masked_files(input: &Input) -> Vec<MaskedFile> {
    use mesoslint_core::secrets::{redact_by_path, redact_url_credentials};
    input
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes.as_ref().ok()?).ok()?;
            let normal = mesoslint_core::files::normalize_path(path);
            let masked = redact_by_path(&normal, redact_url_credentials(text.to_string()));
            (masked != text).then(|| MaskedFile {
                path: path.clone(),
                masked,
            })
        })
        .collect()
}

/// A site policy of `mesoslint.toml`, for the page's documentation panel.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyOut {
    pub code: &'static str,
    pub name: &'static str,
    pub family: String,
    pub severity: mesoslint_core::Severity,
    pub summary: String,
    pub documentation: String,
}

fn policies_out(settings: &Settings) -> Vec<PolicyOut> {
    settings
        .policies
        .iter()
        .map(|p| PolicyOut {
            code: p.code,
            name: p.name,
            family: p.family().to_string(),
            severity: p.severity,
            summary: p.summary.clone(),
            documentation: p.documentation(),
        })
        .collect()
}

/// Lint once and collect everything the page shows.
pub fn check_input(input: &Input, loaded: &LoadedConfig) -> CheckOut {
    check_with_report(input, loaded, |_, _| ()).0
}

/// Lint once, collect what the page shows, and let `extra` read the same run (the page's CLI
/// text comes from here, so that one edit costs one lint).
pub fn check_with_report<T>(
    input: &Input,
    loaded: &LoadedConfig,
    extra: impl FnOnce(&FileSet, &Report) -> T,
) -> (CheckOut, T) {
    let (files, cluster, report) = lint_loaded(input, loaded);
    let summary = cluster.summary();
    let (disabled_rules, lowered) = config_changes(loaded.config());
    let more = extra(&files, &report);
    let out = CheckOut {
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
        fail_level: loaded.settings.fail_level.unwrap_or_default().as_str(),
        failed: loaded
            .settings
            .fail_level
            .unwrap_or_default()
            .fails(report.max_severity()),
        cluster: summary,
        policies: policies_out(&loaded.settings),
        definitions: report.definitions,
        files: files.tree_len(),
        disabled_rules,
        lowered,
        secrets: masked_files(input),
    };
    (out, more)
}

/// [`check_input`] and the CLI's plain text from one lint.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRendered {
    #[serde(flatten)]
    pub check: CheckOut,
    pub rendered: String,
}

pub fn check_render_input(input: &Input, loaded: &LoadedConfig) -> CheckRendered {
    let (check, rendered) = check_with_report(input, loaded, render::render_report);
    CheckRendered { check, rendered }
}

/// Findings only (the `lint` export).
pub fn lint_input(input: &Input, loaded: &LoadedConfig) -> Vec<Finding> {
    let (files, _, report) = lint_loaded(input, loaded);
    report.findings(&files)
}

/// The CLI's plain-text output (the `render` export).
pub fn render_input(input: &Input, loaded: &LoadedConfig) -> String {
    let (files, _, report) = lint_loaded(input, loaded);
    render::render_report(&files, &report)
}

/// What the npm package's `mesoslint` command asks for: the CLI's own options.
#[derive(Debug, Default, Clone)]
pub struct RunOptions {
    /// `human` (no colour), `concise`, `json`, `sarif`, `github`, `markdown`.
    pub format: Option<String>,
    /// Overrides `fail-level` of the configuration.
    pub fail_level: Option<String>,
    /// Replaces `select` of the configuration when not empty.
    pub select: Vec<String>,
    /// Added to `ignore` of the configuration.
    pub ignore: Vec<String>,
    /// The CLI's `--target` values (`mesos=1.9.0,marathon=1.6.322`): beat `[target]`.
    pub target: Vec<String>,
}

/// The output and exit status the CLI gives for these files (1: findings at or above the
/// failure level; usage and configuration errors are `Err`, the CLI's exit status 2).
#[derive(Debug, Clone, Serialize)]
pub struct RunOut {
    pub output: String,
    pub exit_code: u8,
}

pub fn run_input(
    input: &Input,
    loaded: &LoadedConfig,
    options: &RunOptions,
) -> Result<RunOut, String> {
    let format = match options.format.as_deref() {
        None => render::Format::Human,
        Some(name) => render::Format::from_name(name).ok_or_else(|| {
            format!("unknown format `{name}` (human, concise, json, sarif, github, markdown)")
        })?,
    };
    let fail_level = match options.fail_level.as_deref() {
        Some(name) => name.parse::<settings::FailLevel>()?,
        None => loaded.settings.fail_level.unwrap_or_default(),
    };
    for s in options.select.iter().chain(&options.ignore) {
        if !loaded.settings.selector_is_known(s) {
            return Err(format!(
                "--select/--ignore names no rule: `{s}`; `mesoslint rules` lists them"
            ));
        }
    }
    let mut loaded = loaded.clone();
    if !options.select.is_empty() {
        loaded.settings.config.select = options.select.clone();
    }
    loaded
        .settings
        .config
        .ignore
        .extend(options.ignore.iter().cloned());
    settings::target::parse_targets(
        options.target.iter().map(String::as_str),
        &mut loaded.settings.config.target_flag,
    )?;
    let (files, _, report) = lint_loaded(input, &loaded);
    let output = render::render(format, &files, &report);
    let exit_code = u8::from(fail_level.fails(report.max_severity()));
    Ok(RunOut { output, exit_code })
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

/// Hand the engine the rules' documentation pages, as `rules-docs.json` holds them: an object
/// from rule code to its Markdown page. The module is built without them (they are a fifth of
/// it); [`rule_list`] and the SARIF renderer read them from here. Returns how many were given.
pub fn provide_docs(text: &str) -> Result<usize, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("rules-docs.json: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err("rules-docs.json: not an object of rule code to page".into());
    };
    let mut pages = Vec::with_capacity(map.len());
    for (code, page) in map {
        match page {
            serde_json::Value::String(page) => pages.push((code, page)),
            _ => {
                return Err(format!(
                    "rules-docs.json: the page of {code} is not a string"
                ))
            }
        }
    }
    let n = pages.len();
    mesoslint_core::rule::provide_documentation(pages);
    Ok(n)
}

mod bindings;
pub mod views;
mod views_bindings;

#[cfg(test)]
mod tests;
