use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::model::SourceKind;
use crate::parse::flags::marathon_flag;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{name, target, version_of};

declare_rule! {
    /// ## What it does
    /// Reports Marathon configuration the target version ignores or rejects:
    /// `etc/marathon/conf/` while Marathon is 1.5 or later (from 1.5 the package reads only
    /// `etc/default/marathon`), and options removed by the target version (`event_subscriber`,
    /// `http_endpoints`, `artifact_store`, `max_tasks_per_offer` in 1.5). The version is
    /// `[target] marathon` of `mesoslint.toml`; without it, an option that exists only from
    /// 1.5 marks the host as 1.5 or later, and `etc/marathon/conf/` alone as 1.4 or earlier.
    /// The message says which assumption was made. It also reports `etc/default/marathon`
    /// (or `etc/sysconfig/marathon`) when the tree's unit that starts Marathon does not name it
    /// in `EnvironmentFile=`.
    ///
    /// ## Why is this bad?
    /// A leftover `etc/marathon/conf/` is ignored silently after an upgrade to 1.5: `master`,
    /// `zk`, `hostname` and every other setting in it are lost, and Marathon no longer derives
    /// `master` and `zk` from `etc/mesos/zk` either (a warning: Marathon may still start with
    /// what `etc/default/marathon` gives it). A removed option stops Marathon at start-up
    /// ("Unknown option '<name>'", or for `default_accepted_resource_roles` on 1.10+ "The
    /// flag '--default_accepted_resource_roles' has been removed in Marathon 1.10.0"): an
    /// error. Marathon's own start script (`bin/marathon`, 1.5+) reads no env file: the
    /// packaged systemd unit (`EnvironmentFile=/etc/default/marathon`, for Debian and RPM
    /// alike) and init scripts do, so a unit of one's own without that line loses every
    /// `MARATHON_*` setting of the file (a warning).
    ///
    /// ## Example
    /// ### Invalid: conf dir on Marathon 1.6
    /// ```text file:etc/marathon/conf/master
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.6"
    /// ```
    /// ### Invalid: a removed option
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_EVENT_SUBSCRIBER=http_callback
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.5"
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.6"
    /// ```
    ///
    /// ## How to fix
    /// Move every setting of `etc/marathon/conf/<name>` to `MARATHON_<NAME>=` in
    /// `etc/default/marathon` and delete the directory; remove the removed options (use
    /// `max_instances_per_offer` instead of `max_tasks_per_offer`).
    ///
    /// ## References
    /// - DOMAIN.md §4.1 (1.5.0 "Packaging standardized": "We no longer support
    ///   /etc/marathon/conf"), §4.2 (removed options), §5 P16.
    pub struct ConfDirIgnored {
        code: "MR005",
        name: "conf-dir-ignored",
        severity: Error,
        summary: "Marathon configuration the target version ignores or rejects",
    }
}

impl Rule for ConfDirIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            let ev = version_of(cx.cluster, m);
            let conf_ignored =
                ev.as_ref().is_some_and(|e| e.at_least_1_5) && !m.conf_files.is_empty();
            if let (true, Some(ev)) = (conf_ignored, &ev) {
                let Some(first) = m.conf_files.first() else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "etc/marathon/conf/ on {} holds {} file(s) that Marathon 1.5 and later ignore ({})",
                        name(host),
                        m.conf_files.len(),
                        ev.reason
                    ),
                )
                .severity(Severity::Warning)
                .primary(Span::file_start(*first), "ignored from Marathon 1.5");
                for f in m.conf_files.iter().skip(1).take(5) {
                    d = d.secondary(Span::file_start(*f), "ignored too");
                }
                if let Some(s) = ev.span {
                    d = d.secondary(s, "option of Marathon 1.5 or later");
                }
                sink.report(
                    d.note("Marathon 1.5 and later read only etc/default/marathon (MARATHON_<NAME>=value) and no longer derive master and zk from etc/mesos/zk")
                        .help("move each setting to MARATHON_<NAME>= in etc/default/marathon and delete etc/marathon/conf/"),
                );
            }
            if let Some(file) = m.unread_env_file {
                let path = cx.files.path(file);
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "{path} on {} is not read: the unit that starts Marathon has no `EnvironmentFile=` for it",
                        name(host)
                    ),
                )
                .severity(Severity::Warning)
                .primary(Span::file_start(file), "not read by Marathon");
                let exec = host.units.iter().find(|u| u.runs_marathon).and_then(|u| {
                    let w = u
                        .parsed
                        .commands
                        .iter()
                        .filter_map(|c| c.words.first())
                        .find(|w| w.text.contains("marathon"))?;
                    Some(Span::new(u.file, w.span.clone()))
                });
                if let Some(s) = exec {
                    d = d.secondary(s, "starts Marathon without it");
                }
                // The unit names the file as the host sees it, without the tree's host root.
                let on_host = host
                    .files
                    .iter()
                    .find(|f| f.id == file)
                    .map_or(path, |f| f.rel.as_str());
                sink.report(
                    d.note("Marathon's start script does not read it: the packaged unit and init scripts do (`EnvironmentFile=/etc/default/marathon`), and 1.4's script sources only /etc/default/marathon")
                        .help(format!("add `EnvironmentFile=/{on_host}` to the unit, or move its settings to the unit")),
                );
            }
            for def in m.flags.iter() {
                if def.source.kind == SourceKind::Derived {
                    continue;
                }
                if conf_ignored && def.source.file.is_some_and(|f| m.conf_files.contains(&f)) {
                    continue;
                }
                let Some(info) = marathon_flag(&def.name) else {
                    continue;
                };
                let Some(removed) = info.removed_in else {
                    continue;
                };
                if !t.at_least(removed.1) || removed.0 != 1 {
                    continue;
                }
                let span = match def.source.kind {
                    SourceKind::FlagFile | SourceKind::BoolFile => {
                        def.source.file.map(Span::file_start)
                    }
                    _ => def.source.span,
                };
                let Some(span) = span else { continue };
                let help = if def.name == "max_tasks_per_offer" {
                    "use max_instances_per_offer instead".to_string()
                } else if def.name == "default_accepted_resource_roles" {
                    "Marathon says: \"The flag '--default_accepted_resource_roles' has been removed in Marathon 1.10.0; use --accepted_resource_roles_default_behavior, instead.\"".to_string()
                } else {
                    format!("remove `{}`", def.written)
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`--{}` on {} was removed in Marathon {}.{} ({}): Marathon rejects it",
                            def.name,
                            name(host),
                            removed.0,
                            removed.1,
                            t.reason
                        ),
                    )
                    .primary(
                        span,
                        format!("removed in Marathon {}.{}", removed.0, removed.1),
                    )
                    .help(help),
                );
            }
        }
    }
}
