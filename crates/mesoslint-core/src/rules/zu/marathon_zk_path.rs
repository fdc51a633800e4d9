use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{sites, sub_span, Reader, Site};
use crate::model::Host;
use crate::parse::zk_url::ZkUrl;

/// A ZooKeeper URL's path and servers: the key of the collision look-up.
type PathAndServers<'a> = (&'a str, &'a [(String, u16)]);

declare_rule! {
    /// ## What it does
    /// Checks the path of Marathon's `zk`, where Marathon keeps its state. The same path as
    /// the Mesos URL, on the same ZooKeeper servers, and a path not ending in `/marathon` are
    /// warnings. URLs on other hosts of the tree count: a Marathon on one host
    /// is compared with the Mesos URLs of every host.
    ///
    /// ## Why is this bad?
    /// Both daemons start and work: the Mesos registry is not in ZooKeeper (it lives in the
    /// masters' `<work_dir>/replicated_log`); under its path ZooKeeper holds only the
    /// `log_replicas` nodes and the `json.info_*` leader-election nodes, and the master's
    /// detector skips children that are not its sequence nodes, so Marathon's `state` and
    /// `leader` nodes do not disturb it. But the two share one subtree: its ACLs, its
    /// quota and its clean-up (wiping `/mesos` to reset a Mesos cluster also deletes every
    /// Marathon app and deployment), and a second Marathon on the same path shares the
    /// first one's state. Every guide uses `/marathon`; another name is fine for a second
    /// Marathon (which needs its own path), but usually a typo.
    ///
    /// (RULES.md called this an error, a collision with the Mesos registry; PITFALLS.md §3
    /// corrects it: the registry is not in ZooKeeper.)
    ///
    /// ## Example
    /// ### Invalid: Marathon state under the Mesos path
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/marathon
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    ///
    /// ## How to fix
    /// Give Marathon its own path: `zk://host1:2181,host2:2181,host3:2181/marathon` (and a
    /// distinct path per Marathon framework).
    ///
    /// ## References
    /// - DOMAIN.md §4.2 (HA: every Marathon uses the same `--zk`, distinct from the Mesos
    ///   path), §5 P4: mdsol/marathon_cookbook#30, mesosphere/marathon#1719,
    ///   d2iq-archive/universe#252 and #273.
    pub struct MarathonZkPath {
        code: "ZU003",
        name: "marathon-zk-path",
        severity: Warning,
        summary: "Marathon state stored under the Mesos path, or not under /marathon",
    }
}

impl Rule for MarathonZkPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let all = sites(cx);
        // The Mesos sites (indices into `all`), and each host's own ones.
        let mesos: Vec<usize> = (0..all.len())
            .filter(|&i| all.get(i).is_some_and(|s| s.is_mesos()))
            .collect();
        let mut of_host: crate::FastMap<*const Host, Vec<usize>> = crate::FastMap::default();
        for &i in &mesos {
            if let Some(s) = all.get(i) {
                of_host.entry(s.host as *const Host).or_default().push(i);
            }
        }
        // The colliding Mesos sites of each distinct (path, servers) of a Marathon URL, found
        // once: a scan of every Mesos URL for every Marathon was quadratic in the hosts.
        let mut memo: crate::FastMap<PathAndServers<'_>, Vec<usize>> = crate::FastMap::default();
        for site in all.iter().filter(|s| s.has(Reader::MarathonZk)) {
            let Some(url) = site.url() else { continue };
            let Some(primary) = sub_span(site, url.path_range.clone()) else {
                continue;
            };
            let mine = site.keys(cx.cluster);
            // Mesos URLs with the same path on at least one common server, in tree order.
            let hits = memo.entry((url.path.as_str(), mine)).or_insert_with(|| {
                mesos
                    .iter()
                    .copied()
                    .filter(|&i| {
                        all.get(i).is_some_and(|s| {
                            s.url().is_some_and(|u| {
                                u.path == url.path
                                    && s.keys(cx.cluster).iter().any(|k| mine.contains(k))
                            })
                        })
                    })
                    .collect()
            });
            // the Mesos URLs of the same host first, then the others (both in tree order)
            let own: Vec<usize> = of_host
                .get(&(site.host as *const Host))
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|i| hits.binary_search(i).is_ok())
                        .collect()
                })
                .unwrap_or_default();
            let collide: Vec<(&Site<'_>, &ZkUrl)> = own
                .iter()
                .copied()
                .chain(hits.iter().copied().filter(|i| !own.contains(i)))
                .take(6)
                .filter_map(|i| all.get(i))
                .filter_map(|s| s.url().map(|u| (s, u)))
                .collect();
            let total = hits.len();
            if let Some((first, _)) = collide.first() {
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "Marathon on {} keeps its state under `{}`, the path Mesos uses ({}): the two share one ZooKeeper subtree, its ACLs and its clean-up",
                        super::util::name(site.host),
                        url.path,
                        first.readers_text()
                    ),
                )
                .primary(primary, format!("Marathon zk path `{}`", url.path));
                for (s, u) in collide.iter().take(6) {
                    if let Some(span) = sub_span(s, u.path_range.clone()) {
                        d = d.secondary(
                            span,
                            format!(
                                "Mesos URL on {} ({})",
                                super::util::name(s.host),
                                s.readers_text()
                            ),
                        );
                    }
                }
                if total > 6 {
                    d = d.note(format!("{} more Mesos URLs use `{}`", total - 6, url.path));
                }
                sink.report(d.note("both start: the Mesos registry lives in <work_dir>/replicated_log, not in ZooKeeper, and the master's detector skips nodes that are not its own; but wiping this path to reset Mesos deletes Marathon's apps too").help(format!(
                    "give Marathon its own path: change `{}` to `/marathon`",
                    url.path
                )));
            } else if !url.path.ends_with("/marathon") {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "Marathon on {} keeps its state under `{}`, not under the conventional `/marathon`",
                            super::util::name(site.host), url.path
                        ),
                    )
                    .primary(primary, format!("Marathon zk path `{}`", url.path))
                    .help("use `/marathon` on every Marathon instance"),
                );
            }
        }
    }
}
