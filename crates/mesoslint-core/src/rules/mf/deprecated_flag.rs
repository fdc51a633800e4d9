use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{Daemon, SourceKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::unknown_flag::removed;
use super::util::{daemons, def_span, describe, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a deprecated Mesos flag: an old alias that still works but logs "Loaded
    /// deprecated flag" (`slave_ping_timeout`, `slave_reregister_timeout`, `authenticate`,
    /// `authenticate_slaves`, `slave_subsystems`, `executor_secret_key`, ...), a flag the help
    /// marks as deprecated (`roles`, `weights`, `docker_stop_timeout`), and a removed flag set
    /// through a `MESOS_*` variable (the daemon ignores it; as a flag file it is MF001).
    ///
    /// ## Why is this bad?
    /// Deprecated names disappear in later releases, and then the daemon refuses to start.
    /// Using the new name now also avoids a duplicate when someone adds it later (MF003).
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/slave_ping_timeout
    /// 30secs
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/agent_ping_timeout
    /// 30secs
    /// ```
    ///
    /// ## How to fix
    /// Rename the file or variable to the new flag name given in the message.
    ///
    /// ## References
    /// - DOMAIN.md §2.1: apache/mesos `src/master/flags.cpp`, `src/slave/flags.cpp`
    ///   (`flags::DeprecatedName`).
    /// - DOMAIN.md §2.6 (removed agent flags: diff of flag names between tags).
    pub struct DeprecatedFlag {
        code: "MF005",
        name: "deprecated-flag",
        severity: Info,
        summary: "A deprecated alias, deprecated flag or removed flag in the Mesos configuration",
        fix: Safe,
    }
}

impl Rule for DeprecatedFlag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            let mut seen: BTreeSet<(Span, String)> = BTreeSet::new();
            for d in daemons(host) {
                let prog = d.daemon.as_str();
                for def in d.flags.iter() {
                    if def.is_package_default() || def.written.ends_with('/') {
                        continue;
                    }
                    let name = &def.name;
                    // (most definitions are neither: decide before describing the place)
                    let relevant = match d.daemon.flag(name) {
                        Some(info) => {
                            info.alias_of.is_some() || info.help.starts_with("deprecated")
                        }
                        None => {
                            def.source.kind == SourceKind::EnvVar
                                && removed(d.daemon, name).is_some()
                        }
                    };
                    if !relevant {
                        continue;
                    }
                    let Some(span) = def_span(def, &secrets) else {
                        continue;
                    };
                    let place = describe(def, cx.files);
                    let mut label = "deprecated";
                    let (message, help, rename) = match d.daemon.flag(name) {
                        Some(info) if info.alias_of.is_some() => {
                            let new = info.alias_of.unwrap_or_default();
                            (
                                format!("{place}: `{name}` is a deprecated name of `{new}` ({prog} logs \"Loaded deprecated flag '{name}'\")"),
                                format!("use `{new}` instead of `{name}`"),
                                Some(new),
                            )
                        }
                        Some(info) if info.help.starts_with("deprecated") => (
                            format!(
                                "{place}: `{name}` is deprecated in {prog} ({})",
                                info.help
                                    .trim_start_matches("deprecated")
                                    .trim_start_matches(':')
                                    .trim()
                            ),
                            format!(
                                "stop using `{name}`; see the upgrade notes of your Mesos version"
                            ),
                            None,
                        ),
                        Some(_) => continue,
                        None if def.source.kind == SourceKind::EnvVar => {
                            let Some(why) = removed(d.daemon, name) else {
                                continue;
                            };
                            label = "removed";
                            (
                                format!("{place}: `{name}` was {why}; current {prog} versions ignore the variable"),
                                format!("remove {}", def.written),
                                None,
                            )
                        }
                        None => continue,
                    };
                    if !seen.insert((span, message.clone())) {
                        continue;
                    }
                    let mut diag = Diagnostic::new(&DeprecatedFlag::META, message)
                        .primary(span, label)
                        .help(help);
                    if let Some(new) = rename {
                        diag = with_rename(cx, diag, d.daemon, def, span, new);
                    }
                    sink.report(diag);
                }
            }
        }
    }
}

/// A fix renaming the variable or `--flag` (a flag file's name is not text we can edit).
fn with_rename(
    cx: &Context<'_>,
    diag: Diagnostic,
    _daemon: Daemon,
    def: &crate::model::FlagDef,
    span: Span,
    new: &str,
) -> Diagnostic {
    let text = cx.files.text(span);
    let replacement = match def.source.kind {
        SourceKind::EnvVar if text == def.written => {
            let upper = text.bytes().skip(6).all(|b| !b.is_ascii_lowercase());
            format!(
                "MESOS_{}",
                if upper {
                    new.to_ascii_uppercase()
                } else {
                    new.to_string()
                }
            )
        }
        SourceKind::CommandLine if text == def.written.trim_start_matches('-') => {
            if def.negated {
                format!("no-{new}")
            } else {
                new.to_string()
            }
        }
        _ => return diag,
    };
    diag.fix(format!("rename to `{replacement}`"), span, replacement)
}
