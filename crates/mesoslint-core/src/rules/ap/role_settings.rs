//! AP023's checks of an app's or pod's roles against Marathon's role settings and the master's
//! `--roles` whitelist, release by release.
//!
//! - Marathon 1.9 added a service `role` and the role check (v1.9.109
//!   `AppValidation.scala:355-358`, `PodsValidation.scala:251,263`): `role` must be one of the
//!   valid roles (`RoleSettings.forService`, `util/RoleSettings.scala:37-72`: `--mesos_role`
//!   for a service of the root group; also the top-level group's name below it), and
//!   `acceptedResourceRoles` may hold only `*` and that role ("acceptedResourceRoles can only
//!   contain * and <role>", `ResourceRole.scala:15-20`). With the deprecated feature
//!   `sanitize_accepted_resource_roles` the other roles are dropped instead
//!   (`AppNormalization.scala:205-215,311-318`).
//! - Marathon 1.4 to 1.8 register one role, `--mesos_role` (`*` unless set), and do not check
//!   `acceptedResourceRoles`: a list without `*` and that role matches no offer.
//! - The master refuses a framework subscription or update whose roles are not in its
//!   `--roles` (`master.cpp:2566-2583` in 1.11.0, `validateFramework`); `*` is always allowed
//!   (`:721`). Marathon 1.9+ updates its framework roles with its services' roles
//!   (`ReviveOffersActor.scala:52-56,88`).

use std::collections::BTreeSet;

use crate::config::Version;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::model::apps::{DefKind, Definition};
use crate::model::Cluster;
use crate::parse::json::JsonValue;
use crate::rule::{RuleMeta, Sink};

use super::util::is_template;

const V1_9: Version = Version::new(1, 9, 0);

/// Marathon's role settings, when every Marathon of the tree agrees on them.
pub(super) struct MarathonRoles {
    /// `--mesos_role` (`*` unless set).
    pub role: String,
    /// Where it is set, if it is.
    pub at: Option<Span>,
    /// `--deprecated_features` has `sanitize_accepted_resource_roles`.
    sanitize: bool,
    /// `--default_accepted_resource_roles` (1.4 to 1.9), as written, and where.
    pub default_accepted: Option<(String, Option<Span>)>,
    /// `--accepted_resource_roles_default_behavior` (1.9+), and where.
    pub default_behavior: Option<(String, Option<Span>)>,
    /// Both options above are known (not placeholders or values the tree does not show).
    pub defaults_known: bool,
}

/// A Marathon option's known value and place: `Some(None)` when unset, `None` when unknown.
fn option(m: &crate::model::Marathon, name: &str) -> Option<Option<(String, Option<Span>)>> {
    match m.flags.get(name) {
        None => Some(None),
        Some(d) => {
            let v = d.known_value()?.trim().to_string();
            (!is_template(&v)).then(|| Some((v, d.span())))
        }
    }
}

pub(super) fn marathon_roles(cluster: &Cluster) -> Option<MarathonRoles> {
    let mut found: Option<MarathonRoles> = None;
    for (_, m) in cluster.marathon_servers() {
        let role = match m.flags.get("mesos_role") {
            None => "*".to_string(),
            Some(d) => d.known_value()?.trim().to_string(),
        };
        if role.is_empty() || is_template(&role) {
            return None;
        }
        let sanitize = m.flags.value("deprecated_features").is_some_and(|v| {
            v.split(',')
                .any(|f| f.trim() == "sanitize_accepted_resource_roles")
        });
        let at = m.flags.get("mesos_role").and_then(|d| d.span());
        let default_accepted = option(m, "default_accepted_resource_roles");
        let default_behavior = option(m, "accepted_resource_roles_default_behavior");
        let defaults_known = default_accepted.is_some() && default_behavior.is_some();
        let (default_accepted, default_behavior) =
            (default_accepted.flatten(), default_behavior.flatten());
        let text = |o: &Option<(String, Option<Span>)>| o.as_ref().map(|(v, _)| v.clone());
        match &found {
            // Marathons that disagree: unknown
            Some(f)
                if f.role != role
                    || text(&f.default_accepted) != text(&default_accepted)
                    || text(&f.default_behavior) != text(&default_behavior)
                    || f.defaults_known != defaults_known =>
            {
                return None
            }
            Some(_) => {}
            None => {
                found = Some(MarathonRoles {
                    role,
                    at,
                    sanitize,
                    default_accepted,
                    default_behavior,
                    defaults_known,
                })
            }
        }
    }
    found
}

/// The master's `--roles` whitelist with `*`, when every master that sets it agrees.
fn whitelist(cluster: &Cluster) -> Option<(BTreeSet<String>, Option<Span>)> {
    let mut found: Option<(BTreeSet<String>, Option<Span>)> = None;
    for host in cluster.masters() {
        let Some(master) = host.master.as_deref() else {
            continue;
        };
        let Some(def) = master.flags.get("roles") else {
            continue;
        };
        let value = def.known_value()?;
        if is_template(value) {
            return None;
        }
        let mut roles: BTreeSet<String> = value
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect();
        roles.insert("*".into());
        match &found {
            Some((r, _)) if *r != roles => return None,
            Some(_) => {}
            None => found = Some((roles, def.span())),
        }
    }
    found
}

/// The `role` and `acceptedResourceRoles` of an app or a pod.
pub(super) fn fields(def: &Definition) -> (Option<&JsonValue>, Option<&JsonValue>) {
    let accepted = match def.kind {
        DefKind::Pod => def.at(&["scheduling", "placement", "acceptedResourceRoles"]),
        _ => def.get("acceptedResourceRoles"),
    };
    (def.get("role"), accepted)
}

/// The roles Marathon 1.9+ allows for a service (`RoleSettings.forService`): `--mesos_role`,
/// and below the root group also the top-level group's name (the role enforced with
/// `enforceRole`; without it both are allowed).
pub(super) fn valid_roles(def: &Definition, mesos_role: &str) -> Vec<String> {
    let mut valid = vec![mesos_role.to_string()];
    if let Some(id) = def.id.as_deref() {
        let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() >= 2 {
            valid.push(parts[0].to_string());
        }
    }
    valid
}

pub(super) fn check(meta: &'static RuleMeta, cluster: &Cluster, sink: &mut Sink) {
    let marathon = &cluster.versions.marathon;
    let new_roles = marathon.at_least(V1_9);
    let settings = marathon_roles(cluster);
    let white = whitelist(cluster);
    if let (Some(s), Some((white, at))) = (&settings, &white) {
        framework_role(meta, s, white, *at, sink);
    }
    for def in cluster.apps.marathon() {
        let (role_v, accepted_v) = fields(def);
        let role = role_v
            .and_then(JsonValue::as_str)
            .filter(|r| !is_template(r));
        let accepted: Option<Vec<&str>> = accepted_v
            .and_then(JsonValue::as_array)
            .and_then(|l| l.iter().map(JsonValue::as_str).collect());
        let accepted = accepted.filter(|a| !a.iter().any(|r| is_template(r)));
        // the role the service gets: its own (1.9+), else Marathon's
        let effective: Option<String> = match (new_roles, role, &settings) {
            (true, Some(r), _) => Some(r.to_string()),
            (_, _, Some(s)) => Some(s.role.clone()),
            _ => None,
        };
        if new_roles {
            if let (Some(r), Some(s)) = (role, &settings) {
                let valid = valid_roles(def, &s.role);
                if !valid.iter().any(|v| v == r) {
                    let mut d = Diagnostic::new(
                        meta,
                        format!(
                            "{}: role `{r}` is not a role Marathon allows for it ({})",
                            def.describe(),
                            valid.join(" or ")
                        ),
                    )
                    .severity(Severity::Error)
                    .primary(def.span(role_v.unwrap_or(&def.value)), "refused role");
                    if let Some(at) = s.at {
                        d = d.secondary(at, "Marathon's --mesos_role");
                    }
                    sink.report(
                        d.note("Marathon refuses the service: `role` must be --mesos_role, or below the root group the top-level group's name (RoleSettings.forService)")
                            .note(marathon.applies("1.9+"))
                            .help(format!("use role `{}`, or remove `role` to get --mesos_role", valid.last().map_or("*", String::as_str))),
                    );
                }
            }
            if let (Some(list), Some(r)) = (&accepted, &effective) {
                let outside: Vec<&str> = list
                    .iter()
                    .copied()
                    .filter(|a| *a != "*" && a != r)
                    .collect();
                // without its own role, a service below the root may get the top-level
                // group's role (enforceRole), which the tree does not tell: not judged
                let group_role = valid_roles(def, "*").get(1).cloned();
                let outside: Vec<&str> = match (role, group_role) {
                    (None, Some(g)) => outside.into_iter().filter(|a| *a != g).collect(),
                    _ => outside,
                };
                if !outside.is_empty() {
                    let allowed = if r == "*" {
                        "*".to_string()
                    } else {
                        format!("* and {r}")
                    };
                    let sanitize = settings.as_ref().is_some_and(|s| s.sanitize);
                    let mut d = Diagnostic::new(
                        meta,
                        format!(
                            "{}: acceptedResourceRoles can only contain {allowed} (it has {})",
                            def.describe(),
                            outside.join(", ")
                        ),
                    )
                    .primary(
                        def.span(accepted_v.unwrap_or(&def.value)),
                        format!("only {allowed} allowed"),
                    );
                    d = if sanitize {
                        d.note("sanitize_accepted_resource_roles is enabled: Marathon drops the other roles (and falls back to `*` when none is left)")
                    } else {
                        d.severity(Severity::Error).note(format!(
                            "Marathon refuses the service: \"acceptedResourceRoles can only contain {allowed}\""
                        ))
                    };
                    sink.report(d.note(marathon.applies("1.9+")).help(format!(
                        "accept only {allowed}, or give the service the role it needs with `role`"
                    )));
                }
            }
        } else if let (Some(r), Some(v)) = (role, role_v) {
            // 1.4-1.8 have no `role` field: the generated RAML reader reads only the
            // declared fields (v1.8.244 `types/app.raml`, `type-generator` ObjectVisitor)
            let runs = settings.as_ref().map_or("--mesos_role".to_string(), |s| {
                format!("--mesos_role `{}`", s.role)
            });
            sink.report(
                Diagnostic::new(
                    meta,
                    format!(
                        "{}: `role` `{r}` is ignored before Marathon 1.9",
                        def.describe()
                    ),
                )
                .primary(def.span(v), "ignored")
                .note(format!(
                    "Marathon ignores the field: the service runs with {runs}"
                ))
                .note(marathon.applies("1.4 to 1.8"))
                .help("remove `role`, or upgrade Marathon to 1.9 or later"),
            );
        }
        if let (false, Some(list), Some(s)) = (new_roles, &accepted, &settings) {
            if !list.is_empty() && !list.iter().any(|a| *a == "*" || *a == s.role) {
                let mut d = Diagnostic::new(
                    meta,
                    format!(
                        "{} accepts only roles {} but Marathon registers with role `{}`",
                        def.describe(),
                        list.join(", "),
                        s.role
                    ),
                )
                .primary(
                    def.span(accepted_v.unwrap_or(&def.value)),
                    "offers for these roles never reach Marathon",
                );
                if let Some(at) = s.at {
                    d = d.secondary(at, "Marathon's --mesos_role");
                }
                sink.report(
                    d.note("before 1.9 Marathon receives offers only for `*` and --mesos_role, and does not check acceptedResourceRoles: the app waits forever")
                        .note(marathon.applies("1.4 to 1.8"))
                        .help(format!("accept `*` or `{}`, or change --mesos_role", s.role)),
                );
            }
        }
        // the master's whitelist: an explicit 1.9+ service role must be in it
        if let (true, Some(r), Some((white, at))) = (new_roles, role, &white) {
            if !white.contains(r) {
                let mut d = Diagnostic::new(
                    meta,
                    format!(
                        "{}: role `{r}` is not in the master's --roles",
                        def.describe()
                    ),
                )
                .primary(def.span(role_v.unwrap_or(&def.value)), "not whitelisted");
                if let Some(at) = at {
                    d = d.secondary(*at, "the master's --roles");
                }
                let listed: Vec<&str> = white.iter().map(String::as_str).collect();
                sink.report(
                    d.note(format!("the master allows: {}", listed.join(", ")))
                        .note("Marathon adds the service's role to its framework; the master refuses it: \"Roles ... are not present in the master's --roles\", so the service gets no offers")
                        .note(marathon.applies("1.9+"))
                        .help("add the role to the master's --roles (deprecated; better remove --roles), or use a listed role"),
                );
            }
        }
    }
}

/// Marathon's own `--mesos_role` outside the master's whitelist: the master refuses
/// Marathon's subscription, in every release (reported once, at the flag).
fn framework_role(
    meta: &'static RuleMeta,
    s: &MarathonRoles,
    white: &BTreeSet<String>,
    white_at: Option<Span>,
    sink: &mut Sink,
) {
    if white.contains(&s.role) {
        return;
    }
    let Some(primary) = s.at.or(white_at) else {
        return;
    };
    let mut d = Diagnostic::new(
        meta,
        format!(
            "Marathon's --mesos_role `{}` is not in the master's --roles",
            s.role
        ),
    )
    .primary(primary, "not whitelisted");
    if let (Some(_), Some(w)) = (s.at, white_at) {
        d = d.secondary(w, "the master's --roles");
    }
    let listed: Vec<&str> = white.iter().map(String::as_str).collect();
    sink.report(
        d.note(format!("the master allows: {}", listed.join(", ")))
            .note("the master refuses Marathon's subscription: \"Roles ... are not present in the master's --roles\"; no app of this Marathon starts")
            .help("add the role to the master's --roles (deprecated; better remove --roles), or change --mesos_role"),
    );
}
