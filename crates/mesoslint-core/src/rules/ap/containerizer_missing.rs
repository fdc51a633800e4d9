use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers, Offer};

declare_rule! {
    /// ## What it does
    /// Compares the container of each Marathon app with the agents of the same tree:
    /// - `"type": "DOCKER"` needs an agent whose `containerizers` list `docker`;
    /// - `"type": "MESOS"` with a `docker.image` (the universal containerizer) needs an agent
    ///   whose `containerizers` list `mesos`, whose `image_providers` list `docker`, and whose
    ///   `isolation` has `filesystem/linux` and `docker/runtime`;
    /// - a pod always runs on the Mesos containerizer (Marathon launches it as a task group of
    ///   the default executor): it needs an agent whose `containerizers` list `mesos`, and a
    ///   container with an `image` of `"kind": "DOCKER"` needs the image support above.
    ///
    /// It says nothing when some agent's settings are unknown (placeholders, values the tree
    /// does not show), or when the tree has no agent.
    ///
    /// ## Why is this bad?
    /// Marathon accepts the app and launches its tasks on agents that cannot run them: the
    /// agent refuses the container (`TASK_FAILED`, "Unsupported container type" or "No
    /// container image provisioner for DOCKER") and Marathon retries with back-off, forever.
    /// Nothing fails at deploy review; the app just never becomes healthy.
    ///
    /// ## Example
    /// ### Invalid: a Docker app, agents with the default containerizer
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"}}}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"}}}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:agent1/etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    ///
    /// ## How to fix
    /// Add `docker` to the agents' `containerizers` (and raise
    /// `executor_registration_timeout`, see MA004), or run the image with the Mesos
    /// containerizer (`image_providers=docker`, `isolation=filesystem/linux,docker/runtime`).
    ///
    /// ## References
    /// - Mesos `docs/docker-containerizer.md`, `docs/container-image.md`;
    ///   `src/slave/containerizer/composing.cpp`.
    pub struct ContainerizerMissing {
        code: "AP020",
        name: "containerizer-missing",
        severity: Error,
        summary: "An app's container needs a containerizer or image support no agent has",
    }
}

impl Rule for ContainerizerMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        for def in cx.cluster.apps.marathon() {
            let Some((c, need)) = need_of(def) else {
                continue;
            };
            let Some(able) = all_known(&agents, |a| need.met(a)) else {
                continue;
            };
            if able.iter().any(|ok| *ok) {
                continue;
            }
            report(sink, def, c, need, &agents);
        }
    }
}

/// What a definition needs from an agent, and the value to point at.
fn need_of(def: &Definition) -> Option<(&JsonValue, Need)> {
    if def.kind == DefKind::Pod {
        return pod_need(def);
    }
    let c = def.get("container").filter(|c| c.as_object().is_some())?;
    let ty = c
        .get("type")
        .and_then(JsonValue::as_str)
        .unwrap_or("DOCKER");
    let image = c.get("docker").and_then(|d| d.get("image")).is_some();
    let need = match ty {
        "DOCKER" => Need::Docker,
        "MESOS" if image => Need::MesosImage,
        _ => return None,
    };
    Some((c.get("type").unwrap_or(c), need))
}

/// A pod: the first container with a Docker image needs the universal containerizer's image
/// support; a pod without one still needs the Mesos containerizer.
fn pod_need(def: &Definition) -> Option<(&JsonValue, Need)> {
    let containers = def.get("containers")?.as_array()?;
    // `kind` is `DOCKER` in every release that has pods (`podContainer.raml` ImageType); 1.4
    // also knew APPC, judged here only as needing the Mesos containerizer
    let docker = |i: &JsonValue| {
        i.as_object().is_some()
            && i.get("kind")
                .and_then(JsonValue::as_str)
                .is_none_or(|k| k.eq_ignore_ascii_case("docker"))
    };
    if let Some(image) = containers
        .iter()
        .filter_map(|c| c.get("image"))
        .find(|i| docker(i))
    {
        return Some((image.get("kind").unwrap_or(image), Need::MesosImage));
    }
    Some((def.get("containers")?, Need::Mesos))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Docker,
    /// The Mesos containerizer (a pod without images).
    Mesos,
    MesosImage,
}

impl Need {
    fn met(self, a: &Offer<'_>) -> Option<bool> {
        let cz = a.containerizers()?;
        Some(match self {
            Need::Docker => cz.iter().any(|c| c == "docker"),
            Need::Mesos => cz.iter().any(|c| c == "mesos"),
            Need::MesosImage => {
                let iso = a.isolation()?;
                cz.iter().any(|c| c == "mesos")
                    && a.image_providers()?
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case("docker"))
                    && iso.iter().any(|t| t == "filesystem/linux")
                    && iso.iter().any(|t| t == "docker/runtime")
            }
        })
    }
}

fn report(sink: &mut Sink, def: &Definition, at: &JsonValue, need: Need, agents: &[Offer<'_>]) {
    let (what, flag, help) = match need {
        Need::Docker => (
            "a Docker container, but no agent in this tree runs the docker containerizer",
            "containerizers",
            "add `docker` to the agents' `containerizers` (e.g. `docker,mesos`)",
        ),
        Need::Mesos => (
            "the Mesos containerizer (pods run as task groups of the default executor), but no agent in this tree runs it",
            "containerizers",
            "add `mesos` to the agents' `containerizers` (e.g. `mesos,docker`)",
        ),
        Need::MesosImage => (
            "a Docker image on the Mesos containerizer, but no agent has `image_providers=docker` with `filesystem/linux` and `docker/runtime` isolation",
            "image_providers",
            "on the agents set `image_providers=docker` and `isolation=filesystem/linux,docker/runtime` (with the isolators they already use)",
        ),
    };
    let mut d = Diagnostic::new(
        &ContainerizerMissing::META,
        format!("{} needs {what}", def.describe()),
    )
    .primary(def.span(at), "needs a containerizer no agent has");
    for a in agents.iter().take(5) {
        if let Some(span) = a.span(flag) {
            d = d.secondary(span, format!("{}: {}", a.name(), describe(a, need)));
        }
    }
    if agents.len() > 5 {
        d = d.note(format!("and {} more agents like these", agents.len() - 5));
    }
    sink.report(
        d.note("the agents refuse the task (TASK_FAILED) and Marathon relaunches it with back-off, forever")
            .help(help),
    );
}

fn describe(a: &Offer<'_>, need: Need) -> String {
    let cz = a.containerizers().unwrap_or_default().join(",");
    match need {
        Need::Docker | Need::Mesos => format!("containerizers={cz}"),
        Need::MesosImage => format!(
            "containerizers={cz}, image_providers={}",
            a.image_providers().unwrap_or_default().join(",")
        ),
    }
}
