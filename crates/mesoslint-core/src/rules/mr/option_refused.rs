use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::Marathon;
use crate::parse::marathon_options::lookup;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{name, place, target, value_span, written, Target};

declare_rule! {
    /// ## What it does
    /// Checks Marathon options whose validators refuse the value, by release:
    /// - `enable_features` naming a feature the release does not have (1.4–1.5: `vips`,
    ///   `task_killing`, `external_volumes`, `secrets`, `gpu_resources`; 1.6–1.7 add
    ///   `maintenance_mode`; 1.8 drops it again);
    /// - `deprecated_features` naming an unknown feature, or enabling one the release has
    ///   removed (`sync_proxy`, `json_schemas_resource`, `api_heavy_events`,
    ///   `proxy_events`, `kamon_metrics` removed in 1.8, `app_c` in 1.9,
    ///   `sanitize_accepted_resource_roles` and `text_plain_tasks` in 1.11); the option
    ///   exists from 1.6.490;
    /// - up to 1.9: `default_accepted_resource_roles` empty or naming a role other than `*`
    ///   and `mesos_role` (1.10 removed the option: MR005);
    /// - 1.4: an `http_endpoints` entry that is not a URL, an `artifact_store` that is not
    ///   `hdfs://host/...` or `file://...` (both options were removed in 1.5: MR005).
    ///
    /// ## Why is this bad?
    /// Marathon stops at start: "Unknown features specified: <f>. Available features are:
    /// ...", "Unknown deprecated features specified: <f>", "<f> has been removed as of
    /// <v>", "--default_accepted_resource_roles contains roles for which we will not
    /// receive offers: <r>", "Validation failure for 'http_endpoints' option parameters:
    /// <v>".
    ///
    /// ## Example
    /// ### Invalid: a feature of another release
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ENABLE_FEATURES=vips,maintenance_mode
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.9"
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ENABLE_FEATURES=vips,gpu_resources
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.9"
    /// ```
    ///
    /// ## How to fix
    /// Name only the features of the release, drop removed deprecated features, keep
    /// default accepted roles to `*` and `mesos_role`, write event endpoints as full URLs and
    /// the artifact store as `hdfs://` or `file://`.
    ///
    /// ## References
    /// - mesosphere/marathon master 90619da (1.11) `FeaturesConf.scala`
    ///   (`validateFeatures`, `deprecatedFeatureParser`), `Features.scala`,
    ///   `DeprecatedFeatures.scala`, `DeprecatedFeaturesSet.scala` (`isValid`);
    ///   v1.9.109 and v1.4.13 `MarathonConf.scala` (`validateDefaultAcceptedResourceRoles`,
    ///   `artifactStore`), v1.4.13 `core/event/EventConf.scala`, `io/storage/Storage.scala`,
    ///   `api/v2/Validation.scala` (`urlIsValid`: `java.net.URL`).
    pub struct OptionRefused {
        code: "MR011",
        name: "option-refused",
        severity: Error,
        summary: "A Marathon option value the release's validator refuses at start",
    }
}

/// The features `--enable_features` accepts in release line 1.`minor`.
fn features(minor: u32) -> Vec<&'static str> {
    let mut f = vec![
        "vips",
        "task_killing",
        "external_volumes",
        "secrets",
        "gpu_resources",
    ];
    if (6..8).contains(&minor) {
        f.push("maintenance_mode");
    }
    f
}

/// Deprecated features: (key, first release line that knows it, line that removed it).
const DEPRECATED: &[(&str, u32, u32)] = &[
    ("sync_proxy", 6, 8),
    ("json_schemas_resource", 6, 8),
    ("api_heavy_events", 6, 8),
    ("proxy_events", 7, 8),
    ("kamon_metrics", 7, 8),
    ("app_c", 8, 9),
    ("sanitize_accepted_resource_roles", 9, 11),
    ("text_plain_tasks", 10, 11),
];

/// Scala `split(',')`: trailing empty strings dropped.
fn java_split(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts
}

/// `new java.net.URL(s)`: the protocols every JDK has a handler for.
fn url_error(s: &str) -> Option<String> {
    let scheme_end = s.find(':').filter(|&i| {
        let p = &s[..i];
        !p.is_empty()
            && p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let Some(end) = scheme_end else {
        return Some(format!("no protocol: {s}"));
    };
    let scheme = s[..end].to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" | "ftp" | "file" | "jar" | "mailto" => None,
        _ => Some(format!("unknown protocol: {scheme}")),
    }
}

/// The validator's message for one option's value, when release `t` refuses it.
fn refuse(m: &Marathon, option: &str, value: &str, t: &Target) -> Option<String> {
    match option {
        "enable_features" => {
            let known = features(t.minor);
            let unknown: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty() && !known.contains(f))
                .collect();
            (!unknown.is_empty()).then(|| {
                format!(
                    "Unknown features specified: {}. Available features are: {}",
                    unknown.join(", "),
                    known.join(", ")
                )
            })
        }
        "deprecated_features" => {
            let mut unknown = Vec::new();
            for item in value.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                let (key, enabled) = match item.strip_prefix("disable_") {
                    Some(k) => (k, false),
                    None => (item, true),
                };
                match DEPRECATED.iter().find(|d| d.0 == key && d.1 <= t.minor) {
                    None => unknown.push(key),
                    Some(d) if enabled && t.minor >= d.2 => {
                        return Some(format!("{key} has been removed as of 1.{}.0", d.2))
                    }
                    Some(_) => {}
                }
            }
            (!unknown.is_empty()).then(|| {
                format!(
                    "Unknown deprecated features specified: {}",
                    unknown.join(", ")
                )
            })
        }
        "default_accepted_resource_roles" if t.minor < 10 => {
            let role = m.flags.value("mesos_role").map(str::trim);
            if role.is_some_and(|r| r.is_empty()) {
                return None; // an empty mesos_role: unknown, MR008's business
            }
            let roles: Vec<&str> = java_split(value).into_iter().map(str::trim).collect();
            if roles.is_empty() {
                return Some("--default_accepted_resource_roles must not be empty".into());
            }
            let outside: Vec<&str> = roles
                .iter()
                .copied()
                .filter(|r| *r != "*" && Some(*r) != role)
                .collect();
            (!outside.is_empty()).then(|| {
                format!(
                    "--default_accepted_resource_roles contains roles for which we will not receive offers: {}",
                    outside.join(", ")
                )
            })
        }
        "http_endpoints" if t.minor == 4 => java_split(value)
            .into_iter()
            .map(str::trim)
            .find_map(url_error)
            .map(|_| format!("Validation failure for 'http_endpoints' option parameters: {value}")),
        "artifact_store" if t.minor == 4 => {
            let hdfs = value
                .strip_prefix("hdfs://")
                .is_some_and(|r| r.split('/').next().is_some_and(|h| !h.is_empty()));
            let ok = (hdfs || value.starts_with("file://")) && !value.contains('\n');
            (!ok).then(|| {
                format!("Validation failure for 'artifact_store' option parameters: {value}")
            })
        }
        _ => None,
    }
}

impl Rule for OptionRefused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            for def in written(m) {
                let Some((opt, false)) = lookup(&def.name) else {
                    continue;
                };
                if !opt.exists_in(t.minor, t.patch) {
                    continue; // an unknown option: MR003
                }
                let Some(value) = def.value.as_deref().map(str::trim) else {
                    continue;
                };
                let (Some(message), Some(span)) = (refuse(m, opt.name, value, &t), value_span(def))
                else {
                    continue;
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{} on {} sets `--{}` to a value Marathon {} refuses at start",
                            place(cx.files, def),
                            name(host),
                            opt.name,
                            t.label()
                        ),
                    )
                    .primary(span, format!("Marathon exits: \"{message}\""))
                    .note(t.note())
                    .help(help(opt.name)),
                );
            }
        }
    }
}

fn help(option: &str) -> &'static str {
    match option {
        "enable_features" => "name only features of this release",
        "deprecated_features" => {
            "remove deprecated features this release does not know or has removed"
        }
        "default_accepted_resource_roles" => "list only `*` and the `mesos_role` of this Marathon",
        "http_endpoints" => "write each endpoint as a full URL such as `http://host:port/path`",
        _ => "write the artifact store as `hdfs://host:port/path` or `file:///path`",
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::run_env;
    use super::url_error;

    fn n(target: &str, extra: &str) -> usize {
        run_env("MR011", Some(target), extra)
    }

    #[test]
    fn features_by_release() {
        assert_eq!(
            n("1.6", "MARATHON_ENABLE_FEATURES=maintenance_mode,vips"),
            0
        );
        assert_eq!(n("1.9", "MARATHON_ENABLE_FEATURES=maintenance_mode"), 1);
        assert_eq!(n("1.9", "MARATHON_DEPRECATED_FEATURES=app_c"), 1);
        assert_eq!(n("1.8", "MARATHON_DEPRECATED_FEATURES=app_c"), 0);
        assert_eq!(n("1.9", "MARATHON_DEPRECATED_FEATURES=disable_app_c"), 0);
        assert_eq!(n("1.9", "MARATHON_DEPRECATED_FEATURES=no_such"), 1);
    }

    #[test]
    fn default_roles_up_to_1_9() {
        assert_eq!(
            n(
                "1.9",
                "MARATHON_MESOS_ROLE=m\nMARATHON_DEFAULT_ACCEPTED_RESOURCE_ROLES=*,m"
            ),
            0
        );
        assert_eq!(n("1.9", "MARATHON_DEFAULT_ACCEPTED_RESOURCE_ROLES=*,m"), 1);
    }

    #[test]
    fn urls_as_java_reads_them() {
        assert_eq!(url_error("http://h:1/x"), None);
        assert!(url_error("h:1/x").unwrap().contains("unknown protocol"));
        assert!(url_error("/x").unwrap().contains("no protocol"));
    }
}
