use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon app with nothing to run, or with two commands: neither `cmd` nor
    /// `args` nor a container with an image (a `docker` section, of a DOCKER or MESOS
    /// container, or before 1.9 the `appc` section of a MESOS one); both `cmd` and `args`; an
    /// empty `cmd`; and a pod whose `containers` array is empty.
    ///
    /// A `container` without `type` is a Docker container (the RAML default), so
    /// `"container": {"volumes": [...]}` alone does not make an app runnable, and neither
    /// does `"container": {"type": "MESOS"}` without an image: Marathon's API check lets it
    /// through, but the check of the converted `AppDefinition` refuses it (1.4 to 1.11).
    ///
    /// ## Why is this bad?
    /// Marathon refuses the definition with `AppDefinition must either contain one of 'cmd' or
    /// 'args', and/or a 'container'.` (and `must not be an empty string` for an empty `cmd`:
    /// Marathon 1.5 to 1.11 also refuse a one-character `cmd` with that message, as their check
    /// is `cmd.length > 1`). A pod needs at least one container.
    ///
    /// ## Example
    /// ### Invalid: both cmd and args
    /// ```json file:marathon/worker.json
    /// {"id": "/worker", "cmd": "worker --queue jobs", "args": ["worker", "--queue", "jobs"]}
    /// ```
    /// ### Valid
    /// ```json file:marathon/worker.json
    /// {"id": "/worker", "args": ["worker", "--queue", "jobs"],
    ///  "container": {"type": "DOCKER", "docker": {"image": "example/worker:1.2"}}}
    /// ```
    ///
    /// ## How to fix
    /// Give exactly one of `cmd` (run by `/bin/sh -c`) or `args` (run directly), or a container
    /// image whose entrypoint runs the service.
    ///
    /// ## References
    /// - Marathon `src/main/scala/mesosphere/marathon/api/v2/validation/AppValidation.scala`
    ///   (`containsCmdArgsOrContainer`, `validateCanonicalAppAPI`); `PodsValidation.scala`;
    ///   `state/AppDefinition.scala` (`containsCmdArgsOrContainer`, v1.10.26 :519, what
    ///   `AppsResource` applies after conversion); `RunSpecValidatorTest.scala:188` ("empty
    ///   container is invalid").
    pub struct AppCommandMissing {
        code: "AP003",
        name: "app-command-missing",
        severity: Error,
        summary: "An app with neither cmd, args nor a container, or with both cmd and args",
    }
}

const MESSAGE: &str =
    "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";

impl Rule for AppCommandMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // `appc` images left the app API in 1.9 (gone from `appContainer.raml` in v1.9.32)
        let appc = !cx.cluster.versions.marathon.at_least(Version::new(1, 9, 0));
        for def in &cx.cluster.apps.defs {
            match def.kind {
                DefKind::App => check_app(sink, def, appc),
                DefKind::Pod => check_pod(sink, def),
                DefKind::Chronos => {}
            }
        }
    }
}

fn given(v: Option<&JsonValue>) -> bool {
    match v {
        None => false,
        Some(v) if v.is_null() => false,
        Some(v) => match (v.as_str(), v.as_array()) {
            (Some(s), _) => !s.is_empty(),
            (_, Some(a)) => !a.is_empty(),
            _ => true,
        },
    }
}

/// Marathon: a container counts when it carries an image: a `docker` section (DOCKER or
/// MESOS type) or, before 1.9, an `appc` section of a MESOS container; `type` defaults to
/// DOCKER. A MESOS container without an image does not count: the REST API's RAML check
/// (`AppValidation.containsCmdArgsOrContainer`) lets it pass, but the app is converted to
/// an `AppDefinition` whose check (v1.10.26 `state/AppDefinition.scala:519-529`, the same
/// since 1.4) only counts `MesosDocker`, `MesosAppC` (1.4 to 1.8) and `Docker`.
fn runnable_container(def: &Definition, appc: bool) -> bool {
    let Some(c) = def.get("container").filter(|c| !c.is_null()) else {
        return false;
    };
    let ty = c
        .get("type")
        .and_then(JsonValue::as_str)
        .unwrap_or("DOCKER");
    let section = |key: &str| c.get(key).is_some_and(|d| !d.is_null());
    match ty {
        "DOCKER" => section("docker"),
        "MESOS" => section("docker") || (appc && section("appc")),
        _ => false,
    }
}

fn check_app(sink: &mut Sink, def: &Definition, appc: bool) {
    let cmd = def.get("cmd");
    let (has_cmd, has_args) = (given(cmd), given(def.get("args")));
    if let Some(s) = cmd.and_then(JsonValue::as_str) {
        if s.chars().count() <= 1 {
            let what = if s.is_empty() {
                "empty"
            } else {
                "one character long"
            };
            sink.report(
                Diagnostic::new(&AppCommandMissing::META, format!("{}: `cmd` is {what}", def.describe()))
                    .primary(def.span(cmd.unwrap_or(&def.value)), "`cmd` too short")
                    .note("Marathon refuses it: \"must not be an empty string\" (its check is `cmd.length > 1`)")
                    .help("give the command to run, or remove `cmd`"),
            );
            return;
        }
    }
    if has_cmd && has_args {
        let mut d = Diagnostic::new(
            &AppCommandMissing::META,
            format!("{}: both `cmd` and `args` are given", def.describe()),
        );
        if let Some(c) = cmd {
            d = d.primary(def.span(c), "`cmd`");
        }
        if let Some(a) = def.get("args") {
            d = d.secondary(def.span(a), "and `args`");
        }
        sink.report(
            d.note(format!("Marathon refuses it: \"{MESSAGE}\""))
                .help("keep `cmd` (run through /bin/sh -c) or `args` (run directly), not both"),
        );
        return;
    }
    if !has_cmd && !has_args && !runnable_container(def, appc) {
        let span = def
            .get("container")
            .map(|c| def.span(c))
            .unwrap_or_else(|| def.anchor());
        let mut d = Diagnostic::new(
            &AppCommandMissing::META,
            format!(
                "{} has nothing to run: no `cmd`, no `args`, no container image",
                def.describe()
            ),
        )
        .primary(span, "nothing to run")
        .note(format!("Marathon refuses it: \"{MESSAGE}\""));
        if !appc && def.at(&["container", "appc"]).is_some() {
            d = d.note("Marathon 1.9 and later do not read `container.appc` (applies to 1.9+)");
        }
        sink.report(d.help("add `cmd`, `args`, or `container.docker.image`"));
    }
}

fn check_pod(sink: &mut Sink, def: &Definition) {
    if let Some(c) = def
        .get("containers")
        .filter(|c| c.as_array().is_some_and(<[_]>::is_empty))
    {
        sink.report(
            Diagnostic::new(&AppCommandMissing::META, format!("{} has no containers", def.describe()))
                .primary(def.span(c), "empty")
                .note("Marathon refuses a pod without containers (`containers` must have at least one element)")
                .help("add the pod's containers"),
        );
    }
}
