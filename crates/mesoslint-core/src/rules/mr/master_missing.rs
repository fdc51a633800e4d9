use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{anchor, name};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon with no `master`: no `etc/marathon/conf/master`, no
    /// `MARATHON_MASTER`, no `--master`, and (up to 1.4) no `etc/mesos/zk` for the start
    /// script to derive it from.
    ///
    /// ## Why is this bad?
    /// `--master` is required: Marathon refuses to start without it. From 1.5 the packaged
    /// start script no longer derives it from `etc/mesos/zk`, so an upgrade that keeps the old
    /// configuration loses it silently.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/marathon
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    ///
    /// ## How to fix
    /// Set `MARATHON_MASTER` in `etc/default/marathon` (or `etc/marathon/conf/master` up to
    /// 1.4) to the URL of `etc/mesos/zk` on the masters.
    ///
    /// ## References
    /// - DOMAIN.md §4.1 (the 1.4 start script derives `--master` from `etc/mesos/zk`; 1.5
    ///   "no longer assume"), §4.2 (`--master` is required), §5 P16.
    pub struct MasterMissing {
        code: "MR001",
        name: "master-missing",
        severity: Error,
        summary: "Marathon without a master",
    }
}

impl Rule for MasterMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            if m.flags.is_set("master") {
                continue;
            }
            let Some(span) = anchor(host, m) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "Marathon on {} has no `master`: it refuses to start without the Mesos master URL",
                    name(host)
                ),
            )
            .primary(span, "Marathon configured here without `master`");
            if !m.legacy_packaging {
                if let Some(f) = host.file("etc/mesos/zk") {
                    d = d
                        .secondary(Span::file_start(f.id), "not read by Marathon 1.5 and later")
                        .note("Marathon 1.5 and later no longer derive `master` from etc/mesos/zk");
                }
            }
            let help = if m.legacy_packaging && m.env_file.is_none() {
                "write the Mesos URL (zk://host1:2181,host2:2181,host3:2181/mesos) to etc/marathon/conf/master"
            } else {
                "set MARATHON_MASTER=zk://host1:2181,host2:2181,host3:2181/mesos in etc/default/marathon"
            };
            sink.report(d.help(help));
        }
    }
}
