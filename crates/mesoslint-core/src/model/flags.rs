//! Flag definitions with provenance, shared by the Mesos daemons and Marathon.

use crate::files::{FileId, FileSet, Span};
pub(crate) use crate::parse::exact;

/// Text of a flag definition: a name of the flag and variable tables (borrowed, no allocation
/// per host) or owned text. 16 bytes. Reads like a `String` (`as_str`, `Deref<Target = str>`,
/// comparisons with `str`).
#[derive(Clone)]
pub struct FlagText(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Box<str>),
    /// A thin pointer to a `&'static str` of a table: keeps the enum at 16 bytes.
    Table(&'static &'static str),
}

impl FlagText {
    /// Text of a table (`&info.name`, `&"literal"`): no allocation.
    pub fn table(s: &'static &'static str) -> FlagText {
        FlagText(Repr::Table(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Table(s) => s,
        }
    }

    /// Is the text borrowed from a table (not allocated)?
    pub fn is_static(&self) -> bool {
        matches!(self.0, Repr::Table(_))
    }

    /// The table text, if it is borrowed from a table.
    pub fn as_static(&self) -> Option<&'static &'static str> {
        match self.0 {
            Repr::Table(s) => Some(s),
            Repr::Owned(_) => None,
        }
    }
}

impl Default for FlagText {
    fn default() -> FlagText {
        FlagText::table(&"")
    }
}

impl std::ops::Deref for FlagText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for FlagText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for FlagText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for FlagText {
    fn eq(&self, other: &FlagText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for FlagText {}

impl PartialOrd for FlagText {
    fn partial_cmp(&self, other: &FlagText) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FlagText {
    fn cmp(&self, other: &FlagText) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for FlagText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for FlagText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for FlagText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for FlagText {
    fn from(s: String) -> FlagText {
        FlagText(Repr::Owned(s.into_boxed_str()))
    }
}

impl From<&str> for FlagText {
    fn from(s: &str) -> FlagText {
        FlagText(Repr::Owned(s.into()))
    }
}

impl PartialEq<str> for FlagText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FlagText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for FlagText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<FlagText> for str {
    fn eq(&self, other: &FlagText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<FlagText> for &str {
    fn eq(&self, other: &FlagText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<FlagText> for String {
    fn eq(&self, other: &FlagText) -> bool {
        self.as_str() == other.as_str()
    }
}

/// `name` as table text when it is exactly `known` (a table name), else an owned copy.
pub fn static_or_owned(name: &str, known: Option<&'static &'static str>) -> FlagText {
    match known {
        Some(k) if *k == name => FlagText::table(k),
        _ => FlagText::from(name),
    }
}

/// Where a definition of a flag is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A file `etc/mesos-master/<flag>` (or agent / Marathon conf dir): name = flag, content = value.
    FlagFile,
    /// A `?flag` / `?no-flag` (Marathon: `?disable_x`) file: content ignored.
    BoolFile,
    /// `MESOS_<FLAG>=` / `MARATHON_<FLAG>=` in an env file.
    EnvVar,
    /// A wrapper special variable (`ZK`, `MASTER`, `IP`, `PORT`, `LOGS`, ...): `written`
    /// names it.
    Special,
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
    pub name: FlagText,
    /// The flag this name stands for after deprecated aliases are resolved.
    pub canonical: FlagText,
    /// How it was written: the file name, the variable, `--flag`.
    pub written: FlagText,
    /// `None` for boolean toggles with no value (`?flag`, `--flag`, `--no-flag`).
    pub value: Option<Box<str>>,
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
    /// A flag given by a file with no value: `?flag` (`?no-flag` when `negated`) in a Mesos
    /// flag directory, or `?flag` in Marathon's conf directory.
    pub(crate) fn bool_file(
        file: FileId,
        name: FlagText,
        canonical: FlagText,
        written: FlagText,
        negated: bool,
    ) -> FlagDef {
        FlagDef {
            name,
            canonical,
            written,
            value: None,
            negated,
            source: Source {
                kind: SourceKind::BoolFile,
                file: Some(file),
                span: Some(Span::file_start(file)),
                default_path: None,
            },
            value_span: None,
            value_default: None,
            unknown: false,
        }
    }

    /// A flag whose value is a file's contents; `range` is where the value stands in it.
    pub(crate) fn flag_file(
        file: FileId,
        names: (FlagText, FlagText, FlagText),
        value: String,
        range: std::ops::Range<usize>,
        unknown: bool,
    ) -> FlagDef {
        let (name, canonical, written) = names;
        FlagDef {
            name,
            canonical,
            written,
            unknown,
            value: Some(value.into()),
            negated: false,
            source: Source {
                kind: SourceKind::FlagFile,
                file: Some(file),
                span: Some(Span::new(file, range.clone())),
                default_path: None,
            },
            value_span: Some(Span::new(file, range)),
            value_default: None,
        }
    }

    /// The best span to point at: the value, else the definition.
    pub fn span(&self) -> Option<Span> {
        self.value_span.or(self.source.span)
    }

    /// The value when it is known (not a placeholder, not unresolvable shell).
    pub fn known_value(&self) -> Option<&str> {
        // `--no-x=v` is refused at start (MF002): its value means nothing.
        if self.unknown || self.negated {
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
            (SourceKind::Special, Some(f)) => match self.value_default {
                Some(p) => format!(
                    "{} in {} (from the package default {p})",
                    self.written,
                    files.path(f)
                ),
                None => format!("{} in {}", self.written, files.path(f)),
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
    /// Drop the spare capacity of both lists (the model is kept for the whole lint run).
    pub(crate) fn shrink(&mut self) {
        self.args = exact(std::mem::take(&mut self.args));
        self.env = exact(std::mem::take(&mut self.env));
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_text_borrows_only_exact_table_names() {
        let t = static_or_owned("work_dir", Some(&"work_dir"));
        assert!(t.is_static());
        assert_eq!(t, "work_dir");
        let t = static_or_owned("Work_Dir", Some(&"work_dir"));
        assert!(!t.is_static());
        assert_eq!(t.as_str(), "Work_Dir");
        let t = static_or_owned("", None);
        assert!(!t.is_static());
        assert!(t.is_empty());
        let t = static_or_owned("répertoire", Some(&"work_dir"));
        assert_eq!(t, "répertoire".to_string());
        assert_eq!(format!("{t}|{t:?}"), "répertoire|\"répertoire\"");
        assert_eq!(std::mem::size_of::<FlagText>(), 16);
        assert_eq!(FlagText::default(), "");
        assert_eq!(FlagText::from("x".to_string()), FlagText::table(&"x"));
    }
}
