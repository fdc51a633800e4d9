use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers};
use super::util::is_template;

declare_rule! {
    /// ## What it does
    /// Reports an app or pod whose `acceptedResourceRoles` name only roles that no agent of the tree
    /// offers resources for. An agent offers its `default_role` (`*` unless set) and every
    /// role its `--resources` reserve (`cpus(web):4`). It says nothing when some agent's roles
    /// are unknown (a JSON or `file://` `resources` value, placeholders) or the tree has no
    /// agent.
    ///
    /// ## Why is this bad?
    /// Marathon only uses offers of the accepted roles. If no agent offers any of them, every
    /// offer is declined and the app waits forever at 0 instances. (Marathon 1.9 and later
    /// also refuse roles other than `*` and the app's `role` with "acceptedResourceRoles can
    /// only contain * and <role>".)
    ///
    /// It also checks the roles against Marathon's role settings and the master, by release
    /// (`[target] marathon`; every such finding says which releases it is about):
    /// - **Marathon 1.9+** (errors): a service `role` that is not `--mesos_role` (or, below
    ///   the root group, the top-level group's name), and `acceptedResourceRoles` with roles
    ///   other than `*` and the service's role ("acceptedResourceRoles can only contain * and
    ///   <role>"). With `--deprecated_features=sanitize_accepted_resource_roles` Marathon drops
    ///   those roles instead, and the finding is a warning.
    /// - **Marathon 1.4 to 1.8** (warning): `acceptedResourceRoles` without `*` or
    ///   `--mesos_role`. Marathon registers with that one role and does not check the list, so
    ///   the app waits forever. A service `role` is ignored there (the field arrives in 1.9;
    ///   the service runs with `--mesos_role`): a warning.
    /// - **The master's `--roles` whitelist** (deprecated; `*` is always allowed): a 1.9+
    ///   service `role` not in it. Marathon adds the role to its framework and the master
    ///   refuses the update ("Roles ... are not present in the master's --roles"). Marathon's
    ///   own `--mesos_role` outside it (every release): the master refuses its subscription,
    ///   reported once at the flag. The master refuses `--weights` for roles outside the
    ///   whitelist at start (MM's value rule), and Marathon before 1.10 refuses
    ///   `--default_accepted_resource_roles` with roles other than `*` and `--mesos_role` at
    ///   start (MR's option rule); neither is repeated here.
    ///
    /// - **Marathon's default roles** (warning): an app without `acceptedResourceRoles` (a pod
    ///   without `scheduling.placement.acceptedResourceRoles`, or with an empty list) gets
    ///   Marathon's default, and no agent offers any of its roles. 1.4 to 1.8:
    ///   `--default_accepted_resource_roles`, else `*` and `--mesos_role`. 1.9+:
    ///   `--accepted_resource_roles_default_behavior` (`any`: the service's role and `*`;
    ///   `unreserved`: `*`; `reserved`: the service's role), which 1.9 derives from
    ///   `--default_accepted_resource_roles` when unset (1.10 refuses that option at start:
    ///   "The flag '--default_accepted_resource_roles' has been removed in Marathon 1.10.0").
    ///   Below the root group the service's role may be the top-level group's
    ///   (`enforceRole`), so both are taken. Reservations made at run time through the
    ///   operator API are not in the tree; the finding says so.
    ///
    /// These checks need the tree's Marathon (`--mesos_role`, `*` when unset); they say
    /// nothing when there is none or the Marathons disagree.
    ///
    /// ## Example
    /// ### Invalid: public agents are meant, none is configured
    /// ```json file:marathon/lb.json
    /// {"id": "/lb", "cmd": "run-lb", "acceptedResourceRoles": ["slave_public"]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```json file:marathon/lb.json
    /// {"id": "/lb", "cmd": "run-lb", "acceptedResourceRoles": ["slave_public"]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/default_role
    /// slave_public
    /// ```
    ///
    /// ## How to fix
    /// Give some agents that role (`default_role`, or reserve resources with
    /// `--resources=cpus(slave_public):4;...`), or accept `*`.
    ///
    /// ## References
    /// - Marathon `MarathonConf.scala` (v1.4.13 `:156-185`, v1.9.109 `:143-199`, v1.10.26
    ///   `:170-215`), `mesos/RunSpecOfferMatcher.scala` (v1.8.244 `:26-31`),
    ///   `AcceptedResourceRolesDefaultBehavior.scala`;
    /// - Marathon `src/main/scala/mesosphere/marathon/state/ResourceRole.scala` (v1.9.109
    ///   `:15-20`), `api/v2/validation/AppValidation.scala` (v1.9.109 `:355-358`),
    ///   `util/RoleSettings.scala`, `api/v2/AppNormalization.scala` (`forPreValidation`);
    /// - Mesos `src/master/master.cpp` (1.11.0 `:711-721` whitelist, `:2566-2583`
    ///   `validateFramework`, `:734` weights);
    ///   Mesos `docs/roles.md`, `docs/reservation.md`.
    pub struct RoleNotOffered {
        code: "AP023",
        name: "role-not-offered",
        severity: Warning,
        summary: "An app accepts only roles no agent offers",
    }
}

impl Rule for RoleNotOffered {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        super::role_settings::check(&Self::META, cx.cluster, sink);
        let agents = offers(cx.cluster);
        let Some(roles) = all_known(&agents, |a| a.roles()) else {
            return;
        };
        let offered: std::collections::BTreeSet<&str> =
            roles.iter().flatten().map(String::as_str).collect();
        super::default_roles::check(&Self::META, cx.cluster, &offered, sink);
        for def in cx.cluster.apps.marathon() {
            let (_, accepted) = super::role_settings::fields(def);
            let Some(list) = accepted.and_then(JsonValue::as_array) else {
                continue;
            };
            let names: Option<Vec<&str>> = list.iter().map(JsonValue::as_str).collect();
            let Some(names) = names.filter(|n| !n.is_empty()) else {
                continue;
            };
            if names.iter().any(|n| is_template(n) || offered.contains(n)) {
                continue;
            }
            let shown: Vec<&str> = offered.iter().copied().take(8).collect();
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "{} accepts only roles {} that no agent of this tree offers",
                        def.describe(),
                        names.join(", ")
                    ),
                )
                .primary(
                    def.span(accepted.unwrap_or(&def.value)),
                    "no agent offers these roles",
                )
                .note(format!("the agents offer: {}", shown.join(", ")))
                .note("Marathon declines every other offer: the app never starts")
                .help(
                    "give some agents the role (default_role or reserved resources), or accept `*`",
                ),
            );
        }
    }
}
