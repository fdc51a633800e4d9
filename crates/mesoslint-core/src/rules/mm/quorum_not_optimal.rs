use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{by_value, quorum_sites, secondary_labels};

declare_rule! {
    /// ## What it does
    /// Reports a master `quorum` that is a majority of the masters but larger than
    /// `floor(masters/2) + 1`, e.g. 3 of 3 masters or 4 of 5.
    ///
    /// ## Why is this bad?
    /// Every replicated-log write waits for `quorum` masters. With 3 masters and quorum 3, one
    /// master down stops the registry, where quorum 2 would tolerate it: the cluster is no
    /// more available than a single master. The operational guide's table is 1/1, 3/2, 5/3,
    /// 2N-1/N.
    ///
    /// ## Example
    /// ### Invalid: quorum 3 of 3
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 3
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 3
    /// ```
    /// ```text file:hosts/master3/etc/mesos-master/quorum
    /// 3
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
    /// Set `quorum` to `floor(masters/2) + 1` on every master. Decreasing the quorum is safe
    /// once the set of masters is final (restart them with the lower value).
    ///
    /// ## References
    /// - Mesos `docs/operational-guide.md`, "Changing the master quorum" (masters / quorum /
    ///   tolerance table).
    pub struct QuorumNotOptimal {
        code: "MM003",
        name: "quorum-not-optimal",
        severity: Warning,
        summary: "The master quorum is larger than the smallest majority",
    }
}

impl Rule for QuorumNotOptimal {
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
        let best = n / 2 + 1;
        let sites = quorum_sites(cx.cluster);
        for (value, mut group) in by_value(&sites) {
            if value <= best || value > n {
                continue;
            }
            group.sort_by_key(|s| s.is_default());
            let Some(first) = group.first() else { continue };
            let Some(span) = first.span(cx.files) else {
                continue;
            };
            let tolerated = n - value;
            let could = n - best;
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "quorum {value} tolerates {tolerated} failed {} where quorum {best} would tolerate {could} ({})",
                    if tolerated == 1 { "master" } else { "masters" },
                    count.describe()
                ),
            )
            .primary(span, format!("{value} of {n} masters must be up"));
            for (span, label) in secondary_labels(cx.files, cx.cluster, Some(&count), &group) {
                d = d.secondary(span, label);
            }
            sink.report(d.help(format!(
                "set quorum to {best} (floor({n}/2) + 1) on every master"
            )));
        }
    }
}
