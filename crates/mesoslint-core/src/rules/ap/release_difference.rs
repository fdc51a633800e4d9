use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::apps::{DefKind, Definition};
use crate::model::versions::Assumed;
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

const V1_4: Version = Version::new(1, 4, 0);
const V1_5: Version = Version::new(1, 5, 0);

declare_rule! {
    /// ## What it does
    /// Reports a definition that the Marathon release it is checked for (`[target] marathon`,
    /// `--target marathon=...`, a version the tree pins, else the latest) reads differently
    /// from the others, saying what that release does:
    /// - **Pods before 1.4** (error): Marathon 1.4.0 added pods (`/v2/pods`; v1.3.14 has no
    ///   pod API at all), so an older Marathon cannot run one.
    /// - **Pods in a group document** (warning, every release with pods): `/v2/groups` does not
    ///   create or change pods. Marathon 1.4's group update has no `pods` field
    ///   (`GroupUpdate.scala` v1.4.13 `:8-11`) and keeps the group's current pods (`:38`);
    ///   1.5 and later read a `GroupUpdate` without `pods` (`types/group.raml` v1.10.26
    ///   `:47-70`; "we don't support updates to pods via group-update operations",
    ///   `GroupConversion.scala` v1.5.15 `:83`). Post pods to `/v2/pods` on their own.
    /// - **1.5's networking API on 1.4** (warning): `networks` and `container.portMappings`
    ///   arrive in 1.5 (`types/app.raml` v1.5.15 `:232`, `appContainer.raml`). Marathon 1.4
    ///   reads neither (its reader, `Formats.scala` v1.4.13 `:306-316,371-376`, and its
    ///   published schema `AppDefinition.json` do not list them): the app runs with the
    ///   network of `container.docker.network` (host networking unless set) and the port
    ///   mappings of `container.docker.portMappings`.
    /// - **A MESOS container with Docker networking on 1.4** (error): "Mesos Containerizer
    ///   does not support portMappings" and "Mesos Containerizer does not support network"
    ///   (`Formats.scala` v1.4.13 `:385-386`, for `container.docker.portMappings` and
    ///   `container.docker.network`).
    /// - **Both network APIs on 1.5 and later** (error): `networks` together with the
    ///   deprecated `ipAddress`: "must not specify both networks and ipAddress"
    ///   (`AppValidation.validateOldAppAPI`, v1.5.15 `:288`, v1.10.26 `:275`, checked before
    ///   the definition is normalised). Marathon 1.4 reads only `ipAddress`. (`networks` with
    ///   `container.docker.network` is AP006's.)
    /// - **`"network": "NONE"` on 1.5 and later** (error): "unsupported docker network type
    ///   NONE" (v1.5.15 `:358,377`, v1.10.26 `:424,443`); 1.4 accepts it.
    ///
    /// `role` (1.9+), `resourceLimits` (1.10+) and the other fields whose checks differ by
    /// release are judged by the rules of those fields (AP023, AP005).
    ///
    /// ## Why is this bad?
    /// A definition written for one release and posted to another is refused, or worse,
    /// accepted with its networking silently dropped: the tasks start on the wrong network,
    /// without the ports the definition asks for.
    ///
    /// ## Example
    /// ### Invalid: `networks` with the deprecated `ipAddress`
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "networks": [{"mode": "container", "name": "overlay"}],
    ///  "ipAddress": {"networkName": "overlay"}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "networks": [{"mode": "container", "name": "overlay"}]}
    /// ```
    ///
    /// ## How to fix
    /// Write the definition for the release it goes to: `networks` and
    /// `container.portMappings` from 1.5 on, `container.docker.network` and
    /// `container.docker.portMappings` on 1.4; post pods to `/v2/pods`.
    ///
    /// ## References
    /// - Marathon `api/v2/AppNormalization.scala`, `api/v2/json/Formats.scala` (1.4),
    ///   `raml/GroupConversion.scala`, `docs/docs/rest-api/public/api/v2/types/*.raml`,
    ///   `docs/docs/rest-api/public/api/v2/schema/AppDefinition.json` (1.4).
    pub struct ReleaseDifference {
        code: "AP028",
        name: "release-difference",
        severity: Warning,
        summary: "A definition the target Marathon release refuses or reads differently",
    }
}

impl Rule for ReleaseDifference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let marathon = &cx.cluster.versions.marathon;
        for def in cx.cluster.apps.marathon() {
            match def.kind {
                DefKind::Pod => pod(def, marathon, sink),
                _ if marathon.at_least(V1_5) => networks_1_5(def, marathon, sink),
                _ => networks_1_4(def, marathon, sink),
            }
        }
    }
}

fn pod(def: &Definition, marathon: &Assumed, sink: &mut Sink) {
    if !marathon.at_least(V1_4) {
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!("{}: Marathon before 1.4 has no pods", def.describe()),
            )
            .severity(Severity::Error)
            .primary(def.anchor(), "a pod")
            .note("pods (/v2/pods) arrive in Marathon 1.4.0")
            .note(marathon.applies("before 1.4"))
            .help("run it as an app, or upgrade Marathon to 1.4 or later"),
        );
        return;
    }
    if def.group.is_some() {
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!("{}: /v2/groups does not create the pods of a group", def.describe()),
            )
            .primary(def.anchor(), "not deployed with the group")
            .note("a group update has no `pods`: Marathon keeps the group's current pods (\"we don't support updates to pods via group-update operations\")")
            .note(marathon.applies("1.4+"))
            .help("post the pod to /v2/pods on its own (its id places it in the group)"),
        );
    }
}

fn docker_network(def: &Definition) -> Option<&JsonValue> {
    def.at(&["container", "docker", "network"])
}

fn networks_1_5(def: &Definition, marathon: &Assumed, sink: &mut Sink) {
    // `container.docker.network` with `networks` is AP006's ("must not specify both
    // container.docker.network and networks"); `ipAddress` with `networks` is judged here
    let networks = def
        .get("networks")
        .filter(|n| n.as_array().is_some_and(|a| !a.is_empty()));
    if let (Some(n), Some(old)) = (networks, def.get("ipAddress")) {
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!(
                    "{}: `networks` together with the deprecated `ipAddress`",
                    def.describe()
                ),
            )
            .severity(Severity::Error)
            .primary(def.span(old), "deprecated network API")
            .secondary(def.span(n), "canonical network API")
            .note("Marathon refuses the app: \"must not specify both networks and ipAddress\"")
            .note(marathon.applies("1.5+ (1.4 reads only ipAddress)"))
            .help("remove `ipAddress` and keep `networks` (a `container` network with its `name`)"),
        );
        return;
    }
    if let Some(v) = docker_network(def).filter(|v| v.as_str() == Some("NONE")) {
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!("{}: docker network NONE", def.describe()),
            )
            .severity(Severity::Error)
            .primary(def.span(v), "refused")
            .note("Marathon refuses the app: \"unsupported docker network type NONE\"")
            .note(marathon.applies("1.5+ (1.4 accepts NONE)"))
            .help("use `networks` (host, container/bridge or container), or run on Marathon 1.4"),
        );
    }
}

fn networks_1_4(def: &Definition, marathon: &Assumed, sink: &mut Sink) {
    let runs_with = match docker_network(def).and_then(JsonValue::as_str) {
        Some(n) => format!("container.docker.network {n}"),
        None => "host networking".to_string(),
    };
    for (path, what) in [
        (&["networks"][..], format!("the app runs with {runs_with}")),
        (
            &["container", "portMappings"][..],
            "its port mappings are only those of container.docker.portMappings".to_string(),
        ),
    ] {
        let Some(v) = def.at(path) else { continue };
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!("{}: Marathon before 1.5 ignores `{}`", def.describe(), path.join(".")),
            )
            .primary(def.span(v), "ignored")
            .note(format!("the field arrives in Marathon 1.5; Marathon 1.4 does not read it: {what}"))
            .note(marathon.applies("1.4"))
            .help("use container.docker.network and container.docker.portMappings on 1.4, or upgrade Marathon to 1.5 or later"),
        );
    }
    let mesos = def
        .at(&["container", "type"])
        .and_then(JsonValue::as_str)
        .is_some_and(|t| t == "MESOS");
    if !mesos {
        return;
    }
    for (key, message) in [
        (
            "portMappings",
            "Mesos Containerizer does not support portMappings",
        ),
        ("network", "Mesos Containerizer does not support network"),
    ] {
        let Some(v) = def.at(&["container", "docker", key]) else {
            continue;
        };
        sink.report(
            Diagnostic::new(
                &ReleaseDifference::META,
                format!(
                    "{}: container.docker.{key} on a MESOS container",
                    def.describe()
                ),
            )
            .severity(Severity::Error)
            .primary(def.span(v), "refused")
            .note(format!("Marathon refuses the app: \"{message}\""))
            .note(marathon.applies("1.4"))
            .help("use a DOCKER container, or ipAddress for the Mesos containerizer's networking"),
        );
    }
}
