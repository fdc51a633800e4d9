use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, report_quorum_values};

declare_rule! {
    /// ## What it does
    /// Reports a master `quorum` that is not a majority of the masters: `quorum` <= masters/2.
    /// This includes the package default `quorum` = `1` (the file `etc/mesos-master/quorum`
    /// the Mesosphere package ships) left in place on a cluster of several masters.
    ///
    /// The number of masters is the one declared in `mesoslint.toml` (`[cluster] masters`),
    /// else the masters found in the tree; a tree of one host assumes it from the hosts of the
    /// master's ZooKeeper URL, and says so.
    ///
    /// ## Why is this bad?
    /// The masters' registry is a replicated log: a write needs `quorum` replicas. When the
    /// quorum is not a majority, two disjoint groups of masters can each reach it, elect their
    /// own leader and write diverging logs. The Mesos operational guide warns that running
    /// more masters than the quorum table allows "violates the quorum and the log may be
    /// corrupted!".
    ///
    /// ## Example
    /// ### Invalid: quorum 1 on three masters
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 1
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 1
    /// ```
    /// ```text file:hosts/master3/etc/mesos-master/quorum
    /// 1
    /// ```
    /// ### Invalid: the package default left in place
    /// ```text file:hosts/master1/etc/mesos-master/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/master3/etc/mesos-master/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master3/etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Set `quorum` to `floor(masters/2) + 1` on every master: 2 for 3 masters, 3 for 5. Going
    /// from one master to several needs the replicated log recreated (see the operational
    /// guide): plan the change, do not just edit the value on a running cluster.
    ///
    /// ## References
    /// - Mesos `src/master/flags.cpp`, `--quorum` help: "imperative … quorum > (number of
    ///   masters)/2".
    /// - Mesos `docs/operational-guide.md`, "Changing the master quorum" and its NOTE.
    /// - `mesos-deb-packaging` `build_mesos`: the package writes `etc/mesos-master/quorum` = `1`.
    /// - apache/mesos PR #292: two masters with quorum 1.
    pub struct QuorumNotMajority {
        code: "MM001",
        name: "quorum-not-majority",
        severity: Error,
        summary: "The master quorum is not a majority of the masters",
        fix: Mixed,
    }
}

impl Rule for QuorumNotMajority {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        report_quorum_values(
            cx,
            sink,
            Applicability::Safe,
            |value, n| value <= n / 2,
            |g| {
                let (value, n) = (g.value, g.masters);
                let (message, label) = if g.first.is_default() {
                    (
                        format!(
                            "{}; {value} is not a majority of {}",
                            g.first.describe_default(cx.files),
                            g.count.describe()
                        ),
                        format!(
                            "{} runs with the package default quorum {value}",
                            host_name(g.first.host)
                        ),
                    )
                } else {
                    (
                        format!("quorum {value} is not a majority of {}", g.count.describe()),
                        format!("{value} is not more than half of {n} masters"),
                    )
                };
                Diagnostic::new(&Self::META, message).primary(g.span, label)
            },
        );
    }
}
