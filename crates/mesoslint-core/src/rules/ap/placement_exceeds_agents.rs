use super::placement;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::agents::{all_known, offers};
use super::util::{is_int32, number};

declare_rule! {
    /// ## What it does
    /// Reports an app whose `instances` cannot all be placed on the agents of the tree under
    /// its own constraints: `["hostname", "UNIQUE"]` with more instances than agents,
    /// `["hostname", "MAX_PER", "n"]` with more than n per agent, and `UNIQUE` on an attribute
    /// with more instances than the attribute has values. A pod's `scaling.instances` is
    /// checked against its `scheduling.placement.constraints` the same way.
    ///
    /// It says nothing when the tree has no agent, or (for attributes) when some agent's
    /// attributes are unknown. A tree that holds only some of the agents may see fewer than
    /// the cluster has: list the others in `mesoslint.toml` (`[hosts]`) or silence the rule
    /// for the app.
    ///
    /// ## Why is this bad?
    /// Marathon places as many tasks as the constraints allow and keeps the deployment open,
    /// waiting for offers that would satisfy the rest: the app never reaches its instance
    /// count, and every later deployment of it queues behind this one.
    ///
    /// ## Example
    /// ### Invalid: three instances, one per host, on two agents
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "instances": 3, "constraints": [["hostname", "UNIQUE"]]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:agent2/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "instances": 2, "constraints": [["hostname", "UNIQUE"]]}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ```text file:agent2/etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    ///
    /// ## How to fix
    /// Lower `instances`, relax the constraint (`MAX_PER`), or add agents.
    ///
    /// ## References
    /// - Marathon `docs/docs/constraints.md` (`UNIQUE`, `MAX_PER`).
    pub struct PlacementExceedsAgents {
        code: "AP022",
        name: "placement-exceeds-agents",
        severity: Warning,
        summary: "An app's instances cannot all be placed under its constraints on the agents of the tree",
    }
}

impl Rule for PlacementExceedsAgents {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        if agents.is_empty() {
            return;
        }
        let attrs = all_known(&agents, |a| a.attributes());
        for def in cx.cluster.apps.marathon() {
            let Some(inst) = placement::instances(def).filter(|v| is_int32(v)) else {
                continue;
            };
            let n = number(inst).unwrap_or(1.0) as u64;
            for con in placement::of(def) {
                let (c, field) = (con.node, con.field.0);
                let op = con.upper();
                let per: Option<u64> = match op.as_str() {
                    "UNIQUE" => Some(1),
                    "MAX_PER" => con.value.and_then(|v| v.0.parse().ok()),
                    _ => None,
                };
                let Some(per) = per.filter(|p| *p > 0) else {
                    continue;
                };
                let (slots, what) = if field == "hostname" {
                    (agents.len() as u64, format!("{} agents", agents.len()))
                } else {
                    let Some(attrs) = &attrs else { continue };
                    let vals: std::collections::BTreeSet<&str> = attrs
                        .iter()
                        .flatten()
                        .filter(|(k, _)| k == field)
                        .map(|(_, v)| v.as_str())
                        .collect();
                    if vals.is_empty() {
                        continue; // AP021 reports the missing attribute
                    }
                    (
                        vals.len() as u64,
                        format!("{} values of `{field}`", vals.len()),
                    )
                };
                let max = slots.saturating_mul(per);
                if n > max {
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!("{}: {n} instances, but [{field}, {op}] allows at most {max} on the {what} of this tree", def.describe()),
                        )
                        .primary(def.span(inst), format!("{n} instances"))
                        .secondary(def.span(c), format!("at most {per} per {field}"))
                        .note("Marathon places what fits and waits for offers for the rest: the deployment never completes")
                        .help(format!("lower instances to {max}, relax the constraint, or add agents")),
                    );
                }
            }
        }
    }
}
