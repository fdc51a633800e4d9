//! Helpers shared by the ensemble-wide ZooKeeper rules (ZK009, ZK010, ZK016) and the cluster
//! shape rules: grouping hosts into ensembles, naming hosts, template opacity.

use crate::FastMap;

use crate::files::FileSet;
use crate::model::{Cluster, Host, ServerEntry, ZkServer};
use crate::parse::etc_hosts::is_loopback;
use crate::parse::has_placeholder;

/// ` on <host>` for messages; empty for the unnamed host of a bare one-host tree (`.`).
pub(crate) fn on_host(host: &Host) -> String {
    if host.name.is_empty() || host.name == "." {
        String::new()
    } else {
        format!(" on {}", host.name)
    }
}

/// The host's name for messages, `this host` for the unnamed host of a bare tree.
pub(crate) fn host_label(host: &Host) -> &str {
    if host.name.is_empty() || host.name == "." {
        "this host"
    } else {
        &host.name
    }
}

/// A `zoo.cfg` that is a template with block statements (`{% for %}`, `<% ... %>`) or
/// placeholder keys: lines may be generated, so "missing" cannot be decided.
pub(crate) fn opaque_template(files: &FileSet, zk: &ZkServer) -> bool {
    if !zk.template {
        return false;
    }
    let text = files.get(zk.cfg).text();
    text.contains("{%")
        || text.match_indices("<%").any(|(i, _)| {
            !text
                .get(i + 2..)
                .is_some_and(|rest| rest.starts_with('=') || rest.starts_with('-'))
        })
        || zk.props.entries.iter().any(|p| has_placeholder(&p.key))
}

/// The id of a `server.N` line for comparison and ordering: numeric ids by value, others after
/// them by text.
pub(crate) fn id_key(zk: &ZkServer, e: &ServerEntry) -> (i64, String) {
    match &e.id {
        Ok(id) => (*id, String::new()),
        Err(_) => (
            i64::MAX,
            zk.props
                .entries
                .get(e.prop)
                .map(|p| p.trimmed_key().to_string())
                .unwrap_or_default(),
        ),
    }
}

/// `server.N` as written (trimmed key).
pub(crate) fn key_text(zk: &ZkServer, e: &ServerEntry) -> String {
    zk.props
        .entries
        .get(e.prop)
        .map(|p| p.trimmed_key().to_string())
        .unwrap_or_else(|| "server.?".into())
}

/// A server value normalised for comparison (trimmed, lower-cased); `None` when it holds a
/// template placeholder (unknown).
pub(crate) fn norm_value(e: &ServerEntry) -> Option<String> {
    let v = e.raw_value.trim();
    if has_placeholder(v) {
        None
    } else {
        Some(v.to_ascii_lowercase())
    }
}

/// Lookup of cluster hosts by every name they go by (lower-cased): the cluster's own index.
pub(crate) struct HostIndex<'a> {
    cluster: &'a Cluster,
}

impl<'a> HostIndex<'a> {
    pub(crate) fn new(cluster: &'a Cluster) -> HostIndex<'a> {
        HostIndex { cluster }
    }

    /// The host a name (from a server line or URL) refers to; loopback names refer to `own`.
    pub(crate) fn lookup(&self, name: &str, own: Option<usize>) -> Option<usize> {
        let t = name.trim().trim_end_matches('.');
        // lower-case a copy only when needed: lookups run for every server of every host
        let n: std::borrow::Cow<'_, str> = if t.bytes().any(|b| b.is_ascii_uppercase()) {
            t.to_ascii_lowercase().into()
        } else {
            t.into()
        };
        if n.is_empty() {
            return None;
        }
        if is_loopback(&n) {
            return own;
        }
        if let Some(i) = self.cluster.indices_named(&n).next() {
            return Some(i);
        }
        if n.parse::<std::net::IpAddr>().is_ok() {
            return None;
        }
        n.split('.')
            .next()
            .and_then(|s| self.cluster.indices_named(s).next())
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    // Iterative with path halving: bounded by the number of hosts.
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = gp;
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = parent.get_mut(hi) {
            *slot = lo;
        }
    }
}

/// The ZooKeeper hosts of the tree grouped into ensembles: two hosts are in one ensemble when
/// their server lists share a (non-loopback) `host:peerPort`, or when one lists the other.
/// Indices are into `cluster.hosts`; groups and members are in host order. Linear in the
/// number of server lines.
pub(crate) fn ensembles(cluster: &Cluster, index: &HostIndex) -> Vec<Vec<usize>> {
    let zk_hosts: Vec<usize> = cluster
        .hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| h.zookeeper.is_some())
        .map(|(i, _)| i)
        .collect();
    let n = cluster.hosts.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut seen: FastMap<(String, u16), usize> = FastMap::default();
    for &i in &zk_hosts {
        let Some(zk) = cluster.hosts.get(i).and_then(|h| h.zookeeper.as_ref()) else {
            continue;
        };
        for e in zk.effective_servers() {
            let Ok(spec) = &e.spec else { continue };
            if has_placeholder(&spec.host) || is_loopback(&spec.host) {
                continue;
            }
            let key = (spec.host.to_ascii_lowercase(), spec.peer_port);
            match seen.get(&key) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    seen.insert(key, i);
                }
            }
            if let Some(j) = index.lookup(&spec.host, None) {
                if cluster.hosts.get(j).is_some_and(|h| h.zookeeper.is_some()) {
                    union(&mut parent, i, j);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot_of_root: FastMap<usize, usize> = FastMap::default();
    for &i in &zk_hosts {
        let r = find(&mut parent, i);
        match slot_of_root.get(&r) {
            Some(&s) => {
                if let Some(g) = groups.get_mut(s) {
                    g.push(i);
                }
            }
            None => {
                slot_of_root.insert(r, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_is_total() {
        let mut p: Vec<usize> = (0..5).collect();
        union(&mut p, 4, 1);
        union(&mut p, 1, 3);
        assert_eq!(find(&mut p, 3), find(&mut p, 4));
        assert_ne!(find(&mut p, 0), find(&mut p, 4));
        // Out-of-range indices do not panic.
        assert_eq!(find(&mut p, 99), 99);
        union(&mut p, 99, 0);
    }
}
