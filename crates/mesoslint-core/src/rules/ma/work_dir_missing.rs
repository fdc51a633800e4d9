use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{FileKind, HostFile};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agent_anchor, agents, since_mesos, where_to_set};

declare_rule! {
    /// ## What it does
    /// Reports a Mesos agent that gets no `work_dir`: no flag file in the directory the init
    /// wrapper reads, no `MESOS_WORK_DIR`, no `--work_dir` on a unit's command line, and no
    /// package default that applies.
    ///
    /// The classic case is a packaging that starts the wrapper in `agent` mode: it reads
    /// `etc/mesos-agent/`, while the package still installs its `work_dir` file as
    /// `etc/mesos-slave/work_dir`, which nothing reads.
    ///
    /// Since Mesos 1.0 the agent has no default `work_dir`. With `[target] mesos` below 1.0
    /// the rule stays silent (the agent falls back to `/tmp/mesos`, which MA002 reports);
    /// without a target version it assumes 1.0 or later and says so.
    ///
    /// ## Why is this bad?
    /// The agent exits at once: "Flag 'work_dir' is required, but it was not provided".
    ///
    /// ## Example
    /// ### Invalid: the wrapper reads etc/mesos-agent, the work_dir file is in etc/mesos-slave
    /// ```text file:etc/systemd/system/mesos-agent.service
    /// [Service]
    /// ExecStart=/usr/bin/mesos-init-wrapper agent
    /// ```
    /// ```text file:etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:etc/mesos-agent/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/systemd/system/mesos-agent.service
    /// [Service]
    /// ExecStart=/usr/bin/mesos-init-wrapper agent
    /// ```
    /// ```text file:etc/mesos-agent/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:etc/mesos-agent/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid: the classic package ships etc/mesos-slave/work_dir
    /// ```text file:etc/mesos-slave/containerizers
    /// mesos
    /// ```
    ///
    /// ## How to fix
    /// Give the agent a `work_dir` on a persistent, executable filesystem, in the directory the
    /// wrapper reads (e.g. `/var/lib/mesos` in `etc/mesos-agent/work_dir`).
    ///
    /// ## References
    /// - apache/mesos `docs/upgrades.md`: "Mesos 1.0 removes the default value for the agent's
    ///   work_dir"; `src/slave/flags.cpp`.
    /// - mesos/mesos-packaging `build_mesos` and `mesos-init-wrapper` (agent mode), apache/mesos
    ///   `support/packaging/centos/mesos.spec`: the package writes `etc/mesos-slave/work_dir`
    ///   while the wrapper reads `etc/mesos-agent/`.
    /// - mantl/mantl#1266.
    pub struct WorkDirMissing {
        code: "MA001",
        name: "work-dir-missing",
        severity: Error,
        summary: "A Mesos agent has no work_dir (required since Mesos 1.0)",
    }
}

fn is_work_dir_file(f: &HostFile) -> bool {
    matches!(&f.kind, FileKind::AgentFlag { name, .. } if name == "work_dir")
}

impl Rule for WorkDirMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(scope) = since_mesos(cx.cluster, Version::new(1, 0, 0)) else {
            return;
        };
        for (host, agent) in agents(cx.cluster) {
            if agent.flags.is_set("work_dir") {
                continue;
            }
            let unread: Vec<&HostFile> = host
                .files
                .iter()
                .filter(|f| agent.unread_flag_files.contains(&f.id) && is_work_dir_file(f))
                .collect();
            let reads = agent.flag_dir.map(|d| format!("{d}/"));
            let why = match (&reads, unread.first()) {
                (Some(dir), Some(f)) => format!(
                    ": the wrapper reads {dir}, not {}",
                    f.rel.trim_end_matches("work_dir")
                ),
                (Some(dir), None) if dir == "etc/mesos-agent/" && host.package => format!(
                    ": the wrapper reads {dir}, and the package installs its work_dir file as etc/mesos-slave/work_dir"
                ),
                _ => String::new(),
            };
            let message = format!(
                "mesos-agent on `{}` has no work_dir{why}; the agent requires one since Mesos 1.0",
                host.name
            );
            let reason = host
                .agent_role
                .as_ref()
                .map(|r| r.reason.clone())
                .unwrap_or_else(|| "the agent runs on this host".into());
            let mut d = Diagnostic::new(&Self::META, message);
            let mut labelled = false;
            if let Some(f) = unread.first() {
                let text = cx.files.get(f.id).text();
                let end = text.trim_end().len();
                d = d.primary(
                    Span::new(f.id, 0..end),
                    format!(
                        "never read: the wrapper reads {}",
                        reads.as_deref().unwrap_or("another directory")
                    ),
                );
                labelled = true;
            }
            if let Some(anchor) = agent_anchor(host, agent) {
                if labelled {
                    d = d.secondary(anchor, format!("agent without work_dir: {reason}"));
                } else {
                    d = d.primary(anchor, format!("agent without work_dir: {reason}"));
                }
            }
            d = d.help(format!(
                "{} (a persistent filesystem, not /tmp)",
                where_to_set(agent, "work_dir", "/var/lib/mesos")
            ));
            sink.report(d.note(scope.clone()));
        }
    }
}
