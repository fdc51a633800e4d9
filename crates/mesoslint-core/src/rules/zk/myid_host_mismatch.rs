use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{Host, ServerEntry, ZkServer};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{
    entry_line_span, host_myid, is_self_address, join_names, known_myid, own_entries,
    server_list_unknown, value_part_span,
};

declare_rule! {
    /// ## What it does
    /// Compares each host's `myid` with the `server.N` lines across the ensemble:
    /// - `myid` N while `server.N` names another host: another host of the tree, or an
    ///   address that is not this host's while another `server.M` line names this host (its
    ///   names: directory name, declared address, `etc/hostname`, Mesos `ip`/`hostname`
    ///   files, `etc/hosts`);
    /// - two hosts of one ensemble holding the same `myid`.
    ///
    /// Wildcard and loopback addresses (`0.0.0.0`, `localhost`) in a server line name every
    /// host and are not compared. Hosts whose names the tree does not show are not guessed at.
    ///
    /// ## Why is this bad?
    /// The id decides which `server.N` address a ZooKeeper binds its peer and election ports
    /// on and how the others reach it. With the wrong id the server tries to bind another
    /// machine's address (and fails), or two servers claim the same id: the ensemble never
    /// forms a quorum, or loses one of its members. A `myid` copied from the first host is
    /// the classic cause.
    ///
    /// ## Example
    /// ### Invalid: the third host holds the second host's id
    /// ```text file:hosts/zk2/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:hosts/zk2/var/lib/zookeeper/myid
    /// 2
    /// ```
    /// ```text file:hosts/zk3/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:hosts/zk3/var/lib/zookeeper/myid
    /// 2
    /// ```
    /// ### Valid
    /// ```text file:hosts/zk2/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:hosts/zk2/var/lib/zookeeper/myid
    /// 2
    /// ```
    /// ```text file:hosts/zk3/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=0.0.0.0:2888:3888
    /// ```
    /// ```text file:hosts/zk3/var/lib/zookeeper/myid
    /// 3
    /// ```
    ///
    /// ## How to fix
    /// On each host, write to `myid` the `N` of the `server.N` line that names that host.
    ///
    /// ## References
    /// - ZooKeeper Administrator's Guide, "Clustered (Multi-Server) Setup": "The myid file
    ///   consists of a single line containing only the text of that machine's id."
    /// - `QuorumPeer.start()`: the server binds the addresses of its own `server.N` entry.
    pub struct MyIdHostMismatch {
        code: "ZK008",
        name: "myid-host-mismatch",
        severity: Error,
        summary: "A ZooKeeper myid names another host's server.N line, or two hosts share a myid",
        fix: Safe,
    }
}

struct Mismatch<'a> {
    /// `server.N` of this host's myid.
    entry: &'a ServerEntry,
    /// The tree host that `server.N` names.
    named: Option<&'a Host>,
    /// The server lines that do name this host.
    own: Vec<&'a ServerEntry>,
}

struct Info<'a> {
    host: &'a Host,
    zk: &'a ZkServer,
    id: i64,
    span: Span,
    server_hosts: BTreeSet<String>,
    mismatch: Option<Mismatch<'a>>,
}

fn host_span(zk: &ZkServer, e: &ServerEntry) -> Span {
    match &e.spec {
        Ok(spec) => value_part_span(zk, e, spec.host_range.clone()),
        Err(_) => entry_line_span(zk, e),
    }
}

fn info<'a>(cx: &Context<'a>, host: &'a Host) -> Option<Info<'a>> {
    let zk = host.zookeeper.as_ref()?;
    if !zk.quorum_mode() || server_list_unknown(cx.files, zk) {
        return None;
    }
    let (id, span) = known_myid(cx.files, host_myid(zk)?)?;
    let server_hosts = zk
        .effective_servers()
        .filter_map(|e| e.host())
        .filter(|h| !is_self_address(h))
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mismatch = zk
        .effective_servers()
        .find(|e| e.id == Ok(id))
        .and_then(|entry| {
            let h = entry.host()?;
            if is_self_address(h) || host.is_named(h) {
                return None;
            }
            let named = cx
                .cluster
                .hosts
                .iter()
                .find(|o| !std::ptr::eq(*o, host) && o.is_named(h));
            let own = own_entries(host, zk);
            (named.is_some() || !own.is_empty()).then_some(Mismatch { entry, named, own })
        });
    Some(Info {
        host,
        zk,
        id,
        span,
        server_hosts,
        mismatch,
    })
}

impl Rule for MyIdHostMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let infos: Vec<Info<'_>> = cx
            .cluster
            .zookeepers()
            .filter_map(|h| info(cx, h))
            .collect();

        // Hosts of one ensemble (their server lists share a host) holding the same id.
        let mut group_of: Vec<Option<usize>> = vec![None; infos.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in 0..infos.len() {
            if group_of.get(i).copied().flatten().is_some() {
                continue;
            }
            let mut members = vec![i];
            for j in i + 1..infos.len() {
                let (Some(a), Some(b)) = (infos.get(i), infos.get(j)) else {
                    continue;
                };
                if group_of.get(j).copied().flatten().is_none()
                    && a.id == b.id
                    && !a.server_hosts.is_disjoint(&b.server_hosts)
                {
                    members.push(j);
                }
            }
            if members.len() > 1 {
                for &m in &members {
                    if let Some(slot) = group_of.get_mut(m) {
                        *slot = Some(groups.len());
                    }
                }
                groups.push(members);
            }
        }
        let peers = |i: usize| -> Vec<&Info<'_>> {
            match group_of
                .get(i)
                .copied()
                .flatten()
                .and_then(|g| groups.get(g))
            {
                Some(members) => members
                    .iter()
                    .filter(|&&m| m != i)
                    .filter_map(|&m| infos.get(m))
                    .collect(),
                None => Vec::new(),
            }
        };

        // myid N while server.N is another host.
        for (i, inf) in infos.iter().enumerate() {
            let Some(mm) = &inf.mismatch else { continue };
            let id = inf.id;
            let target = mm.entry.host().unwrap_or("?");
            let named = match mm.named {
                Some(o) if !o.name.eq_ignore_ascii_case(target) => {
                    format!("`{target}` ({})", o.name)
                }
                Some(_) => format!("`{target}`"),
                None => format!("`{target}`, not this host"),
            };
            let own_ids: Vec<String> = mm
                .own
                .iter()
                .filter_map(|e| e.id.as_ref().ok().map(|i| format!("server.{i}")))
                .collect();
            let is = if own_ids.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} is {}",
                    inf.host.name,
                    join_names(own_ids.iter().map(String::as_str), 4)
                )
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "myid {id} on {} makes it server.{id}, but server.{id} is {named}{is}",
                    inf.host.name
                ),
            )
            .primary(inf.span, format!("myid {id}: claims server.{id}"))
            .secondary(
                host_span(inf.zk, mm.entry),
                format!("server.{id} is {target}"),
            );
            for e in &mm.own {
                let own_id = e.id.clone().unwrap_or_default();
                d = d.secondary(
                    host_span(inf.zk, e),
                    format!("{} is server.{own_id}", inf.host.name),
                );
            }
            for p in peers(i) {
                d = d.secondary(p.span, format!("{} also holds myid {id}", p.host.name));
            }
            d = match mm.own.as_slice() {
                [one] => {
                    let own_id = one.id.clone().unwrap_or_default();
                    d.help(format!("write `{own_id}` to myid on {}", inf.host.name))
                        .fix(format!("write `{own_id}`"), inf.span, own_id.to_string())
                }
                _ => d.help(format!(
                    "write to myid on {} the N of the server.N line that names it",
                    inf.host.name
                )),
            };
            sink.report(d);
        }

        // Duplicates not already explained by a mismatch above.
        for members in &groups {
            let clean: Vec<&Info<'_>> = members
                .iter()
                .filter_map(|&m| infos.get(m))
                .filter(|inf| inf.mismatch.is_none())
                .collect();
            if clean.len() < 2 {
                continue;
            }
            let id = clean.first().map_or(0, |c| c.id);
            // Point at a host that server.N does not name, if one is known.
            let rightful = clean.iter().position(|inf| {
                inf.zk
                    .effective_servers()
                    .find(|e| e.id == Ok(id))
                    .and_then(|e| e.host())
                    .is_some_and(|h| inf.host.is_named(h))
            });
            let pick = match rightful {
                Some(0) | None => 1,
                Some(_) => 0,
            };
            let Some(primary) = clean.get(pick) else {
                continue;
            };
            let all: Vec<&str> = members
                .iter()
                .filter_map(|&m| infos.get(m))
                .map(|inf| inf.host.name.as_str())
                .collect();
            let who = match all.as_slice() {
                [a, b] => format!("{a} and {b} both hold"),
                _ => format!("{} all hold", join_names(all.iter().copied(), 6)),
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!("{who} myid {id}: servers of one ensemble claim the same server.{id}"),
            )
            .primary(primary.span, format!("myid {id} on {}", primary.host.name));
            for &m in members {
                let Some(other) = infos.get(m) else { continue };
                if std::ptr::eq(other, *primary) {
                    continue;
                }
                d = d.secondary(
                    other.span,
                    format!("{} also holds myid {id}", other.host.name),
                );
            }
            if let Some(e) = primary.zk.effective_servers().find(|e| e.id == Ok(id)) {
                d = d.secondary(
                    host_span(primary.zk, e),
                    format!("server.{id} is {}", e.host().unwrap_or("?")),
                );
            }
            sink.report(
                d.help("give each host the id of the server.N line that names it, one id per host"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str = "dataDir=/var/lib/zookeeper\nserver.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n";

    fn tree(ids: &[&str]) -> Vec<crate::Diagnostic> {
        let mut files: Vec<(String, String)> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            files.push((
                format!("hosts/zk{}/etc/zookeeper/conf/zoo.cfg", i + 1),
                CFG.into(),
            ));
            files.push((
                format!("hosts/zk{}/var/lib/zookeeper/myid", i + 1),
                format!("{id}\n"),
            ));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        run("ZK008", &refs)
    }

    #[test]
    fn correct_ids() {
        assert!(tree(&["1", "2", "3"]).is_empty());
    }

    #[test]
    fn copied_myid() {
        let d = tree(&["1", "1", "1"]);
        assert_eq!(
            d.len(),
            2,
            "{:#?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        for x in &d {
            assert!(x.message.contains("myid 1 on zk"));
            // own myid, server.1, own server line, two peers
            assert_eq!(x.labels.len(), 5);
        }
    }

    #[test]
    fn swapped_ids() {
        let d = tree(&["2", "1", "3"]);
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn duplicate_with_unknown_names() {
        // IP addresses the tree cannot map to hosts: only the duplicate is certain.
        let cfg = "dataDir=/var/lib/zookeeper\nserver.1=10.0.0.1:2888:3888\nserver.2=10.0.0.2:2888:3888\nserver.3=10.0.0.3:2888:3888\n";
        let d = run(
            "ZK008",
            &[
                ("hosts/a/etc/zookeeper/conf/zoo.cfg", cfg),
                ("hosts/a/var/lib/zookeeper/myid", "1"),
                ("hosts/b/etc/zookeeper/conf/zoo.cfg", cfg),
                ("hosts/b/var/lib/zookeeper/myid", "1"),
                ("hosts/c/etc/zookeeper/conf/zoo.cfg", cfg),
                ("hosts/c/var/lib/zookeeper/myid", "3"),
            ],
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("a and b both hold myid 1"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn separate_ensembles_may_reuse_ids() {
        let a = "dataDir=/var/lib/zookeeper\nserver.1=a1:1:2\nserver.2=a2:1:2\nserver.3=a3:1:2\n";
        let b = "dataDir=/var/lib/zookeeper\nserver.1=b1:1:2\nserver.2=b2:1:2\nserver.3=b3:1:2\n";
        let d = run(
            "ZK008",
            &[
                ("hosts/a1/etc/zookeeper/conf/zoo.cfg", a),
                ("hosts/a1/var/lib/zookeeper/myid", "1"),
                ("hosts/b1/etc/zookeeper/conf/zoo.cfg", b),
                ("hosts/b1/var/lib/zookeeper/myid", "1"),
            ],
        );
        assert!(d.is_empty());
    }

    #[test]
    fn self_addresses_and_unknowns() {
        let cfg = "dataDir=/var/lib/zookeeper\nserver.1=0.0.0.0:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n";
        let d = run(
            "ZK008",
            &[
                ("hosts/zk1/etc/zookeeper/conf/zoo.cfg", cfg),
                ("hosts/zk1/var/lib/zookeeper/myid", "1"),
            ],
        );
        assert!(d.is_empty());
        // A one-host tree whose names are unknown: server.2 might be this host.
        let d = run(
            "ZK008",
            &[
                ("etc/zookeeper/conf/zoo.cfg", CFG),
                ("var/lib/zookeeper/myid", "2"),
            ],
        );
        assert!(d.is_empty());
        let d = run(
            "ZK008",
            &[
                ("hosts/zk1/etc/zookeeper/conf/zoo.cfg", CFG),
                ("hosts/zk1/var/lib/zookeeper/myid", "{{ myid }}"),
            ],
        );
        assert!(d.is_empty());
    }
}
