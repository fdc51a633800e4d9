use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::SourceKind;
use crate::parse::flags::{marathon_flag, suggest_marathon_flag};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use crate::parse::marathon_options;

use super::util::{name, target};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon option Marathon does not know: a file in `etc/marathon/conf/`
    /// (while that directory is read, up to 1.4), a `MARATHON_*` variable, or a `--flag` on
    /// the command line of its unit. Editor leftovers (`master~`, `zk.bak`) count: the start
    /// script turns every file into an option. The closest known option is suggested.
    ///
    /// The set of known options follows the Marathon release: `[target] marathon` in
    /// `mesoslint.toml`, else 1.4 for a tree with `etc/marathon/conf/`, else the latest release
    /// (1.11). The per-release tables are generated from the Scallop traits of Marathon's own
    /// source at every release tag 1.4.0 to 1.10.26 and master (1.11), plus the HTTP options of
    /// mesosphere/chaos that 1.4 to 1.6.392 mix in (`parse/marathon_options.rs`). An option of
    /// another release is named with the releases that define it.
    ///
    /// ## Why is this bad?
    /// Marathon's option parser (Scallop) rejects unknown options with
    /// `Unknown option '<name>'` and Marathon does not start (every release 1.4 to 1.11). Toggles
    /// are `x` / `disable_x` (not Mesos-style `no-x`), a common source of unknown options.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_TASK_LAUNCH_TIMOUT=600000
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_TASK_LAUNCH_TIMEOUT=600000
    /// ```
    ///
    /// ## How to fix
    /// Rename the file or variable to the option meant, or remove it.
    ///
    /// ## References
    /// - DOMAIN.md §4.1 (conf dir files and `MARATHON_*` variables become `--options`;
    ///   toggles `--x` / `--disable_x`), §4.2 (the options).
    pub struct UnknownFlag {
        code: "MR003",
        name: "unknown-flag",
        severity: Error,
        summary: "A Marathon option Marathon does not know",
    }
}

impl Rule for UnknownFlag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            for def in m.flags.iter() {
                if def.source.kind == SourceKind::Derived {
                    continue;
                }
                // Options removed in a later release are MR005's (it names the release).
                if marathon_flag(&def.name).is_some_and(|f| f.removed_in.is_some()) {
                    continue;
                }
                let elsewhere = match marathon_options::lookup(&def.name) {
                    Some((o, _)) if o.exists_in(t.minor, t.patch) => continue,
                    Some((o, _)) => Some(o.releases()),
                    None => None,
                };
                let span = match def.source.kind {
                    SourceKind::FlagFile | SourceKind::BoolFile => {
                        def.source.file.map(Span::file_start)
                    }
                    _ => def.source.span,
                };
                let Some(span) = span else { continue };
                let place = match (def.source.kind.clone(), def.source.file) {
                    (SourceKind::FlagFile | SourceKind::BoolFile, Some(f)) => {
                        format!("`{}`", cx.files.path(f))
                    }
                    (_, Some(f)) => format!("`{}` in `{}`", def.written, cx.files.path(f)),
                    _ => format!("`{}`", def.written),
                };
                if let Some(releases) = elsewhere {
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "{place} on {} becomes `--{}`, which Marathon {} does not define: it refuses to start (\"Unknown option '{}'\")",
                                name(host),
                                def.name,
                                t.label(),
                                def.name
                            ),
                        )
                        .primary(span, format!("unknown to Marathon {}", t.label()))
                        .note(format!("`{}` exists in Marathon {releases}; {}", def.name, t.reason))
                        .help("remove it, or set `[target] marathon` to the release you run"),
                    );
                    continue;
                }
                let suggestion = suggest_marathon_flag(&def.name);
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "{place} on {} becomes `--{}`, which Marathon does not know: it refuses to start",
                        name(host),
                        def.name
                    ),
                )
                .primary(span, format!("unknown option `{}`", def.name));
                d = match suggestion {
                    Some(s) => d.help(format!("did you mean `{s}`? Rename it, or remove it")),
                    None => d.help("remove it, or rename it to a Marathon option"),
                };
                sink.report(d);
            }
        }
    }
}
