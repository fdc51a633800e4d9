use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::ServerEntry;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{
    host_myid, join_names, known_myid, lines_span, on, own_entries, server_list_unknown,
};

declare_rule! {
    /// ## What it does
    /// Reports a `myid` holding `N` when the same host's `zoo.cfg` has no `server.N` line, on
    /// a ZooKeeper in quorum mode.
    ///
    /// ## Why is this bad?
    /// At start-up the server looks itself up in the server list by its id and stops with
    /// "My id N not in the peer list". It usually means a copied `myid`, a renumbered
    /// ensemble, or a `zoo.cfg` from another cluster.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:hosts/zk1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:hosts/zk1/var/lib/zookeeper/myid
    /// 4
    /// ```
    /// ### Valid
    /// ```text file:hosts/zk1/etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:hosts/zk1/var/lib/zookeeper/myid
    /// 1
    /// ```
    ///
    /// ## How to fix
    /// Write to `myid` the `N` of the `server.N` line that names this host, or add this
    /// host's `server.N` line to `zoo.cfg` on every host of the ensemble.
    ///
    /// ## References
    /// - `QuorumPeer.start()` / `getId` lookup: `RuntimeException("My id " + myid + " not in
    ///   the peer list")` (3.4 and later).
    pub struct MyIdNotInEnsemble {
        code: "ZK007",
        name: "myid-not-in-ensemble",
        severity: Error,
        summary: "A ZooKeeper myid has no matching server.N line in the host's zoo.cfg",
        fix: Safe,
    }
}

impl Rule for MyIdNotInEnsemble {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            if !zk.quorum_mode() || server_list_unknown(cx.files, zk) {
                continue;
            }
            let servers: Vec<&ServerEntry> = zk.effective_servers().collect();
            if servers.iter().any(|e| e.id.is_err()) {
                continue; // ZK004: the peer list itself does not parse
            }
            let Some(m) = host_myid(zk) else { continue };
            let Some((id, span)) = known_myid(cx.files, m) else {
                continue;
            };
            if servers.iter().any(|e| e.id == Ok(id)) {
                continue;
            }
            let ids: Vec<String> = servers
                .iter()
                .filter_map(|e| e.id.as_ref().ok().map(|i| format!("server.{i}")))
                .collect();
            let list = join_names(ids.iter().map(String::as_str), 8);
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "myid {id}{} has no server.{id} in zoo.cfg (peer list: {list}): ZooKeeper stops with \"My id {id} not in the peer list\"",
                    on(host)
                ),
            )
            .primary(span, format!("myid {id}"));
            if let Some(lines) = lines_span(zk, servers.iter().copied()) {
                d = d.secondary(lines, format!("no server.{id} here"));
            }
            let own = own_entries(host, zk);
            d = match own.as_slice() {
                [one] => {
                    let own_id = one.id.clone().unwrap_or_default();
                    d.help(format!(
                        "write `{own_id}` to myid: server.{own_id} is `{}`, this host",
                        one.host().unwrap_or("")
                    ))
                    .fix(format!("write `{own_id}`"), span, own_id.to_string())
                }
                _ => d.help(format!(
                    "write to myid the N of the server.N line that names this host, or add `server.{id}=<this host>:2888:3888` to zoo.cfg on every host"
                )),
            };
            sink.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str =
        "dataDir=/var/lib/zookeeper\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2:observer\n";

    fn myid(text: &str) -> Vec<crate::Diagnostic> {
        run(
            "ZK007",
            &[
                ("hosts/b/etc/zookeeper/conf/zoo.cfg", CFG),
                ("hosts/b/var/lib/zookeeper/myid", text),
            ],
        )
    }

    #[test]
    fn cases() {
        assert!(myid("2\n").is_empty());
        assert!(myid("3\n").is_empty()); // an observer is in the peer list
        let d = myid("4\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("My id 4 not in the peer list"));
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.edits[0].replacement.as_str()),
            Some("2")
        );
        assert!(myid("x\n").is_empty());
        assert!(myid("").is_empty());
        assert!(myid("{{ id }}").is_empty());
    }

    #[test]
    fn standalone_is_silent() {
        let d = run(
            "ZK007",
            &[
                (
                    "etc/zookeeper/conf/zoo.cfg",
                    "dataDir=/var/lib/zookeeper\nserver.1=a:1:2\n",
                ),
                ("var/lib/zookeeper/myid", "7\n"),
            ],
        );
        assert!(d.is_empty());
    }
}
