use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::report_quorum_values;

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
        fix: Unsafe,
    }
}

impl Rule for QuorumNotOptimal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        report_quorum_values(
            cx,
            sink,
            Applicability::Unsafe,
            |value, n| value > n / 2 + 1 && value <= n,
            |g| {
                let (value, n) = (g.value, g.masters);
                let best = n / 2 + 1;
                let tolerated = n - value;
                let could = n - best;
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "quorum {value} tolerates {tolerated} failed {} where quorum {best} would tolerate {could} ({})",
                        if tolerated == 1 { "master" } else { "masters" },
                        g.count.describe()
                    ),
                )
                .primary(g.span, format!("{value} of {n} masters must be up"))
            },
        );
    }
}
