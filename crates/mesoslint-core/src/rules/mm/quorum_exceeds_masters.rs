use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, report_quorum_values};

declare_rule! {
    /// ## What it does
    /// Reports a master `quorum` larger than the number of masters.
    ///
    /// The number of masters is the one declared in `mesoslint.toml` (`[cluster] masters`),
    /// else the masters found in the tree; a tree of one host assumes it from the hosts of the
    /// master's ZooKeeper URL, and says so.
    ///
    /// ## Why is this bad?
    /// The registrar needs `quorum` log replicas to answer before it can recover. With fewer
    /// masters than that, recovery never succeeds: after `registry_fetch_timeout` the master
    /// exits with "Recovery failed: Failed to recover registrar: Failed to perform fetch within
    /// 1mins", and the supervisor restarts it in a loop. A common cause is a quorum computed
    /// from the number of ZooKeeper servers rather than the number of masters.
    ///
    /// ## Example
    /// ### Invalid: quorum 3 with two masters
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 3
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 3
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Set `quorum` to `floor(masters/2) + 1` on every master, or add the masters the quorum
    /// was planned for (and declare `[cluster] masters` if the tree does not hold them all).
    ///
    /// ## References
    /// - Mesos `src/master/flags.cpp` (`--quorum`) and `docs/operational-guide.md`, "Changing
    ///   the master quorum".
    /// - yeasy/docker_practice#429: quorum set from the number of ZooKeeper nodes.
    /// - mantl/mantl#1063: confusion between `count` and `count/2+1`.
    pub struct QuorumExceedsMasters {
        code: "MM002",
        name: "quorum-exceeds-masters",
        severity: Error,
        summary: "The master quorum is larger than the number of masters",
        fix: Mixed,
    }
}

impl Rule for QuorumExceedsMasters {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        report_quorum_values(
            cx,
            sink,
            Applicability::Safe,
            |value, n| value > n,
            |g| {
                let (value, n) = (g.value, g.masters);
                let label = if g.first.is_default() {
                    format!(
                        "{} runs with the package default quorum {value}",
                        host_name(g.first.host)
                    )
                } else {
                    format!("{value} replicas needed, only {n} masters")
                };
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "quorum {value} exceeds the number of masters ({}): the registry can never reach quorum",
                        g.count.describe()
                    ),
                )
                .primary(g.span, label)
            },
        );
    }
}
