use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, registry, role_anchor, widen, zk_def, Registry};

declare_rule! {
    /// ## What it does
    /// Reports a master with `registry` = `in_memory` while it uses ZooKeeper (`zk` set, which
    /// the package always does through `etc/mesos/zk`) or the cluster has several masters.
    ///
    /// ## Why is this bad?
    /// The in-memory registry is meant for testing: each master keeps its own volatile copy of
    /// the cluster state (agents, maintenance, quotas). When the leader fails over, the new
    /// leader starts from nothing, and a restart loses everything.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-master/registry
    /// in_memory
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-master/registry
    /// replicated_log
    /// ```
    ///
    /// ## How to fix
    /// Remove the `registry` setting (the default is `replicated_log`) and give every master a
    /// `work_dir` and the same `quorum`.
    ///
    /// ## References
    /// - Mesos `src/master/flags.cpp`, `--registry` help: `in_memory` is "for testing".
    /// - DOMAIN.md §2.5.
    pub struct RegistryInMemoryHa {
        code: "MM008",
        name: "registry-in-memory-ha",
        severity: Error,
        summary: "A master keeps its registry in memory in a highly available setup",
        fix: Unsafe,
    }
}

impl Rule for RegistryInMemoryHa {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let count = cx.cluster.masters_count().filter(|c| c.count() > 1);
        for host in cx.cluster.masters() {
            let Some(m) = &host.master else { continue };
            if registry(m) != Registry::InMemory {
                continue;
            }
            let Some(def) = m.flags.get("registry") else {
                continue;
            };
            let zk = zk_def(m);
            let reason = match (&count, zk) {
                (Some(c), _) => format!("in a cluster of {};", c.describe()),
                (None, Some(_)) => "while it elects its leader through ZooKeeper:".to_string(),
                (None, None) => continue,
            };
            let Some(span) = def
                .span()
                .map(|s| widen(cx.files, s))
                .or_else(|| role_anchor(cx.files, host))
            else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "{} keeps its registry in memory (registry=in_memory) {reason} its state is lost on failover",
                    host_name(host)
                ),
            )
            .primary(span, "volatile registry, for testing only");
            if let Some(span) = zk.and_then(|z| z.span()) {
                d = d.secondary(
                    widen(cx.files, span),
                    format!("{} uses ZooKeeper here", host_name(host)),
                );
            }
            for other in cx.cluster.masters() {
                if std::ptr::eq(other, host) {
                    continue;
                }
                if let Some(span) = role_anchor(cx.files, other) {
                    d = d.secondary(span, format!("{} is another master", host_name(other)));
                }
            }
            // Unsafe: the master then needs a work_dir and a quorum, and it starts with an
            // empty replicated log (the in-memory state is gone anyway).
            if let Some(vs) = def
                .value_span
                .filter(|vs| cx.files.text(*vs).trim() == "in_memory")
            {
                d = d.unsafe_fix("write `replicated_log`", vs, "replicated_log");
            }
            sink.report(d.help(
                "remove the registry setting (the default is replicated_log) and give every master a work_dir and the same quorum",
            ));
        }
    }
}
