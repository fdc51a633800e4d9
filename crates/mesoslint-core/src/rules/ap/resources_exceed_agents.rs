use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;

use super::agents::{all_known, offers};
use super::util::number;

/// What one instance of an app or pod asks for one resource.
struct Asked<'a> {
    amount: f64,
    /// The definition states it (else Marathon's defaults apply).
    stated: bool,
    /// The value to point at.
    at: Option<&'a JsonValue>,
}

fn asked<'a>(def: &'a Definition, res: &str, default: f64) -> Option<Asked<'a>> {
    if def.kind == DefKind::Pod {
        let (amount, stated) = super::pod::asked(def, res)?;
        let at = super::pod::stated(def, res).into_iter().max_by(|a, b| {
            number(a)
                .unwrap_or(0.0)
                .total_cmp(&number(b).unwrap_or(0.0))
        });
        return Some(Asked { amount, stated, at });
    }
    let given = def.get(res);
    Some(Asked {
        amount: given.and_then(number).unwrap_or(default),
        stated: given.is_some(),
        at: given,
    })
}

/// The resources an app asks per instance, with Marathon's defaults (`app.raml`).
const ASKED: &[(&str, f64)] = &[("cpus", 1.0), ("mem", 128.0), ("disk", 0.0), ("gpus", 0.0)];

declare_rule! {
    /// ## What it does
    /// Reports an app or pod that asks, per instance, for more `cpus`, `mem`, `disk` or `gpus` than
    /// the largest agent of the tree offers in all. Only agents whose `--resources` state that
    /// resource count (an agent that detects it from the machine is unknown, and then the rule
    /// says nothing); GPUs are 0 on an agent without the `gpu/nvidia` isolator. A pod's
    /// instance asks for the sum of its containers' `resources` and its `executorResources`
    /// (Marathon's defaults: cpus 0.1, mem 32, disk 10), all from one offer.
    ///
    /// ## Why is this bad?
    /// No single offer can hold the task, so Marathon declines every offer and the app waits
    /// forever at 0 instances ("waiting for resource offer" in the UI).
    ///
    /// ## Example
    /// ### Invalid: 16 GiB per instance on 8 GiB agents
    /// ```json file:marathon/db.json
    /// {"id": "/db", "cmd": "run-db", "mem": 16384}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/resources
    /// cpus:4;mem:8192
    /// ```
    /// ### Valid
    /// ```json file:marathon/db.json
    /// {"id": "/db", "cmd": "run-db", "mem": 4096}
    /// ```
    /// ```text file:agent1/etc/mesos-slave/resources
    /// cpus:4;mem:8192
    /// ```
    ///
    /// ## How to fix
    /// Ask for less per instance (and run more instances), or give an agent more resources.
    ///
    /// ## References
    /// - Mesos `docs/attributes-resources.md`; Marathon `docs/docs/rest-api/public/api/v2/types/app.raml`.
    pub struct ResourcesExceedAgents {
        code: "AP024",
        name: "resources-exceed-agents",
        severity: Warning,
        summary: "An app or pod asks for more cpus, mem, disk or gpus than any agent offers",
    }
}

impl Rule for ResourcesExceedAgents {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let agents = offers(cx.cluster);
        for (res, default) in ASKED {
            let Some(have) = all_known(&agents, |a| a.scalar(res)) else {
                continue;
            };
            let Some((i, largest)) = have
                .iter()
                .copied()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
            else {
                continue;
            };
            let biggest = &agents[i];
            for def in cx.cluster.apps.marathon() {
                let Some(ask) = asked(def, res, *default) else {
                    continue;
                };
                if ask.amount <= largest || (!ask.stated && *default == 0.0) {
                    continue;
                }
                let asked = ask.amount;
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!("{} asks for {res} {asked} per instance; the largest agent of this tree offers {largest}", def.describe()),
                )
                .primary(ask.at.map_or_else(|| def.anchor(), |g| def.span(g)), format!("{res} {asked}"));
                if let Some(span) = biggest.span("resources") {
                    d = d.secondary(span, format!("{}: {res} {largest}", biggest.name()));
                }
                if def.kind == DefKind::Pod {
                    d = d.note("a pod's instance needs its containers' resources and its executor's (executorResources; defaults cpus 0.1, mem 32, disk 10) from one offer");
                } else if !ask.stated {
                    d = d.note(format!("{asked} is Marathon's default for `{res}`"));
                }
                sink.report(
                    d.note("no single offer can hold the task: Marathon declines every offer and the app never starts")
                        .help(format!("ask for at most {largest} {res} per instance, or give an agent more")),
                );
            }
        }
    }
}
