use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::Host;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// In a multi-host cluster, reports a host configured as both a Mesos master and an agent
    /// when no override disables either service (`etc/init/mesos-slave.override` or
    /// `etc/init/mesos-master.override` holding `manual`). A master role inferred only from the
    /// co-located ZooKeeper/Marathon layout does not count here.
    ///
    /// ## Why is this bad?
    /// The Mesosphere `mesos` package installs and enables both `mesos-master` and
    /// `mesos-slave`; the installation guides disable the one a node should not run. A master
    /// that also runs an agent offers its own resources to frameworks, so tasks compete with
    /// the master (and ZooKeeper) for memory and CPU. Often the agent config was copied to the
    /// master by mistake.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/master1/etc/init/mesos-slave.override
    /// manual
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Disable the service the host should not run (`echo manual >
    /// /etc/init/mesos-slave.override` on upstart, `systemctl disable mesos-slave` on systemd)
    /// and keep the override in the config tree, or remove the other role's config. If the host
    /// really runs both, declare its roles in `mesoslint.toml`.
    ///
    /// ## References
    /// - Mesosphere "Setting up a Mesosphere cluster" guides: disable `mesos-slave` on master
    ///   nodes and `mesos-master` on agent nodes with an upstart override; DOMAIN.md §1 and §3.5.
    pub struct RoleOverlap {
        code: "CL001",
        name: "role-overlap",
        severity: Info,
        summary: "A host of a multi-host cluster runs both mesos-master and a Mesos agent",
    }
}

/// Any span in the host's files, for hosts whose role evidence has none.
fn any_span(host: &Host) -> Option<Span> {
    host.files.first().map(|f| Span::file_start(f.id))
}

impl Rule for RoleOverlap {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        if cx.cluster.hosts.len() < 2 {
            return;
        }
        for host in &cx.cluster.hosts {
            let (Some(m), Some(a)) = (&host.master_role, &host.agent_role) else {
                continue;
            };
            if host.master.is_none() || host.agent.is_none() || m.inferred {
                continue;
            }
            if host.disabled("mesos-master").is_some() || host.disabled("mesos-agent").is_some() {
                continue;
            }
            let declared = m.span.is_none() && a.span.is_none();
            if declared {
                // Both roles declared in mesoslint.toml: the user says so on purpose.
                continue;
            }
            let Some(primary) = a.span.or(m.span).or_else(|| any_span(host)) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "{} runs both mesos-master ({}) and a Mesos agent ({}), and no override disables either",
                    host.name, m.reason, a.reason
                ),
            )
            .primary(primary, "agent configuration on a master");
            if let Some(ms) = m.span.filter(|s| *s != primary) {
                d = d.secondary(ms, "master configuration");
            }
            sink.report(d.help(
                "disable the unwanted service (etc/init/mesos-slave.override holding `manual`, or `systemctl disable mesos-slave`) and keep the override in the tree, or declare both roles in mesoslint.toml",
            ));
        }
    }
}
