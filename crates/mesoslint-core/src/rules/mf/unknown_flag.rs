use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::model::{Daemon, FlagDef, Host, MesosDaemon, SourceKind};
use crate::parse::env_file::Assignment;
use crate::parse::flags::{
    agent_flag, master_flag, suggest_agent_flag, suggest_master_flag, REMOVED_AGENT_FLAGS,
    REMOVED_MASTER_FLAGS,
};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, leftover_base, leftover_kind, missing_build, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a flag that mesos-master or the agent does not know: a file in a flag directory
    /// (`etc/mesos-master/`, `etc/mesos-slave/`, `etc/mesos-agent/`), a `--flag` on a unit's
    /// command line, or a `MESOS_*` variable in `etc/default/mesos*`. Typos, editor and
    /// package-manager leftovers (`quorum~`, `quorum.bak`, `work_dir.dpkg-dist`,
    /// `work_dir.rpmnew`) and stray `README` files all count. It suggests the closest flag.
    ///
    /// ## Why is this bad?
    /// The init wrapper turns every regular file of the flag directory into `--<name>=<content>`,
    /// and the daemons refuse unknown command-line flags ("Failed to load unknown flag
    /// 'work_dir.dpkg-dist'"): the daemon does not start at all. Flags that only exist in
    /// optional builds (port-mapping isolator, SSL, XFS, seccomp) are reported as warnings: a
    /// standard package build refuses them the same way. A flag removed by a Mesos upgrade
    /// fails in the same way on the new version.
    ///
    /// A `MESOS_*` variable naming no flag is different: Mesos silently ignores unknown
    /// variables, so the daemon starts but the setting never applies (a warning).
    ///
    /// ## Example
    /// ### Invalid: an editor leftover in the flag directory
    /// ```text file:etc/mesos-master/quorum~
    /// 1
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ### Invalid: a typo
    /// ```text file:etc/mesos-slave/work_dri
    /// /var/lib/mesos
    /// ```
    /// ### Invalid: a variable that names no flag
    /// ```text file:etc/default/mesos-master
    /// MESOS_QOURUM=2
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:etc/default/mesos-master
    /// MESOS_ZK_SESSION_TIMEOUT=20secs
    /// ```
    ///
    /// ## How to fix
    /// Delete leftovers and documentation files from the flag directories (keep notes
    /// elsewhere), rename misspelt files to the flag's name, and drop flags your Mesos version
    /// no longer has.
    ///
    /// ## References
    /// - DOMAIN.md §1.2-1.3 and §2.1: mesosphere/mesos-deb-packaging `mesos-init-wrapper`;
    ///   stout `flags.hpp` ("Failed to load unknown flag"; unknown `MESOS_*` variables ignored).
    /// - d2iq-archive/mesos-deb-packaging#85 (`work_dir.dpkg-dist`), deric/puppet-mesos#79
    ///   (`work_dir.rpmnew`), mdsol/mesos_cookbook#58.
    /// - apache/mesos `src/master/flags.cpp`, `src/slave/flags.cpp` (`#ifdef` build flags).
    pub struct UnknownFlag {
        code: "MF001",
        name: "unknown-flag",
        severity: Error,
        summary: "A Mesos flag file, `--flag` or `MESOS_*` variable names no flag the daemon knows",
        fix: Unsafe,
    }
}

/// `MESOS_*` variables that are not flags but are read by other programs.
const NON_FLAG_MESOS_VARIABLES: &[&str] = &["NATIVE_JAVA_LIBRARY", "NATIVE_LIBRARY", "HOME"];

fn lookup(daemon: Daemon, name: &str) -> Option<&'static crate::parse::flags::FlagInfo> {
    match daemon {
        Daemon::Master => master_flag(name),
        Daemon::Agent => agent_flag(name),
    }
}

fn suggest(daemon: Daemon, name: &str) -> Option<&'static str> {
    match daemon {
        Daemon::Master => suggest_master_flag(name),
        Daemon::Agent => suggest_agent_flag(name),
    }
}

pub(crate) fn removed(daemon: Daemon, name: &str) -> Option<&'static str> {
    let table = match daemon {
        Daemon::Master => REMOVED_MASTER_FLAGS,
        Daemon::Agent => REMOVED_AGENT_FLAGS,
    };
    table.iter().find(|(n, _)| *n == name).map(|(_, why)| *why)
}

impl Rule for UnknownFlag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                for def in &d.flags.args {
                    if matches!(
                        def.source.kind,
                        SourceKind::FlagFile | SourceKind::BoolFile | SourceKind::CommandLine
                    ) {
                        check_arg(cx, d, def, &secrets, sink);
                    }
                }
            }
            check_env(cx, host, sink);
        }
    }
}

fn check_arg(
    cx: &Context<'_>,
    d: &MesosDaemon,
    def: &FlagDef,
    secrets: &super::util::SecretFiles<'_>,
    sink: &mut Sink,
) {
    let daemon = d.daemon;
    let prog = daemon.as_str();
    // attributes/resources assembled from their directories are always known.
    if def.written.ends_with('/') {
        return;
    }
    let Some(file) = def.source.file else { return };
    // Nothing is said about a flag in a secret file; asked only when there is something to
    // say (working out a host's secret files costs more than the look-up).
    let in_secret_file = || secrets.contains(&file);
    let span = match def.source.kind {
        SourceKind::CommandLine => def.source.span.unwrap_or(Span::file_start(file)),
        _ => Span::file_start(file),
    };
    // (described only when there is something to report: most flags are known)
    let place_of = || match def.source.kind {
        SourceKind::CommandLine => format!("`{}` in {}", def.written, cx.files.path(file)),
        _ => format!("`{}`", cx.files.path(file)),
    };
    let as_flag_of = || match (&def.source.kind, &def.value) {
        (SourceKind::BoolFile, _) | (_, None) => format!("--{}{}", neg(def), def.name),
        _ => format!("--{}=...", def.name),
    };
    if let Some(info) = lookup(daemon, &def.name) {
        let target = info.alias_of.and_then(|t| lookup(daemon, t));
        if let Some(build) = missing_build(info, target) {
            if in_secret_file() {
                return;
            }
            let (place, as_flag) = (place_of(), as_flag_of());
            sink.report(
                Diagnostic::new(
                    &UnknownFlag::META,
                    format!(
                        "{place}: `{}` exists only in {prog} builds with {build}; a standard build refuses `{as_flag}` and does not start",
                        def.name
                    ),
                )
                .severity(Severity::Warning)
                .primary(span, format!("only known to {prog} builds with {build}"))
                .help(format!(
                    "keep `{}` only if this host's Mesos is built with {build}",
                    def.name
                )),
            );
        }
        return;
    }
    if in_secret_file() {
        return;
    }
    let (place, as_flag) = (place_of(), as_flag_of());
    if let Some(why) = removed(daemon, &def.name) {
        sink.report(
            Diagnostic::new(
                &UnknownFlag::META,
                format!(
                    "{place}: flag `{}` was {why}; current {prog} versions refuse `{as_flag}` and do not start",
                    def.name
                ),
            )
            .primary(span, format!("`{}` was {why}", def.name))
            .help(format!("remove {place}")),
        );
        return;
    }
    if def.name.is_empty() {
        let what = if def.negated {
            format!("`--no-`, an unknown flag with an empty name; {prog} does not start")
        } else {
            format!("a bare `--`, after which {prog} ignores every later flag")
        };
        sink.report(
            Diagnostic::new(
                &UnknownFlag::META,
                format!("{place} names no flag: the init wrapper passes {what}"),
            )
            .primary(span, "names no flag")
            .help(format!("delete {place}")),
        );
        return;
    }
    let written = &def.written;
    if def.source.kind != SourceKind::CommandLine {
        if let Some(kind) = leftover_kind(written) {
            let base = leftover_base(written).to_ascii_lowercase();
            let note = if lookup(daemon, &base).is_some() {
                format!(" (of `{base}`)")
            } else {
                String::new()
            };
            sink.report(
                Diagnostic::new(
                    &UnknownFlag::META,
                    format!(
                        "{place} is {kind}{note}: the init wrapper passes it as `{as_flag}` and {prog} refuses the unknown flag and does not start"
                    ),
                )
                .primary(span, format!("becomes the unknown flag `--{}`", def.name))
                .note("the init wrapper turns every regular file of the directory into a flag; only the 2022 mesos/mesos-packaging wrapper skips `*.dpkg-dist` and `*.rpmnew`")
                .help(format!("delete {place} or move it out of the flag directory")),
            );
            return;
        }
    }
    let suggestion = suggest(daemon, &def.name);
    let mut diag = Diagnostic::new(
        &UnknownFlag::META,
        format!(
            "{place}: {prog} has no flag `{}`{}; it refuses `{as_flag}` and does not start",
            def.name,
            suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default()
        ),
    )
    .primary(span, format!("unknown {prog} flag `{}`", def.name));
    let exact = cx.files.text(span) == def.written.trim_start_matches('-');
    diag = match suggestion {
        Some(s) => match def.source.kind {
            SourceKind::CommandLine if !exact => {
                diag.help(format!("rename the flag to `--{}{s}`", neg(def)))
            }
            SourceKind::CommandLine => diag
                .help(format!("rename the flag to `--{}{s}`", neg(def)))
                .unsafe_fix(
                    format!("rename to `--{}{s}`", neg(def)),
                    span,
                    format!("{}{s}", neg(def)),
                ),
            SourceKind::BoolFile => diag.help(format!(
                "rename the file to `?{}{s}`",
                if def.negated { "no-" } else { "" }
            )),
            _ => diag.help(format!("rename the file to `{s}`")),
        },
        None => diag.help(format!("remove {place}; see `{prog} --help` for the flags")),
    };
    sink.report(diag);
}

fn neg(def: &FlagDef) -> &'static str {
    if def.negated {
        "no-"
    } else {
        ""
    }
}

/// `MESOS_*` variables naming no flag: Mesos ignores them (stout loads only known names from
/// the environment), so the setting silently never applies.
fn check_env(cx: &Context<'_>, host: &Host, sink: &mut Sink) {
    for env in &host.env_files {
        let daemons: &[Daemon] = match env.name.as_str() {
            "mesos" => &[Daemon::Master, Daemon::Agent],
            "mesos-master" => &[Daemon::Master],
            "mesos-slave" | "mesos-agent" => &[Daemon::Agent],
            _ => continue,
        };
        for a in &env.parsed.assignments {
            let Some(rest) = a.name.strip_prefix("MESOS_") else {
                continue;
            };
            if rest.is_empty() || NON_FLAG_MESOS_VARIABLES.contains(&rest) {
                continue;
            }
            let name = rest.to_ascii_lowercase();
            if daemons.iter().any(|d| {
                lookup(*d, &name).is_some() || removed(*d, &name).is_some() // MF005
            }) {
                continue;
            }
            report_env(cx, env.file, a, &name, daemons, sink);
        }
    }
}

fn report_env(
    cx: &Context<'_>,
    file: crate::files::FileId,
    a: &Assignment,
    name: &str,
    daemons: &[Daemon],
    sink: &mut Sink,
) {
    let progs = daemons
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(" nor ");
    let suggestion = daemons.iter().find_map(|d| suggest(*d, name));
    let span = Span::new(file, a.name_span.clone());
    let mut diag = Diagnostic::new(
        &UnknownFlag::META,
        format!(
            "`{}` in {} names no flag of {progs}{}: Mesos silently ignores unknown MESOS_* variables, so this setting never applies",
            a.name,
            cx.files.path(file),
            suggestion
                .map(|s| format!(" (did you mean `MESOS_{}`?)", s.to_ascii_uppercase()))
                .unwrap_or_default()
        ),
    )
    .severity(Severity::Warning)
    .primary(span, format!("`{name}` is not a flag: ignored"));
    diag = match suggestion {
        Some(s) => {
            let fixed = format!("MESOS_{}", s.to_ascii_uppercase());
            diag.help(format!("rename the variable to `{fixed}`"))
                .unsafe_fix(format!("rename to `{fixed}`"), span, fixed)
        }
        None => diag.help("remove the variable, or name a flag the daemon knows"),
    };
    sink.report(diag);
}

#[cfg(test)]
mod tests {
    use crate::files::{FileSet, InputProblem};
    use crate::{lint, Config};

    fn mf001_paths(files: &FileSet) -> Vec<String> {
        let config = Config {
            select: vec!["MF001".to_string()],
            ..Config::default()
        };
        let report = lint(files, &config);
        report
            .diagnostics
            .iter()
            .filter_map(|d| d.labels.first())
            .map(|l| files.path(l.span.file).to_string())
            .collect()
    }

    /// The wrapper passes only entries `[[ -f ]]` accepts: a loop, a dangling link or a FIFO in
    /// the flag directory is no flag. A link out of the tree may well lead to a file on the real
    /// host, so its name still counts.
    #[test]
    fn entries_that_are_not_files_are_no_flags() {
        let mut fs = FileSet::new();
        fs.add_text("m1/etc/mesos-master/quorum", "1\n");
        let bad_link = |reason: &str, outside| InputProblem::BadSymlink {
            reason: reason.to_string(),
            outside,
        };
        fs.add_problem(
            "m1/etc/mesos-master/loop_a",
            bad_link("symbolic link loop", false),
        );
        fs.add_problem(
            "m1/etc/mesos-master/dangling",
            bad_link("dangling symbolic link", false),
        );
        fs.add_problem(
            "m1/etc/mesos-master/fifo",
            InputProblem::NotRegular {
                kind: "FIFO".into(),
            },
        );
        fs.add_problem(
            "m1/etc/mesos-master/outside",
            bad_link("symbolic link leads out of the linted path", true),
        );
        fs.add_problem(
            "m1/etc/mesos-master/too_big",
            InputProblem::TooLarge { size: 9, limit: 1 },
        );
        assert_eq!(
            mf001_paths(&fs),
            ["m1/etc/mesos-master/outside", "m1/etc/mesos-master/too_big"]
        );
    }
}
