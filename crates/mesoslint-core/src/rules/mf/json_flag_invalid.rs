use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::json::proto::{self, Finding};
use crate::parse::json::{JsonKind, JsonValue};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use crate::parse::agent_values::check_resources_flag;

use super::json_flags::{json_flags, JsonFlag, Shape};
use super::json_resources::resources_error;
use super::util::{daemons, secret_files};

declare_rule! {
    /// ## What it does
    /// Checks the JSON-valued flags of mesos-master and the agent (`acls`, `firewall_rules`,
    /// `rate_limits`, `modules`, `domain`, `default_container_info`, `default_container_dns`,
    /// `allowed_devices`, `*_capabilities`, `agent_features`, `image_gc_config`,
    /// `executor_environment_variables`, `docker_config`) as the daemon parses them, inline or
    /// in the file a `file://` value names inside the tree:
    /// - the text must be one JSON object (the error says the line and column);
    /// - protobuf-typed flags must have the message's shape: no array for a field that is not
    ///   repeated, no string, number, object or boolean where the field has another type, known
    ///   names for required enum fields, and every required field set (the message's shape is
    ///   Mesos 1.11.0's; strings for numbers are accepted from 1.6, unknown optional enum names
    ///   are dropped from 1.5, `null` unsets a field from 0.27);
    /// - `domain` must define `fault_domain` (1.4+);
    /// - every `modules` library names a `file` or a `name`, and every module a `name` (0.22+);
    /// - `executor_environment_variables` holds only string values (0.28+);
    /// - the agent's `resources` given as a JSON array (inline or by `file://`) is checked as
    ///   `Resources::parse` does: each element a `Resource`, then the validation of each one
    ///   and the command-line rules (no persistent volumes, revocable or dynamically reserved
    ///   resources, one type per name). The `name(role):value` text form is MA002's.
    ///
    /// ## Why is this bad?
    /// The daemon parses every flag at start-up and exits on the first error: "Failed to load
    /// flag 'acls': Missing required fields: register_frameworks[0].roles", "Not expecting a
    /// JSON array for field 'disabled_endpoints'", "`domain` must define `fault_domain`",
    /// "Error loading modules: Library name or path not provided", "`executor_environment_variables`
    /// must only contain string values", and for `resources` "Failed to determine agent
    /// resources: Some JSON resources were not formatted properly: ..." or "Failed to determine
    /// agent resources: Resources with the same name ('ports') but different types are not
    /// allowed".
    ///
    /// ## Example
    /// ### Invalid: a fault domain without its zone
    /// ```text file:etc/mesos-master/domain
    /// {"fault_domain": {"region": {"name": "eu-west-1"}}}
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/domain
    /// {"fault_domain": {"region": {"name": "eu-west-1"}, "zone": {"name": "eu-west-1a"}}}
    /// ```
    ///
    /// ## How to fix
    /// Give the flag the shape of its message (`include/mesos/mesos.proto`,
    /// `include/mesos/authorizer/acls.proto`, `src/messages/flags.proto`): every required field,
    /// arrays only for repeated fields, enum names in capitals.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `3rdparty/stout/include/stout/protobuf.hpp` (`Parser`, `Parse<T>`),
    ///   `3rdparty/stout/include/stout/flags/fetch.hpp` (`file://`), `src/common/parse.hpp`,
    ///   `src/master/flags.cpp:755`, `src/slave/flags.cpp:463`, `src/module/manager.cpp:282`,
    ///   `src/common/resources.cpp` (`Resources::parse`, `validate`,
    ///   `validateCommandLineResources`).
    pub struct JsonFlagInvalid {
        code: "MF011",
        name: "json-flag-invalid",
        severity: Error,
        summary: "A JSON-valued Mesos flag that the daemon cannot parse into its message",
    }
}

impl Rule for JsonFlagInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let target = cx.cluster.targets.mesos;
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                // `Resources::parse` gives unreserved JSON resources this role.
                let default_role = d
                    .flags
                    .get("default_role")
                    .filter(|f| !f.is_package_default())
                    .and_then(|f| f.known_value())
                    .map(str::trim)
                    .unwrap_or("*");
                for jf in json_flags(cx, host, d, &secrets) {
                    let diag = check_flag(cx, d.daemon.as_str(), &jf, target, default_role);
                    if let Some(diag) = diag {
                        sink.report(diag);
                    }
                }
            }
        }
    }
}

fn before(target: Option<Version>, v: Version) -> bool {
    target.is_some_and(|t| t < v)
}

/// The first error the daemon reports for this flag, as (span in the text, error text).
fn first_error(
    jf: &JsonFlag<'_>,
    target: Option<Version>,
    default_role: &str,
) -> Option<(std::ops::Range<usize>, String)> {
    if jf.shape == Shape::Resources {
        return resources_first_error(jf, target, default_role);
    }
    let doc = match jf.parse() {
        Ok(doc) => doc,
        Err(e) => {
            let (line, column) = e.line_column(jf.text);
            return Some((
                e.span.clone(),
                format!("{} (line {line}, column {column})", e.message),
            ));
        }
    };
    if doc.bom {
        return Some((
            0..3,
            "the text starts with a byte order mark, which picojson refuses".into(),
        ));
    }
    if doc.max_depth > 200 {
        return Some((
            doc.value.span.clone(),
            format!(
                "JSON nested {} levels deep; stout refuses more than 200",
                doc.max_depth
            ),
        ));
    }
    let value = &doc.value;
    let object = || -> Option<(std::ops::Range<usize>, String)> {
        (!matches!(value.kind, JsonKind::Object(_))).then(|| {
            (
                value.span.clone(),
                "Unexpected JSON type parsed".to_string(),
            )
        })
    };
    match jf.shape {
        Shape::Resources => None,
        Shape::Object => object(),
        Shape::StringMap => object().or_else(|| {
            let obj = value.as_object()?;
            let bad = obj
                .iter()
                .find(|m| !matches!(m.value.kind, JsonKind::String(_)))?;
            (!before(target, Version::new(0, 28, 0))).then(|| {
                (
                    bad.value.span.clone(),
                    format!("`{}` must only contain string values", jf.flag),
                )
            })
        }),
        Shape::Proto(root, repeated) => {
            let findings = proto::check(value, root, repeated, target);
            if let Some(Finding::Error { span, message }) = findings
                .into_iter()
                .find(|f| matches!(f, Finding::Error { .. }))
            {
                return Some((span, message));
            }
            validator(jf.flag, value, target)
        }
    }
}

/// `--resources`: stout tries `JSON::parse<JSON::Array>` first and falls back to the text
/// form. Inline text is MA002's; the text form in a `file://` file is checked here, since
/// MA002 sees only the flag's own value.
fn resources_first_error(
    jf: &JsonFlag<'_>,
    target: Option<Version>,
    default_role: &str,
) -> Option<(std::ops::Range<usize>, String)> {
    match jf.parse() {
        Ok(doc) if matches!(doc.value.kind, JsonKind::Array(_)) && !doc.bom => {
            resources_error(&doc.value, default_role, target)
        }
        _ if jf.file.is_some() => check_resources_flag(jf.text)
            .into_iter()
            .next()
            .map(|e| (e.range, e.message)),
        _ => None,
    }
}

/// The checks the daemon makes on the parsed message (flag validators, module manager).
fn validator(
    flag: &str,
    value: &JsonValue,
    target: Option<Version>,
) -> Option<(std::ops::Range<usize>, String)> {
    match flag {
        "domain" if !before(target, Version::new(1, 4, 0)) => {
            let has = value.get("fault_domain").is_some_and(|v| !v.is_null());
            (!has).then(|| {
                (
                    value.span.clone(),
                    "`domain` must define `fault_domain`".to_string(),
                )
            })
        }
        "modules" => {
            let libraries = value.get("libraries")?;
            let list: Vec<&JsonValue> = match &libraries.kind {
                JsonKind::Array(items) => items.iter().collect(),
                _ => vec![libraries],
            };
            for lib in list {
                let text = |k: &str| lib.get(k).and_then(JsonValue::as_str);
                let Some(name) = text("file").or_else(|| text("name")) else {
                    return Some((
                        lib.span.clone(),
                        "Error loading modules: Library name or path not provided".into(),
                    ));
                };
                let modules = lib.get("modules").map(|m| match &m.kind {
                    JsonKind::Array(items) => items.iter().collect::<Vec<_>>(),
                    _ => vec![m],
                });
                for m in modules.unwrap_or_default() {
                    if m.get("name").and_then(JsonValue::as_str).is_none() {
                        return Some((
                            m.span.clone(),
                            format!(
                                "Error loading modules: Error: module name not provided with library '{name}'"
                            ),
                        ));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

fn check_flag(
    cx: &Context<'_>,
    prog: &str,
    jf: &JsonFlag<'_>,
    target: Option<Version>,
    default_role: &str,
) -> Option<Diagnostic> {
    let (range, error) = first_error(jf, target, default_role)?;
    let span = jf.span(range)?;
    let flag = jf.flag;
    // Never quote the text of a secret file: the anchor then points at the flag.
    let error = if jf.base.is_none() && jf.file.is_some() {
        "the file does not parse as the flag's JSON".to_string()
    } else {
        error
    };
    let version = match target {
        Some(v) => format!("checked for Mesos {v} (`[target] mesos`)"),
        None => "checked for the latest Mesos release (set `[target] mesos` to be sure)".into(),
    };
    Some(
        Diagnostic::new(
            &JsonFlagInvalid::META,
            format!(
                "{} gives {prog} `--{flag}` that it refuses: {error}",
                jf.place(cx)
            ),
        )
        .primary(
            span,
            if flag == "resources" {
                format!("Failed to determine agent resources: {error}")
            } else if error.starts_with('`') || error.starts_with("Error loading") {
                error.clone()
            } else {
                format!("Failed to load flag '{flag}': {error}")
            },
        )
        .note(version)
        .help(format!(
            "give `{flag}` the JSON shape the daemon parses (see `mesos-{} --help`)",
            if prog == "mesos-master" {
                "master"
            } else {
                "agent"
            }
        )),
    )
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::files::FileSet;

    fn mf011(files: &[(&str, &str)]) -> Vec<String> {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        let config = Config {
            select: vec!["MF011".into()],
            ..Config::default()
        };
        crate::lint(&fs, &config)
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_megabyte_of_nesting_is_one_bounded_error() {
        let deep = "[".repeat(1 << 20);
        let found = mf011(&[
            ("etc/mesos-master/acls", "file:///etc/mesos/acls.json\n"),
            ("etc/mesos/acls.json", &deep),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].len() < 300, "{}", found[0]);
    }

    #[test]
    fn nesting_that_stout_refuses() {
        let text = format!("{{\"libraries\": {}{}}}", "[".repeat(220), "]".repeat(220));
        let found = mf011(&[("etc/mesos-master/modules", &text)]);
        assert!(
            found.iter().any(|m| m.contains("more than 200")),
            "{found:?}"
        );
    }

    #[test]
    fn values_outside_the_tree_are_not_guessed() {
        let found = mf011(&[("etc/mesos-master/acls", "file:///etc/elsewhere/acls.json\n")]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn line_and_column_of_the_first_error() {
        let found = mf011(&[(
            "etc/mesos-master/domain",
            "{\n  \"fault_domain\": {\n    x\n}\n",
        )]);
        assert!(
            found.iter().any(|m| m.contains("line 3, column 5")),
            "{found:?}"
        );
    }
}
