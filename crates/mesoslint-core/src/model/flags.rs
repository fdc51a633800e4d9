//! Flag definitions with provenance, shared by the Mesos daemons and Marathon.

use crate::files::{FileId, FileSet, Span};

/// Where a definition of a flag is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A file `etc/mesos-master/<flag>` (or agent / Marathon conf dir): name = flag, content = value.
    FlagFile,
    /// A `?flag` / `?no-flag` (Marathon: `?disable_x`) file: content ignored.
    BoolFile,
    /// `MESOS_<FLAG>=` / `MARATHON_<FLAG>=` in an env file.
    EnvVar,
    /// A wrapper special variable (`ZK`, `MASTER`, `IP`, `PORT`, `LOGS`, ...).
    Special(String),
    /// `--flag=value` on a command line in a unit or init file.
    CommandLine,
    /// A file the package ships, not in this tree (`default_path` names it).
    PackageDefault,
    /// Derived by a start script from another file (Marathon <= 1.4 from `etc/mesos/zk`).
    Derived,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    /// The file holding the definition, if it is in the tree.
    pub file: Option<FileId>,
    /// The name of the definition in that file (variable or `--flag`); for flag files, the
    /// value span is the only span.
    pub span: Option<Span>,
    /// For package defaults and derived values: the path of the file the value stands for.
    pub default_path: Option<&'static str>,
}

/// One definition of a flag reaching a daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagDef {
    /// Lower-cased flag name as given (an alias stays an alias: see `canonical`). For `?no-x`
    /// and `--no-x` it is `x`, with `negated` set.
    pub name: String,
    /// The flag this name stands for after deprecated aliases are resolved.
    pub canonical: String,
    /// How it was written: the file name, the variable, `--flag`.
    pub written: String,
    /// `None` for boolean toggles with no value (`?flag`, `--flag`, `--no-flag`).
    pub value: Option<String>,
    pub negated: bool,
    pub source: Source,
    /// Where the value text is. `None` when the value comes from a package default.
    pub value_span: Option<Span>,
    /// The value comes from a package-default file that is not in the tree (its path).
    pub value_default: Option<&'static str>,
    /// The value is or contains a template placeholder, or shell syntax mesoslint cannot
    /// resolve: rules treat it as unknown.
    pub unknown: bool,
}

impl FlagDef {
    /// The best span to point at: the value, else the definition.
    pub fn span(&self) -> Option<Span> {
        self.value_span.or(self.source.span)
    }

    /// The value when it is known (not a placeholder, not unresolvable shell).
    pub fn known_value(&self) -> Option<&str> {
        if self.unknown {
            None
        } else {
            self.value.as_deref()
        }
    }

    /// Is this value the package's (no file in the tree sets it)?
    pub fn is_package_default(&self) -> bool {
        self.source.kind == SourceKind::PackageDefault || self.value_default.is_some()
    }

    /// Human description of where the definition comes from, for messages.
    pub fn origin(&self, files: &FileSet) -> String {
        match (&self.source.kind, self.source.file) {
            (SourceKind::PackageDefault, _) => format!(
                "the package default: {} is not in this tree",
                self.source.default_path.unwrap_or("the packaged file")
            ),
            (SourceKind::Derived, _) => format!(
                "derived by the start script from {}",
                self.source.default_path.unwrap_or("another file")
            ),
            (SourceKind::Special(var), Some(f)) => match self.value_default {
                Some(p) => format!("{var} in {} (from the package default {p})", files.path(f)),
                None => format!("{var} in {}", files.path(f)),
            },
            (SourceKind::EnvVar, Some(f)) => format!("{} in {}", self.written, files.path(f)),
            (SourceKind::CommandLine, Some(f)) => {
                format!("`{}` in {}", self.written, files.path(f))
            }
            (_, Some(f)) => files.path(f).to_string(),
            (_, None) => "an unknown place".to_string(),
        }
    }
}

/// The definitions of one daemon's flags, in the order the daemon sees them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlagSet {
    /// Command-line definitions (wrapper specials, flag files, unit `--flags`), in order.
    pub args: Vec<FlagDef>,
    /// Environment definitions (`MESOS_*` / `MARATHON_*`): the command line wins over them.
    pub env: Vec<FlagDef>,
}

impl FlagSet {
    /// The definition the daemon uses for a flag (canonical name): the last command-line one,
    /// else the last environment one.
    pub fn get(&self, canonical: &str) -> Option<&FlagDef> {
        self.args
            .iter()
            .rev()
            .find(|d| d.canonical == canonical)
            .or_else(|| self.env.iter().rev().find(|d| d.canonical == canonical))
    }

    /// Its known value.
    pub fn value(&self, canonical: &str) -> Option<&str> {
        self.get(canonical).and_then(|d| d.known_value())
    }

    /// Every definition of a flag, command line first.
    pub fn all<'a>(&'a self, canonical: &'a str) -> impl Iterator<Item = &'a FlagDef> + 'a {
        self.args
            .iter()
            .chain(self.env.iter())
            .filter(move |d| d.canonical == canonical)
    }

    /// Is the flag set at all (by anything, package defaults included)?
    pub fn is_set(&self, canonical: &str) -> bool {
        self.get(canonical).is_some()
    }

    /// Every definition, command line then environment.
    pub fn iter(&self) -> impl Iterator<Item = &FlagDef> {
        self.args.iter().chain(self.env.iter())
    }
}
