use std::collections::BTreeSet;

use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{FlagDef, Host, MesosDaemon};
use crate::parse::json::{parse_json, JsonValue};
use crate::parse::roles::role_error;
use crate::parse::values::parse_bool;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{
    agents, flag_or_agent_span, isolation_tokens, since_mesos, uses_docker_containerizer,
};

declare_rule! {
    /// ## What it does
    /// Checks agent flags whose values the agent refuses while starting, beyond their type:
    /// - `agent_features` without every capability the release requires (1.5+: MULTI_ROLE,
    ///   HIERARCHICAL_ROLE, RESERVATION_REFINEMENT; 1.8 adds AGENT_OPERATION_FEEDBACK, 1.9
    ///   AGENT_DRAINING, 1.10 RESOURCE_PROVIDER and TASK_RESOURCE_LIMITS);
    /// - `domain_socket_location` of 108 characters or more, or with
    ///   `http_executor_domain_sockets` a `runtime_dir` that makes `<runtime_dir>/agent.sock`
    ///   that long (1.10+);
    /// - `default_container_dns` with network mode UNKNOWN or HOST, or two entries for the
    ///   same network (1.4+);
    /// - with the `gpu/nvidia` isolator: a `gpus` resource without `nvidia_gpu_devices` (or
    ///   the reverse), a fractional count, duplicate devices, or counts that differ (1.0+);
    /// - with the `linux/capabilities` isolator: `effective_capabilities` (alias
    ///   `allowed_capabilities`) not a subset of `bounding_capabilities` (1.4+);
    /// - with the docker containerizer: a `docker_socket` that is not an absolute path, such
    ///   as `unix:///var/run/docker.sock` (0.25+);
    /// - a `default_role` that is not a valid role name (all releases; `a/b` roles from 1.2).
    ///
    /// JSON values are read inline or from the `file://` (or absolute) path when the file is
    /// in the tree.
    ///
    /// ## Why is this bad?
    /// The agent exits at start: "At least the following agent features need to be enabled:
    /// MULTI_ROLE, ...", "Domain socket location cannot be longer than 108 characters.",
    /// "Configuring DNS for HOST network with `--default_container_dns` is not yet
    /// supported", "The `gpus` resource cannot be set without also setting
    /// `--nvidia_gpu_devices`", "Allowed capabilities are not a subset of the bounding
    /// capabilites", "Failed to create docker: Invalid Docker socket path: <s>", "Role '<r>'
    /// cannot start with a slash".
    ///
    /// ## Example
    /// ### Invalid: the docker socket as a URL
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:etc/mesos-slave/docker_socket
    /// unix:///var/run/docker.sock
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    /// ```text file:etc/mesos-slave/docker_socket
    /// /var/run/docker.sock
    /// ```
    ///
    /// ## How to fix
    /// List every required agent feature, keep socket paths short, drop HOST DNS entries,
    /// give one device per GPU, keep effective capabilities within the bounding set, write
    /// the docker socket as a path and the default role as a plain role name.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/slave/flags.cpp` (validators of `agent_features`,
    ///   `domain_socket_location`, `default_container_dns`), `src/slave/main.cpp`,
    ///   `src/slave/containerizer/mesos/isolators/gpu/allocator.cpp`,
    ///   `src/slave/containerizer/mesos/isolators/linux/capabilities.cpp`,
    ///   `src/docker/docker.cpp` (`Docker::create`), `src/common/roles.cpp`.
    pub struct ValueRefused {
        code: "MA016",
        name: "agent-value-refused",
        severity: Error,
        summary: "An agent flag value the agent refuses at start",
    }
}

struct At<'a, 'c> {
    cx: &'a Context<'c>,
    host: &'a Host,
    agent: &'a MesosDaemon,
}

impl At<'_, '_> {
    fn report(
        &self,
        sink: &mut Sink,
        flag: &str,
        since: Version,
        msg: String,
        daemon: String,
        help: &str,
    ) {
        let (Some(scope), Some(span)) = (
            since_mesos(self.cx.cluster, since),
            flag_or_agent_span(self.host, self.agent, flag),
        ) else {
            return;
        };
        sink.report(
            Diagnostic::new(
                &ValueRefused::META,
                format!("mesos-agent on `{}` {msg}", self.host.name),
            )
            .primary(span, format!("the agent exits: \"{daemon}\""))
            .note(scope)
            .help(help.to_string()),
        );
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.agent.flags.value(flag)
    }

    /// A JSON flag's value: inline, or the tree's copy of its `file://` / absolute path.
    fn json(&self, flag: &str) -> Option<JsonValue> {
        let def: &FlagDef = self.agent.flags.get(flag)?;
        let v = def.known_value()?.trim();
        let text = if v.starts_with('{') {
            v.to_string()
        } else {
            let path = v.strip_prefix("file://").unwrap_or(v);
            let rel = path.strip_prefix('/')?;
            let f = self.host.file(rel)?;
            self.cx.files.get(f.id).text().to_string()
        };
        parse_json(&text).ok().map(|d| d.value)
    }
}

/// The capabilities the agent requires in `agent_features`, by release.
fn required_features(at: &At<'_, '_>) -> Vec<&'static str> {
    let mesos = &at.cx.cluster.versions.mesos;
    let v = |a, b| Version::new(a, b, 0);
    let mut r = vec!["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"];
    if mesos.at_least(v(1, 8)) {
        r.push("AGENT_OPERATION_FEEDBACK");
    }
    if mesos.at_least(v(1, 10)) {
        r.push("RESOURCE_PROVIDER");
    }
    if mesos.at_least(v(1, 9)) {
        r.push("AGENT_DRAINING");
    }
    if mesos.at_least(v(1, 10)) {
        r.push("TASK_RESOURCE_LIMITS");
    }
    r
}

/// The strings of `{"capabilities": [...]}`: entries as strings (CapabilityInfo) or as
/// `{"type": ...}` objects (agent features). `None` when the shape is something else.
fn capability_names(v: &JsonValue) -> Option<BTreeSet<String>> {
    let list = v.get("capabilities")?.as_array()?;
    let mut out = BTreeSet::new();
    for c in list {
        let name = c
            .as_str()
            .or_else(|| c.get("type").and_then(JsonValue::as_str))?;
        out.insert(name.to_string());
    }
    Some(out)
}

/// The `default_container_dns` validator: its error, if any.
fn dns_error(v: &JsonValue) -> Option<String> {
    for (part, bridge) in [("mesos", None), ("docker", Some("BRIDGE"))] {
        let Some(list) = v.get(part).and_then(JsonValue::as_array) else {
            continue;
        };
        let mut unnamed = false;
        let mut bridge_seen = false;
        let mut names = BTreeSet::new();
        let named_mode = if part == "mesos" { "CNI" } else { "USER" };
        let kind = if part == "mesos" {
            "CNI network"
        } else {
            "user-defined CNM network"
        };
        for e in list {
            let Some(mode) = e.get("network_mode").and_then(JsonValue::as_str) else {
                continue;
            };
            match mode {
                "UNKNOWN" => return Some("UNKNOWN network mode configured in `--default_container_dns`".into()),
                "HOST" => return Some("Configuring DNS for HOST network with `--default_container_dns` is not yet supported".into()),
                m if Some(m) == bridge => {
                    if bridge_seen {
                        return Some("Multiple DNS configuration for Docker default bridge network in `--default_container_dns` is not allowed".into());
                    }
                    bridge_seen = true;
                }
                m if m == named_mode => match e.get("network_name").and_then(JsonValue::as_str) {
                    None if unnamed => return Some(format!("Multiple DNS configuration without network name for {kind} in `--default_container_dns` is not allowed")),
                    None => unnamed = true,
                    Some(n) if !names.insert(n.to_string()) => return Some(format!("Multiple DNS configuration with the same network name '{n}' for {kind} in `--default_container_dns` is not allowed")),
                    Some(_) => {}
                },
                _ => {}
            }
        }
    }
    None
}

/// The `gpus` quantity of a text `resources` value (`cpus:4;gpus(*):2`), when it is there.
/// `Err(())` when the value is JSON or unreadable: the check stays silent.
fn gpus_of(resources: &str) -> Result<Option<f64>, ()> {
    if resources.trim_start().starts_with('[') {
        return Err(());
    }
    let mut found = None;
    for item in resources.split(';').filter(|t| !t.is_empty()) {
        let (name, value) = item.split_once(':').ok_or(())?;
        let name = name.split('(').next().unwrap_or(name).trim();
        if name == "gpus" {
            let n: f64 = value.trim().parse().map_err(|_| ())?;
            found = Some(found.unwrap_or(0.0) + n);
        }
    }
    Ok(found)
}

fn check_gpus(at: &At<'_, '_>, sink: &mut Sink, tokens: &[String]) {
    if !tokens.iter().any(|t| t == "gpu/nvidia") {
        return;
    }
    let resources = at.value("resources").unwrap_or("");
    let Ok(gpus) = gpus_of(resources) else { return };
    let devices_def = at.agent.flags.get("nvidia_gpu_devices");
    if devices_def.is_some_and(|d| d.known_value().is_none()) {
        return;
    }
    let devices: Option<Vec<&str>> = at.value("nvidia_gpu_devices").map(|d| {
        d.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect()
    });
    let v = Version::new(1, 0, 0);
    let (flag, daemon) = match (gpus, &devices) {
        (Some(g), Some(_)) if g <= 0.0 => (
            "nvidia_gpu_devices",
            "'--nvidia_gpus_devices' cannot be specified when '--resources' specifies 0 GPUs"
                .to_string(),
        ),
        (Some(g), None) if g > 0.0 => (
            "resources",
            "The `gpus` resource cannot be set without also setting `--nvidia_gpu_devices`"
                .to_string(),
        ),
        (None, Some(_)) => (
            "nvidia_gpu_devices",
            "'--nvidia_gpus_devices' cannot be set without also setting 'gpus' in '--resources'"
                .to_string(),
        ),
        (Some(g), Some(d)) => {
            let unique: BTreeSet<&str> = d.iter().copied().collect();
            if g.fract() != 0.0 {
                (
                    "resources",
                    "The 'gpus' resource must be an non-negative integer".to_string(),
                )
            } else if unique.len() != d.len() {
                (
                    "nvidia_gpu_devices",
                    "'--nvidia_gpu_devices' contains duplicates".to_string(),
                )
            } else if d.len() as f64 != g {
                ("nvidia_gpu_devices", "'--resources' and '--nvidia_gpu_devices' specify different numbers of GPU devices".to_string())
            } else {
                return;
            }
        }
        _ => return,
    };
    at.report(
        sink,
        flag,
        v,
        "has `gpus` and `nvidia_gpu_devices` that do not match, with the gpu/nvidia isolator"
            .into(),
        daemon,
        "give `nvidia_gpu_devices` one distinct device index per GPU of the `gpus` resource",
    );
}

impl Rule for ValueRefused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            let at = At { cx, host, agent };
            check_agent(&at, sink);
        }
    }
}

fn check_agent(at: &At<'_, '_>, sink: &mut Sink) {
    let v = |a, b| Version::new(a, b, 0);
    let mesos = &at.cx.cluster.versions.mesos;
    if let Some(features) = at
        .json("agent_features")
        .as_ref()
        .and_then(capability_names)
    {
        let missing: Vec<&str> = required_features(at)
            .into_iter()
            .filter(|f| !features.contains(*f))
            .collect();
        if !missing.is_empty() {
            let req = required_features(at);
            // The daemon's own list: from 1.9 the last one after ", and ".
            let all = match req.split_last() {
                Some((last, rest)) if req.len() >= 5 => format!("{}, and {last}", rest.join(", ")),
                _ => req.join(", "),
            };
            at.report(
                sink,
                "agent_features",
                v(1, 5),
                format!("has `agent_features` without {}", missing.join(", ")),
                format!("At least the following agent features need to be enabled: {all}"),
                "list every required capability in `agent_features` (or leave the flag out)",
            );
        }
    }
    if let Some(loc) = at.value("domain_socket_location") {
        if loc.len() >= 108 {
            at.report(
                sink,
                "domain_socket_location",
                v(1, 10),
                format!("has a `domain_socket_location` of {} characters", loc.len()),
                "Domain socket location cannot be longer than 108 characters.".into(),
                "choose a socket path shorter than 108 characters",
            );
        }
    } else if at
        .value("http_executor_domain_sockets")
        .is_some_and(|b| parse_bool(b) == Ok(true))
    {
        if let Some(dir) = at.value("runtime_dir") {
            let path = format!("{dir}/agent.sock");
            if path.len() >= 108 {
                at.report(
                    sink,
                    "runtime_dir",
                    v(1, 10),
                    format!(
                        "puts its executor socket at `{path}`, {} characters",
                        path.len()
                    ),
                    format!("Domain socket location '{path}' must have less than 108 characters."),
                    "use a shorter `runtime_dir` or set a short `domain_socket_location`",
                );
            }
        }
    }
    if let Some(e) = at
        .json("default_container_dns")
        .as_ref()
        .and_then(dns_error)
    {
        at.report(
            sink,
            "default_container_dns",
            v(1, 4),
            "has a `default_container_dns` the agent refuses".into(),
            e,
            "drop HOST and UNKNOWN entries and keep one entry per network",
        );
    }
    if let Some(tokens) = isolation_tokens(at.agent) {
        check_gpus(at, sink, &tokens);
        if tokens.iter().any(|t| t == "linux/capabilities") {
            let effective = at
                .json("effective_capabilities")
                .as_ref()
                .and_then(capability_names);
            let bounding = at
                .json("bounding_capabilities")
                .as_ref()
                .and_then(capability_names);
            if let (Some(e), Some(b)) = (effective, bounding) {
                let outside: Vec<&String> = e.difference(&b).collect();
                if !outside.is_empty() {
                    let list: Vec<&str> = outside.iter().map(|s| s.as_str()).collect();
                    at.report(sink, "effective_capabilities", v(1, 4), format!("has effective capabilities outside the bounding set: {}", list.join(", ")),
                        "Allowed capabilities are not a subset of the bounding capabilites".into(),
                        "add them to `bounding_capabilities` or remove them from `effective_capabilities`");
                }
            }
        }
    }
    if uses_docker_containerizer(at.agent) == Some(true) {
        if let Some(socket) = at.value("docker_socket") {
            if !socket.starts_with('/') {
                let fix = socket
                    .strip_prefix("unix://")
                    .filter(|p| p.starts_with('/'));
                let help = match fix {
                    Some(p) => format!("write the path alone: `{p}`"),
                    None => "write the socket as an absolute path such as `/var/run/docker.sock`"
                        .to_string(),
                };
                at.report(
                    sink,
                    "docker_socket",
                    v(0, 25),
                    format!("has the docker socket `{socket}`, not an absolute path"),
                    format!("Failed to create docker: Invalid Docker socket path: {socket}"),
                    &help,
                );
            }
        }
    }
    if let Some(role) = at.value("default_role") {
        if let Some(e) = role_error(role, mesos.at_least(v(1, 2))) {
            at.report(
                sink,
                "default_role",
                v(0, 20),
                format!("has the default role `{role}`, which is not a valid role"),
                format!("Failed to determine agent resources: {e}"),
                "use a role name without spaces, leading `-` or `/`, such as `*` or `prod`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> JsonValue {
        parse_json(s).unwrap().value
    }

    #[test]
    fn dns_rules() {
        assert_eq!(
            dns_error(&json(
                r#"{"mesos":[{"network_mode":"CNI","network_name":"a"},{"network_mode":"CNI"}]}"#
            )),
            None
        );
        assert!(dns_error(&json(r#"{"mesos":[{"network_mode":"HOST"}]}"#))
            .unwrap()
            .contains("HOST"));
        assert!(dns_error(&json(
            r#"{"docker":[{"network_mode":"BRIDGE"},{"network_mode":"BRIDGE"}]}"#
        ))
        .unwrap()
        .contains("bridge"));
        assert!(dns_error(&json(r#"{"mesos":[{"network_mode":"CNI","network_name":"a"},{"network_mode":"CNI","network_name":"a"}]}"#)).unwrap().contains("'a'"));
    }

    #[test]
    fn gpus_from_text_resources() {
        assert_eq!(gpus_of("cpus:4;gpus:2"), Ok(Some(2.0)));
        assert_eq!(gpus_of("cpus:4;gpus(*):1"), Ok(Some(1.0)));
        assert_eq!(gpus_of("cpus:4"), Ok(None));
        assert!(gpus_of(r#"[{"name":"gpus"}]"#).is_err());
    }

    #[test]
    fn capabilities_in_both_shapes() {
        let a = capability_names(&json(r#"{"capabilities":["NET_RAW"]}"#)).unwrap();
        let b = capability_names(&json(r#"{"capabilities":[{"type":"MULTI_ROLE"}]}"#)).unwrap();
        assert!(a.contains("NET_RAW") && b.contains("MULTI_ROLE"));
        assert!(capability_names(&json(r#"{"x":1}"#)).is_none());
    }
}
