use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, registry, role_anchor, widen, zk_def, Registry};

declare_rule! {
    /// ## What it does
    /// Reports a master that uses ZooKeeper (`zk` set) with the replicated-log registry (the
    /// default) and no `quorum`. Hosts with the package layout get the package's
    /// `etc/mesos-master/quorum` (`1`) when the tree has none, so this concerns source
    /// installs, command lines in units and trees linted with `packaging = "none"`.
    ///
    /// ## Why is this bad?
    /// The master refuses to start: "Need to specify --quorum for replicated log based
    /// registry when using ZooKeeper". Supervisors restart it in a loop and the failure is easy
    /// to miss.
    ///
    /// ## Example
    /// ### Invalid: a source install without quorum
    /// ```text file:etc/mesos/mesos-master-env.sh
    /// export MESOS_zk=zk://master1:2181,master2:2181,master3:2181/mesos
    /// export MESOS_work_dir=/var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos/mesos-master-env.sh
    /// export MESOS_zk=zk://master1:2181,master2:2181,master3:2181/mesos
    /// export MESOS_work_dir=/var/lib/mesos
    /// export MESOS_quorum=2
    /// ```
    ///
    /// ## How to fix
    /// Set `quorum` to `floor(masters/2) + 1` (2 for 3 masters).
    ///
    /// ## References
    /// - Mesos `src/master/main.cpp`: "Need to specify --quorum for replicated log based
    ///   registry when using ZooKeeper".
    /// - mdsol/mesos_cookbook#84 and #126: masters failing silently without `--quorum`.
    pub struct QuorumMissing {
        code: "MM005",
        name: "quorum-missing",
        severity: Error,
        summary: "A master using ZooKeeper and the replicated log has no quorum",
    }
}

impl Rule for QuorumMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let count = cx.cluster.masters_count();
        for host in cx.cluster.masters() {
            let Some(m) = &host.master else { continue };
            if registry(m) != Registry::ReplicatedLog || m.flags.is_set("quorum") {
                continue;
            }
            let Some(zk) = zk_def(m) else { continue };
            let Some(span) = zk
                .span()
                .map(|s| widen(cx.files, s))
                .or_else(|| role_anchor(cx.files, host))
            else {
                continue;
            };
            let help = match &count {
                Some(c) if c.count() > 0 => {
                    format!("set quorum to {} for {}", c.count() / 2 + 1, c.describe())
                }
                _ => "set quorum to floor(masters/2) + 1".to_string(),
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "{} uses ZooKeeper with the replicated-log registry but sets no quorum: mesos-master will not start",
                        host_name(host)
                    ),
                )
                .primary(span, format!("zk set here ({})", zk.origin(cx.files)))
                .note("mesos-master exits with \"Need to specify --quorum for replicated log based registry when using ZooKeeper\"")
                .help(help),
            );
        }
    }
}
