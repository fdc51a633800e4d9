//! `mesoslint.toml`: finding it, reading it into the core's [`Config`] plus the CLI-only keys,
//! and reporting mistakes with their place in the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use mesoslint_core::config::{ClusterDecl, HostDecl, Level, Packaging, Targets};
use mesoslint_core::{Config, Severity};
use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::walk::{absolute, relative};

/// Names looked for, in this order, in each directory.
pub const CONFIG_NAMES: &[&str] = &["mesoslint.toml", ".mesoslint.toml"];

/// When a run fails (exit code 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailLevel {
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
        match self {
            FailLevel::Error => "error",
            FailLevel::Warning => "warning",
            FailLevel::Info => "info",
            FailLevel::Never => "never",
        }
    }
}

/// The file as written. Mirrors [`Config`] key for key (so that unknown keys are errors with a
/// span) and adds the CLI's own keys.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    select: Vec<Spanned<String>>,
    ignore: Vec<Spanned<String>>,
    severity: BTreeMap<Spanned<String>, Level>,
    packaging: Packaging,
    target: Targets,
    cluster: ClusterDecl,
    hosts: BTreeMap<String, HostDecl>,
    // CLI only:
    fail_level: Option<FailLevel>,
    exclude: Vec<Spanned<String>>,
    per_path_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// Findings of some rules are dropped for paths matching a glob.
#[derive(Debug)]
pub struct PerPathIgnore {
    pub pattern: String,
    pub matcher: GlobSet,
    pub selectors: Vec<String>,
}

/// Everything a run is told, and where it came from.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file read, if any.
    pub file: Option<PathBuf>,
    /// Directory the file's globs and host roots are relative to (absolute).
    pub base: PathBuf,
    pub config: Config,
    pub fail_level: Option<FailLevel>,
    pub exclude: Option<(Vec<String>, GlobSet)>,
    pub per_path: Vec<PerPathIgnore>,
}

/// A mistake in the configuration file, shown with its place.
#[derive(Debug)]
pub struct ConfigError {
    path: String,
    src: NamedSource<String>,
    problems: Vec<Problem>,
}

/// One problem in a configuration file.
#[derive(Debug)]
pub struct Problem {
    message: String,
    span: Option<SourceSpan>,
    help: Option<String>,
    src: NamedSource<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Problem {}
impl MietteDiagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("mesoslint::config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.span.map(|s| {
            Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
                Some("here".into()),
                s,
            ))) as Box<dyn Iterator<Item = miette::LabeledSpan>>
        })
    }
}

impl MietteDiagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("mesoslint::config"))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        Some(Box::new(
            self.problems.iter().map(|p| p as &dyn MietteDiagnostic),
        ))
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid configuration in {} ({} problem{})",
            self.path,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )
    }
}
impl std::error::Error for ConfigError {}

/// Look for a configuration file from `start` upward, stopping after the directory that holds
/// `.git` (the repository root) or at the file-system root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start.to_path_buf());
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    None
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern.trim_end_matches('/'))
        .literal_separator(true)
        .backslash_escape(true)
        .build()
}

/// Build a glob set for patterns relative to the config directory. A pattern without `/` also
/// matches a file or directory of that name at any depth (`*.bak`, `old`).
fn globset_for(patterns: &[&str]) -> Result<GlobSet, (usize, globset::Error)> {
    let mut b = GlobSetBuilder::new();
    for (i, p) in patterns.iter().enumerate() {
        b.add(glob(p).map_err(|e| (i, e))?);
        if !p.contains('/') {
            b.add(glob(&format!("**/{p}")).map_err(|e| (i, e))?);
            b.add(glob(&format!("**/{p}/**")).map_err(|e| (i, e))?);
        }
        // A directory pattern covers everything below it.
        b.add(glob(&format!("{}/**", p.trim_end_matches('/'))).map_err(|e| (i, e))?);
    }
    b.build().map_err(|e| (0, e))
}

impl Settings {
    /// Read and check a configuration file. `cwd` is the current directory (absolute).
    pub fn load(
        path: &Path,
        cwd: &Path,
    ) -> Result<Settings, Box<dyn MietteDiagnostic + Send + Sync>> {
        let abs = absolute(path, cwd);
        let shown = relative(&abs, cwd);
        let text = match std::fs::read_to_string(&abs) {
            Ok(t) => t,
            Err(e) => {
                return Err(Box::new(miette::MietteDiagnostic::new(format!(
                    "cannot read configuration file {shown}: {}",
                    crate::walk::io_reason(&e)
                ))))
            }
        };
        let base = abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.to_path_buf());
        Settings::from_text(&text, &shown, base, Some(abs), cwd)
    }

    pub fn from_text(
        text: &str,
        shown: &str,
        base: PathBuf,
        file: Option<PathBuf>,
        cwd: &Path,
    ) -> Result<Settings, Box<dyn MietteDiagnostic + Send + Sync>> {
        let src = NamedSource::new(shown, text.to_string()).with_language("TOML");
        let problem =
            |message: String, span: Option<std::ops::Range<usize>>, help: Option<String>| Problem {
                message,
                span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
                help,
                src: src.clone(),
            };
        let fail = |problems: Vec<Problem>| -> Box<dyn MietteDiagnostic + Send + Sync> {
            Box::new(ConfigError {
                path: shown.to_string(),
                src: src.clone(),
                problems,
            })
        };
        let parsed: FileConfig = match toml::from_str(text) {
            Ok(c) => c,
            Err(e) => {
                let help = unknown_key_help(e.message());
                return Err(fail(vec![problem(
                    e.message().trim().to_string(),
                    e.span(),
                    help,
                )]));
            }
        };
        let mut problems = Vec::new();
        let check_selector = |s: &Spanned<String>, what: &str, problems: &mut Vec<Problem>| {
            if !mesoslint_core::config::selector_is_known(s.get_ref()) {
                let names = mesoslint_core::registry::rules()
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name]);
                let help = mesoslint_core::parse::did_you_mean(s.get_ref(), names)
                    .map(|m| format!("did you mean `{m}`? (`mesoslint rules` lists every rule)"))
                    .or(Some("`mesoslint rules` lists every rule".into()));
                problems.push(problem(
                    format!("`{what}` names no rule: `{}`", s.get_ref()),
                    Some(s.span()),
                    help,
                ));
            }
        };
        for s in &parsed.select {
            check_selector(s, "select", &mut problems);
        }
        for s in &parsed.ignore {
            check_selector(s, "ignore", &mut problems);
        }
        for s in parsed.severity.keys() {
            check_selector(s, "severity", &mut problems);
        }
        let exclude_patterns: Vec<&str> = parsed
            .exclude
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect();
        let exclude = match globset_for(&exclude_patterns) {
            Ok(set) => Some((
                exclude_patterns
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<String>>(),
                set,
            )),
            Err((i, e)) => {
                problems.push(problem(
                    format!("invalid glob: {}", e.kind()),
                    parsed.exclude.get(i).map(|s| s.span()),
                    None,
                ));
                None
            }
        };
        let mut per_path = Vec::new();
        for (pattern, selectors) in &parsed.per_path_ignores {
            for s in selectors {
                check_selector(s, "per-path-ignores", &mut problems);
            }
            match globset_for(&[pattern.get_ref().as_str()]) {
                Ok(matcher) => per_path.push(PerPathIgnore {
                    pattern: pattern.get_ref().clone(),
                    matcher,
                    selectors: selectors.iter().map(|s| s.get_ref().clone()).collect(),
                }),
                Err((_, e)) => problems.push(problem(
                    format!("invalid glob: {}", e.kind()),
                    Some(pattern.span()),
                    None,
                )),
            }
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        // Host roots are written relative to the configuration file; the engine sees paths
        // relative to the current directory.
        let hosts = parsed
            .hosts
            .into_iter()
            .map(|(name, mut h)| {
                h.root = h
                    .root
                    .map(|r| relative(&absolute(Path::new(&r), &base), cwd));
                (name, h)
            })
            .collect();
        let config = Config {
            select: parsed.select.into_iter().map(Spanned::into_inner).collect(),
            ignore: parsed.ignore.into_iter().map(Spanned::into_inner).collect(),
            severity: parsed
                .severity
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v))
                .collect(),
            packaging: parsed.packaging,
            target: parsed.target,
            cluster: parsed.cluster,
            hosts,
        };
        Ok(Settings {
            file,
            base,
            config,
            fail_level: parsed.fail_level,
            exclude: exclude.filter(|(p, _)| !p.is_empty()),
            per_path,
        })
    }

    /// The path relative to the config directory, if it lies below it.
    fn config_relative(&self, path: &str, cwd: &Path) -> Option<String> {
        let abs = absolute(Path::new(path), cwd);
        let rel = relative(&abs, &self.base);
        if rel == ".." || rel.starts_with("../") {
            None
        } else {
            Some(rel)
        }
    }

    /// Is this path (relative to the current directory) excluded from the walk?
    pub fn is_excluded(&self, path: &str, cwd: &Path) -> bool {
        let Some((_, set)) = &self.exclude else {
            return false;
        };
        self.config_relative(path, cwd)
            .is_some_and(|rel| set.is_match(&rel))
    }

    /// Is a finding of this rule at this path dropped by a per-path ignore?
    pub fn is_ignored_at(&self, meta: &mesoslint_core::RuleMeta, path: &str, cwd: &Path) -> bool {
        if self.per_path.is_empty() {
            return false;
        }
        let Some(rel) = self.config_relative(path, cwd) else {
            return false;
        };
        self.per_path.iter().any(|p| {
            p.matcher.is_match(&rel)
                && p.selectors
                    .iter()
                    .any(|s| mesoslint_core::config::selector_matches(s, meta))
        })
    }

    /// The effective settings as TOML (what `mesoslint config` prints).
    pub fn to_toml(&self, fail_level: FailLevel) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Effective<'a> {
            fail_level: &'a str,
            exclude: Vec<String>,
            #[serde(flatten)]
            config: &'a Config,
            per_path_ignores: BTreeMap<String, Vec<String>>,
        }
        let e = Effective {
            fail_level: fail_level.as_str(),
            exclude: self
                .exclude
                .as_ref()
                .map(|(p, _)| p.clone())
                .unwrap_or_default(),
            config: &self.config,
            per_path_ignores: self
                .per_path
                .iter()
                .map(|p| (p.pattern.clone(), p.selectors.clone()))
                .collect(),
        };
        toml::to_string(&e).unwrap_or_else(|err| format!("# cannot show settings: {err}\n"))
    }
}

fn unknown_key_help(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("see docs/cli.md for the keys mesoslint.toml accepts".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, String> {
        Settings::from_text(
            text,
            "mesoslint.toml",
            PathBuf::from("/w"),
            None,
            Path::new("/w"),
        )
        .map_err(|e| {
            let mut s = e.to_string();
            if let Some(rel) = e.related() {
                for r in rel {
                    s.push_str(&format!("\n{r}"));
                }
            }
            s
        })
    }

    #[test]
    fn reads_every_key() {
        let s = parse(
            r#"
select = ["IN"]
ignore = ["IN002"]
fail-level = "warning"
packaging = "none"
exclude = ["old", "hosts/*/tmp/**"]
[severity]
IN006 = "warning"
[target]
mesos = "1.11"
[cluster]
masters = 3
[hosts.m1]
root = "hosts/m1"
roles = ["master"]
address = "10.0.0.1"
[per-path-ignores]
"hosts/*/etc/mesos-master/quorum" = ["IN006"]
"#,
        )
        .unwrap();
        assert_eq!(s.fail_level, Some(FailLevel::Warning));
        assert_eq!(s.config.cluster.masters, Some(3));
        assert_eq!(s.config.hosts["m1"].root.as_deref(), Some("hosts/m1"));
        assert!(s.is_excluded("old", Path::new("/w")));
        assert!(s.is_excluded("a/old/b", Path::new("/w")));
        assert!(s.is_excluded("hosts/x/tmp/y", Path::new("/w")));
        assert!(!s.is_excluded("hosts/x/etc", Path::new("/w")));
        let meta = mesoslint_core::registry::find("IN006").unwrap().meta();
        assert!(s.is_ignored_at(meta, "hosts/m1/etc/mesos-master/quorum", Path::new("/w")));
        assert!(!s.is_ignored_at(meta, "hosts/m1/etc/mesos-master/work_dir", Path::new("/w")));
    }

    #[test]
    fn errors_carry_spans() {
        let e = parse("selec = [\"IN\"]\n").unwrap_err();
        assert!(e.contains("unknown field"), "{e}");
        let e = parse("select = [\"XX\"]\n").unwrap_err();
        assert!(e.contains("names no rule"), "{e}");
        let e = parse("[target]\nmesos = \"one\"\n").unwrap_err();
        assert!(e.contains("invalid version"), "{e}");
        let e = parse("fail-level = \"sometimes\"\n").unwrap_err();
        assert!(e.contains("unknown variant"), "{e}");
        let e = parse("[per-path-ignores]\n\"a/[\" = [\"IN001\"]\n").unwrap_err();
        assert!(e.contains("invalid glob"), "{e}");
        assert!(parse("= =").is_err());
        assert!(parse("\u{0}").is_err());
    }

    #[test]
    fn host_roots_are_made_relative_to_cwd() {
        let s = Settings::from_text(
            "[hosts.m1]\nroot = \"m1\"\n",
            "x",
            PathBuf::from("/w/tree"),
            None,
            Path::new("/w"),
        )
        .unwrap();
        assert_eq!(s.config.hosts["m1"].root.as_deref(), Some("tree/m1"));
    }
}
