use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, registry, role_anchor, widen, Registry};

declare_rule! {
    /// ## What it does
    /// Reports a master with the replicated-log registry (the default) and no `work_dir`.
    /// Hosts with the package layout get the package's `etc/mesos-master/work_dir`
    /// (`/var/lib/mesos`) when the tree has none, so this concerns source installs, command
    /// lines in units and trees linted with `packaging = "none"`.
    ///
    /// ## Why is this bad?
    /// The replicated log lives in `<work_dir>/replicated_log`; without `work_dir` the master
    /// exits at start-up with "--work_dir needed for replicated log based registry".
    ///
    /// ## Example
    /// ### Invalid: a source install without work_dir
    /// ```text file:etc/mesos/mesos-master-env.sh
    /// export MESOS_zk=zk://master1:2181,master2:2181,master3:2181/mesos
    /// export MESOS_quorum=2
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos/mesos-master-env.sh
    /// export MESOS_zk=zk://master1:2181,master2:2181,master3:2181/mesos
    /// export MESOS_quorum=2
    /// export MESOS_work_dir=/var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Set `work_dir` to a persistent directory (not under `/tmp`), e.g. `/var/lib/mesos`.
    ///
    /// ## References
    /// - Mesos `src/master/main.cpp`: "--work_dir needed for replicated log based registry";
    ///   `docs/upgrades.md` (0.19.0 made `--work_dir` required).
    /// - mdsol/mesos_cookbook#84.
    pub struct WorkDirMissing {
        code: "MM007",
        name: "work-dir-missing",
        severity: Error,
        summary: "A master with the replicated-log registry has no work_dir",
    }
}

impl Rule for WorkDirMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in cx.cluster.masters() {
            let Some(m) = &host.master else { continue };
            if registry(m) != Registry::ReplicatedLog || m.flags.is_set("work_dir") {
                continue;
            }
            let explicit = m.flags.get("registry").and_then(|d| d.span());
            let (span, label) = match explicit {
                Some(s) => (
                    widen(cx.files, s),
                    "the replicated log needs a work_dir".to_string(),
                ),
                None => match role_anchor(cx.files, host) {
                    Some(s) => (
                        s,
                        format!(
                            "{} runs mesos-master with the default replicated-log registry",
                            host_name(host)
                        ),
                    ),
                    None => continue,
                },
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "{} has no work_dir for the master's replicated-log registry: mesos-master will not start",
                        host_name(host)
                    ),
                )
                .primary(span, label)
                .note("mesos-master exits with \"--work_dir needed for replicated log based registry\"")
                .help("set work_dir to a persistent directory such as /var/lib/mesos"),
            );
        }
    }
}
