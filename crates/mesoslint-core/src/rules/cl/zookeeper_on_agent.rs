use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::zk_url_of;
use crate::rule::{Context, Rule, RuleMeta, Sink};
use crate::rules::zk::ensemble::{host_label, HostIndex};

declare_rule! {
    /// ## What it does
    /// Reports a ZooKeeper server configured (a `zoo.cfg`, not disabled by an override) on an
    /// agent-only host while the cluster's ensemble is elsewhere: other hosts of the tree run
    /// ZooKeeper and none of their `server.N` voters is this host, or (in a tree without them)
    /// the agent's ZooKeeper URL names only other hosts. A master role inferred only because
    /// the host has `etc/mesos/zk` and a `zoo.cfg` does not make it a master here.
    ///
    /// ## Why is this bad?
    /// The `zookeeper` package starts its server at install. On an agent it is a stray
    /// standalone server: it takes memory from tasks and listens on 2181, and a Mesos or
    /// Marathon URL pointing at `localhost` there silently talks to an empty ZooKeeper of its
    /// own instead of the real ensemble. Usually the package came with a copied role or image.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// server.1=master1:2888:3888
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// server.1=master1:2888:3888
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// ```
    /// ```text file:hosts/agent1/etc/init/zookeeper.override
    /// manual
    /// ```
    ///
    /// ## How to fix
    /// Remove the `zookeeper` package from the agent, or disable it (`echo manual >
    /// /etc/init/zookeeper.override`, `systemctl disable zookeeper`) and keep the override in
    /// the tree.
    ///
    /// ## References
    /// - Mesosphere installation guides: ZooKeeper runs on the master nodes only.
    /// - DOMAIN.md §1 (roles) and §3.5 (package layouts).
    pub struct ZookeeperOnAgent {
        code: "CL002",
        name: "zookeeper-on-agent",
        severity: Warning,
        summary: "ZooKeeper is configured on an agent-only host while the ensemble is elsewhere",
    }
}

impl Rule for ZookeeperOnAgent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let cluster = cx.cluster;
        let mut index: Option<HostIndex> = None;
        // Worked out once, on first need: per host whether another host's voters name it,
        // and the first two ZooKeeper hosts' "where the ensemble is" anchor. (A pass over
        // every host for each agent with a ZooKeeper was quadratic.)
        let mut facts: Option<Facts> = None;
        for (i, host) in cluster.hosts.iter().enumerate() {
            let Some(zk) = &host.zookeeper else { continue };
            if host.agent.is_none() || host.disabled("zookeeper").is_some() {
                continue;
            }
            let real_master = host
                .master_role
                .as_ref()
                .is_some_and(|r| !r.inferred || host.marathon.is_some());
            if real_master {
                continue;
            }
            let index = index.get_or_insert_with(|| HostIndex::new(cluster));
            let facts = facts.get_or_insert_with(|| Facts::new(cluster, index));
            let listed_here = facts.listed_by_other.get(i).copied().unwrap_or(false);
            // the first other host that runs ZooKeeper
            let other = facts.first_two.iter().find(|(j, _)| *j != i);
            let others = other.is_some();
            let mut elsewhere: Option<(Span, String)> = other.map(|(_, e)| e.clone());
            if listed_here {
                continue;
            }
            if !others {
                // No other server in the tree: use the agent's URL.
                let Some(def) = host.agent.as_ref().and_then(|a| a.flags.get("master")) else {
                    continue;
                };
                let Some(url) = zk_url_of(def) else { continue };
                let hosts = url.host_set();
                if hosts.is_empty()
                    || hosts
                        .iter()
                        .any(|(h, _)| index.lookup(h, Some(i)) == Some(i))
                {
                    continue;
                }
                let Some(span) = def.span() else { continue };
                elsewhere = Some((
                    span,
                    "the agent's ZooKeeper ensemble is on other hosts".into(),
                ));
            }
            let Some((span, label)) = elsewhere else {
                continue;
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "{} is an agent-only host but has a ZooKeeper server configured ({}) while the cluster's ensemble runs elsewhere",
                        host_label(host),
                        cx.files.path(zk.cfg)
                    ),
                )
                .primary(Span::file_start(zk.cfg), "stray ZooKeeper server on an agent")
                .secondary(span, label)
                .help("remove the zookeeper package from the agent, or disable it (etc/init/zookeeper.override holding `manual`, or `systemctl disable zookeeper`) and keep the override in the tree"),
            );
        }
    }
}

/// What the rule needs from the other ZooKeeper hosts, in one pass over their voters.
struct Facts {
    /// `listed_by_other[i]`: a voter line of another host's zoo.cfg names host `i`.
    listed_by_other: Vec<bool>,
    /// The first two ZooKeeper hosts (index, anchor): their first voter line, else the
    /// start of their zoo.cfg.
    first_two: Vec<(usize, (Span, String))>,
}

impl Facts {
    fn new(cluster: &crate::model::Cluster, index: &HostIndex) -> Facts {
        let mut listed_by_other = vec![false; cluster.hosts.len()];
        let mut first_two = Vec::new();
        for (j, other) in cluster.hosts.iter().enumerate() {
            let Some(ozk) = &other.zookeeper else {
                continue;
            };
            let mut anchor: Option<(Span, String)> = None;
            for e in ozk.participants() {
                let Ok(spec) = &e.spec else { continue };
                match index.lookup(&spec.host, Some(j)) {
                    Some(t) if t != j => {
                        if let Some(slot) = listed_by_other.get_mut(t) {
                            *slot = true;
                        }
                    }
                    _ => {}
                }
                if anchor.is_none() && first_two.len() < 2 {
                    if let Some(p) = ozk.props.entries.get(e.prop) {
                        anchor = Some((
                            ozk.line_span(p),
                            format!("the ensemble, configured on {}", other.name),
                        ));
                    }
                }
            }
            if first_two.len() < 2 {
                let anchor = anchor.unwrap_or_else(|| {
                    (
                        Span::file_start(ozk.cfg),
                        format!("ZooKeeper configured on {}", other.name),
                    )
                });
                first_two.push((j, anchor));
            }
        }
        Facts {
            listed_by_other,
            first_two,
        }
    }
}
