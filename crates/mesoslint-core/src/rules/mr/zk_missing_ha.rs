use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{Host, SourceKind};
use crate::parse::zk_url::{check_marathon_zk, parse_zk_url};
use crate::rule::{Context, Rule, RuleMeta, Sink};
use crate::rules::zu::util::{most_common, server_keys};

use super::util::{anchor, name};

declare_rule! {
    /// ## What it does
    /// With several Marathon instances in the tree, checks that they all keep their state
    /// in the same ZooKeeper place: the same servers and path in `zk`. An instance with no
    /// `zk` uses the default `zk://localhost:2181/marathon`, which names a different server
    /// on every host.
    ///
    /// ## Why is this bad?
    /// Marathon instances form one HA group only through a shared `zk`: leader election and
    /// state live there. Instances with different `zk` each elect themselves leader and
    /// launch the same apps twice, or lose apps when another instance takes over.
    ///
    /// ## Example
    /// ### Invalid: marathon2 keeps the default zk
    /// ```text file:hosts/marathon1/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ```text file:hosts/marathon2/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/marathon1/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ```text file:hosts/marathon2/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk3:2181,zk2:2181,zk1:2181/marathon
    /// ```
    ///
    /// ## How to fix
    /// Give every instance the same `zk`, naming the whole ensemble and one path
    /// (`zk://host1:2181,host2:2181,host3:2181/marathon`).
    ///
    /// ## References
    /// - DOMAIN.md §4.2 (`--zk` default `zk://localhost:2181/marathon`; "every Marathon
    ///   instance must use the same `--zk`", `docs/docs/high-availability.md`).
    pub struct ZkMissingHa {
        code: "MR002",
        name: "zk-missing-ha",
        severity: Warning,
        summary: "Several Marathon instances without a shared zk",
    }
}

const DEFAULT_ZK: &str = "zk://localhost:2181/marathon";

struct Instance<'a> {
    host: &'a Host,
    value: String,
    /// The text to label, with a label; `None` when nothing in the tree sets it.
    span: Option<Span>,
    explicit: bool,
    key: (Vec<(String, u16)>, String),
}

impl Rule for ZkMissingHa {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let mut all: Vec<Instance<'_>> = Vec::new();
        for (host, m) in cx.cluster.marathon_servers() {
            let def = m.flags.get("zk");
            let (value, span, explicit) = match def {
                Some(d) => {
                    let Some(v) = d.known_value() else { continue };
                    let derived_default =
                        d.source.kind == SourceKind::Derived && d.value_default.is_some();
                    (v.to_string(), d.span(), !derived_default)
                }
                None => (DEFAULT_ZK.to_string(), None, false),
            };
            let url = check_marathon_zk(&value).or_else(|_| parse_zk_url(&value));
            let Ok(url) = url else { continue };
            let key = (server_keys(cx.cluster, host, &url), url.path.clone());
            all.push(Instance {
                host,
                value,
                span: span.or_else(|| anchor(host, m)),
                explicit,
                key,
            });
        }
        if all.len() < 2 {
            return;
        }
        let reference = most_common(&all, |i| i.key.clone())
            .filter(|k| all.iter().filter(|i| i.key == *k).count() >= 2);
        for inst in &all {
            if reference.as_ref() == Some(&inst.key) {
                continue;
            }
            let Some(primary) = inst.span else { continue };
            let others: Vec<&Instance<'_>> = all
                .iter()
                .filter(|o| !std::ptr::eq(o.host, inst.host))
                .filter(|o| reference.as_ref().is_none_or(|r| *r == o.key))
                .collect();
            let names: Vec<&str> = others.iter().map(|o| name(o.host)).collect();
            let message = if inst.explicit {
                format!(
                    "Marathon on {} keeps its state at `{}`, not shared with the Marathon instances on {}",
                    name(inst.host),
                    inst.value,
                    names.join(", ")
                )
            } else {
                format!(
                    "Marathon on {} has no `zk`: it keeps its state at the default `{}` of its own host, not shared with the Marathon instances on {}",
                    name(inst.host),
                    inst.value,
                    names.join(", ")
                )
            };
            let mut d = Diagnostic::new(&Self::META, message).primary(
                primary,
                if inst.explicit {
                    "this instance's zk"
                } else {
                    "no zk for this instance"
                },
            );
            for o in others.iter().take(6) {
                if let Some(s) = o.span {
                    d = d.secondary(s, format!("zk of {} `{}`", name(o.host), o.value));
                }
            }
            let target = others
                .iter()
                .find(|o| o.explicit)
                .map(|o| o.value.clone())
                .unwrap_or_else(|| "zk://host1:2181,host2:2181,host3:2181/marathon".into());
            sink.report(d.help(format!(
                "give every Marathon instance the same zk: `{target}`"
            )));
        }
    }
}
