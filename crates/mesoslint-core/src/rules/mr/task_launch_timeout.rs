use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::Host;
use crate::parse::values::parse_duration;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{anchor, name};

declare_rule! {
    /// ## What it does
    /// Compares Marathon's `task_launch_timeout` (milliseconds, default 300000) with the
    /// `executor_registration_timeout` (default `1mins`) of the agents that run the docker
    /// containerizer, on every host of the tree. A Marathon timeout shorter than an agent's
    /// is reported.
    ///
    /// ## Why is this bad?
    /// Pulling a docker image counts against both timeouts. The agents are configured to
    /// wait for slow pulls, but Marathon gives up first, kills the task and launches it
    /// again, so a large image never starts. The Marathon docs ask for `task_launch_timeout`
    /// "at least the executor timeout, in milliseconds".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/executor_registration_timeout
    /// 10mins
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/task_launch_timeout
    /// 600000
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/executor_registration_timeout
    /// 10mins
    /// ```
    ///
    /// ## How to fix
    /// Set `task_launch_timeout` to at least the longest `executor_registration_timeout` of
    /// the docker agents, in milliseconds (`10mins` = `600000`).
    ///
    /// ## References
    /// - DOMAIN.md §4.4 (`docs/docs/native-docker.md`, marathon#698), §4.2
    ///   (`--task_launch_timeout`), §2.6 (`executor_registration_timeout`), §5 P7.
    pub struct TaskLaunchTimeout {
        code: "MR006",
        name: "task-launch-timeout",
        severity: Warning,
        summary: "Marathon's task_launch_timeout is shorter than the docker agents' executor_registration_timeout",
        fix: Safe,
    }
}

const DEFAULT_TASK_LAUNCH_TIMEOUT_MS: u64 = 300_000;
const DEFAULT_EXECUTOR_REGISTRATION: &str = "1mins";

struct DockerAgent<'a> {
    host: &'a Host,
    text: String,
    millis: f64,
    /// The timeout's text, else the containerizers value (when the timeout is the default).
    span: Option<Span>,
    default: bool,
}

fn docker_agents<'a>(cx: &Context<'a>) -> Vec<DockerAgent<'a>> {
    let mut out = Vec::new();
    for host in cx.cluster.agents() {
        let Some(agent) = &host.agent else { continue };
        let Some(cdef) = agent.flags.get("containerizers") else {
            continue;
        };
        let Some(c) = cdef.known_value() else {
            continue;
        };
        if !c.split(',').any(|x| x.trim() == "docker") {
            continue;
        }
        let (text, span, default) = match agent.flags.get("executor_registration_timeout") {
            Some(d) => match d.known_value() {
                Some(v) => (v.trim().to_string(), d.span(), false),
                None => continue,
            },
            None => (DEFAULT_EXECUTOR_REGISTRATION.to_string(), cdef.span(), true),
        };
        let Ok(dur) = parse_duration(&text) else {
            continue;
        };
        out.push(DockerAgent {
            host,
            text,
            millis: dur.millis(),
            span,
            default,
        });
    }
    out
}

impl Rule for TaskLaunchTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = docker_agents(cx);
        let Some(longest) = agents.iter().max_by(|a, b| a.millis.total_cmp(&b.millis)) else {
            return;
        };
        for (host, m) in cx.cluster.marathon_servers() {
            let def = m.flags.get("task_launch_timeout");
            let (timeout, span) = match def {
                Some(d) => {
                    let Some(v) = d.known_value() else { continue };
                    let Ok(ms) = v.trim().parse::<u64>() else {
                        continue;
                    };
                    (ms, d.span())
                }
                None => (DEFAULT_TASK_LAUNCH_TIMEOUT_MS, anchor(host, m)),
            };
            if (timeout as f64) >= longest.millis {
                continue;
            }
            let Some(primary) = span else { continue };
            let needed = longest.millis.ceil() as u64;
            let what = if def.is_some() {
                format!("task_launch_timeout {timeout} ms")
            } else {
                format!("task_launch_timeout {timeout} ms (the default)")
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "Marathon on {} has {what}, shorter than executor_registration_timeout {} ({needed} ms) of the docker agent {}: Marathon kills tasks whose image is still being pulled",
                    name(host),
                    longest.text,
                    name(longest.host)
                ),
            )
            .primary(
                primary,
                if def.is_some() {
                    format!("{timeout} ms")
                } else {
                    format!("task_launch_timeout not set: {timeout} ms")
                },
            );
            let slower: Vec<_> = agents
                .iter()
                .filter(|a| a.millis > timeout as f64)
                .collect();
            for a in slower.iter().take(6) {
                if let Some(s) = a.span {
                    let label = if a.default {
                        format!(
                            "docker agent {} with the default executor_registration_timeout {}",
                            name(a.host),
                            a.text
                        )
                    } else {
                        format!("docker agent {}: {}", name(a.host), a.text)
                    };
                    d = d.secondary(s, label);
                }
            }
            if slower.len() > 6 {
                d = d.note(format!(
                    "{} more docker agents wait longer",
                    slower.len() - 6
                ));
            }
            d = d.help(format!(
                "set task_launch_timeout to at least {needed} (milliseconds)"
            ));
            if let Some(vs) = def.and_then(|d| d.value_span) {
                d = d.fix(
                    format!("set task_launch_timeout to {needed}"),
                    vs,
                    needed.to_string(),
                );
            }
            sink.report(d);
        }
    }
}
