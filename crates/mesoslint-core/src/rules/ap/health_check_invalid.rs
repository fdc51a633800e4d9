use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::Definition;
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{net_mode, number, port_mappings, NetMode};

const MARATHON_PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "TCP"];
const MESOS_PROTOCOLS: &[&str] = &["MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP"];

declare_rule! {
    /// ## What it does
    /// Reports app health checks Marathon refuses: an HTTP, HTTPS or TCP check whose
    /// `portIndex` addresses no port of the app (or that names neither `portIndex` nor `port`
    /// when the app does not have exactly one port), more than one Mesos HTTP/HTTPS/TCP check,
    /// an unknown `protocol`, and `"ipProtocol": "IPv6"` outside a Docker app's Mesos
    /// HTTP/HTTPS/TCP check.
    ///
    /// The app's ports are its `container.portMappings` when there are any, else its
    /// `portDefinitions` (or `ports`); an app on host networking that declares none gets one.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the app: "Health check port indices must address an element of the
    /// ports array or container port mappings.", "AppDefinition can contain at most one Mesos
    /// health check", "IPv6 can only be used for container type DOCKER and Mesos
    /// http/https/tcp health checks".
    ///
    /// ## Example
    /// ### Invalid: index 1 of one port
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "portDefinitions": [{"port": 0}],
    ///  "healthChecks": [{"protocol": "HTTP", "path": "/health", "portIndex": 1}]}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "portDefinitions": [{"port": 0}],
    ///  "healthChecks": [{"protocol": "HTTP", "path": "/health", "portIndex": 0}]}
    /// ```
    ///
    /// ## How to fix
    /// Point `portIndex` at one of the app's ports (counting from 0), or give `port`.
    ///
    /// ## References
    /// - Marathon `api/v2/validation/AppValidation.scala` (`portIndexIsValid`,
    ///   `haveAtMostOneMesosHealthCheck`, `complyWithIpProtocolRules`); `docs/docs/health-checks.md`.
    pub struct HealthCheckInvalid {
        code: "AP007",
        name: "health-check-invalid",
        severity: Error,
        summary: "A health check Marathon refuses (port index, protocol, count)",
    }
}

impl Rule for HealthCheckInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx.cluster.apps.apps() {
            let Some(checks) = def.get("healthChecks").and_then(JsonValue::as_array) else {
                continue;
            };
            let ports = port_count(def);
            let mut mesos_checks = Vec::new();
            for hc in checks {
                let protocol = hc
                    .get("protocol")
                    .and_then(JsonValue::as_str)
                    .unwrap_or("HTTP");
                let command = hc.get("command").is_some_and(|c| !c.is_null());
                if !command
                    && !MARATHON_PROTOCOLS.contains(&protocol)
                    && !MESOS_PROTOCOLS.contains(&protocol)
                    && protocol != "COMMAND"
                {
                    report(
                        sink,
                        def,
                        hc.get("protocol").unwrap_or(hc),
                        &format!("unknown health check protocol `{protocol}`"),
                        "use HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS or MESOS_TCP",
                    );
                    continue;
                }
                if MESOS_PROTOCOLS.contains(&protocol) && !command {
                    mesos_checks.push(hc);
                }
                if !command && MARATHON_PROTOCOLS.contains(&protocol) {
                    if let Some(n) = ports {
                        let ok = match hc.get("portIndex").and_then(number) {
                            Some(i) => i >= 0.0 && i < n as f64,
                            None => hc.get("port").is_some() || n == 1,
                        };
                        if !ok {
                            report(sink, def, hc.get("portIndex").unwrap_or(hc), "Health check port indices must address an element of the ports array or container port mappings.", &format!("the app has {n} port(s): use a portIndex from 0 to {}", n.saturating_sub(1)));
                        }
                    }
                }
                let ipv6 = hc.get("ipProtocol").and_then(JsonValue::as_str) == Some("IPv6");
                let docker =
                    def.at(&["container", "type"]).and_then(JsonValue::as_str) == Some("DOCKER");
                if ipv6 && !(docker && MESOS_PROTOCOLS.contains(&protocol)) {
                    report(sink, def, hc.get("ipProtocol").unwrap_or(hc), "IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks", "use IPv4, or a MESOS_HTTP/HTTPS/TCP check in a Docker container");
                }
            }
            if let Some(second) = mesos_checks.get(1) {
                report(
                    sink,
                    def,
                    second,
                    "AppDefinition can contain at most one Mesos health check",
                    "keep one MESOS_HTTP/MESOS_HTTPS/MESOS_TCP check",
                );
            }
        }
    }
}

/// The number of ports a health check's `portIndex` can address; `None` when unknown.
fn port_count(def: &Definition) -> Option<usize> {
    if let Some(m) = port_mappings(def).filter(|m| !m.is_empty()) {
        return Some(m.len());
    }
    for key in ["portDefinitions", "ports"] {
        if let Some(v) = def.get(key) {
            return v.as_array().map(<[_]>::len);
        }
    }
    // Marathon gives a host-networked app without ports one port definition
    match net_mode(def)? {
        NetMode::Host => Some(1),
        _ => Some(0),
    }
}

fn report(sink: &mut Sink, def: &Definition, at: &JsonValue, msg: &str, help: &str) {
    sink.report(
        Diagnostic::new(
            &HealthCheckInvalid::META,
            format!("{}: {msg}", def.describe()),
        )
        .primary(def.span(at), "refused by Marathon")
        .note(format!("Marathon refuses the app: \"{msg}\""))
        .help(help.to_string()),
    );
}
