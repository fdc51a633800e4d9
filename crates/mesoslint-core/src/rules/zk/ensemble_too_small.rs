use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{zk_url_of, Host, ZkServer};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{
    entry_line_span, is_self_address, join_names, known_servers, lines_span, on, voter_groups,
};

declare_rule! {
    /// ## What it does
    /// Reports a ZooKeeper ensemble of exactly two voting servers, and a ZooKeeper with a
    /// single voter (standalone mode: no `server.N` line, or only one) in a tree where several
    /// hosts run ZooKeeper or where the Mesos ZooKeeper URL lists several hosts including this
    /// one, or whose `zoo.cfg` has exactly one `server.N` line (ZooKeeper logs an error and
    /// ignores it). An ensemble seen identically from several hosts is reported once.
    ///
    /// ## Why is this bad?
    /// ZooKeeper needs a majority of its voters up. Two voters need both: the ensemble stops
    /// when either fails, twice as likely as a single server failing, and ZooKeeper warns
    /// "No server failure will be tolerated. You need at least 3 servers." A single voter runs
    /// standalone ("Invalid configuration, only one server specified (ignoring)"): when the
    /// other hosts were meant to join it, each of them is a separate ZooKeeper with its own
    /// data, and Mesos masters pointed at different ones never see each other.
    ///
    /// ## Example
    /// ### Invalid: two voters
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// ```
    /// ### Invalid: three hosts each running a standalone ZooKeeper
    /// ```text file:hosts/zk1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    /// ```text file:hosts/zk2/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    /// ```text file:hosts/zk3/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    /// ### Valid: three voters
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Valid: a single-host test setup
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    ///
    /// ## How to fix
    /// Run at least three voters on three machines, list all of them as `server.N` lines in
    /// every host's `zoo.cfg`, and give each host its own id in `myid`.
    ///
    /// ## References
    /// - ZooKeeper Administrator's Guide, "Clustered (Multi-Server) Setup": "a minimum of three
    ///   servers are required for a fault tolerant clustered setup".
    /// - `QuorumPeerConfig.parseProperties` / `checkValidity`: "No server failure will be
    ///   tolerated. You need at least 3 servers." and "Invalid configuration, only one server
    ///   specified (ignoring)".
    pub struct EnsembleTooSmall {
        code: "ZK002",
        name: "ensemble-too-small",
        severity: Warning,
        summary: "A ZooKeeper ensemble has 2 voters, or 1 where several ZooKeeper hosts are expected",
    }
}

impl Rule for EnsembleTooSmall {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let groups = voter_groups(cx.files, cx.cluster);
        // Two voters: once per ensemble.
        for group in &groups {
            if group.voters() != 2 {
                continue;
            }
            let Some((first_host, first_zk, voters)) = group.members.first() else {
                continue;
            };
            let Some(primary) = lines_span(first_zk, voters.iter().copied()) else {
                continue;
            };
            let names: Vec<&str> = voters.iter().filter_map(|e| e.host()).collect();
            let hosts = if group.members.len() > 1 {
                format!(" (zoo.cfg of {})", group.host_names())
            } else {
                String::new()
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "2 ZooKeeper voters ({}) tolerate no failure: the ensemble stops if either fails, twice the risk of a single server{hosts}",
                    join_names(names, 2)
                ),
            )
            .primary(
                primary,
                format!("2 voters{}: both must be up", on(first_host)),
            );
            for (host, zk, voters) in group.members.iter().skip(1) {
                if let Some(span) = lines_span(zk, voters.iter().copied()) {
                    d = d.secondary(span, format!("the same 2 voters on {}", host.name));
                }
            }
            sink.report(
                d.help("add a third voting server on another machine (a `server.3=host:2888:3888` line on every host); 3 voters tolerate 1 failure"),
            );
        }

        // One voter (standalone) where an ensemble is expected.
        let singles: Vec<(&Host, &ZkServer)> = groups
            .iter()
            .filter(|g| g.voters() <= 1)
            .flat_map(|g| g.members.iter())
            .filter(|(_, zk, voters)| {
                // Observers without participants are an invalid configuration, not this.
                !voters.is_empty() || known_servers(cx.files, zk).is_some_and(|all| all.is_empty())
            })
            .map(|(h, zk, _)| (*h, *zk))
            .collect();
        // Worked out only for a host that is the only single: with several singles every one
        // fires as `OtherSingles`, and scanning all hosts for each would be quadratic.
        let mut urls: Option<Vec<(Vec<String>, Option<Span>)>> = None;
        let mut firing: Vec<(&Host, &ZkServer, Reason)> = Vec::new();
        for (host, zk) in &singles {
            let other_single = singles.iter().any(|(o, _)| !std::ptr::eq(*o, *host));
            let reason = if other_single {
                Reason::OtherSingles
            } else if let Some(listed_by) = listed_by(cx, host) {
                Reason::ListedBy(listed_by)
            } else if let Some((hosts, span)) = urls
                .get_or_insert_with(|| mesos_urls(cx))
                .iter()
                .find(|(hosts, _)| hosts.len() > 1 && hosts.iter().any(|h| host.is_named(h)))
            {
                Reason::Url(hosts.len(), *span)
            } else if zk.effective_servers().count() == 1 && zk.participants().count() == 1 {
                // One server line alone: ZooKeeper logs an error and ignores it.
                Reason::OneLine
            } else {
                continue;
            };
            firing.push((host, zk, reason));
        }
        let Some((first_host, first_zk, reason)) = firing.first() else {
            return;
        };
        let message = if firing.len() > 1 {
            format!(
                "{} hosts run ZooKeeper with a single voter each ({}): each is a separate standalone server that tolerates no failure",
                firing.len(),
                join_names(firing.iter().map(|(h, _, _)| h.name.as_str()), 6)
            )
        } else {
            let why = match reason {
                Reason::ListedBy(others) => format!(
                    "{} list it in their ensemble",
                    join_names(others.iter().map(|(h, _)| h.name.as_str()), 4)
                ),
                Reason::Url(n, _) => format!("the Mesos ZooKeeper URL lists {n} hosts"),
                Reason::OtherSingles => "other hosts run ZooKeeper".into(),
                Reason::OneLine => {
                    "its zoo.cfg has exactly one server.N line, which ZooKeeper ignores (\"Invalid configuration, only one server specified (ignoring)\")".into()
                }
            };
            format!(
                "ZooKeeper{} has a single voter (standalone mode) while {why}: it tolerates no failure",
                on(first_host)
            )
        };
        let mut d = Diagnostic::new(&Self::META, message);
        let (span, label) = standalone_span(first_zk);
        d = d.primary(span, format!("{label}{}", on(first_host)));
        for (host, zk, _) in firing.iter().skip(1) {
            let (span, label) = standalone_span(zk);
            d = d.secondary(span, format!("{label}{}", on(host)));
        }
        match reason {
            Reason::ListedBy(others) if firing.len() == 1 => {
                for (o, span) in others {
                    d = d.secondary(*span, format!("{} lists{} here", o.name, on(first_host)));
                }
            }
            Reason::Url(n, Some(span)) if firing.len() == 1 => {
                d = d.secondary(*span, format!("{n} ZooKeeper hosts"));
            }
            _ => {}
        }
        sink.report(d.help(
            "list the same three (or five) voters as `server.N=host:2888:3888` lines in every host's zoo.cfg and give each host its own id in myid",
        ));
    }
}

/// The other ZooKeeper hosts whose server list names `host`, each with its first such line;
/// `None` when there are none. One pass over the hosts.
fn listed_by<'a>(cx: &Context<'a>, host: &Host) -> Option<Vec<(&'a Host, Span)>> {
    let found: Vec<(&Host, Span)> = cx
        .cluster
        .zookeepers()
        .filter(|o| !std::ptr::eq(*o, host))
        .filter_map(|o| {
            let ozk = o.zookeeper.as_ref()?;
            let e = ozk.effective_servers().find(|e| {
                e.host()
                    .is_some_and(|h| !is_self_address(h) && host.is_named(h))
            })?;
            Some((o, entry_line_span(ozk, e)))
        })
        .collect();
    (!found.is_empty()).then_some(found)
}

enum Reason<'a> {
    OtherSingles,
    /// Exactly one `server.N` line in a tree that shows no other ZooKeeper host.
    OneLine,
    ListedBy(Vec<(&'a Host, Span)>),
    Url(usize, Option<Span>),
}

/// Where to point for a standalone ZooKeeper: its only server line, else its `clientPort`,
/// else the start of its zoo.cfg.
fn standalone_span(zk: &ZkServer) -> (Span, String) {
    if let Some(e) = zk.participants().next() {
        return (
            entry_line_span(zk, e),
            "the only voter: ZooKeeper ignores it and runs standalone".into(),
        );
    }
    if let Some(p) = zk.get("clientPort") {
        return (
            zk.line_span(p),
            "no server.N line: ZooKeeper runs standalone".into(),
        );
    }
    (
        Span::file_start(zk.cfg),
        "no server.N line: ZooKeeper runs standalone".into(),
    )
}

/// The host lists of the Mesos ZooKeeper URLs in the tree (master `zk`, agent `master`).
fn mesos_urls(cx: &Context<'_>) -> Vec<(Vec<String>, Option<Span>)> {
    let mut out = Vec::new();
    // Each distinct text parsed once: a large cluster repeats the same URL on every host.
    let mut by_text: crate::FastMap<&str, Option<Vec<String>>> = crate::FastMap::default();
    for host in &cx.cluster.hosts {
        for (daemon, flag) in [
            (host.master.as_deref(), "zk"),
            (host.agent.as_ref(), "master"),
        ] {
            let Some(def) = daemon.and_then(|d| d.flags.get(flag)) else {
                continue;
            };
            let Some(text) = def.known_value() else {
                continue;
            };
            let hosts = by_text.entry(text).or_insert_with(|| {
                zk_url_of(def).map(|url| {
                    let mut hosts: Vec<String> =
                        url.host_set().into_iter().map(|(h, _)| h).collect();
                    hosts.dedup();
                    hosts
                })
            });
            if let Some(hosts) = hosts {
                out.push((hosts.clone(), def.span()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const BASE: &str = "dataDir=/var/lib/zookeeper\nclientPort=2181\n";

    #[test]
    fn two_voters() {
        let t = format!("{BASE}server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2:observer\n");
        let d = run("ZK002", &[("etc/zookeeper/conf/zoo.cfg", &t)]);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .starts_with("2 ZooKeeper voters (a, b) tolerate no failure"));
    }

    #[test]
    fn standalone_alone_is_fine() {
        assert!(run("ZK002", &[("etc/zookeeper/conf/zoo.cfg", BASE)]).is_empty());
        // Exactly one server line: ZooKeeper logs an error and ignores it.
        let one = format!("{BASE}server.1=a:1:2\n");
        let d = run("ZK002", &[("etc/zookeeper/conf/zoo.cfg", &one)]);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .contains("only one server specified (ignoring)"));
        // Observers without participants: an invalid configuration, not this rule.
        let obs = format!("{BASE}server.1=a:1:2:observer\n");
        let tree = [
            ("hosts/a/etc/zookeeper/conf/zoo.cfg", obs.as_str()),
            ("hosts/b/etc/zookeeper/conf/zoo.cfg", BASE),
        ];
        assert!(run("ZK002", &tree).is_empty());
    }

    #[test]
    fn standalone_listed_by_an_ensemble() {
        let three = format!("{BASE}server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\n");
        let tree = [
            ("hosts/a/etc/zookeeper/conf/zoo.cfg", three.as_str()),
            ("hosts/b/etc/zookeeper/conf/zoo.cfg", three.as_str()),
            ("hosts/c/etc/zookeeper/conf/zoo.cfg", BASE),
        ];
        let d = run("ZK002", &tree);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("ZooKeeper on c has a single voter"),
            "{}",
            d[0].message
        );
        assert!(d[0].message.contains("a, b list it"));
        assert_eq!(d[0].labels.len(), 3);
    }

    #[test]
    fn stray_standalone_not_named_anywhere_is_not_this_rule() {
        let three = format!("{BASE}server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\n");
        let tree = [
            ("hosts/a/etc/zookeeper/conf/zoo.cfg", three.as_str()),
            ("hosts/agent1/etc/zookeeper/conf/zoo.cfg", BASE),
        ];
        assert!(run("ZK002", &tree).is_empty());
    }

    #[test]
    fn hostile() {
        for t in [
            "",
            "server.1=",
            "server.1=[\n",
            "\u{feff}server.1=a:1:2\nserver.2=b:1:2",
        ] {
            let _ = run("ZK002", &[("etc/zookeeper/conf/zoo.cfg", t)]);
        }
    }
}
