use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::etc_hosts::is_loopback;
use crate::parse::zk_url::DEFAULT_ZK_PORT;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{ensemble, host_key, hosts_range, label_text, sites, sub_span, Member};

declare_rule! {
    /// ## What it does
    /// Compares the servers of every ZooKeeper URL (`etc/mesos/zk`, master `zk`, agent
    /// `master`, Marathon `master` and `zk`) with the ZooKeeper ensemble of the tree: the
    /// `server.N` hosts of the `zoo.cfg` files, each with its client port (the `;port` suffix
    /// of its line, else `clientPort`). A server that is not a member, or a member on another
    /// port, is an error; a URL naming only part of the voting members, or only `localhost`
    /// in a multi-host tree, is a warning. Hosts are matched by the names and addresses the
    /// tree gives them (directory name, `hostname`, `ip`, `etc/hosts`); an address the tree
    /// cannot relate to a member's name (or the reverse) is left alone.
    ///
    /// ## Why is this bad?
    /// A daemon pointed at a machine that runs no member of the ensemble cannot connect, or
    /// worse connects to another ZooKeeper. A URL with a single member loses ZooKeeper as soon
    /// as that member is down, although the ensemble is still up. `localhost` works only on
    /// hosts that run a member themselves: an agent with the package default
    /// `zk://localhost:2181/mesos` never finds a master.
    ///
    /// ## Example
    /// ### Invalid: the agent names a host that runs no ZooKeeper, and no client port
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master4:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// List every voting member of the ensemble with its client port, by the same names the
    /// `server.N` lines use.
    ///
    /// ## References
    /// - DOMAIN.md §3.3 (`server.N` lines and the `;clientPort` suffix), §3.2 (`clientPort`),
    ///   §2.3 (the servers of a URL are not validated by Mesos), §5 P4.
    pub struct UrlHostsNotEnsemble {
        code: "ZU005",
        name: "url-hosts-not-ensemble",
        severity: Error,
        summary: "A ZooKeeper URL naming servers outside the ensemble, or only part of it",
    }
}

impl Rule for UrlHostsNotEnsemble {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let members = ensemble(cx.cluster);
        if members.is_empty() {
            return;
        }
        let is_ip = |h: &str| h.parse::<std::net::IpAddr>().is_ok();
        let voters: Vec<_> = members.iter().filter(|m| m.participant).collect();
        // Member keys are unique (`ensemble` keeps the first line per key): an index instead
        // of a search of the members for every server of every URL.
        let by_key: crate::FastMap<&str, &Member<'_>> =
            members.iter().map(|m| (m.key.as_str(), m)).collect();
        let voter_keys = voters.len();
        // Is there a resolved member name that is an address, and one that is not? (An
        // unmatched server is judged only when the tree can relate it to the members.)
        let named_ip = members
            .iter()
            .any(|m| !m.key.starts_with('@') && is_ip(&m.key));
        let named_not_ip = members
            .iter()
            .any(|m| !m.key.starts_with('@') && !is_ip(&m.key));
        let multi_host = cx.cluster.hosts.len() > 1;
        for site in sites(cx) {
            let Some(url) = site.url() else { continue };
            let mut bad = false;
            let mut named: BTreeSet<String> = BTreeSet::new();
            for h in &url.hosts {
                let key = host_key(cx.cluster, site.host, &h.host);
                let port = h.port.unwrap_or(DEFAULT_ZK_PORT);
                let Some(&m) = by_key.get(key.as_str()) else {
                    // Only judge names the tree can relate to the ensemble's names.
                    // (an address against unresolved names, or the reverse, may be the same
                    // machine).
                    if !key.starts_with('@') && if is_ip(&key) { named_not_ip } else { named_ip } {
                        continue;
                    }
                    bad = true;
                    let Some(primary) = sub_span(site, h.host_range.clone()) else {
                        continue;
                    };
                    let what = if is_loopback(&h.host) {
                        format!(
                            "`{}` on {} (which runs no ZooKeeper server of the ensemble)",
                            h.host,
                            super::util::name(site.host)
                        )
                    } else {
                        format!("`{}`", h.host)
                    };
                    let mut d = Diagnostic::new(
                        &Self::META,
                        format!(
                            "ZooKeeper URL on {} names {what}, which is not a member of the ensemble ({})",
                            super::util::name(site.host),
                            members
                                .iter()
                                .map(|m| m.host.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .primary(primary, label_text(site, "not a server of the ensemble"));
                    for m in members.iter().take(6) {
                        d = d.secondary(
                            m.line,
                            format!(
                                "ensemble member `{}` (zoo.cfg on {})",
                                m.host,
                                super::util::name(m.cfg_host)
                            ),
                        );
                    }
                    sink.report(
                        d.note(format!(
                            "URL from {}, read by {}",
                            site.origin,
                            site.readers_text()
                        ))
                        .help("list the ensemble's servers by the names their server.N lines use"),
                    );
                    continue;
                };
                named.insert(m.key.clone());
                let Some(client) = m.client_port else {
                    continue;
                };
                if client == port {
                    continue;
                }
                bad = true;
                let range = h.port_range.clone().unwrap_or(h.range.clone());
                let Some(primary) = sub_span(site, range) else {
                    continue;
                };
                let given = if h.port.is_some() {
                    format!("port {port}")
                } else {
                    format!("no port (so {DEFAULT_ZK_PORT})")
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "ZooKeeper URL on {} gives `{}` {given}, but its ZooKeeper server listens for clients on {client}",
                            super::util::name(site.host), h.host
                        ),
                    )
                    .primary(primary, label_text(site, format!("{given}, expected {client}")))
                    .secondary(m.line, format!("server line for {} (client port {client})", m.host))
                    .help(format!("write `{}:{client}`", h.host)),
                );
            }
            if bad {
                continue;
            }
            let Some(range) = hosts_range(url) else {
                continue;
            };
            let Some(primary) = sub_span(site, range) else {
                continue;
            };
            let only_localhost = url.hosts.iter().all(|h| is_loopback(&h.host));
            if only_localhost && multi_host {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "ZooKeeper URL on {} names only `localhost` in a multi-host cluster: it depends on the local ZooKeeper server alone",
                            super::util::name(site.host)
                        ),
                    )
                    .severity(Severity::Warning)
                    .primary(primary, label_text(site, "only the local server"))
                    .note(format!("URL from {}, read by {}", site.origin, site.readers_text()))
                    .help("list every voting member of the ensemble by name"),
                );
                continue;
            }
            // The voters named, counted from the URL's side: the list of missing ones is built
            // only for a URL that misses some (not a pass over all voters per URL).
            let named_voters = named
                .iter()
                .filter(|k| by_key.get(k.as_str()).is_some_and(|m| m.participant))
                .count();
            if named_voters < voter_keys && !named.is_empty() {
                let missing: Vec<_> = voters.iter().filter(|m| !named.contains(&m.key)).collect();
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "ZooKeeper URL on {} names {} of the {} voting members of the ensemble; missing: {}",
                        super::util::name(site.host),
                        named.len(),
                        voters.len(),
                        missing.iter().map(|m| m.host.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                )
                .severity(Severity::Warning)
                .primary(primary, label_text(site, "part of the ensemble"));
                for m in missing.iter().take(6) {
                    d = d.secondary(m.line, format!("`{}` is not in the URL", m.host));
                }
                sink.report(d.help(
                    "list every voting member, so the daemon survives the loss of any one of them",
                ));
            }
        }
    }
}
