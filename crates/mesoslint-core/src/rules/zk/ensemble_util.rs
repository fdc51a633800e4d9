//! Helpers shared by the `ZK` rules: spans inside `zoo.cfg` server lines, template
//! placeholders, the myid a host uses, and voter counting over an ensemble.

use std::ops::Range;

use crate::files::{FileSet, Span};
use crate::model::{Cluster, Host, MyIdFile, ServerEntry, ZkServer};
use crate::parse::etc_hosts::is_loopback;
use crate::parse::has_placeholder;
use crate::parse::myid::{MyId, MyIdError};

/// The `zoo.cfg` property of a server entry, if the index is sound.
fn prop_of<'a>(
    zk: &'a ZkServer,
    entry: &ServerEntry,
) -> Option<&'a crate::parse::properties::Property> {
    zk.props.entries.get(entry.prop)
}

/// A range inside the server value (as parsed: unescaped, trailing whitespace trimmed) mapped
/// to the file.
pub(crate) fn value_part_span(zk: &ZkServer, entry: &ServerEntry, range: Range<usize>) -> Span {
    match prop_of(zk, entry) {
        Some(p) => Span::new(zk.cfg, p.value_sub_span(range)),
        None => entry.value_span.sub(range),
    }
}

/// The whole `server.N=value` line.
pub(crate) fn entry_line_span(zk: &ZkServer, entry: &ServerEntry) -> Span {
    match prop_of(zk, entry) {
        Some(p) => zk.line_span(p),
        None => entry.key_span,
    }
}

/// From the first to the last of `entries`' lines (the server list of a file).
pub(crate) fn lines_span<'a>(
    zk: &ZkServer,
    entries: impl IntoIterator<Item = &'a ServerEntry>,
) -> Option<Span> {
    let mut range: Option<Range<usize>> = None;
    for e in entries {
        let r = entry_line_span(zk, e).range();
        range = Some(match range {
            None => r,
            Some(acc) => acc.start.min(r.start)..acc.end.max(r.end),
        });
    }
    range.map(|r| Span::new(zk.cfg, r))
}

/// The `N` of `server.N` in the file.
pub(crate) fn id_span(files: &FileSet, entry: &ServerEntry) -> Span {
    let key_text = files.text(entry.key_span);
    let lead = key_text.len() - key_text.trim_start().len();
    match key_text.trim_start().strip_prefix("server.") {
        Some(rest) => {
            let start = lead + "server.".len();
            let len = rest.trim_end().len();
            entry.key_span.sub(start..start + len)
        }
        None => entry.key_span,
    }
}

/// The entry's key or value holds a template placeholder: its contents are unknown.
pub(crate) fn entry_unknown(zk: &ZkServer, entry: &ServerEntry) -> bool {
    let key = prop_of(zk, entry).map(|p| p.key.as_str()).unwrap_or("");
    has_placeholder(&entry.raw_value) || has_placeholder(key)
}

/// The server list as a whole is unknown: a template whose server lines hold placeholders or
/// which loops/branches (`{% ... %}`), so lines may be added or removed at render time.
pub(crate) fn server_list_unknown(files: &FileSet, zk: &ZkServer) -> bool {
    if zk.servers.iter().any(|e| entry_unknown(zk, e)) {
        return true;
    }
    if zk.template {
        let text = files.get(zk.cfg).text();
        return text.contains("{%") || text.contains("<%") || has_placeholder(text);
    }
    false
}

/// The myid file that matters for the host: the one ZooKeeper reads, else the only one the
/// tree holds (the one the administrator wrote).
pub(crate) fn host_myid(zk: &ZkServer) -> Option<&MyIdFile> {
    match (zk.myid(), zk.myids.as_slice()) {
        (Some(read), _) => Some(read),
        (None, [only]) => Some(only),
        (None, _) => None,
    }
}

/// The myid file's text is a template placeholder: unknown.
pub(crate) fn myid_unknown(files: &FileSet, m: &MyIdFile) -> bool {
    let first = m.text(files).lines().next().unwrap_or("");
    // a container's ZOO_MY_ID may be a compose interpolation (`$ID`) too
    has_placeholder(first) || (m.within.is_some() && first.contains('$'))
}

/// The known id of a myid file and the span of its first line.
pub(crate) fn known_myid(files: &FileSet, m: &MyIdFile) -> Option<(i64, Span)> {
    if myid_unknown(files, m) {
        return None;
    }
    match &m.parsed {
        Ok(MyId { id, span }) => Some((*id, Span::new(m.file, span.clone()))),
        Err(MyIdError::Empty) | Err(MyIdError::NotANumber { .. }) => None,
    }
}

/// A server-line host that means "this machine" to whoever reads it: a wildcard or loopback
/// address (a common way to write one's own line).
pub(crate) fn is_self_address(host: &str) -> bool {
    let h = host.trim();
    h == "0.0.0.0" || h == "::" || is_loopback(h)
}

/// The effective server entries that parsed, none unknown; `None` if any effective entry is
/// malformed or unknown (the voter count is then not known).
pub(crate) fn known_servers<'a>(files: &FileSet, zk: &'a ZkServer) -> Option<Vec<&'a ServerEntry>> {
    if server_list_unknown(files, zk) {
        return None;
    }
    let servers: Vec<&ServerEntry> = zk.effective_servers().collect();
    if servers.iter().any(|e| e.spec.is_err() || e.id.is_err()) {
        return None;
    }
    Some(servers)
}

/// A voter list in a comparable form: (id, host lower-cased, peer port), sorted.
pub(crate) type VoterSignature = Vec<(i64, String, u16)>;

pub(crate) fn voter_signature(voters: &[&ServerEntry]) -> VoterSignature {
    let mut sig: Vec<(i64, String, u16)> = voters
        .iter()
        .filter_map(|e| {
            let spec = e.spec.as_ref().ok()?;
            let id = *e.id.as_ref().ok()?;
            Some((id, spec.host.to_ascii_lowercase(), spec.peer_port))
        })
        .collect();
    crate::sort::sort(&mut sig);
    sig
}

/// Failures an ensemble of `n` voters survives: floor((n-1)/2).
pub(crate) fn tolerated(n: usize) -> usize {
    n.saturating_sub(1) / 2
}

/// "no failure", "1 failure", "2 failures".
pub(crate) fn failures(n: usize) -> String {
    match n {
        0 => "no failure".into(),
        1 => "1 failure".into(),
        n => format!("{n} failures"),
    }
}

/// Host names joined for messages, at most `max` then "and N more".
pub(crate) fn join_names<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = names.into_iter().collect();
    let mut out: Vec<String> = all.iter().take(max).map(|s| s.to_string()).collect();
    if all.len() > max {
        out.push(format!("and {} more", all.len() - max));
    }
    out.join(", ")
}

/// Hosts whose `zoo.cfg` lists the same voters (one ensemble seen from each of its members).
pub(crate) struct VoterGroup<'a> {
    /// The hosts, in tree order, each with its zoo.cfg and its voters.
    pub members: Vec<(&'a Host, &'a ZkServer, Vec<&'a ServerEntry>)>,
}

impl VoterGroup<'_> {
    pub fn voters(&self) -> usize {
        self.members.first().map_or(0, |(_, _, v)| v.len())
    }

    pub fn host_names(&self) -> String {
        join_names(self.members.iter().map(|(h, _, _)| h.name.as_str()), 6)
    }
}

/// Group the ZooKeeper hosts whose server list is fully known by their voter list.
pub(crate) fn voter_groups<'a>(files: &FileSet, cluster: &'a Cluster) -> Vec<VoterGroup<'a>> {
    let mut groups: Vec<VoterGroup<'a>> = Vec::new();
    // signature -> index in `groups`: a search of the groups per host was quadratic in a tree
    // of many standalone servers, each its own group
    let mut by_sig: crate::FastMap<VoterSignature, usize> = crate::FastMap::default();
    for host in &cluster.hosts {
        let Some(zk) = &host.zookeeper else { continue };
        let Some(servers) = known_servers(files, zk) else {
            continue;
        };
        let voters: Vec<&ServerEntry> =
            servers.into_iter().filter(|e| e.is_participant()).collect();
        let sig = voter_signature(&voters);
        match by_sig.get(&sig).and_then(|&i| groups.get_mut(i)) {
            Some(g) => g.members.push((host, zk, voters)),
            None => {
                by_sig.insert(sig, groups.len());
                groups.push(VoterGroup {
                    members: vec![(host, zk, voters)],
                });
            }
        }
    }
    groups
}

/// " on master1", or nothing for a one-host tree given without a host directory.
pub(crate) fn on(host: &Host) -> String {
    if host.name == "." || host.name.is_empty() {
        String::new()
    } else {
        format!(" on {}", host.name)
    }
}

/// Show a piece of file text in a message: control characters escaped, long text cut.
pub(crate) fn show(text: &str) -> String {
    let escaped: String = text.escape_debug().collect();
    if escaped.chars().count() > 60 {
        let cut: String = escaped.chars().take(57).collect();
        format!("{cut}...")
    } else {
        escaped
    }
}

/// The ids of the server lines that name `host` itself (by one of its names; wildcard and
/// loopback addresses are not counted: they name every host).
pub(crate) fn own_entries<'a>(host: &Host, zk: &'a ZkServer) -> Vec<&'a ServerEntry> {
    zk.effective_servers()
        .filter(|e| e.id.is_ok())
        .filter(|e| {
            e.host()
                .is_some_and(|h| !is_self_address(h) && host.is_named(h))
        })
        .collect()
}

/// Runs one rule on a tree for the release it pins, else the latest (unit tests).
#[cfg(test)]
pub(crate) fn run(code: &str, tree: &[(&str, &str)]) -> Vec<crate::Diagnostic> {
    super::facts::lint_zk(code, None, tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_table() {
        assert_eq!(tolerated(0), 0);
        assert_eq!(tolerated(1), 0);
        assert_eq!(tolerated(2), 0);
        assert_eq!(tolerated(3), 1);
        assert_eq!(tolerated(4), 1);
        assert_eq!(tolerated(5), 2);
        assert_eq!(tolerated(6), 2);
        assert_eq!(failures(0), "no failure");
        assert_eq!(failures(1), "1 failure");
        assert_eq!(failures(2), "2 failures");
    }

    #[test]
    fn self_addresses() {
        assert!(is_self_address("0.0.0.0"));
        assert!(is_self_address("localhost"));
        assert!(is_self_address("127.0.0.1"));
        assert!(!is_self_address("zk1"));
        assert!(!is_self_address(""));
        assert!(!is_self_address("é"));
    }

    #[test]
    fn names() {
        assert_eq!(join_names(["a", "b", "c"], 2), "a, b, and 1 more");
        assert_eq!(join_names([], 2), "");
    }
}

#[cfg(test)]
mod stress {
    use super::run;

    /// Every ZK001-ZK008 rule over large and hostile trees: no panic, bounded time.
    #[test]
    fn large_and_hostile_trees() {
        let mut big = String::from("dataDir=/var/lib/zookeeper\n");
        for i in 1..=5_000 {
            big.push_str(&format!("server.{i}=h{}:2888:3888\n", i % 7));
        }
        let trees: Vec<Vec<(String, String)>> = vec![
            (1..=3)
                .flat_map(|h| {
                    [
                        (
                            format!("hosts/h{h}/etc/zookeeper/conf/zoo.cfg"),
                            big.clone(),
                        ),
                        (
                            format!("hosts/h{h}/var/lib/zookeeper/myid"),
                            format!("{h}\n"),
                        ),
                    ]
                })
                .collect(),
            vec![
                ("etc/zookeeper/conf/zoo.cfg".into(), "server.1=\\\n".into()),
                ("etc/zookeeper/conf/myid".into(), "\u{0}\u{feff}".into()),
            ],
            vec![
                (
                    "etc/zookeeper/conf/zoo.cfg".into(),
                    "server.1=a:1:2\nserver.2=[é]:1:2;\u{0}\n".into(),
                ),
                ("var/lib/zookeeper/myid".into(), "9".repeat(50_000)),
            ],
        ];
        for tree in &trees {
            let refs: Vec<(&str, &str)> =
                tree.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            for code in [
                "ZK001", "ZK002", "ZK003", "ZK004", "ZK005", "ZK006", "ZK007", "ZK008",
            ] {
                let _ = run(code, &refs);
            }
        }
    }
}
