//! The effective flags of mesos-master and mesos-agent on one host, as the packaged init
//! wrapper (or a source install's env script, or a unit's command line) would pass them
//! (DOMAIN.md §1.2-1.4, §2.1).

use std::collections::BTreeMap;

use crate::files::{FileId, FileSet, InputProblem, Span};
use crate::parse::env_file::{Assignment, ValuePart};
use crate::parse::flags::{self, AGENT_SPECIALS, MASTER_SPECIALS};
use crate::parse::has_placeholder;
use crate::parse::unit_file::{mesos_flags, CliFlag};

use super::flags::{exact, static_or_owned, FlagDef, FlagSet, FlagText, Source, SourceKind};
use super::{EnvFileModel, FileKind, HostView, UnitModel};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Daemon {
    Master,
    Agent,
}

impl Daemon {
    pub fn as_str(self) -> &'static str {
        match self {
            Daemon::Master => "mesos-master",
            Daemon::Agent => "mesos-agent",
        }
    }

    /// Canonical flag name: deprecated aliases resolved.
    pub fn canonical(self, name: &str) -> String {
        let info = match self {
            Daemon::Master => flags::master_flag(name),
            Daemon::Agent => flags::agent_flag(name),
        };
        info.and_then(|i| i.alias_of).unwrap_or(name).to_string()
    }

    /// The name and the canonical name of a flag as [`FlagDef`] keeps them: static text when
    /// the flag is in the daemon's table.
    pub(crate) fn flag_names(self, name: &str) -> (FlagText, FlagText) {
        match self.flag(name) {
            Some(i) => (
                static_or_owned(name, Some(&i.name)),
                FlagText::table(i.alias_of.as_ref().unwrap_or(&i.name)),
            ),
            None => (FlagText::from(name), FlagText::from(name)),
        }
    }

    pub fn flag(self, name: &str) -> Option<&'static flags::FlagInfo> {
        match self {
            Daemon::Master => flags::master_flag(name),
            Daemon::Agent => flags::agent_flag(name),
        }
    }
}

/// An entry of the agent's `attributes/` or `resources/` directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub key: String,
    pub value: String,
    pub file: FileId,
    pub value_span: Span,
    /// Empty files are skipped by the wrapper (`[[ -s ]]`).
    pub empty: bool,
    /// The contents could not be read (unreadable, too large, a link out of the tree).
    pub unknown: bool,
}

/// One Mesos daemon on one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MesosDaemon {
    pub daemon: Daemon,
    /// The flag directory the wrapper reads (`etc/mesos-master`, `etc/mesos-slave` or
    /// `etc/mesos-agent`), `None` for a source install.
    pub flag_dir: Option<&'static str>,
    pub flags: FlagSet,
    pub attributes: Vec<DirEntry>,
    pub resources: Vec<DirEntry>,
    /// Flag files in the agent directory the wrapper does NOT read (`etc/mesos-slave` when it
    /// reads `etc/mesos-agent`, or the reverse).
    pub unread_flag_files: Vec<FileId>,
}

/// Resolve the value of an env-file assignment: literal text, `cat <file>` of a file in the
/// tree (or of a package-default file), or one earlier variable.
pub(crate) struct Resolved {
    pub value: Option<String>,
    pub value_span: Option<Span>,
    pub value_default: Option<&'static str>,
    pub unknown: bool,
}

pub(crate) fn resolve_value(
    host: &HostView<'_>,
    env: &EnvFileModel,
    a: &Assignment,
    earlier: &BTreeMap<String, (Resolved, FileId)>,
    package: bool,
) -> Resolved {
    let span = Span::new(env.file, a.value_span.clone());
    if let Some(lit) = a.value.literal() {
        let unknown = has_placeholder(&lit);
        // point at the text inside quotes when the whole value is one quoted literal
        let inner = match a.value.parts.as_slice() {
            [ValuePart::Literal { span, .. }] => Span::new(env.file, span.clone()),
            _ => span,
        };
        return Resolved {
            value: Some(lit),
            value_span: Some(inner),
            value_default: None,
            unknown,
        };
    }
    if let Some(path) = a.value.cat_path() {
        let rel = path.trim_start_matches('/');
        if let Some(f) = host.find(rel) {
            let (value, range) = flag_file_value(host.text(f.id));
            return Resolved {
                unknown: has_placeholder(&value),
                value: Some(value),
                value_span: Some(Span::new(f.id, range)),
                value_default: None,
            };
        }
        if package {
            if let Some((p, v)) = super::PACKAGE_DEFAULT_FILES.iter().find(|(p, _)| *p == rel) {
                return Resolved {
                    value: Some((*v).to_string()),
                    value_span: None,
                    value_default: Some(p),
                    unknown: false,
                };
            }
        }
        return Resolved {
            value: None,
            value_span: Some(span),
            value_default: None,
            unknown: true,
        };
    }
    if let [ValuePart::Variable { name, .. }] = a.value.parts.as_slice() {
        if let Some((r, _)) = earlier.get(name) {
            return Resolved {
                value: r.value.as_deref().map(Into::into),
                value_span: r.value_span,
                value_default: r.value_default,
                unknown: r.unknown,
            };
        }
    }
    Resolved {
        value: None,
        value_span: Some(span),
        value_default: None,
        unknown: true,
    }
}

/// How the wrapper sees a flag-directory entry whose contents mesoslint could not read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EntryContents {
    Read,
    /// A regular file (or a link leading out of the tree) whose contents are unknown here.
    Unknown,
    /// No regular file at all (FIFO, device, loop, dangling link): `[[ -f ]]` and `[[ -s ]]`
    /// reject it, so the wrapper passes nothing.
    NotAFile,
}

fn entry_contents(files: &FileSet, id: FileId) -> EntryContents {
    match files.get(id).problem() {
        None => EntryContents::Read,
        Some(InputProblem::NotRegular { .. })
        | Some(InputProblem::BadSymlink { outside: false, .. }) => EntryContents::NotAFile,
        Some(_) => EntryContents::Unknown,
    }
}

/// `$(cat f)` strips trailing newlines; stout then trims the argument's trailing whitespace.
/// Leading whitespace survives. Returns the value and its byte range in the file.
pub fn flag_file_value(text: &str) -> (String, std::ops::Range<usize>) {
    let end = text.trim_end().len();
    (text[..end].to_string(), 0..end)
}

fn split_bool_name(file_name: &str) -> Option<(String, bool)> {
    let rest = file_name.strip_prefix('?')?;
    match rest.strip_prefix("no-") {
        Some(n) => Some((n.to_ascii_lowercase(), true)),
        None => Some((rest.to_ascii_lowercase(), false)),
    }
}

/// Source the assignments of one sourced env file, in order: later assignments win, and each
/// variable remembers where it was set.
fn record_assignments(
    host: &HostView<'_>,
    env: &EnvFileModel,
    package: bool,
    vars: &mut BTreeMap<String, (Resolved, FileId)>,
    var_defs: &mut BTreeMap<String, Source>,
) {
    for a in &env.parsed.assignments {
        let r = resolve_value(host, env, a, vars, package);
        var_defs.insert(
            a.name.clone(),
            Source {
                kind: SourceKind::EnvVar,
                file: Some(env.file),
                span: Some(Span::new(env.file, a.name_span.clone())),
                default_path: None,
            },
        );
        vars.insert(a.name.clone(), (r, env.file));
    }
}

/// Every recorded variable has a source; this only keeps a missing one from panicking.
fn unplaced_env_source() -> Source {
    Source {
        kind: SourceKind::EnvVar,
        file: None,
        span: None,
        default_path: None,
    }
}

/// The flag a `MESOS_*` variable sets for `daemon` (stout's environment prefix, the rest
/// lower-cased), as (name, canonical name); `None` for any other variable.
pub(crate) fn env_flag_names(daemon: Daemon, var: &str) -> Option<(FlagText, FlagText)> {
    let rest = var.strip_prefix("MESOS_").filter(|r| !r.is_empty())?;
    Some(daemon.flag_names(&rest.to_ascii_lowercase()))
}

/// One `--flag[=value]` of a command line in `file` that starts `daemon` (a unit, an init job
/// or a start script): every place that reads a Mesos command line from a file builds its
/// flags here, so they agree on negation, placeholders and spans.
pub(crate) fn command_line_flag(daemon: Daemon, file: FileId, flag: &CliFlag) -> FlagDef {
    // stout strips `no-` whatever follows (`--no-x=v` is refused for a boolean with a value,
    // and for any non-boolean): keep the value to report it.
    let (name, negated) = match flag.name.strip_prefix("no-") {
        Some(n) => (n.to_ascii_lowercase(), true),
        None => (flag.name.to_ascii_lowercase(), false),
    };
    let value = match flag.value.as_deref() {
        Some("") if negated => None,
        v => v,
    };
    let (name, canonical) = daemon.flag_names(&name);
    FlagDef {
        name,
        canonical,
        written: format!("--{}", flag.name).into(),
        // A shell variable or a template placeholder: the daemon sees another text.
        unknown: flag
            .value
            .as_deref()
            .is_some_and(|v| has_placeholder(v) || v.contains('$')),
        value: value.map(Into::into),
        negated,
        source: Source {
            kind: SourceKind::CommandLine,
            file: Some(file),
            span: Some(Span::new(file, flag.name_span.clone())),
            default_path: None,
        },
        value_span: flag.value_span.clone().map(|r| Span::new(file, r)),
        value_default: None,
    }
}

/// Build one daemon's flags: wrapper specials and `MESOS_*` variables from the env files the
/// wrapper sources, flag files, package defaults, and unit command lines.
pub(crate) fn build(
    host: &HostView<'_>,
    daemon: Daemon,
    env_files: &[EnvFileModel],
    units: &[UnitModel],
    package: bool,
) -> MesosDaemon {
    let mut set = FlagSet::default();
    let source_env = env_files.iter().find(|e| {
        e.source_env
            && match daemon {
                Daemon::Master => e.name == "mesos-master",
                Daemon::Agent => e.name == "mesos-agent" || e.name == "mesos-slave",
            }
    });

    // Which agent directory the wrapper reads.
    let agent_dir = if daemon == Daemon::Agent {
        Some(agent_dir_name(host, units))
    } else {
        None
    };
    let flag_dir = match daemon {
        Daemon::Master => Some("etc/mesos-master"),
        Daemon::Agent => agent_dir,
    };
    let flag_dir = if source_env.is_some() && !host.has_dir(flag_dir.unwrap_or("")) {
        None
    } else {
        flag_dir
    };

    // 1. env files sourced by the wrapper, in order; later assignments win.
    let env_chain: Vec<&str> = match (daemon, agent_dir) {
        (Daemon::Master, _) => vec!["mesos", "mesos-master"],
        (Daemon::Agent, Some("etc/mesos-agent")) => vec!["mesos", "mesos-agent"],
        (Daemon::Agent, _) => vec!["mesos", "mesos-slave"],
    };
    let mut vars: BTreeMap<String, (Resolved, FileId)> = BTreeMap::new();
    let mut var_defs: BTreeMap<String, Source> = BTreeMap::new();
    let mut package_vars: Vec<(&'static str, &'static str, &'static str)> = Vec::new(); // (file, var, value)
    if flag_dir.is_some() {
        for name in &env_chain {
            // RHEL-style sysconfig and Debian-style default files: whichever the tree has.
            let in_tree: Vec<&EnvFileModel> = env_files
                .iter()
                .filter(|e| !e.source_env && e.name == *name)
                .collect();
            if in_tree.is_empty() {
                if package {
                    for (file, var, value) in super::PACKAGE_DEFAULT_ENV {
                        if file.strip_prefix("etc/default/") == Some(*name) {
                            package_vars.push((file, var, value));
                        }
                    }
                }
                continue;
            }
            for env in in_tree {
                record_assignments(host, env, package, &mut vars, &mut var_defs);
            }
        }
    }
    if let Some(env) = source_env {
        record_assignments(host, env, false, &mut vars, &mut var_defs);
    }

    // 2. wrapper specials become command-line flags (wrapper order).
    let specials: &'static [(&'static str, &'static str)] = match daemon {
        Daemon::Master => MASTER_SPECIALS,
        Daemon::Agent => AGENT_SPECIALS,
    };
    if flag_dir.is_some() {
        for pair in specials {
            let (var, flag) = (&pair.0, pair.1);
            if let Some((r, _)) = vars.get(*var) {
                if r.value.as_deref() == Some("") {
                    continue;
                }
                let source = var_defs
                    .get(*var)
                    .cloned()
                    .unwrap_or_else(unplaced_env_source);
                let (name, canonical) = daemon.flag_names(flag);
                set.args.push(FlagDef {
                    name,
                    canonical,
                    written: FlagText::table(var),
                    value: r.value.as_deref().map(|v| v.trim_end().into()),
                    negated: false,
                    source: Source {
                        kind: SourceKind::Special,
                        ..source
                    },
                    value_span: r.value_span,
                    value_default: r.value_default,
                    unknown: r.unknown,
                });
            } else if let Some((file, _, value)) = package_vars.iter().find(|(_, v, _)| v == var) {
                let (value, value_default) = if *value == "`cat /etc/mesos/zk`" {
                    match host.find("etc/mesos/zk") {
                        Some(f) => {
                            let (v, range) = flag_file_value(host.text(f.id));
                            let (name, canonical) = daemon.flag_names(flag);
                            set.args.push(FlagDef {
                                name,
                                canonical,
                                written: FlagText::table(var),
                                unknown: has_placeholder(&v),
                                value: Some(v.into()),
                                negated: false,
                                source: Source {
                                    kind: SourceKind::PackageDefault,
                                    file: None,
                                    span: None,
                                    default_path: Some(file),
                                },
                                value_span: Some(Span::new(f.id, range)),
                                value_default: None,
                            });
                            continue;
                        }
                        None => (super::DEFAULT_ZK_URL.to_string(), Some("etc/mesos/zk")),
                    }
                } else {
                    ((*value).to_string(), None)
                };
                let (name, canonical) = daemon.flag_names(flag);
                set.args.push(FlagDef {
                    name,
                    canonical,
                    written: FlagText::table(var),
                    value: Some(value.into()),
                    negated: false,
                    source: Source {
                        kind: SourceKind::PackageDefault,
                        file: None,
                        span: None,
                        default_path: Some(file),
                    },
                    value_span: None,
                    value_default,
                    unknown: false,
                });
            }
        }
    }

    // 3. MESOS_* environment variables.
    for (var, (r, _)) in &vars {
        let Some((name, canonical)) = env_flag_names(daemon, var) else {
            continue;
        };
        let source = var_defs
            .get(var)
            .cloned()
            .unwrap_or_else(unplaced_env_source);
        set.env.push(FlagDef {
            name,
            canonical,
            written: var.clone().into(),
            value: r.value.as_deref().map(Into::into),
            negated: false,
            source,
            value_span: r.value_span,
            value_default: r.value_default,
            unknown: r.unknown,
        });
    }

    // 4. flag files.
    let mut attributes = Vec::new();
    let mut resources = Vec::new();
    let mut unread = Vec::new();
    if let Some(dir) = flag_dir {
        let mut present: Vec<&str> = Vec::new();
        for f in host.files {
            let (file_name, dir_is_agent) = match (&f.kind, daemon) {
                (FileKind::MasterFlag(n), Daemon::Master) => (n.as_str(), None),
                (FileKind::AgentFlag { name, agent_dir }, Daemon::Agent) => {
                    (name.as_str(), Some(*agent_dir))
                }
                (FileKind::AgentAttribute { key, agent_dir }, Daemon::Agent)
                | (FileKind::AgentResource { key, agent_dir }, Daemon::Agent) => {
                    if *agent_dir != (dir == "etc/mesos-agent") || !host.parsable(f.id) {
                        continue;
                    }
                    let contents = entry_contents(host.files_set, f.id);
                    if contents == EntryContents::NotAFile {
                        continue;
                    }
                    let (value, range) = flag_file_value(host.text(f.id));
                    let entry = DirEntry {
                        key: key.clone(),
                        empty: contents == EntryContents::Read && host.text(f.id).is_empty(),
                        unknown: contents == EntryContents::Unknown,
                        value,
                        file: f.id,
                        value_span: Span::new(f.id, range),
                    };
                    if matches!(f.kind, FileKind::AgentAttribute { .. }) {
                        attributes.push(entry);
                    } else {
                        resources.push(entry);
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(is_agent_dir) = dir_is_agent {
                if is_agent_dir != (dir == "etc/mesos-agent") {
                    unread.push(f.id);
                    continue;
                }
            }
            if file_name.starts_with('.') {
                continue; // bash globs skip dotfiles
            }
            let contents = entry_contents(host.files_set, f.id);
            if contents == EntryContents::NotAFile {
                continue;
            }
            present.push(file_name);
            let text = host.text(f.id);
            if let Some((name, negated)) = split_bool_name(file_name) {
                let (name, canonical) = daemon.flag_names(&name);
                set.args.push(FlagDef::bool_file(
                    f.id,
                    name,
                    canonical,
                    file_name.to_string().into(),
                    negated,
                ));
                continue;
            }
            let (value, range) = flag_file_value(text);
            let (name, canonical) = daemon.flag_names(&file_name.to_ascii_lowercase());
            // a file name in the table's spelling borrows the table's text
            let written = static_or_owned(file_name, name.as_static());
            // an unreadable, binary or out-of-tree file still names a flag, but its value is
            // unknown
            let unknown = contents == EntryContents::Unknown
                || !host.parsable(f.id)
                || has_placeholder(&value)
                || (f.template && value.contains('{'));
            set.args.push(FlagDef::flag_file(
                f.id,
                (name, canonical, written),
                value,
                range,
                unknown,
            ));
        }
        if package {
            for (path, value) in super::PACKAGE_DEFAULT_FLAG_FILES {
                let Some(name) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) else {
                    continue;
                };
                if present.contains(&name) {
                    continue;
                }
                let (name, canonical) = daemon.flag_names(name);
                set.args.push(FlagDef {
                    written: name.clone(),
                    name,
                    canonical,
                    value: Some((*value).into()),
                    negated: false,
                    source: Source {
                        kind: SourceKind::PackageDefault,
                        file: None,
                        span: None,
                        default_path: Some(path),
                    },
                    value_span: None,
                    value_default: Some(path),
                    unknown: false,
                });
            }
        }
        // The directories' entries reach the agent as one --attributes / --resources flag.
        for (entries, flag) in [(&attributes, &"attributes"), (&resources, &"resources")] {
            let live: Vec<&DirEntry> = entries.iter().filter(|e| !e.empty).collect();
            if let Some(first) = live.first() {
                set.args.push(FlagDef {
                    name: FlagText::table(flag),
                    canonical: FlagText::table(flag),
                    written: dir_flag_written(dir, flag),
                    value: Some(join_entries(&live)),
                    negated: false,
                    source: Source {
                        kind: SourceKind::FlagFile,
                        file: Some(first.file),
                        span: Some(first.value_span),
                        default_path: None,
                    },
                    value_span: Some(first.value_span),
                    value_default: None,
                    unknown: live.iter().any(|e| e.unknown || has_placeholder(&e.value)),
                });
            }
        }
    }

    // 5. command lines in units and init jobs that start the daemon binary directly.
    for unit in units {
        if unit.runs != Some(daemon) || unit.via_wrapper {
            continue;
        }
        for cmd in &unit.parsed.commands {
            if !super::command_runs(cmd, daemon) {
                continue;
            }
            for flag in mesos_flags(&cmd.words) {
                set.args.push(command_line_flag(daemon, unit.file, &flag));
            }
        }
    }

    set.shrink();
    MesosDaemon {
        daemon,
        flag_dir,
        flags: set,
        attributes: exact(attributes),
        resources: exact(resources),
        unread_flag_files: exact(unread),
    }
}

/// The `key:value;key:value` text of a directory's entries, built in one exact allocation.
fn join_entries(live: &[&DirEntry]) -> Box<str> {
    let len: usize = live.iter().map(|e| e.key.len() + e.value.len() + 2).sum();
    let mut out = String::with_capacity(len.saturating_sub(1));
    for (i, e) in live.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&e.key);
        out.push(':');
        out.push_str(&e.value);
    }
    out.into_boxed_str()
}

/// How the `--attributes` / `--resources` flag built from a directory is written: the
/// directory (`etc/mesos-slave/attributes/`), static text for the wrapper's directories.
fn dir_flag_written(dir: &str, flag: &str) -> FlagText {
    let known: Option<&'static &'static str> = match (dir, flag) {
        ("etc/mesos-slave", "attributes") => Some(&"etc/mesos-slave/attributes/"),
        ("etc/mesos-slave", "resources") => Some(&"etc/mesos-slave/resources/"),
        ("etc/mesos-agent", "attributes") => Some(&"etc/mesos-agent/attributes/"),
        ("etc/mesos-agent", "resources") => Some(&"etc/mesos-agent/resources/"),
        _ => None,
    };
    match known {
        Some(k) => FlagText::table(k),
        None => format!("{dir}/{flag}/").into(),
    }
}

/// The agent directory the wrapper reads: `etc/mesos-agent` for the wrappers of generation B/C
/// (`mesos-init-wrapper agent`), `etc/mesos-slave` for the classic Mesosphere package.
fn agent_dir_name(host: &HostView<'_>, units: &[UnitModel]) -> &'static str {
    for u in units {
        if u.via_wrapper && u.runs == Some(Daemon::Agent) {
            if let Some(mode) = &u.wrapper_mode {
                return if mode == "agent" {
                    "etc/mesos-agent"
                } else {
                    "etc/mesos-slave"
                };
            }
        }
    }
    let has_agent =
        host.has_dir("etc/mesos-agent") || host.find("etc/default/mesos-agent").is_some();
    let has_slave =
        host.has_dir("etc/mesos-slave") || host.find("etc/default/mesos-slave").is_some();
    if has_agent && !has_slave {
        "etc/mesos-agent"
    } else {
        "etc/mesos-slave"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: &str) -> DirEntry {
        DirEntry {
            key: key.into(),
            value: value.into(),
            file: FileId(0),
            value_span: Span::new(FileId(0), 0..value.len()),
            empty: value.is_empty(),
            unknown: false,
        }
    }

    #[test]
    fn directory_entries_join_like_the_wrapper() {
        let (a, b, c) = (
            entry("rack", "r1"),
            entry("ports", "[31000-32000]"),
            entry("zône", "é:ü"),
        );
        assert_eq!(&*join_entries(&[]), "");
        assert_eq!(&*join_entries(&[&a]), "rack:r1");
        assert_eq!(
            &*join_entries(&[&a, &b, &c]),
            "rack:r1;ports:[31000-32000];zône:é:ü"
        );
    }

    #[test]
    fn flag_names_borrow_the_table() {
        let (name, canonical) = Daemon::Agent.flag_names("work_dir");
        assert!(name.is_static() && canonical.is_static());
        assert_eq!(
            (name.as_str(), canonical.as_str()),
            ("work_dir", "work_dir")
        );
        let (name, canonical) = Daemon::Agent.flag_names("no_such_flag_ü");
        assert!(!name.is_static() && !canonical.is_static());
        assert_eq!(name, canonical);
        assert_eq!(name, "no_such_flag_ü");
        let (name, canonical) = Daemon::Master.flag_names("");
        assert_eq!((name.as_str(), canonical.as_str()), ("", ""));
    }

    #[test]
    fn directory_flags_are_written_as_their_directory() {
        assert_eq!(
            dir_flag_written("etc/mesos-slave", "attributes"),
            "etc/mesos-slave/attributes/"
        );
        assert!(dir_flag_written("etc/mesos-agent", "resources").is_static());
        assert_eq!(dir_flag_written("x", "resources"), "x/resources/");
    }
}
