//! `mesoslint.toml` on disk: finding the file, reading it with the core's one configuration
//! module ([`mesoslint_core::settings`]), reporting its mistakes with their place, and turning
//! the paths the CLI walks (relative to the current directory) into the file's own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mesoslint_core::config::ConfigPlace;
use mesoslint_core::settings::{Settings as FileSettings, CONFIG_NAMES};
use mesoslint_core::{Config, FileSet, Report};
use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};
use serde::Serialize;

pub use mesoslint_core::settings::FailLevel;

use crate::walk::{absolute, relative};

/// Everything a run is told, and where it came from.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file read, if any.
    pub file: Option<PathBuf>,
    /// Directory the file's globs and host roots are relative to (absolute).
    pub base: PathBuf,
    /// The engine's configuration, host roots made relative to the current directory.
    pub config: Config,
    pub fail_level: Option<FailLevel>,
    /// The file as the core read it (globs and per-path ignores).
    pub file_settings: FileSettings,
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
        let file_settings = FileSettings::parse(text).map_err(|problems| {
            fail(
                problems
                    .into_iter()
                    .map(|p| problem(p.message, p.span, p.help))
                    .collect(),
            )
        })?;
        // Host roots are written relative to the configuration file; the engine sees paths
        // relative to the current directory.
        let mut config = file_settings.config.clone();
        for h in config.hosts.values_mut() {
            h.root = h
                .root
                .take()
                .map(|r| relative(&absolute(Path::new(&r), &base), cwd));
        }
        // `[apps] paths` stay relative to the file; the engine maps the walked paths to it.
        config.place = ConfigPlace {
            config_dir: relative(&base, cwd),
            cwd_from_config: relative(cwd, &base),
        };
        Ok(Settings {
            file,
            base,
            config,
            fail_level: file_settings.fail_level,
            file_settings,
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
        !self.file_settings.exclude.is_empty()
            && self
                .config_relative(path, cwd)
                .is_some_and(|rel| self.file_settings.is_excluded(&rel))
    }

    /// Drop the findings that a per-path ignore of the file covers.
    pub fn apply_per_path_ignores(&self, report: &mut Report, files: &FileSet, cwd: &Path) {
        self.file_settings
            .apply_per_path_ignores(report, files, |p| self.config_relative(p, cwd));
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
            /// Last: an array of tables, after every plain key.
            policy: Vec<PolicyShown<'a>>,
        }
        let e = Effective {
            fail_level: fail_level.as_str(),
            exclude: self.file_settings.exclude.clone(),
            config: &self.config,
            per_path_ignores: self
                .file_settings
                .per_path
                .iter()
                .map(|p| (p.pattern.clone(), p.selectors.clone()))
                .collect(),
            policy: self
                .file_settings
                .policies
                .iter()
                .map(PolicyShown::of)
                .collect(),
        };
        toml::to_string(&e).unwrap_or_else(|err| format!("# cannot show settings: {err}\n"))
    }
}

/// A `[[policy]]` table in effect, as `mesoslint config` shows it: the keys of
/// docs/policies.md, conditions included, in the file's spelling (examples left out: they are
/// `mesoslint policies --test`'s).
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PolicyShown<'a> {
    code: &'a str,
    summary: &'a str,
    severity: &'a str,
    daemon: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    hosts: &'a [String],
    setting: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    require: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forbid: Option<bool>,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matches: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_match: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    one_of: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_on_all: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> PolicyShown<'a> {
    fn of(p: &'a mesoslint_core::policy::Policy) -> PolicyShown<'a> {
        use mesoslint_core::policy::Condition;
        let mut out = PolicyShown {
            code: p.code,
            summary: &p.summary,
            severity: p.severity.as_str(),
            daemon: p.daemon.as_str(),
            hosts: &p.hosts,
            setting: &p.setting,
            require: None,
            forbid: None,
            matches: None,
            not_match: None,
            one_of: None,
            min: None,
            max: None,
            same_on_all: None,
            message: p.message.as_deref(),
            help: p.help.as_deref(),
        };
        for c in &p.conditions {
            match c {
                Condition::Require => out.require = Some(true),
                Condition::Forbid => out.forbid = Some(true),
                Condition::Match(r) => out.matches = Some(&r.source),
                Condition::NotMatch(r) => out.not_match = Some(&r.source),
                Condition::OneOf(v) => out.one_of = Some(v),
                Condition::Min(b) => out.min = Some(&b.text),
                Condition::Max(b) => out.max = Some(&b.text),
                Condition::SameOnAll => out.same_on_all = Some(true),
            }
        }
        out
    }
}

// What the file says is tested in the core (`settings/tests.rs`); these tests cover only what
// the CLI adds: finding the file on disk, and rebasing its paths between the configuration
// file's directory and the current one.
#[cfg(test)]
mod tests {
    use super::*;

    /// The file lives in `/w/tree`, the CLI runs in `/w`.
    fn in_subdir(text: &str) -> Settings {
        Settings::from_text(
            text,
            "tree/mesoslint.toml",
            PathBuf::from("/w/tree"),
            None,
            Path::new("/w"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn host_roots_are_made_relative_to_cwd() {
        let s = in_subdir("[hosts.m1]\nroot = \"m1\"\n");
        assert_eq!(s.config.hosts["m1"].root.as_deref(), Some("tree/m1"));
        // The core's copy keeps the file's own spelling.
        assert_eq!(
            s.file_settings.config.hosts["m1"].root.as_deref(),
            Some("m1")
        );
    }

    #[test]
    fn excludes_match_paths_below_the_config_directory() {
        let s = in_subdir("exclude = [\"hosts/*/tmp/**\"]\n");
        let cwd = Path::new("/w");
        assert!(s.is_excluded("tree/hosts/a/tmp/x", cwd));
        assert!(!s.is_excluded("tree/hosts/a/etc/x", cwd));
        // The same relative path outside the configuration's directory is not its business.
        assert!(!s.is_excluded("hosts/a/tmp/x", cwd));
        assert!(!s.is_excluded("../elsewhere/hosts/a/tmp/x", cwd));
    }

    #[test]
    fn problems_become_one_error_with_each_place() {
        let e = Settings::from_text(
            "selec = 1\nignore = [\"XX\"]\n",
            "mesoslint.toml",
            PathBuf::from("/w"),
            None,
            Path::new("/w"),
        )
        .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid configuration in mesoslint.toml"));
        let related: Vec<_> = e.related().into_iter().flatten().collect();
        assert!(!related.is_empty());
        assert!(
            related.iter().all(|r| r.labels().is_some()),
            "every problem has a span"
        );
    }

    #[test]
    fn discovery_walks_up_and_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let deep = repo.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        // A file above the repository root is never picked up.
        std::fs::write(dir.path().join("mesoslint.toml"), "").unwrap();
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(repo.join("a/mesoslint.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(repo.join("a/mesoslint.toml")));
    }
}
