use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::DefKind;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers, DEFAULT_PORTS};
use super::util::{number, reach};

/// Where an app names fixed host ports.
const PORT_FIELDS: &[&[&str]] = &[
    &["container", "portMappings", "*", "hostPort"],
    &["container", "docker", "portMappings", "*", "hostPort"],
];

/// Where a pod does (`pod.raml` Endpoint).
const POD_PORT_FIELDS: &[&[&str]] = &[&["containers", "*", "endpoints", "*", "hostPort"]];

declare_rule! {
    /// ## What it does
    /// Reports a fixed `hostPort` of an app (in `container.portMappings`) or of a pod's
    /// endpoint (`containers[].endpoints[].hostPort`) that lies outside
    /// the `ports` of every agent in the tree. An agent whose `--resources` name no `ports`
    /// offers `[31000-32000]`. `hostPort: 0` asks for any port and is fine.
    ///
    /// ## Why is this bad?
    /// Marathon needs an offer holding that exact port; no agent offers it, so no offer
    /// matches and the app waits forever at 0 instances.
    ///
    /// ## Example
    /// ### Invalid: port 8080 on agents with the default port range
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"},
    ///  "portMappings": [{"containerPort": 80, "hostPort": 8080}]}}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"},
    ///  "portMappings": [{"containerPort": 80, "hostPort": 8080}]}}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:agent1/etc/mesos-slave/resources
    /// ports:[8000-9000,31000-32000]
    /// ```
    ///
    /// ## How to fix
    /// Use `hostPort: 0` (a port from the agent's range, given to the task as `$PORT0`), or add
    /// the port to the agents' `ports` resource.
    ///
    /// ## References
    /// - Mesos `src/slave/constants.hpp` (`DEFAULT_PORTS`); Marathon `docs/docs/ports.md`.
    pub struct HostPortOutsideRange {
        code: "AP025",
        name: "host-port-outside-range",
        severity: Warning,
        summary: "A fixed hostPort that no agent offers",
    }
}

impl Rule for HostPortOutsideRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        let Some(ranges) = all_known(&agents, |a| a.ports()) else {
            return;
        };
        let offered = |p: u64| ranges.iter().flatten().any(|(lo, hi)| *lo <= p && p <= *hi);
        for def in cx.cluster.apps.marathon() {
            let fields = if def.kind == DefKind::Pod {
                POD_PORT_FIELDS
            } else {
                PORT_FIELDS
            };
            for path in fields {
                for r in reach(&def.value, path) {
                    let Some(p) = number(r.value).filter(|p| p.fract() == 0.0 && *p > 0.0) else {
                        continue;
                    };
                    let p = p as u64;
                    if offered(p) {
                        continue;
                    }
                    let custom = ranges.iter().any(|r| r.as_slice() != [DEFAULT_PORTS]);
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!("{}: `{}` {p} is outside the ports every agent of this tree offers", def.describe(), r.path),
                        )
                        .primary(def.span(r.value), "no agent offers this port")
                        .note(if custom {
                            "the agents' `ports` resources do not include it".to_string()
                        } else {
                            "the agents offer the default ports [31000-32000]".to_string()
                        })
                        .note("no offer holds the port: the app never starts")
                        .help("use hostPort 0 (any port, passed as $PORT0), or add the port to the agents' `ports` resource"),
                    );
                }
            }
        }
    }
}
