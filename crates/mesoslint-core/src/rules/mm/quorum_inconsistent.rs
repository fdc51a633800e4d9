use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{by_value, host_name, quorum_sites};

declare_rule! {
    /// ## What it does
    /// Reports masters of one cluster whose `quorum` values differ. A master left at the
    /// package default (`quorum` = `1`, no `etc/mesos-master/quorum` in the tree) counts with
    /// that value.
    ///
    /// ## Why is this bad?
    /// The quorum is a property of the replicated log, not of one master: masters that
    /// disagree either cannot recover (a quorum too large for some) or write with too few
    /// replicas (too small for others), which can corrupt the log. The operational guide
    /// changes the quorum on every master together.
    ///
    /// ## Example
    /// ### Invalid: one master left at the package default
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master2/etc/mesos-master/quorum
    /// 2
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
    /// Write the same `quorum`, `floor(masters/2) + 1`, on every master.
    ///
    /// ## References
    /// - Mesos `docs/operational-guide.md`, "Changing the master quorum".
    /// - DOMAIN.md §2.5: "quorum should be identical on all masters".
    pub struct QuorumInconsistent {
        code: "MM006",
        name: "quorum-inconsistent",
        severity: Error,
        summary: "Masters of one cluster have different quorum values",
    }
}

impl Rule for QuorumInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let sites = quorum_sites(cx.cluster);
        let mut groups = by_value(&sites);
        if groups.len() < 2 {
            return;
        }
        // The most common value first (ties: the one seen first); the finding points at the
        // first master that departs from it.
        crate::sort::sort_by_key(&mut groups, |(_, g)| std::cmp::Reverse(g.len()));
        let summary: Vec<String> = groups
            .iter()
            .map(|(v, g)| {
                let names: Vec<&str> = g.iter().map(|s| host_name(s.host)).collect();
                let default = if g.iter().all(|s| s.is_default()) {
                    " (package default)"
                } else {
                    ""
                };
                format!("{v}{default} on {}", names.join(", "))
            })
            .collect();
        let Some((_, odd)) = groups.get(1) else {
            return;
        };
        let mut odd = odd.clone();
        crate::sort::sort_by_key(&mut odd, |s| s.is_default());
        let Some(first) = odd.first() else { return };
        let Some(span) = first.span(cx.files) else {
            return;
        };
        let common = groups.first().map_or(0, |(v, _)| *v);
        let primary = if first.is_default() {
            format!(
                "{} runs with the package default quorum {}, not {common}",
                host_name(first.host),
                first.value
            )
        } else {
            format!(
                "quorum {} on {}, not {common}",
                first.value,
                host_name(first.host)
            )
        };
        let mut d = Diagnostic::new(
            &Self::META,
            format!("masters disagree on quorum: {}", summary.join("; ")),
        )
        .primary(span, primary);
        for s in &sites {
            if std::ptr::eq(s, *first) {
                continue;
            }
            if let Some(span) = s.span(cx.files) {
                d = d.secondary(span, s.secondary_label());
            }
        }
        sink.report(d.help("write the same quorum, floor(masters/2) + 1, on every master"));
    }
}
