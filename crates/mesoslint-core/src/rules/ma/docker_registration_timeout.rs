use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::agent_values::split_list;
use crate::parse::values::{parse_duration, Duration};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agent_anchor, agents, exact_value_span, where_to_set};

declare_rule! {
    /// ## What it does
    /// Reports an agent that runs the `docker` containerizer while its
    /// `executor_registration_timeout` is unset (the default is `1mins`) or shorter than
    /// `5mins`.
    ///
    /// ## Why is this bad?
    /// The executor must register within that time, and for a Docker task the time includes
    /// pulling the image. Pulls of real images often take longer than a minute; the agent then
    /// kills the container in its PROVISIONING state ("did not register within 1mins") and the
    /// task fails, over and over.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ### Invalid: too short
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:etc/mesos-slave/executor_registration_timeout
    /// 2mins
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:etc/mesos-slave/executor_registration_timeout
    /// 10mins
    /// ```
    ///
    /// ## How to fix
    /// Set `executor_registration_timeout` to `5mins` or more (the Marathon docs use `10mins`),
    /// and raise Marathon's `task_launch_timeout` (milliseconds) to at least the same (MR006).
    /// The automatic fix writes `5mins` into an existing setting.
    ///
    /// ## References
    /// - apache/mesos `src/slave/flags.cpp`, `src/slave/constants.hpp`
    ///   (`EXECUTOR_REGISTRATION_TIMEOUT` = 1mins).
    /// - Marathon `docs/docs/native-docker.md`: `echo '10mins' >
    ///   /etc/mesos-slave/executor_registration_timeout`; marathon#698, marathon#1161.
    /// - mantl/mantl#29, retz/retz#48, HubSpot/Singularity#1819, mesosphere-backup/dcos-windows#86.
    pub struct DockerRegistrationTimeout {
        code: "MA004",
        name: "docker-registration-timeout",
        severity: Warning,
        summary: "An agent runs docker with an executor_registration_timeout shorter than 5mins",
        fix: Safe,
    }
}

const MINIMUM_MINS: f64 = 5.0;

impl Rule for DockerRegistrationTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let minimum = Duration::from_mins(MINIMUM_MINS);
        for (host, agent) in agents(cx.cluster) {
            let Some(cdef) = agent.flags.get("containerizers") else {
                continue;
            };
            let Some(cvalue) = cdef.known_value() else {
                continue;
            };
            let Some(docker) = split_list(cvalue)
                .into_iter()
                .find(|i| i.text.trim() == "docker")
            else {
                continue;
            };
            let docker_span = match exact_value_span(cdef, cvalue, cx.files) {
                Some(s) => Some(s.sub(docker.range.clone())),
                None => cdef.value_span,
            };
            // built only for a finding: most docker agents set the timeout
            let unset_help = || {
                format!(
                    "raise executor_registration_timeout to 5mins or more (the Marathon docs use 10mins): {}; and raise Marathon's task_launch_timeout to match",
                    where_to_set(agent, "executor_registration_timeout", "5mins")
                )
            };

            match agent.flags.get("executor_registration_timeout") {
                None => {
                    let message = format!(
                        "agent on `{}` runs the docker containerizer with executor_registration_timeout unset (default 1mins): image pulls that take longer fail the task",
                        host.name
                    );
                    let mut d = Diagnostic::new(&Self::META, message);
                    if let Some(s) = docker_span.or_else(|| agent_anchor(host, agent)) {
                        d = d.primary(
                            s,
                            "docker here, with the default executor_registration_timeout of 1mins",
                        );
                    }
                    sink.report(d.help(unset_help()));
                }
                Some(tdef) => {
                    let Some(tvalue) = tdef.known_value() else {
                        continue;
                    };
                    let Ok(timeout) = parse_duration(tvalue) else {
                        continue; // a bad value is MF002's finding
                    };
                    if timeout.nanos >= minimum.nanos {
                        continue;
                    }
                    let message = format!(
                        "agent on `{}` runs the docker containerizer with executor_registration_timeout `{tvalue}`, shorter than 5mins: image pulls that take longer fail the task",
                        host.name
                    );
                    let mut d = Diagnostic::new(&Self::META, message);
                    let tspan = exact_value_span(tdef, tvalue, cx.files).or_else(|| tdef.span());
                    if let Some(s) = tspan {
                        d = d.primary(s, "shorter than 5mins");
                        if let Some(ds) = docker_span {
                            d = d.secondary(ds, "docker containerizer");
                        }
                    } else if let Some(s) = docker_span.or_else(|| agent_anchor(host, agent)) {
                        d = d.primary(
                            s,
                            format!("docker here, with executor_registration_timeout `{tvalue}`"),
                        );
                    }
                    if let Some(vs) = exact_value_span(tdef, tvalue, cx.files) {
                        if !tdef.is_package_default() {
                            d = d.fix("write `5mins`", vs, "5mins");
                        }
                    }
                    let help = format!(
                        "raise executor_registration_timeout to 5mins or more (the Marathon docs use 10mins) where it is set ({}), and raise Marathon's task_launch_timeout to match",
                        tdef.origin(cx.files)
                    );
                    sink.report(d.help(help));
                }
            }
        }
    }
}
