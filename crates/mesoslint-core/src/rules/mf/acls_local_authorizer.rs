use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::Daemon;
use crate::parse::json::{JsonKind, JsonValue};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::auth::since_note;
use super::json_flags::json_flags;
use super::util::{daemons, host_name, secret_files};

declare_rule! {
    /// ## What it does
    /// Checks `acls` the way the default `local` authorizer validates them when it is
    /// created (master `authorizers` / agent `authorizer` unset or `local`): the rules that
    /// only take `ANY` or `NONE` (`access_mesos_logs`, `view_flags`, `set_log_level`,
    /// `register_agents`, the maintenance rules, `drain_agents`, `deactivate_agents`,
    /// `reactivate_agents`, the standalone-container rules) must not use `SOME`, which is
    /// what an entity without `type` (or with an unknown type name, dropped from 1.5) means;
    /// `get_endpoints` with `SOME` may only name authorizable paths (`/containers`,
    /// `/containerizer/debug`, `/files/debug`, `/logging/toggle`, `/metrics/snapshot`,
    /// `/monitor/statistics`). Mesos 1.4+ (the list grew with the ACLs).
    ///
    /// ## Why is this bad?
    /// The daemon exits: "Could not create 'local' authorizer: ACL.ViewFlags type must be
    /// either NONE or ANY", "Path: '<p>' is not an authorizable path".
    ///
    /// ## Example
    /// ### Invalid: a list of flags to view (values mean SOME)
    /// ```text file:etc/mesos-master/acls
    /// {"view_flags": [{"principals": {"values": ["ops"]}, "flags": {"values": ["quorum"]}}]}
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/acls
    /// {"view_flags": [{"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}}]}
    /// ```
    ///
    /// ## How to fix
    /// Give those entities `"type": "ANY"` or `"type": "NONE"`; name only authorizable
    /// endpoints in `get_endpoints`.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/authorizer/local/authorizer.cpp:1731`
    ///   (`LocalAuthorizer::validate`), `src/common/authorization.cpp:47`
    ///   (`AUTHORIZABLE_ENDPOINTS`), `src/master/main.cpp:473`,
    ///   `include/mesos/authorizer/acls.proto` (`Entity.type` defaults to `SOME`).
    pub struct AclsLocalAuthorizer {
        code: "MF017",
        name: "acls-refused-by-local-authorizer",
        severity: Error,
        summary: "ACLs that the local authorizer refuses to load",
    }
}

/// (ACLs field, entity field, message name) of the rules that take only ANY or NONE.
const ANY_OR_NONE: &[(&str, &str, &str)] = &[
    ("access_mesos_logs", "logs", "AccessMesosLog"),
    ("view_flags", "flags", "ViewFlags"),
    ("set_log_level", "level", "SetLogLevel"),
    ("register_agents", "agents", "RegisterAgent"),
    (
        "update_maintenance_schedules",
        "machines",
        "UpdateMaintenanceSchedule",
    ),
    (
        "get_maintenance_schedules",
        "machines",
        "GetMaintenanceSchedule",
    ),
    ("start_maintenances", "machines", "StartMaintenance"),
    ("stop_maintenances", "machines", "StopMaintenance"),
    (
        "get_maintenance_statuses",
        "machines",
        "GetMaintenanceStatus",
    ),
    ("drain_agents", "agents", "DrainAgent"),
    ("deactivate_agents", "agents", "DeactivateAgent"),
    ("reactivate_agents", "agents", "ReactivateAgent"),
    (
        "launch_standalone_containers",
        "users",
        "LaunchStandaloneContainer",
    ),
    (
        "kill_standalone_containers",
        "users",
        "KillStandaloneContainer",
    ),
];

const AUTHORIZABLE: &[&str] = &[
    "/containers",
    "/containerizer/debug",
    "/files/debug",
    "/logging/toggle",
    "/metrics/snapshot",
    "/monitor/statistics",
];

/// One element, or the elements of an array (stout takes a single object for a repeated
/// field).
fn items(v: Option<&JsonValue>) -> Vec<&JsonValue> {
    match v.map(|v| &v.kind) {
        Some(JsonKind::Array(a)) => a.iter().collect(),
        Some(JsonKind::Object(_)) => v.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Is this entity SOME (the default, and what an unknown type name leaves)?
fn is_some(entity: &JsonValue) -> bool {
    !matches!(
        entity.get("type").and_then(JsonValue::as_str),
        Some("ANY") | Some("NONE")
    )
}

/// The first error `LocalAuthorizer::validate` returns, with the span to label.
fn first_error(acls: &JsonValue) -> Option<(std::ops::Range<usize>, String)> {
    for (list, field, name) in ANY_OR_NONE {
        for acl in items(acls.get(list)) {
            if let Some(entity) = acl.get(field).filter(|e| e.as_object().is_some()) {
                if is_some(entity) {
                    return Some((
                        entity.span.clone(),
                        format!("ACL.{name} type must be either NONE or ANY"),
                    ));
                }
            }
        }
    }
    for acl in items(acls.get("get_endpoints")) {
        let Some(paths) = acl.get("paths").filter(|e| e.as_object().is_some()) else {
            continue;
        };
        if !is_some(paths) {
            continue;
        }
        for v in items(paths.get("values"))
            .into_iter()
            .chain(paths.get("values").filter(|v| v.as_str().is_some()))
        {
            if let Some(p) = v.as_str().filter(|p| !AUTHORIZABLE.contains(p)) {
                return Some((
                    v.span.clone(),
                    format!("Path: '{}' is not an authorizable path", p.escape_debug()),
                ));
            }
        }
    }
    None
}

impl Rule for AclsLocalAuthorizer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(note) = since_note(cx, Version::new(1, 4, 0)) else {
            return;
        };
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                let authorizer = match d.daemon {
                    Daemon::Master => "authorizers",
                    Daemon::Agent => "authorizer",
                };
                let local = match d.flags.get(authorizer) {
                    None => true,
                    Some(def) => def.known_value() == Some("local"),
                };
                if !local {
                    continue;
                }
                for jf in json_flags(cx, host, d, &secrets)
                    .into_iter()
                    .filter(|j| j.flag == "acls")
                {
                    let Ok(doc) = jf.parse() else {
                        continue;
                    };
                    let Some((range, error)) = first_error(&doc.value) else {
                        continue;
                    };
                    let Some(span) = jf.span(range) else {
                        continue;
                    };
                    sink.report(
                        Diagnostic::new(
                            &AclsLocalAuthorizer::META,
                            format!(
                                "{} gives {} on `{}` ACLs the local authorizer refuses: {error}",
                                jf.place(cx),
                                d.daemon.as_str(),
                                host_name(host)
                            ),
                        )
                        .primary(span, format!("Could not create 'local' authorizer: {error}"))
                        .note(note.clone())
                        .help("use `\"type\": \"ANY\"` or `\"type\": \"NONE\"` here (an entity with `values` means SOME)"),
                    );
                }
            }
        }
    }
}
