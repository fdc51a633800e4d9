use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{number, reach};

/// `(path, minimum, maximum, Marathon's reason)` of the numeric fields of an app, from the
/// `minimum`/`maximum` of Marathon's RAML types and its validators.
const APP_BOUNDS: &[(&[&str], f64, Option<f64>)] = &[
    (&["instances"], 0.0, None),
    (&["cpus"], 0.001, None),
    (&["mem"], 0.0, None),
    (&["disk"], 0.0, None),
    (&["gpus"], 0.0, None),
    (&["backoffSeconds"], 0.0, None),
    (&["backoffFactor"], 1.0, None),
    (&["maxLaunchDelaySeconds"], 0.0, None),
    (&["taskKillGracePeriodSeconds"], 0.0, None),
    (
        &["upgradeStrategy", "minimumHealthCapacity"],
        0.0,
        Some(1.0),
    ),
    (&["upgradeStrategy", "maximumOverCapacity"], 0.0, Some(1.0)),
    (&["ports", "*"], 0.0, Some(65535.0)),
    (&["portDefinitions", "*", "port"], 0.0, Some(65535.0)),
    (
        &["container", "portMappings", "*", "containerPort"],
        0.0,
        Some(65535.0),
    ),
    (
        &["container", "portMappings", "*", "hostPort"],
        0.0,
        Some(65535.0),
    ),
    (
        &["container", "portMappings", "*", "servicePort"],
        0.0,
        Some(65535.0),
    ),
    (
        &["container", "docker", "portMappings", "*", "containerPort"],
        0.0,
        Some(65535.0),
    ),
    (
        &["container", "docker", "portMappings", "*", "hostPort"],
        0.0,
        Some(65535.0),
    ),
    (
        &["container", "docker", "portMappings", "*", "servicePort"],
        0.0,
        Some(65535.0),
    ),
    (&["healthChecks", "*", "portIndex"], 0.0, None),
    (&["healthChecks", "*", "gracePeriodSeconds"], 0.0, None),
    (&["healthChecks", "*", "intervalSeconds"], 0.0, None),
    (&["healthChecks", "*", "timeoutSeconds"], 0.0, None),
    (&["healthChecks", "*", "maxConsecutiveFailures"], 0.0, None),
];

const POD_BOUNDS: &[(&[&str], f64, Option<f64>)] = &[
    (&["scaling", "instances"], 0.0, None),
    (&["containers", "*", "resources", "cpus"], 0.0, None),
    (&["containers", "*", "resources", "mem"], 0.0, None),
    (&["containers", "*", "resources", "disk"], 0.0, None),
    (&["containers", "*", "resources", "gpus"], 0.0, None),
    (
        &["scheduling", "upgrade", "minimumHealthCapacity"],
        0.0,
        Some(1.0),
    ),
    (
        &["scheduling", "upgrade", "maximumOverCapacity"],
        0.0,
        Some(1.0),
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports numbers of an app or pod outside the range Marathon accepts: negative
    /// `instances`, `mem`, `disk`, `gpus`, back-off and health-check durations; `cpus` below
    /// 0.001; `backoffFactor` below 1; `upgradeStrategy` capacities outside 0 to 1; ports
    /// above 65535. It also reports an app labelled `MARATHON_SINGLE_INSTANCE_APP=true` with
    /// more than one instance, or with an `upgradeStrategy` other than 0/0. On Marathon 1.10+
    /// it judges `resourceLimits` of apps and pod containers: each of `cpus` and `mem` must be
    /// `"unlimited"` or a number at least the resource requested (`cpus` 1 and `mem` 128 when
    /// not given), and a pod with `legacySharedCgroups` may have none.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the definition (`422`, "error.min"/"error.max" at the field's path, or
    /// the validator's message such as "Single instance app may only have one instance",
    /// "resource limit must be greater than or equal to requested resource (256.0)",
    /// "'Infinity' is an invalid resource limit. It must be 'unlimited' or a number" and
    /// "resourceLimits cannot be defined if legacySharedCgroups is enabled"; the last three
    /// since 1.10.0, the field being absent from 1.9.109).
    ///
    /// ## Example
    /// ### Invalid: an over-capacity above 1
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 1.5}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}}
    /// ```
    ///
    /// ## How to fix
    /// Bring the value into its range. Capacities are fractions of `instances`.
    ///
    /// ## References
    /// - Marathon `docs/docs/rest-api/public/api/v2/types/app.raml` (`minimum`, `maximum`);
    ///   `api/v2/validation/SchedulingValidation.scala` (`complyWithSingleInstanceLabelRules`,
    ///   `validForSingleInstanceApps`); v1.10.26 `api/v2/validation/AppValidation.scala:342-365`
    ///   (`validResourceLimit`, applied at :377) and `PodsValidation.scala:161,170`.
    pub struct AppValueRange {
        code: "AP005",
        name: "app-value-range",
        severity: Error,
        summary: "A number of an app or pod outside the range Marathon accepts",
    }
}

impl Rule for AppValueRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in &cx.cluster.apps.defs {
            let bounds = match def.kind {
                DefKind::App => APP_BOUNDS,
                DefKind::Pod => POD_BOUNDS,
                DefKind::Chronos => continue,
            };
            for (path, min, max) in bounds {
                for r in reach(&def.value, path) {
                    let Some(v) = number(r.value) else { continue };
                    let (bad, error, bound) = if v < *min {
                        (true, "error.min", format!("at least {min}"))
                    } else if max.is_some_and(|m| v > m) {
                        (true, "error.max", format!("at most {}", max.unwrap_or(0.0)))
                    } else {
                        (false, "", String::new())
                    };
                    if bad {
                        sink.report(
                            Diagnostic::new(
                                &Self::META,
                                format!("{}: `{}` is {v}, must be {bound}", def.describe(), r.path),
                            )
                            .primary(def.span(r.value), format!("must be {bound}"))
                            .note(format!(
                                "Marathon refuses the definition ({error} at /{})",
                                r.path.replace('.', "/")
                            ))
                            .help(format!("set `{}` to {bound}", r.path)),
                        );
                    }
                }
            }
            if def.kind == DefKind::App {
                single_instance(sink, def);
            }
        }
        super::resource_limits::check(&Self::META, cx, sink);
    }
}

fn single_instance(sink: &mut Sink, def: &Definition) {
    let label = def.at(&["labels", "MARATHON_SINGLE_INSTANCE_APP"]);
    if label.and_then(|l| l.as_str()) != Some("true") {
        return;
    }
    if let Some(i) = def
        .get("instances")
        .filter(|i| number(i).is_some_and(|n| n > 1.0))
    {
        sink.report(
            Diagnostic::new(
                &AppValueRange::META,
                format!(
                    "{} is a single-instance app with more than one instance",
                    def.describe()
                ),
            )
            .primary(def.span(i), "more than 1")
            .note("Marathon refuses it: \"Single instance app may only have one instance\"")
            .help("set instances to 0 or 1, or remove the MARATHON_SINGLE_INSTANCE_APP label"),
        );
    }
    for key in ["minimumHealthCapacity", "maximumOverCapacity"] {
        if let Some(v) = def
            .at(&["upgradeStrategy", key])
            .filter(|v| number(v).is_some_and(|n| n != 0.0))
        {
            sink.report(
                Diagnostic::new(&AppValueRange::META, format!("{}: a single-instance app needs `upgradeStrategy.{key}` 0", def.describe()))
                    .primary(def.span(v), "must be 0")
                    .note("Marathon refuses it: a single-instance app may never run two instances, not even during an upgrade")
                    .help(format!("set `upgradeStrategy.{key}` to 0")),
            );
        }
    }
}
