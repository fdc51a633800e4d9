use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::apps::Definition;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{net_mode, number, port_mappings, reach, NetMode};

declare_rule! {
    /// ## What it does
    /// Reports a fixed service port (a non-zero `servicePort` of a port mapping, or a port of
    /// `portDefinitions`/`ports` on host networking) used by two apps of the tree, or twice by
    /// one app.
    ///
    /// One app that repeats a port in `portDefinitions` (or `ports`) is an error: Marathon
    /// refuses it with "Ports must be unique." (read in the 1.4.13 and 1.10.26 sources). A service port
    /// repeated in one app's port mappings, and one shared by two apps, are warnings: no
    /// Marathon release checks them (only the ports it assigns itself are kept apart).
    ///
    /// ## Why is this bad?
    /// Service ports are cluster-wide names for an app: Marathon-LB and other service-discovery
    /// tools bind each service port to one app on every load balancer. Marathon 1.4 to 1.11
    /// accept two apps with the same fixed service port (they only keep the ports they assign
    /// themselves apart), so the clash shows only in production: one of the two apps is not
    /// reachable through its service port.
    ///
    /// ## Example
    /// ### Invalid: two apps on service port 10000
    /// ```json file:marathon/apps.json
    /// [{"id": "/a", "cmd": "a", "portDefinitions": [{"port": 10000}]},
    ///  {"id": "/b", "cmd": "b", "portDefinitions": [{"port": 10000}]}]
    /// ```
    /// ### Valid
    /// ```json file:marathon/apps.json
    /// [{"id": "/a", "cmd": "a", "portDefinitions": [{"port": 10000}]},
    ///  {"id": "/b", "cmd": "b", "portDefinitions": [{"port": 10001}]}]
    /// ```
    ///
    /// ## How to fix
    /// Give each app its own service port, or 0 to let Marathon pick one.
    ///
    /// ## References
    /// - Marathon `docs/docs/ports.md` (service ports);
    ///   `core/group/impl/AssignDynamicServiceLogic.scala` (v1.10.26 `:80-86`: only dynamic
    ///   ports are kept apart); `api/v2/validation/AppValidation.scala` (v1.10.26 `:24-30`,
    ///   `:278-281`), `state/PortDefinition.scala` (v1.4.13 `:32`): "Ports must be unique.".
    pub struct ServicePortConflict {
        code: "AP010",
        name: "service-port-conflict",
        severity: Warning,
        summary: "A fixed service port used by two apps",
    }
}

impl Rule for ServicePortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let mut first: BTreeMap<u64, (&Definition, Span)> = BTreeMap::new();
        for def in cx.cluster.apps.apps() {
            for (port, span, definitions) in service_ports(def) {
                match first.get(&port) {
                    None => {
                        first.insert(port, (def, span));
                    }
                    Some((other, other_span)) => {
                        let same = std::ptr::eq(*other, def);
                        if same && definitions {
                            sink.report(refused_twice(&Self::META, def, port, span, *other_span));
                            continue;
                        }
                        let whom = if same {
                            "twice in this app".to_string()
                        } else {
                            format!("also by {}", other.describe())
                        };
                        sink.report(
                            Diagnostic::new(&Self::META, format!("{}: service port {port} is used {whom}", def.describe()))
                                .primary(span, format!("service port {port}"))
                                .secondary(*other_span, "first used here")
                                .note("Marathon accepts it, but a load balancer binds a service port to one app: the other one is unreachable through it")
                                .help("give each app its own service port, or 0 to let Marathon choose"),
                        );
                    }
                }
            }
        }
    }
}

/// One app's `portDefinitions` (or `ports`) with one port twice: Marathon refuses it
/// ("Ports must be unique.", v1.10.26 `AppValidation.scala:24-30`, "ports must be unique"
/// `:278-281`; v1.4.13 `PortDefinition.scala:32`). Port mappings are not checked so.
fn refused_twice(
    meta: &'static RuleMeta,
    def: &Definition,
    port: u64,
    span: Span,
    first: Span,
) -> Diagnostic {
    Diagnostic::new(
        meta,
        format!(
            "{}: port {port} is defined twice in portDefinitions",
            def.describe()
        ),
    )
    .severity(crate::diagnostic::Severity::Error)
    .primary(span, format!("port {port} again"))
    .secondary(first, "first here")
    .note("Marathon refuses the app: \"Ports must be unique.\"")
    .help("give each port definition its own port, or 0 to let Marathon choose")
}

/// The fixed service ports of an app, each with its span and whether it comes from
/// `portDefinitions`/`ports` (where Marathon refuses duplicates) rather than port mappings.
fn service_ports(def: &Definition) -> Vec<(u64, Span, bool)> {
    let mut out = Vec::new();
    let mut push = |v: &crate::parse::json::JsonValue, definitions: bool| {
        if let Some(n) = number(v).filter(|n| *n > 0.0 && n.fract() == 0.0) {
            out.push((n as u64, def.span(v), definitions));
        }
    };
    if let Some(m) = port_mappings(def) {
        for pm in m {
            if let Some(v) = pm.get("servicePort") {
                push(v, false);
            }
        }
    }
    if net_mode(def) == Some(NetMode::Host) {
        let defs = reach(&def.value, &["portDefinitions", "*", "port"]);
        if defs.is_empty() {
            for r in reach(&def.value, &["ports", "*"]) {
                push(r.value, true);
            }
        } else {
            for r in defs {
                push(r.value, true);
            }
        }
    }
    out
}
