//! `mesoslint.toml`, read and applied in one place for every front-end: the CLI, the npm
//! package and the web page call [`Settings::parse`] on the file's text and ask it which paths
//! are excluded and which findings a per-path ignore drops, so they can never disagree on what
//! a configuration means. Finding the file on disk is the CLI's business; paths here are
//! relative to the directory that holds the file (`/`-separated).

pub use crate::parse::glob;
mod policy;
pub mod target;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::{
    selector_is_known, selector_matches, AppsDecl, ClusterDecl, HostDecl, Packaging, Targets,
};
use crate::{Config, FileSet, Level, Report, RuleMeta, Severity};
use glob::Glob;
pub use policy::{LocatedScalar, Scalar};

/// The names a configuration file has, looked for in this order in a directory.
pub const CONFIG_NAMES: &[&str] = &["mesoslint.toml", ".mesoslint.toml"];

/// When a run fails (exit code 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailLevel {
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "never"];

    pub fn fails(self, max: Option<Severity>) -> bool {
        let Some(max) = max else { return false };
        match self {
            FailLevel::Error => max >= Severity::Error,
            FailLevel::Warning => max >= Severity::Warning,
            FailLevel::Info => true,
            FailLevel::Never => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl std::str::FromStr for FailLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<FailLevel, String> {
        match s {
            "error" => Ok(FailLevel::Error),
            "warning" => Ok(FailLevel::Warning),
            "info" => Ok(FailLevel::Info),
            "never" => Ok(FailLevel::Never),
            _ => Err(format!(
                "unknown fail level `{s}` (one of: error, warning, info, never)"
            )),
        }
    }
}

/// What a run with no host read is (`no-hosts` in mesoslint.toml, `--no-hosts` on the command
/// line): the level of IN011, so every front-end and output format shows it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoHosts {
    Error,
    Warning,
    Info,
    Ignore,
}

impl NoHosts {
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "ignore"];

    pub fn level(self) -> Level {
        match self {
            NoHosts::Error => Level::Error,
            NoHosts::Warning => Level::Warning,
            NoHosts::Info => Level::Info,
            NoHosts::Ignore => Level::Off,
        }
    }

    /// Apply to a configuration: the level of IN011 (over a `severity` entry for it).
    pub fn apply(self, config: &mut Config) {
        config.severity.insert("IN011".into(), self.level());
    }
}

impl std::str::FromStr for NoHosts {
    type Err = String;
    fn from_str(s: &str) -> Result<NoHosts, String> {
        match s {
            "error" => Ok(NoHosts::Error),
            "warning" => Ok(NoHosts::Warning),
            "info" => Ok(NoHosts::Info),
            "ignore" => Ok(NoHosts::Ignore),
            _ => Err(format!(
                "unknown no-hosts level `{s}` (one of: error, warning, info, ignore)"
            )),
        }
    }
}

/// A mistake in a configuration file: what, where (byte range in the file) and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

/// Findings of some rules are dropped for paths matching a glob.
#[derive(Clone, Debug)]
pub struct PerPathIgnore {
    pub pattern: String,
    matcher: Glob,
    pub selectors: Vec<String>,
}

/// A configuration file, read and checked.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// What the engine is told (rules, severities, targets, hosts; host roots relative to the
    /// file's directory).
    pub config: Config,
    pub fail_level: Option<FailLevel>,
    /// `no-hosts` as written (already applied to `config`).
    pub no_hosts: Option<NoHosts>,
    /// `exclude` patterns as written.
    pub exclude: Vec<String>,
    exclude_globs: Vec<Glob>,
    pub per_path: Vec<PerPathIgnore>,
    /// The `[[policy]]` tables (see docs/policies.md).
    pub policies: Vec<crate::policy::Policy>,
}

/// A string with its place in the file when it has one (TOML), or none (JSON).
trait Located: Ord + DeserializeOwned {
    /// A number or string (`min`/`max` of a policy) with the same kind of place.
    type Scalar: LocatedScalar;
    fn value(&self) -> &str;
    fn span(&self) -> Option<Range<usize>>;
}

impl Located for String {
    type Scalar = Scalar;
    fn value(&self) -> &str {
        self
    }
    fn span(&self) -> Option<Range<usize>> {
        None
    }
}

impl Located for toml::Spanned<String> {
    type Scalar = toml::Spanned<Scalar>;
    fn value(&self) -> &str {
        self.get_ref()
    }
    fn span(&self) -> Option<Range<usize>> {
        Some(toml::Spanned::span(self))
    }
}

/// The file as written, key for key (unknown keys are errors).
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
#[serde(bound = "S: Located")]
struct FileConfig<S: Located> {
    select: Vec<S>,
    ignore: Vec<S>,
    severity: BTreeMap<S, Level>,
    packaging: Packaging,
    target: Targets,
    cluster: ClusterDecl,
    hosts: BTreeMap<String, HostDecl>,
    fail_level: Option<FailLevel>,
    no_hosts: Option<NoHosts>,
    exclude: Vec<S>,
    per_path_ignores: BTreeMap<S, Vec<S>>,
    policy: Vec<policy::PolicyRaw<S>>,
    apps: AppsRaw<S>,
}

/// `[apps]` as written: `paths` keep their place for error messages.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[serde(bound = "S: Located")]
struct AppsRaw<S: Located> {
    paths: Vec<S>,
}

impl<S: Located> Default for AppsRaw<S> {
    fn default() -> Self {
        AppsRaw { paths: Vec::new() }
    }
}

impl<S: Located> Default for FileConfig<S> {
    fn default() -> Self {
        FileConfig {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            packaging: Packaging::default(),
            target: Targets::default(),
            cluster: ClusterDecl::default(),
            hosts: BTreeMap::new(),
            fail_level: None,
            no_hosts: None,
            exclude: Vec::new(),
            per_path_ignores: BTreeMap::new(),
            policy: Vec::new(),
            apps: AppsRaw::default(),
        }
    }
}

impl Settings {
    /// Read a `mesoslint.toml`.
    pub fn parse(text: &str) -> Result<Settings, Vec<Problem>> {
        match toml::from_str::<FileConfig<toml::Spanned<String>>>(text) {
            Ok(file) => Settings::check(file, Some(text)),
            Err(e) => Err(vec![Problem {
                message: e.message().trim().to_string(),
                span: e.span(),
                help: unknown_key_help(e.message()),
            }]),
        }
    }

    /// Read the same structure given as JSON (the npm package and the page accept both).
    pub fn parse_json(text: &str) -> Result<Settings, Vec<Problem>> {
        match serde_json::from_str::<FileConfig<String>>(text) {
            Ok(file) => Settings::check(file, None),
            Err(e) => Err(vec![Problem {
                message: format!("invalid configuration: {e}"),
                span: None,
                help: unknown_key_help(&e.to_string()),
            }]),
        }
    }

    /// Either form: JSON when the text starts with `{`, TOML otherwise.
    pub fn parse_any(text: &str) -> Result<Settings, Vec<Problem>> {
        if text.trim_start().starts_with('{') {
            Settings::parse_json(text)
        } else {
            Settings::parse(text)
        }
    }

    fn check<S: Located>(
        file: FileConfig<S>,
        text: Option<&str>,
    ) -> Result<Settings, Vec<Problem>> {
        let mut problems = Vec::new();
        let policies = policy::check_policies(&file.policy, text, &mut problems);
        let mut selector = |s: &S, what: &str| {
            let metas: Vec<RuleMeta> = policies.iter().map(|p| p.meta()).collect();
            if !selector_is_known(s.value())
                && !metas.iter().any(|m| selector_matches(s.value(), m))
            {
                let names = crate::registry::rules()
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name])
                    .chain(policies.iter().map(|p| p.code));
                let help = crate::parse::did_you_mean(s.value(), names)
                    .map(|m| format!("did you mean `{m}`? (`mesoslint rules` lists every rule)"))
                    .or(Some("`mesoslint rules` lists every rule".into()));
                problems.push(Problem {
                    message: format!("`{what}` names no rule: `{}`", s.value()),
                    span: s.span(),
                    help,
                });
            }
        };
        file.select.iter().for_each(|s| selector(s, "select"));
        file.ignore.iter().for_each(|s| selector(s, "ignore"));
        file.severity.keys().for_each(|s| selector(s, "severity"));
        for selectors in file.per_path_ignores.values() {
            selectors
                .iter()
                .for_each(|s| selector(s, "per-path-ignores"));
        }
        let mut glob_of = |s: &S| match Glob::new(s.value()) {
            Ok(g) => Some(g),
            Err(e) => {
                problems.push(Problem {
                    message: format!("invalid glob `{}`: {e}", s.value()),
                    span: s.span(),
                    help: None,
                });
                None
            }
        };
        let exclude_globs: Vec<Glob> = file.exclude.iter().filter_map(&mut glob_of).collect();
        let per_path: Vec<PerPathIgnore> = file
            .per_path_ignores
            .iter()
            .filter_map(|(pattern, selectors)| {
                Some(PerPathIgnore {
                    pattern: pattern.value().to_string(),
                    matcher: glob_of(pattern)?,
                    selectors: selectors.iter().map(|s| s.value().to_string()).collect(),
                })
            })
            .collect();
        // `[apps] paths` are compiled again by the model (Config carries them as text); here
        // only so that a bad one is a configuration error with its place.
        let blank = |p: &&S| p.value().trim().is_empty();
        for p in file.apps.paths.iter().filter(|p| !blank(p)) {
            glob_of(p);
        }
        for p in file.apps.paths.iter().filter(blank) {
            problems.push(Problem {
                message: "`[apps] paths` has an empty pattern".into(),
                span: p.span(),
                help: Some("name files relative to mesoslint.toml, e.g. \"deploy/*.json\"".into()),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let strings = |v: Vec<S>| v.iter().map(|s| s.value().to_string()).collect();
        let mut config = Config {
            select: strings(file.select),
            ignore: strings(file.ignore),
            severity: file
                .severity
                .iter()
                .map(|(k, v)| (k.value().to_string(), *v))
                .collect(),
            packaging: file.packaging,
            target: file.target,
            target_flag: Targets::default(),
            cluster: file.cluster,
            hosts: file.hosts,
            apps: AppsDecl {
                paths: strings(file.apps.paths),
            },
            place: Default::default(),
        };
        if let Some(n) = file.no_hosts {
            n.apply(&mut config);
        }
        Ok(Settings {
            config,
            fail_level: file.fail_level,
            no_hosts: file.no_hosts,
            exclude: strings(file.exclude),
            exclude_globs,
            per_path,
            policies,
        })
    }

    /// Does a selector (`--select`, `--ignore`) name a built-in rule or one of the policies?
    pub fn selector_is_known(&self, selector: &str) -> bool {
        selector_is_known(selector)
            || self
                .policies
                .iter()
                .any(|p| selector_matches(selector, &p.meta()))
    }

    /// The policy with this code (any case), if the file declares one.
    pub fn policy(&self, code: &str) -> Option<&crate::policy::Policy> {
        let code = code.trim();
        self.policies
            .iter()
            .find(|p| p.code.eq_ignore_ascii_case(code))
    }

    /// Lint with the rules and this file's policies: what every front-end runs.
    pub fn lint(
        &self,
        files: &FileSet,
        config: &Config,
        cluster: &crate::model::Cluster,
    ) -> Report {
        crate::lint_with_policies(files, config, cluster, &self.policies)
    }

    /// Is this path (relative to the file's directory) left out of the run? A pattern without
    /// `/` also matches a file or directory of that name at any depth (`*.bak`, `old`), and a
    /// pattern that matches a directory covers everything below it.
    pub fn is_excluded(&self, rel: &str) -> bool {
        self.exclude_globs.iter().any(|g| g.covers(rel))
    }

    /// Is a finding of this rule at this path (relative to the file's directory) dropped?
    pub fn is_ignored_at(&self, meta: &RuleMeta, rel: &str) -> bool {
        self.per_path
            .iter()
            .any(|p| p.matcher.covers(rel) && p.selectors.iter().any(|s| selector_matches(s, meta)))
    }

    /// Drop the findings that a per-path ignore covers. `rel` turns a path of the file set into
    /// one relative to the configuration file's directory (`None` outside it).
    pub fn apply_per_path_ignores(
        &self,
        report: &mut Report,
        files: &FileSet,
        rel: impl Fn(&str) -> Option<String>,
    ) {
        if self.per_path.is_empty() {
            return;
        }
        report.diagnostics.retain(|d| {
            let Some(label) = d.primary_label() else {
                return true;
            };
            let meta = match crate::registry::find(d.code) {
                Some(rule) => *rule.meta(),
                None => match self.policy(d.code) {
                    Some(p) => p.meta(),
                    None => return true,
                },
            };
            match rel(files.path(label.span.file)) {
                Some(path) => !self.is_ignored_at(&meta, &path),
                None => true,
            }
        });
    }
}

pub use crate::config::config_relative;

/// Line and column (1-based, columns in characters) of a byte offset, for messages.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The problems of a configuration file as text, one per line: `NAME:LINE:COL: message`.
pub fn problems_text(name: &str, text: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            let place = match &p.span {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    format!("{name}:{line}:{column}")
                }
                None => name.to_string(),
            };
            match &p.help {
                Some(help) => format!("{place}: {} ({help})", p.message),
                None => format!("{place}: {}", p.message),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn unknown_key_help(message: &str) -> Option<String> {
    message
        .contains("unknown field")
        .then(|| "see docs/cli.md for the keys mesoslint.toml accepts".into())
}

#[cfg(test)]
mod tests;
