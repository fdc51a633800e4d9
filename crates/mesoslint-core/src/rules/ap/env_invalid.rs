use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::Definition;
use crate::parse::json::{JsonKind, JsonValue};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::is_template_value;

declare_rule! {
    /// ## What it does
    /// Reports an app `env` entry Marathon refuses: a value that is neither a string nor a
    /// secret reference (`{"secret": "name"}`), for example a number or a boolean; an empty
    /// variable name; a secret reference to a name not defined in the app's `secrets`; and a
    /// `secrets` entry without a `source`. It also judges secrets outside `env`: a secret
    /// volume or `pullConfig.secret` naming no secret of the app, `pullConfig` with the
    /// Docker containerizer (1.5+), and, when the tree shows how Marathon is started and
    /// `secrets` is not in its `--enable_features`, any use of secrets (`secrets` 1.4+; secret
    /// volumes, a Mesos `pullConfig` and secret references in `env` 1.5+). Without a Marathon
    /// command line in the tree the feature is not known and nothing is said of it.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the app (`422`): a number is "Invalid JSON" at `/env/NAME`, an undefined
    /// secret is "references an undefined secret". Writing `"PORT": 8080` instead of
    /// `"PORT": "8080"` is a common slip. Outside `env`: "volume.secret must refer to an
    /// existing secret", "pullConfig.secret must refer to an existing secret", "pullConfig is
    /// not supported with Docker containerizer", "Feature secrets is not enabled. Enable with
    /// --enable_features secrets)" and "use of secret-references in the environment requires
    /// the secrets feature to be enabled".
    ///
    /// ## Example
    /// ### Invalid: a number and an undefined secret
    /// ```json file:marathon/api.json
    /// {"id": "/api", "cmd": "api", "env": {"WORKERS": 4, "DB_PASSWORD": {"secret": "db"}}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/api.json
    /// {"id": "/api", "cmd": "api", "env": {"WORKERS": "4", "DB_PASSWORD": {"secret": "db"}},
    ///  "secrets": {"db": {"source": "prod/db/password"}}}
    /// ```
    ///
    /// ## How to fix
    /// Quote the value; define every referenced secret under `secrets` with its `source`.
    ///
    /// ## References
    /// - Marathon `api/v2/validation/EnvVarValidation.scala`, `SecretValidation.scala`;
    ///   `AppValidation.scala` (v1.10.26 :57-79, :127-131, :226-228, :378-381);
    ///   `api/v2/Validation.scala` (`featureEnabled`, :133-137);
    ///   `docs/docs/rest-api/public/api/v2/types/environmentVariable.raml`, `secrets.raml`.
    pub struct EnvInvalid {
        code: "AP009",
        name: "env-invalid",
        severity: Error,
        summary: "An app env value that is not a string or a defined secret reference",
    }
}

impl Rule for EnvInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx.cluster.apps.apps() {
            let secrets = def.get("secrets").and_then(JsonValue::as_object);
            if let Some(s) = secrets {
                for m in s.iter() {
                    if m.value.get("source").and_then(JsonValue::as_str).is_none() {
                        report(
                            sink,
                            def,
                            &m.value,
                            format!("secret `{}` has no `source` string", m.key),
                            "every secret needs a `source`: its path in the secret store",
                        );
                    }
                }
            }
            let Some(env) = def.get("env").and_then(JsonValue::as_object) else {
                continue;
            };
            for m in env.iter() {
                if m.key.is_empty() {
                    let span_v = &m.value;
                    report(
                        sink,
                        def,
                        span_v,
                        "an `env` variable with an empty name".into(),
                        "name the variable",
                    );
                    continue;
                }
                match &m.value.kind {
                    JsonKind::String(_) => {}
                    _ if is_template_value(&m.value) => {}
                    JsonKind::Object(o) if o.get("secret").is_some() => {
                        let Some(name) = o.get("secret").and_then(JsonValue::as_str) else {
                            report(
                                sink,
                                def,
                                &m.value,
                                format!("`env.{}`: the secret reference is not a string", m.key),
                                "write {\"secret\": \"<name>\"}",
                            );
                            continue;
                        };
                        if secrets.is_none_or(|s| s.get(name).is_none()) {
                            report(
                                sink,
                                def,
                                &m.value,
                                format!("`env.{}` references an undefined secret `{name}`", m.key),
                                "define it under `secrets` with its `source`",
                            );
                        }
                    }
                    _ => report(
                        sink,
                        def,
                        &m.value,
                        format!("`env.{}` is {}, not a string", m.key, m.value.kind_name()),
                        "quote the value: every environment value is a string",
                    ),
                }
            }
        }
        super::secrets::check(&Self::META, cx, sink);
    }
}

fn report(sink: &mut Sink, def: &Definition, at: &JsonValue, what: String, help: &str) {
    sink.report(
        Diagnostic::new(&EnvInvalid::META, format!("{}: {what}", def.describe()))
            .primary(def.span(at), "refused by Marathon")
            .help(help.to_string()),
    );
}
