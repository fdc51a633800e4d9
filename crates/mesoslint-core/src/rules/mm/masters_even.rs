use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::MastersCount;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, role_anchor};

declare_rule! {
    /// ## What it does
    /// Reports an even number of masters (more than one). The number of masters is the one
    /// declared in `mesoslint.toml` (`[cluster] masters`), else the masters found in the tree;
    /// a tree of one host assumes it from the hosts of the master's ZooKeeper URL, and says so.
    ///
    /// ## Why is this bad?
    /// The replicated log needs a majority: 4 masters need 3, so they tolerate one failure,
    /// exactly like 3 masters, with one more machine that can fail. 2 masters tolerate no
    /// failure at all. The Mesos documentation recommends 3 or 5 masters.
    ///
    /// ## Example
    /// ### Invalid: two masters
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 2
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
    /// Run an odd number of masters (3 or 5) and set `quorum` to `floor(masters/2) + 1`.
    ///
    /// ## References
    /// - Mesos `docs/operational-guide.md`, "Changing the master quorum" (tolerance table);
    ///   `docs/high-availability.md`.
    pub struct MastersEven {
        code: "MM004",
        name: "masters-even",
        severity: Warning,
        summary: "An even number of masters tolerates no more failures than one fewer",
    }
}

impl Rule for MastersEven {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(count) = cx.cluster.masters_count() else {
            return;
        };
        let n = count.count();
        if n < 2 || n % 2 != 0 {
            return;
        }
        let tolerated = (n - 1) / 2;
        let mut labels = Vec::new();
        if let MastersCount::AssumedFromUrl {
            span: Some(span), ..
        } = &count
        {
            labels.push((
                *span,
                format!("{n} masters assumed from the hosts of this URL"),
            ));
        }
        for host in cx.cluster.masters() {
            if let Some(span) = role_anchor(cx.files, host) {
                labels.push((span, format!("{} is a master", host_name(host))));
            }
        }
        let mut labels = labels.into_iter();
        let Some((span, label)) = labels.next() else {
            return;
        };
        let mut d = Diagnostic::new(
            &Self::META,
            format!(
                "even number of masters ({}): {n} tolerate {tolerated} failed {}, no more than {} would",
                count.describe(),
                if tolerated == 1 { "master" } else { "masters" },
                n - 1
            ),
        )
        .primary(span, label);
        for (span, label) in labels {
            d = d.secondary(span, label);
        }
        sink.report(d.help(format!(
            "run {} or {} masters, with quorum {} or {}",
            n - 1,
            n + 1,
            (n - 1) / 2 + 1,
            n / 2 + 1 // n is even: (n + 1) / 2 + 1
        )));
    }
}
