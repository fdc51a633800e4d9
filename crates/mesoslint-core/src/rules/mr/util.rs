//! Shared helpers of the `MR` family.

use crate::config::Version;
use crate::files::FileSet;
use crate::files::Span;
use crate::model::{Cluster, FlagDef, Host, Marathon, SourceKind};
use crate::parse::marathon_options::{self, LATEST_MINOR, OLDEST_MINOR};

/// Something of the host's Marathon configuration to label: its env file, else its first
/// conf file, else the unit that starts it.
pub(crate) fn anchor(host: &Host, m: &Marathon) -> Option<Span> {
    m.env_file
        .or_else(|| m.conf_files.first().copied())
        .or_else(|| host.units.iter().find(|u| u.runs_marathon).map(|u| u.file))
        .map(Span::file_start)
}

/// The host's name for messages (`this host` for a tree that is a single unnamed host).
pub(crate) fn name(host: &Host) -> &str {
    if host.name.is_empty() || host.name == "." {
        "this host"
    } else {
        &host.name
    }
}

/// What the tree says about the Marathon version of a host, when no target is configured.
#[derive(Clone, Debug)]
pub(crate) struct VersionEvidence {
    /// Marathon 1.5 or later.
    pub at_least_1_5: bool,
    /// Why, for messages.
    pub reason: String,
    pub span: Option<Span>,
}

/// The Marathon version the rules assume for a host: the one given or pinned
/// (`model::versions`), else a flag only 1.5+ knows, else the conf dir (pre-1.5 packaging).
/// `None` when nothing tells.
pub(crate) fn version_of(cluster: &Cluster, m: &Marathon) -> Option<VersionEvidence> {
    let assumed = &cluster.versions.marathon;
    if assumed.explicit() {
        return Some(VersionEvidence {
            at_least_1_5: assumed.at_least(Version::new(1, 5, 0)),
            reason: assumed.describe(),
            span: None,
        });
    }
    for def in m.flags.iter() {
        let Some((opt, _)) = marathon_options::lookup(&def.name) else {
            continue;
        };
        if !opt.exists_in(4, 0) {
            return Some(VersionEvidence {
                at_least_1_5: true,
                reason: format!(
                    "assumed 1.5 or later: no Marathon 1.4 defines `{}` (it exists in {})",
                    def.written,
                    opt.releases()
                ),
                span: def.source.span,
            });
        }
    }
    if !m.conf_files.is_empty() {
        return Some(VersionEvidence {
            at_least_1_5: false,
            reason: "assumed 1.4 or earlier: the tree has etc/marathon/conf/".to_string(),
            span: None,
        });
    }
    None
}

/// The Marathon release the version-dependent checks assume for a host.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// Release line 1.`minor` (clamped to the lines the tables know, 1.4 to 1.11).
    pub minor: u32,
    /// Patch release; 0 stands for the whole line.
    pub patch: u32,
    /// Where it comes from, for messages ("Marathon 1.11, the latest release: ...").
    pub reason: String,
}

impl Target {
    /// `1.6` or `1.6.352`.
    pub fn label(&self) -> String {
        if self.patch == 0 {
            format!("1.{}", self.minor)
        } else {
            format!("1.{}.{}", self.minor, self.patch)
        }
    }

    /// The note of a version-dependent finding: "checked for Marathon 1.6 (why 1.6)".
    pub fn note(&self) -> String {
        format!("checked for Marathon {} ({})", self.label(), self.reason)
    }

    /// At least release line 1.`minor`.
    pub fn at_least(&self, minor: u32) -> bool {
        self.minor >= minor
    }
}

/// The Marathon release for version-dependent checks: the one given or pinned
/// (`model::versions`: `--target`, `[target]`, the tree's pin), else what the host shows (a
/// conf dir and no 1.5-only option: the 1.4 line), else the latest release line.
pub(crate) fn target(cluster: &Cluster, m: &Marathon) -> Target {
    let assumed = &cluster.versions.marathon;
    if assumed.explicit() {
        let v = assumed.version;
        let minor = if v.major < 1 {
            OLDEST_MINOR
        } else if v.major > 1 {
            LATEST_MINOR
        } else {
            v.minor.clamp(OLDEST_MINOR, LATEST_MINOR)
        };
        let patch = if minor == v.minor && v.major == 1 {
            v.patch
        } else {
            0
        };
        return Target {
            minor,
            patch,
            reason: assumed.describe(),
        };
    }
    if let Some(ev) = version_of(cluster, m) {
        if !ev.at_least_1_5 {
            return Target {
                minor: 4,
                patch: 0,
                reason: ev.reason,
            };
        }
    }
    Target {
        minor: LATEST_MINOR,
        patch: 0,
        reason: assumed.describe(),
    }
}

/// Where to point at a definition's name: its conf-dir file, else the variable or word.
pub(crate) fn def_span(def: &FlagDef) -> Option<Span> {
    match def.source.kind {
        SourceKind::FlagFile | SourceKind::BoolFile => def.source.file.map(Span::file_start),
        _ => def.source.span,
    }
}

/// Where to point at a definition's value (else its name).
pub(crate) fn value_span(def: &FlagDef) -> Option<Span> {
    def.value_span.or_else(|| def_span(def))
}

/// How a definition is written, for messages: the file, or `X` in the file.
pub(crate) fn place(files: &FileSet, def: &FlagDef) -> String {
    match (&def.source.kind, def.source.file) {
        (SourceKind::FlagFile | SourceKind::BoolFile, Some(f)) => format!("`{}`", files.path(f)),
        (_, Some(f)) => format!("`{}` in `{}`", def.written, files.path(f)),
        _ => format!("`{}`", def.written),
    }
}

/// The definitions a check can read: written in the tree (not derived) with a known value.
pub(crate) fn written(m: &Marathon) -> impl Iterator<Item = &FlagDef> {
    m.flags
        .iter()
        .filter(|d| d.source.kind != SourceKind::Derived && !d.unknown)
}

/// Test helper: the findings of one code on a tree, with an optional Marathon target.
#[cfg(test)]
pub(crate) fn run(code: &str, target: Option<&str>, tree: &[(&str, &str)]) -> usize {
    let mut files = FileSet::new();
    for (path, text) in tree {
        files.add_text(path, text);
    }
    let mut config = crate::Config {
        select: vec![code.to_string()],
        ..Default::default()
    };
    config.target.marathon = target.map(|t| Version::parse(t).expect("version"));
    crate::lint(&files, &config)
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .count()
}

/// Test helper: the findings of one code on a Debian-style `etc/default/marathon` holding a
/// master and the `extra` lines.
#[cfg(test)]
pub(crate) fn run_env(code: &str, target: Option<&str>, extra: &str) -> usize {
    let text = format!("MARATHON_MASTER=zk://zk1:2181/mesos\n{extra}\n");
    run(code, target, &[("etc/default/marathon", &text)])
}
