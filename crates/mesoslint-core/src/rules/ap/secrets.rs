//! AP009's checks of an app's secrets outside `env`, from Marathon's `AppValidation.scala`
//! (v1.10.26: `dockerDockerContainerValidator` :57-65, `mesosDockerContainerValidator`
//! :67-79, `validContainer` :127-131, `validSecretVolume` :226-228, `validBasicAppDefinition`
//! :378-381) and `EnvVarValidation.scala` (:39-59):
//!
//! - `pullConfig` with the Docker containerizer: "pullConfig is not supported with Docker
//!   containerizer" (1.5+);
//! - a `pullConfig.secret` or a secret volume's `secret` not among the app's `secrets`:
//!   "pullConfig.secret must refer to an existing secret", "volume.secret must refer to an
//!   existing secret" (1.5+);
//! - `secrets` (1.4+), a secret volume or a Mesos `pullConfig` (1.5+) while the tree's
//!   Marathon does not list `secrets` in `--enable_features`: "Feature secrets is not
//!   enabled. Enable with --enable_features secrets)" (the parenthesis is Marathon's), and a
//!   secret reference in `env`: "use of secret-references in the environment requires the
//!   secrets feature to be enabled" (1.5+). These are judged only when the tree shows how
//!   Marathon is started (its unit, conf dir or env file): without it the feature is unknown.

use crate::config::Version;
use crate::diagnostic::Diagnostic;
use crate::model::apps::Definition;
use crate::parse::json::{JsonObject, JsonValue};
use crate::rule::{Context, RuleMeta, Sink};

use super::marathon_conf::{feature_off, Seen};
use super::util::is_template;

const FEATURE_OFF: &str = "Feature secrets is not enabled. Enable with --enable_features secrets)";
const ENV_REFS: &str =
    "use of secret-references in the environment requires the secrets feature to be enabled";

pub(super) fn check(meta: &'static RuleMeta, cx: &Context<'_>, sink: &mut Sink) {
    let marathon = &cx.cluster.versions.marathon;
    if !marathon.at_least(Version::new(1, 4, 0)) {
        return;
    }
    let since_1_5 = marathon.at_least(Version::new(1, 5, 0));
    let off = feature_off(cx.cluster, "secrets");
    for def in cx.cluster.apps.apps() {
        let secrets = def.get("secrets").and_then(JsonValue::as_object);
        let defined = |name: &str| secrets.is_some_and(|s| s.get(name).is_some());
        // (where, what) the secrets feature is needed for
        let mut needs: Vec<(&JsonValue, &str)> = Vec::new();
        if let Some(s) = def
            .get("secrets")
            .filter(|_| secrets.is_some_and(|o| !o.is_empty()))
        {
            needs.push((s, "`secrets`"));
        }
        if since_1_5 {
            container(meta, def, &defined, &mut needs, sink);
        }
        if let Some(off) = &off {
            for (at, what) in needs {
                feature_needed(meta, def, at, what, FEATURE_OFF, off, sink);
            }
            if since_1_5 {
                if let Some(r) = env_secret_ref(def.get("env").and_then(JsonValue::as_object)) {
                    feature_needed(
                        meta,
                        def,
                        r,
                        "a secret reference in `env`",
                        ENV_REFS,
                        off,
                        sink,
                    );
                }
            }
        }
    }
}

/// The container's secret volumes and `pullConfig`: references checked here, the places
/// that need the feature pushed to `needs`.
fn container<'a>(
    meta: &'static RuleMeta,
    def: &'a Definition,
    defined: &dyn Fn(&str) -> bool,
    needs: &mut Vec<(&'a JsonValue, &'static str)>,
    sink: &mut Sink,
) {
    let Some(c) = def.get("container").filter(|c| !c.is_null()) else {
        return;
    };
    let refused = |sink: &mut Sink, at: &JsonValue, msg: &str, help: &str| {
        sink.report(
            Diagnostic::new(meta, format!("{}: {msg}", def.describe()))
                .primary(def.span(at), "refused by Marathon")
                .note(format!("Marathon refuses the app: \"{msg}\""))
                .help(help.to_string()),
        );
    };
    for v in c
        .get("volumes")
        .and_then(JsonValue::as_array)
        .unwrap_or(&[])
    {
        let Some(secret) = v.get("secret") else {
            continue;
        };
        needs.push((secret, "a secret volume"));
        if let Some(name) = secret.as_str().filter(|n| !is_template(n) && !defined(n)) {
            let help = format!("define `{name}` under the app's `secrets`, or name one that is");
            refused(
                sink,
                secret,
                "volume.secret must refer to an existing secret",
                &help,
            );
        }
    }
    let Some(pull) = pull_config(c) else {
        return;
    };
    let ty = c
        .get("type")
        .and_then(JsonValue::as_str)
        .unwrap_or("DOCKER");
    match ty {
        "DOCKER" => refused(
            sink,
            pull,
            "pullConfig is not supported with Docker containerizer",
            "use \"type\": \"MESOS\" (the Mesos containerizer pulls with the secret), or log the agents in to the registry",
        ),
        "MESOS" => {
            needs.push((pull, "`pullConfig`"));
            let name = pull.get("secret").and_then(JsonValue::as_str);
            if let Some(name) = name.filter(|n| !is_template(n) && !defined(n)) {
                let help = format!("define `{name}` under the app's `secrets`, or name one that is");
                refused(sink, pull, "pullConfig.secret must refer to an existing secret", &help);
            }
        }
        _ => {}
    }
}

fn pull_config(container: &JsonValue) -> Option<&JsonValue> {
    container
        .get("docker")
        .and_then(|d| d.get("pullConfig"))
        .filter(|p| !p.is_null())
}

/// The first `env` value that is a secret reference (`{"secret": "name"}`).
fn env_secret_ref(env: Option<&JsonObject>) -> Option<&JsonValue> {
    env?.iter()
        .map(|m| &m.value)
        .find(|v| v.get("secret").is_some())
}

fn feature_needed(
    meta: &'static RuleMeta,
    def: &Definition,
    at: &JsonValue,
    what: &str,
    daemon: &str,
    off: &Seen<'_>,
    sink: &mut Sink,
) {
    let host = crate::rules::mm::util::host_name(off.host);
    let mut d = Diagnostic::new(
        meta,
        format!(
            "{}: {what} needs the secrets feature, which Marathon on {host} does not enable",
            def.describe()
        ),
    )
    .primary(def.span(at), "needs --enable_features secrets");
    if let Some(span) = off.span {
        d = d.secondary(span, "no `secrets` here");
    }
    sink.report(
        d.note(format!("Marathon refuses the app: \"{daemon}\""))
            .note("judged from the Marathon command line of this tree (--enable_features, MARATHON_ENABLE_FEATURES or etc/marathon/conf/enable_features)")
            .help("add `secrets` to Marathon's --enable_features (it also needs a secrets plugin), or remove the secret"),
    );
}
