//! AP006's checks of network and port names, from Marathon's `AppValidation.scala` (v1.10.26
//! :24-55, the same since 1.5) and `NetworkValidation.scala` (:64-66):
//!
//! - a container network needs a name unless `--default_network_name` gives one ("Network
//!   name must be specified when container network is selected.", 1.6+; 1.5 fails the
//!   conversion with "container network must specify a name"); judged only when the tree
//!   shows Marathon's command line, and for pods too (`PodsValidation.scala:254`);
//! - with more than one container network, a port mapping with a `hostPort` names exactly
//!   one network ("networkNames must be a single item list when hostPort is specified and
//!   more than 1 container network is defined", 1.5+);
//! - every entry of `networkNames` is one of the app's networks ("is not one of (<names>)",
//!   1.5+; an unnamed container network takes the default name first);
//! - port names are unique among the port mappings, and among the port definitions ("Port
//!   names must be unique.", 1.4+: `state/Container.scala`, `state/PortDefinition.scala`).

use crate::config::Version;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, RuleMeta, Sink};

use super::marathon_conf::default_network_name;
use super::util::{is_template, net_mode, port_mappings, NetMode};

const NAME_REQUIRED: &str = "Network name must be specified when container network is selected.";
const HOST_PORT_NAME: &str = "networkNames must be a single item list when hostPort is specified and more than 1 container network is defined";
const PORT_NAMES: &str = "Port names must be unique.";

fn is_container(n: &JsonValue) -> bool {
    n.get("mode")
        .and_then(JsonValue::as_str)
        .unwrap_or("container")
        == "container"
}

fn name_of(n: &JsonValue) -> Option<&str> {
    n.get("name").and_then(JsonValue::as_str)
}

pub(super) fn check(meta: &'static RuleMeta, cx: &Context<'_>, sink: &mut Sink) {
    let marathon = &cx.cluster.versions.marathon;
    let networks_api = marathon.at_least(Version::new(1, 5, 0));
    let default_name = default_network_name(cx.cluster);
    let report = |sink: &mut Sink, def: &Definition, at: Said<'_>| {
        sink.report(
            Diagnostic::new(meta, format!("{}: {}", def.describe(), at.text))
                .primary(at.span, at.label.to_string())
                .note(format!(
                    "Marathon refuses the definition: \"{}\"",
                    at.daemon
                ))
                .help(at.help.to_string()),
        );
    };
    for def in &cx.cluster.apps.defs {
        let networks = def
            .get("networks")
            .and_then(JsonValue::as_array)
            .unwrap_or(&[]);
        if networks_api && def.kind != DefKind::Chronos && default_name == Some(None) {
            for n in networks
                .iter()
                .filter(|n| is_container(n) && name_of(n).is_none())
            {
                let at = Said {
                    span: def.span(n),
                    text: "a container network has no name, and Marathon has no --default_network_name",
                    daemon: NAME_REQUIRED,
                    label: "container network without a name",
                    help: "give the network its `name`, or start Marathon with --default_network_name",
                };
                report(sink, def, at);
            }
        }
        if def.kind != DefKind::App {
            continue;
        }
        if let Some(mappings) = port_mappings(def) {
            if networks_api {
                mappings_and_networks(
                    def,
                    mappings,
                    networks,
                    default_name.as_ref(),
                    sink,
                    &report,
                );
            }
            unique_names(def, mappings, "port mapping", sink, &report);
        }
        if let Some(pdefs) = def.get("portDefinitions").and_then(JsonValue::as_array) {
            unique_names(def, pdefs, "port definition", sink, &report);
        }
    }
}

/// One finding: its text, the daemon's message, the label and the help.
struct Said<'a> {
    span: Span,
    text: &'a str,
    daemon: &'a str,
    label: &'a str,
    help: &'a str,
}

type Report<'r> = dyn Fn(&mut Sink, &Definition, Said<'_>) + 'r;

fn mappings_and_networks(
    def: &Definition,
    mappings: &[JsonValue],
    networks: &[JsonValue],
    default_name: Option<&Option<String>>,
    sink: &mut Sink,
    report: &Report<'_>,
) {
    // the networks Marathon judges: a non-empty `networks` without host networking (it drops
    // the port mappings of host-networked apps)
    if networks.is_empty() || net_mode(def) == Some(NetMode::Host) {
        return;
    }
    let container_nets = networks.iter().filter(|n| is_container(n)).count();
    let names = normalised_names(networks, default_name);
    for m in mappings {
        let net_names = m
            .get("networkNames")
            .and_then(JsonValue::as_array)
            .unwrap_or(&[]);
        let host_port = m.get("hostPort").is_some_and(|h| !h.is_null());
        if container_nets > 1 && host_port && net_names.len() != 1 {
            let at = Said {
                span: def.span(m.get("networkNames").unwrap_or(m)),
                text:
                    "a port mapping with a hostPort must name exactly one of the container networks",
                daemon: HOST_PORT_NAME,
                label: "hostPort without one network name",
                help: "name the one network this hostPort is on in `networkNames`",
            };
            report(sink, def, at);
        }
        let Some(names) = &names else { continue };
        for n in net_names {
            let Some(s) = n.as_str() else { continue };
            if is_template(s) || names.contains(&s) {
                continue;
            }
            let daemon = format!("is not one of ({})", names.join(","));
            let at = Said {
                span: def.span(n),
                text: &format!("`networkNames` names `{s}`, which {daemon}"),
                daemon: &daemon,
                label: "no such network in `networks`",
                help: "name one of the app's `networks` in `networkNames`",
            };
            report(sink, def, at);
        }
    }
}

/// The network names Marathon validates `networkNames` against: the given names, with an
/// unnamed container network taking `--default_network_name` (normalisation runs first).
/// `None` when one cannot be known (a placeholder, or a default the tree does not show).
fn normalised_names<'a>(
    networks: &'a [JsonValue],
    default_name: Option<&'a Option<String>>,
) -> Option<Vec<&'a str>> {
    let mut names = Vec::new();
    for n in networks {
        match name_of(n) {
            Some(name) if is_template(name) => return None,
            Some(name) => names.push(name),
            None if is_container(n) => {
                if let Some(d) = default_name?.as_deref() {
                    names.push(d);
                }
            }
            None => {}
        }
    }
    Some(names)
}

/// Names given twice in `items` (port mappings or definitions): reported on the repeat.
fn unique_names(
    def: &Definition,
    items: &[JsonValue],
    what: &str,
    sink: &mut Sink,
    report: &Report<'_>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for item in items {
        let Some(v) = item.get("name") else { continue };
        let Some(name) = v.as_str().filter(|s| !is_template(s)) else {
            continue;
        };
        if !seen.insert(name) {
            let at = Said {
                span: def.span(v),
                text: &format!("two {what}s are named `{name}`"),
                daemon: PORT_NAMES,
                label: "the same name again",
                help: "give each port its own name",
            };
            report(sink, def, at);
        }
    }
}
