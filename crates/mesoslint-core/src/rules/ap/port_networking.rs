use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{net_mode, number, NetMode};

declare_rule! {
    /// ## What it does
    /// Reports port settings of an app that do not fit its networking: `portMappings` with
    /// host networking, `portDefinitions` with container or bridge networking, both `ports`
    /// and `portDefinitions` saying different things, the same fixed port twice in `ports` or
    /// `portDefinitions`, both `container.docker.network` and `networks`, and more than one
    /// container network with the Docker containerizer. On Marathon 1.5+ also: a container
    /// network without a name when the tree's Marathon has no `--default_network_name` (apps
    /// and pods; nothing is said when the tree shows no Marathon command line), a port
    /// mapping with a `hostPort` that does not name exactly one network when there are
    /// several container networks, and `networkNames` naming no network of the app; and
    /// (1.4+) two port mappings or two port definitions with the same `name`.
    ///
    /// Networking is what Marathon makes of the definition: the first `networks` entry, else
    /// the deprecated `container.docker.network`, else host networking.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the app with "cannot specify both ports and port definitions", "ports
    /// must be unique", "must not specify both container.docker.network and networks", or "may
    /// only specify a single container network when using the Docker container engine",
    /// "Network name must be specified when container network is selected." (1.6+; 1.5 fails
    /// the conversion with "container network must specify a name"), "networkNames must be a
    /// single item list when hostPort is specified and more than 1 container network is
    /// defined", "is not one of (<network names>)", "Port names must be unique." and, for
    /// `portDefinitions`, "Ports must be unique.".
    ///
    /// Port settings that do not fit the networking are a warning: when an app is created
    /// (`POST /v2/apps`), Marathon 1.5 and later silently drop `portMappings` on the host network
    /// and `portDefinitions` on other networks (`AppNormalization.forDeprecated`), so the ports
    /// the definition asks for are not the ones the app gets. Marathon 1.5 to 1.7 refuse the same
    /// definition sent as an update (`PUT /v2/apps/<id>`, which many deploy tools use) with
    /// "portMappings are not allowed with host-networking" or "portDefinitions are only allowed
    /// with host-networking" (the `AppUpdate` validators of `AppValidation.scala`).
    ///
    /// ## Example
    /// ### Invalid: port mappings on the host network
    /// ```json file:marathon/web.json
    /// {"id": "/web", "networks": [{"mode": "host"}],
    ///  "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"}, "portMappings": [{"containerPort": 80}]}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "networks": [{"mode": "container/bridge"}],
    ///  "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"}, "portMappings": [{"containerPort": 80}]}}
    /// ```
    ///
    /// ## How to fix
    /// With host networking, declare `portDefinitions`; with bridge or container networks,
    /// declare `container.portMappings`.
    ///
    /// ## References
    /// - Marathon `api/v2/validation/AppValidation.scala` (`validateCanonicalAppAPI`,
    ///   `validNestedApp`, `complyWithDockerNetworkingRules`, `portMappingsValidator`,
    ///   `portDefinitionsValidator`: v1.10.26 :24-55); `NetworkValidation.scala`
    ///   (`defaultNetworkNameValidator`, :64-66); `PodsValidation.scala:254`;
    ///   `docs/docs/networking.md`.
    pub struct PortNetworking {
        code: "AP006",
        name: "port-networking",
        severity: Error,
        summary: "Port mappings or definitions that do not fit the app's networking",
    }
}

impl Rule for PortNetworking {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx.cluster.apps.apps() {
            // `dropped` names the field Marathon drops on create (and 1.5-1.7 refuse on update):
            // a warning; everything else is refused outright.
            let mut report = |span: Span, msg: &str, help: &str, dropped: Option<&str>| {
                let d = Diagnostic::new(&Self::META, format!("{}: {msg}", def.describe()));
                let d = match dropped {
                    None => d
                        .primary(span, msg.to_string())
                        .note(format!("Marathon refuses the app: \"{msg}\"")),
                    Some(field) => d
                        .severity(Severity::Warning)
                        .primary(span, format!("{field} ignored with this networking"))
                        .note(format!("Marathon 1.5 and later drop {field} here when the app is created (POST), and 1.5 to 1.7 refuse it in an update (PUT): \"{msg}\"")),
                };
                sink.report(d.help(help.to_string()));
            };
            let networks = def.get("networks").and_then(JsonValue::as_array);
            if let (Some(_), Some(dn)) = (
                def.get("networks"),
                def.at(&["container", "docker", "network"]),
            ) {
                if networks.is_some_and(|a| !a.is_empty()) {
                    report(
                        def.span(dn),
                        "must not specify both container.docker.network and networks",
                        "keep `networks` and remove the deprecated `container.docker.network`",
                        None,
                    );
                    continue;
                }
            }
            let mode = net_mode(def);
            // the deprecated docker.portMappings with docker.network HOST were ignored by 1.4
            // and are rewritten by later releases: only the canonical field is judged here
            let mappings = def
                .at(&["container", "portMappings"])
                .and_then(JsonValue::as_array)
                .filter(|m| !m.is_empty());
            let pdefs = def
                .get("portDefinitions")
                .and_then(JsonValue::as_array)
                .filter(|p| !p.is_empty());
            if let (Some(NetMode::Host), Some(m)) = (mode, mappings) {
                report(
                    def.span(&m[0]),
                    "portMappings are not allowed with host-networking",
                    "use portDefinitions, or a bridge/container network",
                    Some("container.portMappings"),
                );
            }
            if let (Some(NetMode::Bridge | NetMode::Container), Some(p)) = (mode, pdefs) {
                report(
                    def.span(&p[0]),
                    "portDefinitions are only allowed with host-networking",
                    "use container.portMappings with this network, and remove portDefinitions",
                    Some("portDefinitions"),
                );
            }
            let ports = def
                .get("ports")
                .and_then(JsonValue::as_array)
                .filter(|p| !p.is_empty());
            if let (Some(ports), Some(p)) = (ports, pdefs) {
                let a: Vec<Option<f64>> = ports.iter().map(number).collect();
                let b: Vec<Option<f64>> =
                    p.iter().map(|d| d.get("port").and_then(number)).collect();
                if a != b {
                    report(
                        def.span(def.get("ports").unwrap_or(&def.value)),
                        "cannot specify both ports and port definitions",
                        "keep portDefinitions and remove the deprecated `ports`",
                        None,
                    );
                }
            }
            let fixed: Vec<(f64, &JsonValue)> = match (ports, pdefs) {
                (Some(p), _) => p.iter().filter_map(|v| number(v).map(|n| (n, v))).collect(),
                (None, Some(p)) => p
                    .iter()
                    .filter_map(|d| d.get("port"))
                    .filter_map(|v| number(v).map(|n| (n, v)))
                    .collect(),
                _ => Vec::new(),
            };
            let mut seen = std::collections::BTreeSet::new();
            if let Some((_, v)) = fixed
                .iter()
                .find(|(n, _)| *n != 0.0 && !seen.insert(n.to_bits()))
            {
                // the deprecated `ports` and `portDefinitions` have their own validators
                let msg = if ports.is_some() {
                    "ports must be unique"
                } else {
                    "Ports must be unique."
                };
                report(
                    def.span(v),
                    msg,
                    "give each port once (0 asks for any free port)",
                    None,
                );
            }
            let docker =
                def.at(&["container", "type"]).and_then(JsonValue::as_str) == Some("DOCKER");
            let container_nets = networks.map_or(0, |n| {
                n.iter()
                    .filter(|x| {
                        x.get("mode")
                            .and_then(JsonValue::as_str)
                            .unwrap_or("container")
                            == "container"
                    })
                    .count()
            });
            if docker && container_nets > 1 {
                report(def.span(def.get("networks").unwrap_or(&def.value)), "may only specify a single container network when using the Docker container engine", "keep one container network, or use the Mesos containerizer", None);
            }
        }
        super::network_names::check(&Self::META, cx, sink);
    }
}
