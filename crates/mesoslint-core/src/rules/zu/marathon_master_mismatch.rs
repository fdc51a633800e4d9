use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::Host;
use crate::parse::zk_url::{parse_master_value, MasterValue, ZkUrl};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{
    hosts_range, label_text, most_common, server_keys, sites, sub_span, Reader, Site,
};

declare_rule! {
    /// ## What it does
    /// Compares Marathon's `master` with the URL the Mesos masters use (`zk` of the master on
    /// the same host, else the masters' most common URL, else the agents'): it must name the
    /// same ZooKeeper servers and the same path. A `host:port` naming one master directly,
    /// while the masters elect a leader through ZooKeeper, is reported too. The URLs may be on
    /// different hosts of the tree.
    ///
    /// ## Why is this bad?
    /// Marathon finds the leading master through its `master` URL. Another path or another
    /// ensemble means it never sees a leader (or sees another cluster's); one fixed master
    /// works until that master loses the leadership, then Marathon stops launching tasks.
    ///
    /// ## Example
    /// ### Invalid: Marathon looks at another ensemble
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/marathon1/etc/marathon/conf/master
    /// zk://zk-old1:2181,zk-old2:2181/mesos
    /// ```
    /// ```text file:hosts/marathon1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/marathon
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/marathon1/etc/marathon/conf/master
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/marathon1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/marathon
    /// ```
    ///
    /// ## How to fix
    /// Set Marathon's `master` to exactly the URL of `etc/mesos/zk` on the masters.
    ///
    /// ## References
    /// - DOMAIN.md §4.2 (`--master`: "pay particular attention to the leading zk:// and
    ///   trailing /mesos"), §4.1 (up to 1.4 the start script derives `master` from
    ///   `etc/mesos/zk`), §5 P4 (ContainerSolutions/terraform-mesos#23).
    pub struct MarathonMasterMismatch {
        code: "ZU004",
        name: "marathon-master-mismatch",
        severity: Error,
        summary: "Marathon's master URL names other ZooKeeper servers or another path than Mesos",
    }
}

type Key<'s> = (&'s [(String, u16)], &'s str);

/// A site's servers and path (the servers worked out once per site).
fn key_of<'s>(cx: &Context<'_>, s: &'s Site<'_>, u: &'s ZkUrl) -> Key<'s> {
    (s.keys(cx.cluster), u.path.as_str())
}

impl Rule for MarathonMasterMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let all = sites(cx);
        let parsed = |pred: &dyn Fn(&Site<'_>) -> bool| -> Vec<(&Site<'_>, &ZkUrl)> {
            all.iter()
                .filter(|s| pred(s))
                .filter_map(|s| s.url().map(|u| (s, u)))
                .collect()
        };
        let masters = parsed(&|s| s.has(Reader::MasterZk));
        let daemons = if masters.is_empty() {
            parsed(&|s| s.has(Reader::AgentMaster))
        } else {
            masters
        };
        if daemons.is_empty() {
            return;
        }
        let common = most_common(&daemons, |(s, u)| key_of(cx, s, u));
        // Each host's first daemon URL and the first with the most common key, found once: a
        // search of all daemons for every Marathon was quadratic.
        let mut first_of_host: crate::FastMap<*const Host, usize> = crate::FastMap::default();
        for (i, (s, _)) in daemons.iter().enumerate() {
            first_of_host.entry(s.host as *const Host).or_insert(i);
        }
        let first_common = daemons
            .iter()
            .find(|(s, u)| Some(key_of(cx, s, u)) == common);
        for site in all.iter().filter(|s| s.has(Reader::MarathonMaster)) {
            if site.has(Reader::MasterZk) {
                continue; // the same text the master reads
            }
            // The reference: this host's master, else the most common URL.
            let reference = first_of_host
                .get(&(site.host as *const Host))
                .and_then(|&i| daemons.get(i))
                .or(first_common);
            let Some((rsite, rurl)) = reference else {
                continue;
            };
            let rkey = key_of(cx, rsite, rurl);
            let value = match parse_master_value(site.value, true) {
                Ok(v) => v,
                Err(_) => continue, // ZU001
            };
            let url = match value {
                MasterValue::Zk(u) => u,
                MasterValue::File { .. } => continue,
                MasterValue::HostPort(hp) => {
                    let Some(primary) = sub_span(site, hp.range.clone()) else {
                        continue;
                    };
                    let mut d = Diagnostic::new(
                        &Self::META,
                        format!(
                            "Marathon on {} names one master directly (`{}`) while the masters elect a leader through {}: it will not follow a change of leader",
                            super::util::name(site.host),
                            site.value.trim(),
                            rsite.value.trim()
                        ),
                    )
                    .primary(primary, label_text(site, "a single master"));
                    if let Some(s) = rsite.label_span() {
                        d = d.secondary(
                            s,
                            format!("Mesos URL on {}", super::util::name(rsite.host)),
                        );
                    }
                    sink.report(
                        d.help(format!("set Marathon's master to `{}`", rsite.value.trim())),
                    );
                    continue;
                }
            };
            let own_keys = server_keys(cx.cluster, site.host, &url);
            let key: Key<'_> = (&own_keys, url.path.as_str());
            if key == rkey {
                continue;
            }
            let hosts_differ = key.0 != rkey.0;
            let path_differs = key.1 != rkey.1;
            let what = match (hosts_differ, path_differs) {
                (true, true) => "other ZooKeeper servers and another path",
                (true, false) => "other ZooKeeper servers",
                _ => "another path",
            };
            let (range, rrange) = if hosts_differ {
                (hosts_range(&url), hosts_range(rurl))
            } else {
                (Some(url.path_range.clone()), Some(rurl.path_range.clone()))
            };
            let Some(primary) = range.and_then(|r| sub_span(site, r)) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "Marathon on {} looks for the masters at `{}`: {what} than the Mesos URL `{}` on {}",
                    super::util::name(site.host),
                    site.value.trim(),
                    rsite.value.trim(),
                    super::util::name(rsite.host)
                ),
            )
            .primary(
                primary,
                label_text(
                    site,
                    if hosts_differ {
                        "Marathon master servers"
                    } else {
                        "Marathon master path"
                    },
                ),
            );
            if let Some(s) = rrange.and_then(|r| sub_span(rsite, r)) {
                d = d.secondary(
                    s,
                    format!(
                        "Mesos URL on {} ({})",
                        super::util::name(rsite.host),
                        rsite.readers_text()
                    ),
                );
            }
            if let Some(note) = hosts_differ
                .then(|| super::util::same_text_note(site, &url, rsite, rurl))
                .flatten()
            {
                d = d.note(note);
            }
            if hosts_differ && path_differs {
                if let (Some(p), Some(rp)) = (
                    sub_span(site, url.path_range.clone()),
                    sub_span(rsite, rurl.path_range.clone()),
                ) {
                    d = d
                        .secondary(p, format!("Marathon master path `{}`", url.path))
                        .secondary(rp, format!("Mesos path `{}`", rurl.path));
                }
            }
            sink.report(
                d.note(format!("Marathon's master comes from {}", site.origin))
                    .help(format!(
                        "set Marathon's master to the Mesos URL `{}`",
                        rsite.value.trim()
                    )),
            );
        }
    }
}
