//! `resourceLimits` of apps and pod containers (Marathon 1.10+), judged as AP005 judges the
//! other numbers: Marathon's `AppValidation.validResourceLimit` (v1.10.26
//! `AppValidation.scala:342-365`, wired for apps at :377 and for pod containers in
//! `PodsValidation.scala:161`).
//!
//! A limit is the string `unlimited` or a number (RAML `ResourceLimit`, a union of the two);
//! any other string is read and then refused with "'<value>' is an invalid resource limit. It
//! must be 'unlimited' or a number", and a number below the resource it limits with "resource
//! limit must be greater than or equal to requested resource (<request>)". Marathon 1.9 and
//! older have no such field (absent in v1.9.109; unknown fields are ignored), so nothing is
//! checked for them.

use crate::config::Version;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::{JsonKind, JsonValue};
use crate::rule::{Context, RuleMeta, Sink};

use super::util::{is_template_value, number};

/// The first release with `resourceLimits` (present in v1.10.5).
const SINCE: Version = Version::new(1, 10, 0);

/// The RAML defaults of the requests a limit is compared with (`cpus` 1, `mem` 128, for
/// apps and pod container `resources` alike).
const REQUESTS: [(&str, f64); 2] = [("cpus", 1.0), ("mem", 128.0)];

pub(super) fn check(meta: &'static RuleMeta, cx: &Context<'_>, sink: &mut Sink) {
    let marathon = &cx.cluster.versions.marathon;
    if !marathon.at_least(SINCE) {
        return;
    }
    let applies = marathon.applies("1.10+");
    for def in &cx.cluster.apps.defs {
        match def.kind {
            DefKind::App => {
                if let Some(limits) = def.get("resourceLimits") {
                    judge(
                        meta,
                        def,
                        limits,
                        &def.value,
                        "resourceLimits",
                        &applies,
                        sink,
                    );
                }
            }
            DefKind::Pod => pod(meta, def, &applies, sink),
            DefKind::Chronos => {}
        }
    }
}

fn pod(meta: &'static RuleMeta, def: &Definition, applies: &str, sink: &mut Sink) {
    let Some(containers) = def.get("containers").and_then(JsonValue::as_array) else {
        return;
    };
    let shared = def.get("legacySharedCgroups").and_then(JsonValue::as_bool) == Some(true);
    for (i, c) in containers.iter().enumerate() {
        let Some(limits) = c.get("resourceLimits") else {
            continue;
        };
        let path = format!("containers[{i}].resourceLimits");
        if shared {
            sink.report(
                Diagnostic::new(
                    meta,
                    format!("{}: `{path}` is set on a pod with `legacySharedCgroups`", def.describe()),
                )
                .primary(def.span(limits), "limits with shared cgroups")
                .note("Marathon refuses the pod: \"resourceLimits cannot be defined if legacySharedCgroups is enabled\"")
                .note(applies.to_string())
                .help("remove `resourceLimits`, or `legacySharedCgroups`"),
            );
        }
        let requests = c.get("resources").unwrap_or(c);
        judge(meta, def, limits, requests, &path, applies, sink);
    }
}

/// Judge `limits` (an object of `cpus`/`mem`) against the requests in `requests`.
fn judge(
    meta: &'static RuleMeta,
    def: &Definition,
    limits: &JsonValue,
    requests: &JsonValue,
    path: &str,
    applies: &str,
    sink: &mut Sink,
) {
    for (key, default) in REQUESTS {
        let Some(limit) = limits.get(key) else {
            continue;
        };
        if is_template_value(limit) {
            continue;
        }
        // (message, label, whether the message is Marathon's own)
        let refused = match &limit.kind {
            JsonKind::String(s) if s == "unlimited" => continue,
            JsonKind::String(s) => (
                format!("'{s}' is an invalid resource limit. It must be 'unlimited' or a number"),
                "neither `unlimited` nor a number".to_string(),
                true,
            ),
            JsonKind::Number(_) => {
                let request = match requests.get(key) {
                    None => Some(default),
                    Some(r) => number(r),
                };
                match (number(limit), request) {
                    (Some(l), Some(r)) if l < r => (
                        format!(
                            "resource limit must be greater than or equal to requested resource ({})",
                            scala_double(r)
                        ),
                        format!("below the requested {key} ({})", scala_double(r)),
                        true,
                    ),
                    _ => continue,
                }
            }
            // null reads as an absent limit
            JsonKind::Null => continue,
            // a boolean, array or object fails the JSON reader of the union before any
            // validator runs
            _ => (
                format!(
                    "{} is not a resource limit: it must be 'unlimited' or a number",
                    limit.kind_name()
                ),
                "neither `unlimited` nor a number".to_string(),
                false,
            ),
        };
        let (message, label, daemons) = refused;
        let note = if daemons {
            format!("Marathon refuses the definition: \"{message}\"")
        } else {
            "Marathon's JSON reader refuses the definition".to_string()
        };
        sink.report(
            Diagnostic::new(
                meta,
                format!("{}: `{path}.{key}`: {message}", def.describe()),
            )
            .primary(def.span(limit), label)
            .note(note)
            .note(applies.to_string())
            .help(format!(
                "set `{path}.{key}` to \"unlimited\" or a number at least the requested {key}"
            )),
        );
    }
}

/// A double as Scala's `toString` writes it in the small range messages show (`256.0`,
/// `0.5`): always with a fraction.
fn scala_double(v: f64) -> String {
    format!("{v:?}")
}
