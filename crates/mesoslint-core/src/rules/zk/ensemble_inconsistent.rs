use std::collections::{BTreeMap, BTreeSet};

use crate::FastMap;

use super::ensemble::{ensembles, id_key, key_text, norm_value, opaque_template, HostIndex};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{Host, ServerEntry, ZkServer};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Compares the `server.N` lines of every ZooKeeper server of one ensemble (hosts whose
    /// `zoo.cfg` lists the same servers, or lists each other) and reports entries that are
    /// added, missing or changed on some hosts. Each host's list is compared with the list most
    /// hosts share; every differing line, on every host, is labelled.
    ///
    /// ## Why is this bad?
    /// Every server reads its own `zoo.cfg`. When the lists differ, servers disagree on who
    /// votes and on the quorum size: a server with an extra entry waits for a peer the others
    /// ignore, a changed address makes a server connect to the wrong machine, and two servers
    /// may each believe they hold a majority. Leader election fails or, worse, the ensemble
    /// splits.
    ///
    /// ## Example
    /// ### Invalid: master3 lists a different server.3
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    /// ```text file:hosts/master2/etc/zookeeper/conf/zoo.cfg
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    /// ```text file:hosts/master3/etc/zookeeper/conf/zoo.cfg
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=zk3.example.com:2888:3888
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    /// ```text file:hosts/master2/etc/zookeeper/conf/zoo.cfg
    /// server.1 = master1:2888:3888
    /// server.2 = master2:2888:3888
    /// server.3 = master3:2888:3888
    /// ```
    /// ```text file:hosts/master3/etc/zookeeper/conf/zoo.cfg
    /// server.1=master1:2888:3888
    /// server.2=master2:2888:3888
    /// server.3=master3:2888:3888
    /// ```
    ///
    /// ## How to fix
    /// Give every server of the ensemble the same `server.N` lines (same ids, hosts and ports),
    /// ideally from one template, then restart the servers one at a time.
    ///
    /// ## References
    /// - ZooKeeper Administrator's Guide, "Clustered (Multi-Server) Setup": every server's
    ///   configuration file lists all servers of the ensemble.
    /// - `QuorumPeerConfig.parseProperties` (each server builds its view of the ensemble from
    ///   its own file); DOMAIN.md §3.3 and §3.4.
    pub struct EnsembleInconsistent {
        code: "ZK009",
        name: "ensemble-inconsistent",
        severity: Error,
        summary: "ZooKeeper servers of one ensemble list different server.N entries",
    }
}

type IdKey = (i64, String);

/// One host's view of the ensemble: id -> (entry index in `zk.servers`, normalised value).
struct View<'a> {
    host: &'a Host,
    zk: &'a ZkServer,
    entries: BTreeMap<IdKey, (&'a ServerEntry, Option<String>)>,
}

impl Rule for EnsembleInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let cluster = cx.cluster;
        let index = HostIndex::new(cluster);
        for group in ensembles(cluster, &index) {
            let views: Vec<View<'_>> = group
                .iter()
                .filter_map(|&i| {
                    let host = cluster.hosts.get(i)?;
                    let zk = host.zookeeper.as_ref()?;
                    if opaque_template(cx.files, zk) {
                        return None;
                    }
                    let mut entries = BTreeMap::new();
                    for e in zk.effective_servers() {
                        entries.insert(id_key(zk, e), (e, norm_value(e)));
                    }
                    Some(View { host, zk, entries })
                })
                .collect();
            if views.len() >= 2 {
                check_group(&views, sink);
            }
        }
    }
}

fn check_group(views: &[View<'_>], sink: &mut Sink) {
    // Ids whose value is a placeholder somewhere are unknown: leave them out everywhere.
    let unknown: BTreeSet<&IdKey> = views
        .iter()
        .flat_map(|v| v.entries.iter())
        .filter(|(_, (_, val))| val.is_none())
        .map(|(k, _)| k)
        .collect();
    let sig = |v: &View<'_>| -> Vec<(IdKey, String)> {
        v.entries
            .iter()
            .filter(|(k, _)| !unknown.contains(k))
            .filter_map(|(k, (_, val))| Some((k.clone(), val.clone()?)))
            .collect()
    };
    let sigs: Vec<Vec<(IdKey, String)>> = views.iter().map(sig).collect();
    // The reference list: the one most hosts share (ties: the first host's).
    let mut counts: FastMap<&Vec<(IdKey, String)>, (usize, usize)> = FastMap::default();
    for (i, s) in sigs.iter().enumerate() {
        counts.entry(s).or_insert((0, i)).0 += 1;
    }
    let Some((reference, _)) = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(s, c)| (*s, *c))
    else {
        return;
    };
    let ref_map: BTreeMap<&IdKey, &String> = reference.iter().map(|(k, v)| (k, v)).collect();
    let ref_hosts: Vec<&str> = views
        .iter()
        .zip(&sigs)
        .filter(|(_, s)| *s == reference)
        .map(|(v, _)| v.host.name.as_str())
        .collect();
    let ref_desc = ref_hosts.join(", ");
    // Ids that differ anywhere.
    let mut differing: BTreeSet<IdKey> = BTreeSet::new();
    for s in &sigs {
        if s == reference {
            continue;
        }
        let own: BTreeMap<&IdKey, &String> = s.iter().map(|(k, v)| (k, v)).collect();
        for (k, v) in &own {
            if ref_map.get(k) != Some(v) {
                differing.insert((*k).clone());
            }
        }
        for k in ref_map.keys() {
            if !own.contains_key(k) {
                differing.insert((*k).clone());
            }
        }
    }
    if differing.is_empty() {
        return;
    }

    // Labels, per host, merged by span.
    let mut summary: Vec<String> = Vec::new();
    let mut primary: Option<(Span, String)> = None;
    let mut secondaries: Vec<(Span, String)> = Vec::new();
    for (view, s) in views.iter().zip(&sigs) {
        let deviates = s != reference;
        let mut labels: Vec<(Span, Vec<String>)> = Vec::new();
        let mut push =
            |span: Span, text: String| match labels.iter_mut().find(|(sp, _)| *sp == span) {
                Some((_, texts)) => texts.push(text),
                None => labels.push((span, vec![text])),
            };
        let (mut changed, mut added, mut missing) = (Vec::new(), Vec::new(), Vec::new());
        for k in &differing {
            let name = display_id(k);
            let ref_val = ref_map.get(k);
            match view.entries.get(k) {
                Some((e, Some(val))) => {
                    let span = line_of(view.zk, e);
                    let shown = e.raw_value.trim();
                    let text = match ref_val {
                        Some(r) if *r == val => format!("{name} is `{shown}` here"),
                        Some(_) => {
                            changed.push(key_text(view.zk, e));
                            format!("{name} differs here from {ref_desc}: `{shown}`")
                        }
                        None => {
                            added.push(key_text(view.zk, e));
                            format!("{name} is not listed on {ref_desc}")
                        }
                    };
                    push(span, text);
                }
                Some((_, None)) => {}
                None => {
                    if ref_val.is_some() {
                        missing.push(name.clone());
                    }
                    let text = match ref_val {
                        Some(r) => format!("no {name} here (`{r}` on {ref_desc})"),
                        None => format!("no {name} here"),
                    };
                    push(neighbour_span(view, k), text);
                }
            }
        }
        if deviates {
            let mut parts = Vec::new();
            if !changed.is_empty() {
                parts.push(format!("{} changed", changed.join(", ")));
            }
            if !added.is_empty() {
                parts.push(format!("{} added", added.join(", ")));
            }
            if !missing.is_empty() {
                parts.push(format!("{} missing", missing.join(", ")));
            }
            if !parts.is_empty() {
                summary.push(format!("{} has {}", view.host.name, parts.join(", ")));
            }
        }
        for (span, texts) in labels {
            let text = texts.join("; ");
            if deviates && primary.is_none() {
                primary = Some((span, text));
            } else {
                secondaries.push((span, text));
            }
        }
    }
    let Some((pspan, ptext)) = primary else {
        return;
    };
    let all: Vec<&str> = views.iter().map(|v| v.host.name.as_str()).collect();
    let mut d = Diagnostic::new(
        &EnsembleInconsistent::META,
        format!(
            "ZooKeeper servers {} disagree on the ensemble: {} compared with the list on {}",
            all.join(", "),
            summary.join("; "),
            ref_desc
        ),
    )
    .primary(pspan, ptext);
    for (span, text) in secondaries {
        d = d.secondary(span, text);
    }
    sink.report(d.help(
        "give every server of the ensemble the same server.N lines (ids, hosts and ports), then restart the servers one at a time",
    ));
}

fn display_id(k: &IdKey) -> String {
    if k.1.is_empty() {
        format!("server.{}", k.0)
    } else {
        k.1.clone()
    }
}

/// Where to label an entry a host lacks: the server line just before it, else the first
/// server line, else the start of `zoo.cfg`.
fn neighbour_span(view: &View<'_>, missing: &IdKey) -> Span {
    let before = view.entries.range(..missing.clone()).next_back();
    let first = view.entries.iter().next();
    match before.or(first) {
        Some((_, (e, _))) => line_of(view.zk, e),
        None => Span::file_start(view.zk.cfg),
    }
}

/// The whole line of a server entry.
fn line_of(zk: &ZkServer, e: &ServerEntry) -> Span {
    match zk.props.entries.get(e.prop) {
        Some(p) => zk.line_span(p),
        None => e.key_span,
    }
}
