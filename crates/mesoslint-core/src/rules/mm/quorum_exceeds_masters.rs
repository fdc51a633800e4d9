use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{by_value, host_name, quorum_sites, secondary_labels};

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
    }
}

impl Rule for QuorumExceedsMasters {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(count) = cx.cluster.masters_count() else {
            return;
        };
        let n = i64::from(count.count());
        if n == 0 {
            return;
        }
        let sites = quorum_sites(cx.cluster);
        for (value, mut group) in by_value(&sites) {
            if value <= n {
                continue;
            }
            group.sort_by_key(|s| s.is_default());
            let Some(first) = group.first() else { continue };
            let Some(span) = first.span(cx.files) else {
                continue;
            };
            let label = if first.is_default() {
                format!(
                    "{} runs with the package default quorum {value}",
                    host_name(first.host)
                )
            } else {
                format!("{value} replicas needed, only {n} masters")
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "quorum {value} exceeds the number of masters ({}): the registry can never reach quorum",
                    count.describe()
                ),
            )
            .primary(span, label);
            for (span, label) in secondary_labels(cx.files, cx.cluster, Some(&count), &group) {
                d = d.secondary(span, label);
            }
            sink.report(d.help(format!(
                "set quorum to {} (floor({n}/2) + 1) on every master",
                n / 2 + 1
            )));
        }
    }
}
