use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{FileId, Span};
use crate::model::apps::{parent_of, DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::placement;
use super::util::{net_mode, number, port_mappings, reach, NetMode};

/// Apps that hold one port, compared pairwise at most this often per port and file, so a
/// file of many apps on one port stays linear.
const MAX_PAIRS: usize = 64;

declare_rule! {
    /// ## What it does
    /// Reports two apps or pods deployed together that fix the same host port and whose
    /// constraints let them land on the same agent. Deployed together means one file (an app
    /// list, or a group with its subgroups), or one group below the root given as separate
    /// files (`prod/web.json` with id `/prod/web` and `prod/api.json` with id `/prod/api`):
    /// the apps of one group are one service of one Marathon, running at the same time on the
    /// same agents. Apps of the root group in different files are not compared: a repository
    /// often keeps definitions for several clusters or environments side by side, and nothing
    /// in the tree says which of them share a cluster. A fixed host port is a non-zero `hostPort` of a port mapping (bridge or
    /// container networking), a port of `portDefinitions` (or `ports`) with
    /// `"requirePorts": true` on host networking, or a non-zero `hostPort` of a pod endpoint.
    /// Apps are kept apart, and not reported, when both constrain the same field (`hostname`
    /// or an attribute) with `CLUSTER`, `IS`, `LIKE` or `UNLIKE` and different values.
    ///
    /// It also reports a pod whose endpoints fix one host port twice, which Marathon refuses
    /// ("host ports must be unique across all containers"; "Host ports are unique" in 1.4).
    ///
    /// ## Why is this bad?
    /// Marathon accepts both apps: it does not compare host ports across apps. But a host
    /// port is a resource of the agent, and each task needs it from the agent's offer, so the
    /// two apps together run at most one task per agent. With more instances of both than
    /// agents, Marathon keeps waiting for offers with that port and the deployment never
    /// completes; during a rolling upgrade even one instance of each may block the other.
    ///
    /// ## Example
    /// ### Invalid: both bind 8080 on the agent
    /// ```json file:marathon/apps.json
    /// [{"id": "/a", "cmd": "a", "container": {"type": "DOCKER", "docker": {"image": "a:1"}, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}, "networks": [{"mode": "container/bridge"}]},
    ///  {"id": "/b", "cmd": "b", "container": {"type": "DOCKER", "docker": {"image": "b:1"}, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}, "networks": [{"mode": "container/bridge"}]}]
    /// ```
    /// ### Valid: one host port each, or a port Marathon picks
    /// ```json file:marathon/apps.json
    /// [{"id": "/a", "cmd": "a", "container": {"type": "DOCKER", "docker": {"image": "a:1"}, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}, "networks": [{"mode": "container/bridge"}]},
    ///  {"id": "/b", "cmd": "b", "container": {"type": "DOCKER", "docker": {"image": "b:1"}, "portMappings": [{"containerPort": 80, "hostPort": 0}]}, "networks": [{"mode": "container/bridge"}]}]
    /// ```
    ///
    /// ## How to fix
    /// Use `hostPort: 0` and let Marathon pick the port (service discovery finds it), give
    /// each app its own port, or keep the apps on different agents with constraints.
    ///
    /// ## References
    /// - Marathon `docs/docs/ports.md` (host ports, `requirePorts`);
    ///   `api/v2/validation/PodsValidation.scala` (v1.10.26 `:203-206,374`; v1.4.13 `:312-315`).
    pub struct HostPortClash {
        code: "AP027",
        name: "host-port-clash",
        severity: Warning,
        summary: "Two apps deployed together fix the same host port",
    }
}

impl Rule for HostPortClash {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // holders of a port by file, and by enclosing group below the root (apps of one
        // group given as separate files)
        let mut by_file: BTreeMap<(FileId, u64), Vec<(&Definition, Span)>> = BTreeMap::new();
        let mut by_group: BTreeMap<(&str, u64), Vec<(&Definition, Span)>> = BTreeMap::new();
        for def in cx.cluster.apps.marathon() {
            let ports = host_ports(def);
            pod_duplicates(&Self::META, def, &ports, sink);
            let group = def.id.as_deref().map(parent_of).filter(|g| *g != "/");
            let mut seen = std::collections::BTreeSet::new();
            for (port, span) in ports {
                if !seen.insert(port) {
                    continue; // one app's own repeats are not a clash between apps
                }
                let other = clash(by_file.get(&(def.file, port)), def).or_else(|| {
                    group
                        .and_then(|g| clash(by_group.get(&(g, port)), def))
                        .filter(|(o, _)| o.file != def.file)
                });
                if let Some((o, o_span)) = other {
                    let (whence, note) = if o.file == def.file {
                        ("in the same deployment".to_string(), "Marathon accepts both, but each task needs this port from the agent: the two apps never share an agent, and with more instances than agents the deployment waits for offers".to_string())
                    } else {
                        (
                            format!("in the same group {}", group.unwrap_or("/")),
                            format!("the two files define apps of group {}, which run on one Marathon at once: each task needs this port from the agent, so the two apps never share an agent and with more instances than agents one of them waits for offers", group.unwrap_or("/")),
                        )
                    };
                    sink.report(
                        Diagnostic::new(&Self::META, format!("{}: host port {port} is also fixed by {} {whence}", def.describe(), o.describe()))
                            .primary(span, format!("host port {port}"))
                            .secondary(o_span, "also fixed here")
                            .note(note)
                            .help("use hostPort 0 (or requirePorts false) to let Marathon pick, give each app its own port, or keep them apart with constraints"),
                    );
                }
                by_file
                    .entry((def.file, port))
                    .or_default()
                    .push((def, span));
                if let Some(g) = group {
                    by_group.entry((g, port)).or_default().push((def, span));
                }
            }
        }
    }
}

/// The first of `list` (at most [`MAX_PAIRS`] looked at) that may share an agent with `def`.
fn clash<'a>(
    list: Option<&Vec<(&'a Definition, Span)>>,
    def: &Definition,
) -> Option<(&'a Definition, Span)> {
    list?
        .iter()
        .take(MAX_PAIRS)
        .find(|(o, _)| !separated(o, def))
        .map(|(o, s)| (*o, *s))
}

/// The fixed host ports of an app or pod, in document order.
fn host_ports(def: &Definition) -> Vec<(u64, Span)> {
    let fixed = |v: &JsonValue| {
        number(v)
            .filter(|n| *n > 0.0 && n.fract() == 0.0)
            .map(|n| (n as u64, def.span(v)))
    };
    match def.kind {
        DefKind::Pod => reach(
            &def.value,
            &["containers", "*", "endpoints", "*", "hostPort"],
        )
        .into_iter()
        .filter_map(|r| fixed(r.value))
        .collect(),
        DefKind::Chronos => Vec::new(),
        DefKind::App => match net_mode(def) {
            Some(NetMode::Host) => {
                let required = def
                    .get("requirePorts")
                    .and_then(JsonValue::as_bool)
                    .unwrap_or(false);
                if !required {
                    return Vec::new();
                }
                let mut ports = reach(&def.value, &["portDefinitions", "*", "port"]);
                if ports.is_empty() {
                    ports = reach(&def.value, &["ports", "*"]);
                }
                ports.into_iter().filter_map(|r| fixed(r.value)).collect()
            }
            Some(_) => port_mappings(def)
                .unwrap_or_default()
                .iter()
                .filter_map(|pm| pm.get("hostPort").and_then(fixed))
                .collect(),
            None => Vec::new(),
        },
    }
}

/// Do the two definitions' constraints keep them on different agents? Both constrain one
/// field to different values (`CLUSTER`/`IS` values, `LIKE`/`UNLIKE` patterns): judged
/// apart, since a pattern may well exclude the other's agents.
fn separated(a: &Definition, b: &Definition) -> bool {
    let pins = |d: &Definition| -> Vec<(String, String)> {
        placement::of(d)
            .into_iter()
            .filter(|c| matches!(c.upper().as_str(), "CLUSTER" | "IS" | "LIKE" | "UNLIKE"))
            .filter_map(|c| c.value.map(|v| (c.field.0.to_string(), v.0.to_string())))
            .collect()
    };
    let pa = pins(a);
    if pa.is_empty() {
        return false;
    }
    let pb = pins(b);
    pa.iter()
        .any(|(f, v)| pb.iter().any(|(g, w)| f == g && v != w))
}

/// A pod that fixes one host port twice: Marathon refuses it.
fn pod_duplicates(
    meta: &'static RuleMeta,
    def: &Definition,
    ports: &[(u64, Span)],
    sink: &mut Sink,
) {
    if def.kind != DefKind::Pod {
        return;
    }
    let mut first: BTreeMap<u64, Span> = BTreeMap::new();
    for (port, span) in ports {
        match first.get(port) {
            None => {
                first.insert(*port, *span);
            }
            Some(f) => sink.report(
                Diagnostic::new(
                    meta,
                    format!(
                        "{}: host port {port} is fixed by two endpoints",
                        def.describe()
                    ),
                )
                .severity(Severity::Error)
                .primary(*span, format!("host port {port} again"))
                .secondary(*f, "first here")
                .note(
                    "Marathon refuses the pod: \"host ports must be unique across all containers\"",
                )
                .help("give each endpoint its own host port, or 0"),
            ),
        }
    }
}
