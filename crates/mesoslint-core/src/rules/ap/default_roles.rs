//! AP023's check of the roles Marathon accepts for a service that names none: an app without
//! `acceptedResourceRoles` (a pod without `scheduling.placement.acceptedResourceRoles`) gets
//! Marathon's default, and when no agent of the tree offers any of those roles the service
//! waits forever.
//!
//! The default, by release (`RunSpecOfferMatcher.matchOffer`: the service's list when it is
//! not empty, else the default; v1.8.244 `:26-31`, v1.10.26 `:34-39`):
//! - **1.4 to 1.8**: `--default_accepted_resource_roles` (a comma-separated list, which
//!   Marathon refuses at start unless every role is `*` or `--mesos_role`), else `*` and
//!   `--mesos_role` (`MarathonConf.scala` v1.4.13 `:156-161`, `defaultAcceptedResourceRolesSet`).
//! - **1.9 and later**: `--accepted_resource_roles_default_behavior`: `any` (the service's
//!   role and `*`), `unreserved` (`*`), `reserved` (the service's role); read in any case.
//!   Unset, 1.9 derives it from the deprecated `--default_accepted_resource_roles` (`*` alone:
//!   unreserved, `--mesos_role` alone: reserved, else any; v1.9.109 `:173-187`); 1.10 refuses
//!   that option at start (MR's option rule), so it is not judged here.
//!
//! Agents' dynamic reservations (made through the operator API) are not in the tree: the
//! finding is a warning and says so.

use std::collections::BTreeSet;

use crate::config::Version;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::apps::{DefKind, Definition};
use crate::model::Cluster;
use crate::parse::json::JsonValue;
use crate::rule::{RuleMeta, Sink};

use super::role_settings::{fields, marathon_roles, valid_roles, MarathonRoles};
use super::util::is_template;

const V1_9: Version = Version::new(1, 9, 0);
const V1_10: Version = Version::new(1, 10, 0);

/// Where the default comes from, for the message.
struct Default {
    roles: BTreeSet<String>,
    /// `--default_accepted_resource_roles ...` and the like.
    source: String,
    at: Option<Span>,
}

/// The default accepted roles for `def`, or `None` when the tree does not tell them.
fn default_for(def: &Definition, s: &MarathonRoles, version: Version) -> Option<Default> {
    let list = |v: &str| -> BTreeSet<String> {
        v.split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect()
    };
    if version < V1_9 {
        return Some(match &s.default_accepted {
            Some((v, at)) => Default {
                roles: list(v),
                source: format!("--default_accepted_resource_roles `{v}`"),
                at: *at,
            },
            None => Default {
                roles: [String::from("*"), s.role.clone()].into(),
                source: format!("the default (`*` and --mesos_role `{}`)", s.role),
                at: s.at,
            },
        });
    }
    // the service's role: its own `role`, else --mesos_role; below the root group it may
    // also be the top-level group's (enforceRole), so both are taken as candidates
    let own = def
        .get("role")
        .and_then(JsonValue::as_str)
        .filter(|r| !is_template(r));
    let service: BTreeSet<String> = match own {
        Some(r) => [r.to_string()].into(),
        None => valid_roles(def, &s.role).into_iter().collect(),
    };
    let (behavior, source, at) = match (&s.default_behavior, &s.default_accepted) {
        (Some((b, at)), _) => (
            b.to_ascii_lowercase(),
            format!("--accepted_resource_roles_default_behavior `{b}`"),
            *at,
        ),
        (None, Some(_)) if version >= V1_10 => return None,
        (None, Some((v, at))) => {
            let set = list(v);
            let derived = if set == BTreeSet::from([String::from("*")]) {
                "unreserved"
            } else if set == BTreeSet::from([s.role.clone()]) {
                "reserved"
            } else {
                "any"
            };
            (
                derived.to_string(),
                format!("--default_accepted_resource_roles `{v}` (read as accepted_resource_roles_default_behavior {derived})"),
                *at,
            )
        }
        (None, None) => (
            "any".to_string(),
            "the default accepted_resource_roles_default_behavior `any`".to_string(),
            None,
        ),
    };
    let roles = match behavior.as_str() {
        "any" => service.into_iter().chain([String::from("*")]).collect(),
        "unreserved" => [String::from("*")].into(),
        "reserved" => service,
        _ => return None, // refused at start: MR's option rule
    };
    Some(Default { roles, source, at })
}

/// Report services without their own accepted roles whose default no agent offers.
pub(super) fn check(
    meta: &'static RuleMeta,
    cluster: &Cluster,
    offered: &BTreeSet<&str>,
    sink: &mut Sink,
) {
    let Some(s) = marathon_roles(cluster).filter(|s| s.defaults_known) else {
        return;
    };
    let marathon = &cluster.versions.marathon;
    for def in cluster.apps.marathon() {
        let (_, accepted) = fields(def);
        // an empty list is the default too; a list that is not one of strings is AP001's
        let own = accepted.map(|a| a.as_array().is_none_or(|l| !l.is_empty()));
        if own == Some(true) {
            continue;
        }
        let Some(d) = default_for(def, &s, marathon.version) else {
            continue;
        };
        if d.roles.is_empty()
            || d.roles
                .iter()
                .any(|r| is_template(r) || offered.contains(r.as_str()))
        {
            continue;
        }
        let field = if def.kind == DefKind::Pod {
            "scheduling.placement.acceptedResourceRoles"
        } else {
            "acceptedResourceRoles"
        };
        let roles: Vec<&str> = d.roles.iter().map(String::as_str).collect();
        let mut diag = Diagnostic::new(
            meta,
            format!(
                "{} has no {field}; Marathon's default accepts roles {} that no agent of this tree offers",
                def.describe(),
                roles.join(", ")
            ),
        )
        .primary(
            accepted.map_or_else(|| def.anchor(), |a| def.span(a)),
            "Marathon's default roles apply",
        );
        if let Some(at) = d.at {
            diag = diag.secondary(at, "the default comes from here");
        }
        let shown: Vec<&str> = offered.iter().copied().take(8).collect();
        let releases = if marathon.at_least(V1_9) {
            "1.9+"
        } else {
            "1.4 to 1.8"
        };
        sink.report(
            diag.note(format!("the default is {}", d.source))
                .note(format!("the agents offer: {} (dynamic reservations made through the operator API are not in the tree)", shown.join(", ")))
                .note("Marathon declines every other offer: the service never starts")
                .note(marathon.applies(releases))
                .help(format!("set {field} to roles the agents offer (e.g. [\"*\"]), or change Marathon's default")),
        );
    }
}
