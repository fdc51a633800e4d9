use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::mesos::flag_file_value;
use crate::model::FileKind;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agent_anchor, agents};

declare_rule! {
    /// ## What it does
    /// Reports a Mesos agent that gets neither `master` nor `master_detector`: no `master`
    /// flag file in the directory the wrapper reads, no `MASTER=` variable (the package's
    /// `etc/default/mesos-slave` sets ``MASTER=`cat /etc/mesos/zk` ``), no `MESOS_MASTER`, no
    /// `--master` on a unit's command line.
    ///
    /// The classic case is a packaging that starts the wrapper in `agent` mode: it sources
    /// `etc/default/mesos-agent` and reads `etc/mesos-agent/`, while `MASTER` is still set in
    /// `etc/default/mesos-slave`.
    ///
    /// ## Why is this bad?
    /// The agent exits at start-up: "Missing required option `--master` or
    /// `--master_detector`".
    ///
    /// ## Example
    /// ### Invalid: agent mode, MASTER left in etc/default/mesos-slave
    /// ```text file:etc/systemd/system/mesos-agent.service
    /// [Service]
    /// ExecStart=/usr/bin/mesos-init-wrapper agent
    /// ```
    /// ```text file:etc/default/mesos-slave
    /// MASTER=`cat /etc/mesos/zk`
    /// ```
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:etc/mesos-agent/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/systemd/system/mesos-agent.service
    /// [Service]
    /// ExecStart=/usr/bin/mesos-init-wrapper agent
    /// ```
    /// ```text file:etc/default/mesos-agent
    /// MASTER=`cat /etc/mesos/zk`
    /// ```
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:etc/mesos-agent/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Give the agent its masters' ZooKeeper URL where the wrapper reads it: `MASTER` in the
    /// default file it sources, or a `master` file in its flag directory (or `MESOS_MASTER`
    /// for a source install).
    ///
    /// ## References
    /// - apache/mesos `src/slave/main.cpp`: "Missing required option `--master` or
    ///   `--master_detector`".
    /// - mesosphere/mesos-deb-packaging `default/mesos-slave`; mesos/mesos-packaging and
    ///   apache/mesos `support/packaging` `mesos-init-wrapper` (agent mode).
    /// - mantl/mantl#1266.
    pub struct MasterMissing {
        code: "MA006",
        name: "master-missing",
        severity: Error,
        summary: "A Mesos agent has no master (nor master_detector)",
    }
}

impl Rule for MasterMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            if agent.flags.is_set("master") || agent.flags.is_set("master_detector") {
                continue;
            }
            let agent_mode = agent.flag_dir == Some("etc/mesos-agent");
            let default_read = if agent_mode {
                "etc/default/mesos-agent"
            } else {
                "etc/default/mesos-slave"
            };
            let mut secondary: Vec<(Span, String)> = Vec::new();
            let mut why = String::new();

            // MASTER set in an env file the wrapper does not source.
            let unread_env = host.env_files.iter().find_map(|e| {
                let other = if agent_mode {
                    "mesos-slave"
                } else {
                    "mesos-agent"
                };
                if e.source_env || e.name != other {
                    return None;
                }
                e.parsed
                    .assignments
                    .iter()
                    .rev()
                    .find(|a| a.name == "MASTER" || a.name == "MESOS_MASTER")
                    .map(|a| (e, a))
            });
            if let Some((e, a)) = unread_env {
                why = format!(
                    ": {} is set in etc/default/{}, which the wrapper does not source (it reads {default_read})",
                    a.name, e.name
                );
                secondary.push((
                    Span::new(e.file, a.name_span.clone()),
                    format!("never read: the wrapper sources {default_read}"),
                ));
            } else if agent_mode && host.package && host.file("etc/default/mesos-agent").is_none() {
                why = ": the package sets MASTER in etc/default/mesos-slave, but the wrapper in agent mode sources etc/default/mesos-agent".into();
            }
            if agent.flag_dir.is_some() && host.file(default_read).is_some() && why.is_empty() {
                why = format!(": {default_read} sets no MASTER");
            }
            // A master flag file in the directory the wrapper does not read.
            for f in &host.files {
                if agent.unread_flag_files.contains(&f.id)
                    && matches!(&f.kind, FileKind::AgentFlag { name, .. } if name == "master")
                {
                    let (_, range) = flag_file_value(cx.files.get(f.id).text());
                    secondary.push((
                        Span::new(f.id, range),
                        format!(
                            "never read: the wrapper reads {}/",
                            agent.flag_dir.unwrap_or("another directory")
                        ),
                    ));
                }
            }
            if let Some((_, span, _)) = host.mesos_zk_file(cx.files) {
                secondary.push((span, "not passed to the agent: no MASTER reads it".into()));
            }

            let message = format!(
                "mesos-agent on `{}` has no `master` (nor `master_detector`){why}; the agent refuses to start",
                host.name
            );
            let mut d = Diagnostic::new(&Self::META, message);
            let reason = host
                .agent_role
                .as_ref()
                .map(|r| r.reason.clone())
                .unwrap_or_else(|| "the agent runs on this host".into());
            match agent_anchor(host, agent) {
                Some(s) => d = d.primary(s, format!("agent without master: {reason}")),
                None => {
                    if let Some((s, l)) = secondary.first().cloned() {
                        d = d.primary(s, l);
                        secondary.remove(0);
                    }
                }
            }
            for (s, l) in secondary {
                d = d.secondary(s, l);
            }
            let help = match agent.flag_dir {
                Some(dir) => format!(
                    "set MASTER=`cat /etc/mesos/zk` in {default_read}, or write the masters' zk:// URL to {dir}/master"
                ),
                None => "set `MESOS_MASTER=zk://<hosts>/mesos` in the agent's env script".into(),
            };
            sink.report(d.help(help));
        }
    }
}
