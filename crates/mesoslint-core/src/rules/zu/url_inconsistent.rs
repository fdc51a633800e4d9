use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::zk_url::ZkUrl;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{
    hosts_range, label_text, most_common, sites, sub_span, EnsembleKeys, Reader, Site,
};

declare_rule! {
    /// ## What it does
    /// Compares the ZooKeeper servers of the Mesos URLs across the hosts of the tree
    /// (`etc/mesos/zk`, master `zk`, agent `master`, package defaults included): every host
    /// should name the same servers. The reference is the URL most masters use (else most
    /// hosts); each host that differs is reported, with the hosts it differs from. The order
    /// of the servers does not matter; a different path is reported by ZU002, Marathon's
    /// `master` by ZU004. URLs whose servers are all members of the tree's ensemble reach the
    /// same data and are not reported, even when each names another member (masters that each
    /// name `localhost`, their own member): ZU005 warns about such partial lists.
    ///
    /// ## Why is this bad?
    /// A host that names other servers talks to another ensemble, or to part of it: an agent
    /// with the package default `zk://localhost:2181/mesos` on a host without ZooKeeper never
    /// finds a master, and a master on its own ensemble elects its own leader.
    ///
    /// ## Example
    /// ### Invalid: one agent names other servers
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:hosts/agent2/etc/mesos/zk
    /// zk://zk-test:2181/mesos
    /// ```
    /// ```text file:hosts/agent2/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://zk3:2181,zk2:2181,zk1:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Write the same `etc/mesos/zk` on every host of the cluster (a config-management
    /// template shared by all hosts avoids the drift).
    ///
    /// ## References
    /// - DOMAIN.md §2.3 (master contender and detector), §1.2 (the wrapper passes
    ///   `etc/mesos/zk` as the master's `--zk` and the agent's `--master`).
    pub struct UrlInconsistent {
        code: "ZU007",
        name: "url-inconsistent",
        severity: Error,
        summary: "Hosts of one cluster using different ZooKeeper servers for Mesos",
    }
}

/// A site, its URL and its server keys (`None`: servers that are all members of the tree's
/// ensemble, which reach the same data whichever members they name).
type Keyed<'s, 'a> = (&'s Site<'a>, &'s ZkUrl, Option<&'s [(String, u16)]>);

impl Rule for UrlInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let all = sites(cx);
        let members = EnsembleKeys::of(cx.cluster);
        let mesos: Vec<Keyed<'_, '_>> = all
            .iter()
            .filter(|s| s.is_mesos_daemon())
            .filter_map(|s| {
                let u = s.url()?;
                let k = s.keys(cx.cluster);
                Some((s, u, (!members.holds(k)).then_some(k)))
            })
            .collect();
        let hosts: std::collections::BTreeSet<&str> =
            mesos.iter().map(|(s, _, _)| s.host.name.as_str()).collect();
        if hosts.len() < 2 {
            return;
        }
        let masters: Vec<_> = mesos
            .iter()
            .filter(|(s, _, _)| s.has(Reader::MasterZk))
            .collect();
        let reference =
            most_common(&masters, |(_, _, k)| *k).or_else(|| most_common(&mesos, |(_, _, k)| *k));
        let Some(reference) = reference else { return };
        let refs: Vec<_> = mesos.iter().filter(|(_, _, k)| *k == reference).collect();
        let Some((first_ref, _, _)) = refs.first() else {
            return;
        };
        for (site, url, key) in &mesos {
            if *key == reference {
                continue;
            }
            let Some(primary) = hosts_range(url).and_then(|r| sub_span(site, r)) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "ZooKeeper URL on {} ({}) is `{}`, but {} of the cluster use other servers: `{}`",
                    super::util::name(site.host),
                    site.readers_text(),
                    site.value.trim(),
                    if masters.is_empty() { "most hosts" } else { "the masters" },
                    first_ref.value.trim()
                ),
            )
            .primary(primary, label_text(site, "other servers"));
            for (r, ru, _) in refs.iter().take(6) {
                if let Some(s) = hosts_range(ru).and_then(|rr| sub_span(r, rr)) {
                    d = d.secondary(
                        s,
                        format!("{} ({})", super::util::name(r.host), r.readers_text()),
                    );
                }
            }
            if refs.len() > 6 {
                d = d.note(format!("{} more hosts use these servers", refs.len() - 6));
            }
            let note = refs
                .first()
                .and_then(|(r, ru, _)| super::util::same_text_note(site, url, r, ru));
            let help = if note.is_some() {
                "name the ensemble's servers by names or addresses every host reaches, the same on every host".to_string()
            } else {
                format!(
                    "use the same servers as the rest of the cluster: `{}`",
                    first_ref.value.trim()
                )
            };
            if let Some(note) = note {
                d = d.note(note);
            }
            sink.report(d.help(help));
        }
    }
}
