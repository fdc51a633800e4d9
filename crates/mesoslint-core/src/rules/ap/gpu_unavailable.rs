use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::apps::DefKind;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers};
use super::util::number;

declare_rule! {
    /// ## What it does
    /// Reports an app that asks for `gpus` where they cannot be had:
    /// - with a `DOCKER` container (GPUs only work with the Mesos containerizer);
    /// - when the Marathon of the tree does not list `gpu_resources` in `enable_features`;
    /// - (as a warning) when no agent of the tree offers GPUs: an agent offers them only with
    ///   the `gpu/nvidia` isolator, or a `gpus` resource.
    ///
    /// A pod's containers (`resources.gpus`) are judged too. Pods always run on the Mesos
    /// containerizer, and Marathon does not refuse a pod's GPUs without `gpu_resources`
    /// (`PodsValidation.scala` has no feature check); but without it Marathon registers
    /// without the `GPU_RESOURCES` framework capability (`MarathonSchedulerDriver.scala`,
    /// v1.10.26 `:76-78`, v1.4.13 `:74-76`), so the master offers it no GPUs and the pod
    /// waits forever: a warning.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the first two: "GPU resources only work with the Mesos containerizer",
    /// "Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)". In
    /// the third case no offer holds a GPU and the app waits forever.
    ///
    /// ## Example
    /// ### Invalid: GPUs in a Docker container
    /// ```json file:marathon/train.json
    /// {"id": "/train", "gpus": 1, "container": {"type": "DOCKER", "docker": {"image": "example/train:3"}}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/train.json
    /// {"id": "/train", "gpus": 1, "container": {"type": "MESOS", "docker": {"image": "example/train:3"}}}
    /// ```
    ///
    /// ## How to fix
    /// Run GPU apps with `"type": "MESOS"`, start Marathon with
    /// `--enable_features gpu_resources`, and give GPU agents the `gpu/nvidia` isolator.
    ///
    /// ## References
    /// - Marathon `api/v2/validation/AppValidation.scala` (`complyWithGpuRules`),
    ///   `api/v2/Validation.scala` (`featureEnabled`); Mesos `docs/gpu-support.md`.
    pub struct GpuUnavailable {
        code: "AP026",
        name: "gpu-unavailable",
        severity: Error,
        summary: "An app asks for GPUs that its container, Marathon or the agents cannot give",
    }
}

impl Rule for GpuUnavailable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        let agent_gpus = all_known(&agents, |a| a.scalar("gpus"));
        for def in cx.cluster.apps.marathon() {
            let pod = def.kind == DefKind::Pod;
            let asked = if pod {
                super::pod::stated(def, "gpus")
            } else {
                def.get("gpus").into_iter().collect()
            };
            let Some(g) = asked
                .into_iter()
                .find(|g| number(g).is_some_and(|n| n > 0.0))
            else {
                continue;
            };
            let docker = !pod
                && def
                    .at(&["container", "type"])
                    .and_then(|t| t.as_str())
                    .map_or(
                        def.get("container")
                            .is_some_and(|c| c.as_object().is_some()),
                        |t| t == "DOCKER",
                    );
            if docker {
                sink.report(
                    Diagnostic::new(&Self::META, format!("{} asks for GPUs in a Docker container", def.describe()))
                        .primary(def.span(g), "GPUs")
                        .note("Marathon refuses it: \"GPU resources only work with the Mesos containerizer\"")
                        .help("use \"type\": \"MESOS\" with the same docker image"),
                );
            }
            for host in cx.cluster.marathons() {
                let Some(m) = host.marathon.as_deref() else {
                    continue;
                };
                let features = match m.flags.get("enable_features") {
                    None => Some(""),
                    Some(d) => d.known_value(),
                };
                let Some(features) = features else { continue };
                if !features.split(',').any(|f| f.trim() == "gpu_resources") {
                    let mut d = Diagnostic::new(
                        &Self::META,
                        format!(
                            "{} asks for GPUs, but Marathon on {} does not enable `gpu_resources`",
                            def.describe(),
                            crate::rules::mm::util::host_name(host)
                        ),
                    )
                    .primary(def.span(g), "GPUs");
                    if let Some(span) = m.flags.get("enable_features").and_then(|d| d.span()) {
                        d = d.secondary(span, "no gpu_resources here");
                    }
                    d = if pod {
                        // PodsValidation has no feature check (v1.10.26 `:35` only asks gpus >= 0)
                        d.severity(Severity::Warning).note("Marathon accepts the pod, but registers without the GPU_RESOURCES capability (MarathonSchedulerDriver.scala, v1.10.26 `:76-78`): the master offers it no GPUs and the pod never starts")
                    } else {
                        d.note("Marathon refuses it: \"Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)\"")
                    };
                    sink.report(d.help("add gpu_resources to Marathon's enable_features"));
                    break;
                }
            }
            if agent_gpus
                .as_ref()
                .is_some_and(|v| v.iter().all(|n| *n <= 0.0))
            {
                sink.report(
                    Diagnostic::new(&Self::META, format!("{} asks for GPUs, but no agent of this tree offers any", def.describe()))
                        .severity(Severity::Warning)
                        .primary(def.span(g), "GPUs")
                        .note("agents offer GPUs only with the gpu/nvidia isolator or a gpus resource: the app never starts")
                        .help("add gpu/nvidia to the isolation of the GPU agents"),
                );
            }
        }
    }
}
