use super::placement;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers};
use super::util::is_template;

declare_rule! {
    /// ## What it does
    /// Reports an app constraint on an agent attribute that no agent of the tree declares
    /// (`["rack", "GROUP_BY"]` when no agent has a `rack` attribute), and a `CLUSTER` or `IS`
    /// constraint whose value no agent has (`["zone", "CLUSTER", "eu-1"]`, or
    /// `["hostname", "CLUSTER", "db7"]` when there is no host `db7`). Pods are checked the
    /// same way: their `scheduling.placement.constraints` objects
    /// (`{"fieldName": "rack", "operator": "GROUP_BY"}`).
    ///
    /// It says nothing when some agent's attributes are unknown, or when the tree has no agent.
    ///
    /// ## Why is this bad?
    /// Marathon only launches a task on an offer whose agent satisfies every constraint. An
    /// attribute no agent has matches no offer, so the deployment waits for offers that never
    /// come, without an error: the app stays at 0 running instances.
    ///
    /// ## Example
    /// ### Invalid: no agent has a rack attribute
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "constraints": [["rack", "GROUP_BY"]]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "constraints": [["rack", "GROUP_BY"]]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:agent1/etc/mesos-slave/attributes/rack
    /// r1
    /// ```
    ///
    /// ## How to fix
    /// Declare the attribute on the agents (`etc/mesos-slave/attributes/<name>` or
    /// `--attributes`), or fix the attribute name or value in the constraint.
    ///
    /// ## References
    /// - Marathon `docs/docs/constraints.md`; Mesos `docs/attributes-resources.md`.
    pub struct ConstraintUnsatisfiable {
        code: "AP021",
        name: "constraint-unsatisfiable",
        severity: Warning,
        summary: "An app constraint on an attribute or value no agent has",
    }
}

impl Rule for ConstraintUnsatisfiable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        let Some(attrs) = all_known(&agents, |a| a.attributes()) else {
            return;
        };
        for def in cx.cluster.apps.marathon() {
            for con in placement::of(def) {
                let (c, field) = (con.node, con.field.0);
                if is_template(field) || field.is_empty() {
                    continue;
                }
                let op = con.upper();
                let value = con.value.map(|v| v.0).filter(|v| !is_template(v));
                let value_node = con.value.map_or(c, |v| v.1);
                let fixed = matches!(op.as_str(), "CLUSTER" | "IS");
                if field == "hostname" {
                    let Some(v) = value.filter(|_| fixed) else {
                        continue;
                    };
                    if agents.iter().any(|a| a.host.is_named(v)) {
                        continue;
                    }
                    sink.report(
                        Diagnostic::new(&Self::META, format!("{}: constraint [hostname, {op}, {v:?}] names no agent of this tree", def.describe()))
                            .primary(def.span(value_node), "no agent has this hostname")
                            .note(format!("the agents here: {}", names(&agents)))
                            .note("Marathon waits for an offer from that host: the app never starts")
                            .help("name one of the agents, or remove the constraint"),
                    );
                    continue;
                }
                let values: Vec<&str> = attrs
                    .iter()
                    .flatten()
                    .filter(|(k, _)| k == field)
                    .map(|(_, v)| v.as_str())
                    .collect();
                if values.is_empty() {
                    sink.report(
                        Diagnostic::new(&Self::META, format!("{}: constraint on attribute `{field}`, which no agent of this tree declares", def.describe()))
                            .primary(def.span(con.field.1), "no agent has this attribute")
                            .note(known(&attrs))
                            .note("Marathon only accepts offers from agents with the attribute: the app never starts")
                            .help(format!("declare `{field}` on the agents (etc/mesos-slave/attributes/{field}), or fix the name")),
                    );
                } else if let Some(v) = value.filter(|_| fixed) {
                    if !values.contains(&v) {
                        sink.report(
                            Diagnostic::new(&Self::META, format!("{}: constraint [{field}, {op}, {v:?}]: no agent has `{field}` = `{v}`", def.describe()))
                                .primary(def.span(value_node), "no agent has this value")
                                .note(format!("values of `{field}` here: {}", dedup(&values)))
                                .help("use a value an agent declares"),
                        );
                    }
                }
            }
        }
    }
}

fn names(agents: &[super::agents::Offer<'_>]) -> String {
    let mut n: Vec<&str> = agents.iter().map(|a| a.name()).collect();
    n.truncate(8);
    n.join(", ")
}

fn dedup(v: &[&str]) -> String {
    let set: std::collections::BTreeSet<&str> = v.iter().copied().collect();
    set.into_iter().take(8).collect::<Vec<_>>().join(", ")
}

fn known(attrs: &[Vec<(String, String)>]) -> String {
    let set: std::collections::BTreeSet<&str> =
        attrs.iter().flatten().map(|(k, _)| k.as_str()).collect();
    if set.is_empty() {
        "no agent of this tree declares any attribute".into()
    } else {
        format!(
            "attributes the agents declare: {}",
            set.into_iter().take(12).collect::<Vec<_>>().join(", ")
        )
    }
}
