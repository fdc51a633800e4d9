use crate::FastMap;
use std::ops::Range;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::ServerEntry;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{
    entry_line_span, entry_unknown, is_self_address, on, show, value_part_span,
};

declare_rule! {
    /// ## What it does
    /// Reports two `server.N` lines of one `zoo.cfg` with the same id (`server.2` twice, or
    /// `server.2` and `server.02`), and two servers with different ids on the same
    /// `host:port` (peer or election port).
    ///
    /// ## Why is this bad?
    /// `zoo.cfg` is a Java properties file: a repeated key keeps only its last value, so the
    /// first `server.2` line silently disappears from the ensemble. Two keys with the same
    /// numeric id overwrite each other inside ZooKeeper's server map. Two servers sharing a
    /// `host:port` cannot both bind it: one of them never joins the quorum.
    ///
    /// ## Example
    /// ### Invalid: the same id twice
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.2=zk3:2888:3888
    /// ```
    /// ### Invalid: two servers on the same host and ports
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk1:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Valid: three servers on one test machine, distinct ports
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=localhost:2888:3888
    /// server.2=localhost:2889:3889
    /// server.3=localhost:2890:3890
    /// ```
    ///
    /// ## How to fix
    /// Give each server its own id and its own `host:peerPort:electionPort`.
    ///
    /// ## References
    /// - `java.util.Properties.load`: a repeated key keeps the last value (DOMAIN.md §3.1).
    /// - `QuorumPeerConfig.parseProperties`: servers are stored in a map keyed by id.
    pub struct ServerDuplicate {
        code: "ZK005",
        name: "server-duplicate",
        severity: Error,
        summary: "Two zoo.cfg server.N lines share an id or a host:port",
    }
}

impl Rule for ServerDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            let known: Vec<&ServerEntry> = zk
                .servers
                .iter()
                .filter(|e| !entry_unknown(zk, e))
                .collect();
            let key_of = |e: &ServerEntry| -> String {
                zk.props
                    .entries
                    .get(e.prop)
                    .map(|p| p.trimmed_key().to_string())
                    .unwrap_or_default()
            };

            // Same id: each line against the previous line with that id.
            let mut last_with_id: FastMap<i64, &ServerEntry> = FastMap::default();
            for later in &known {
                let Ok(id) = later.id else { continue };
                let Some(earlier) = last_with_id.insert(id, later) else {
                    continue;
                };
                let (k1, k2) = (key_of(earlier), key_of(later));
                let message = if k1 == k2 {
                    format!(
                        "`{k2}` is defined twice in zoo.cfg{}: only the last value, `{}`, is kept and `{}` is silently dropped",
                        on(host),
                        show(later.raw_value.trim()),
                        show(earlier.raw_value.trim())
                    )
                } else {
                    format!(
                        "`{}` and `{}` in zoo.cfg{} both have server id {id}: one overwrites the other",
                        show(&k1),
                        show(&k2),
                        on(host)
                    )
                };
                sink.report(
                    Diagnostic::new(&Self::META, message)
                        .primary(entry_line_span(zk, later), format!("server id {id} again"))
                        .secondary(
                            entry_line_span(zk, earlier),
                            format!("server id {id} first defined here"),
                        )
                        .help("give every server line its own id, and remove the line that is not meant"),
                );
            }

            // Same host:port under different ids (effective lines only: those ZooKeeper uses).
            let mut taken: FastMap<(String, u16), (&ServerEntry, Range<usize>, &'static str)> =
                FastMap::default();
            for later in zk.effective_servers() {
                if entry_unknown(zk, later) {
                    continue;
                }
                let (Ok(lid), Ok(spec)) = (&later.id, &later.spec) else {
                    continue;
                };
                let host_name = spec.host.to_ascii_lowercase();
                let mut ports = vec![(spec.peer_port, spec.peer_port_range.clone(), "peer port")];
                if let (Some(p), Some(r)) = (spec.election_port, spec.election_port_range.clone()) {
                    ports.push((p, r, "election port"));
                }
                let clash = ports.iter().find_map(|(port, range, what)| {
                    let (earlier, erange, ewhat) = taken.get(&(host_name.clone(), *port))?;
                    (earlier.id.as_ref().ok() != Some(lid)).then(|| {
                        (
                            *port,
                            range.clone(),
                            *what,
                            *earlier,
                            erange.clone(),
                            *ewhat,
                        )
                    })
                });
                for (port, range, what) in ports {
                    taken
                        .entry((host_name.clone(), port))
                        .or_insert((later, range, what));
                }
                let Some((port, range, what, earlier, erange, ewhat)) = clash else {
                    continue;
                };
                let eid = earlier.id.clone().unwrap_or_default();
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "server.{eid} and server.{lid} in zoo.cfg{} both use {}:{port}: two servers cannot bind the same address",
                        on(host),
                        spec.host
                    ),
                )
                .primary(value_part_span(zk, later, range), format!("{what} of server.{lid}"))
                .secondary(
                    value_part_span(zk, earlier, erange),
                    format!("{ewhat} of server.{eid}"),
                )
                .help("give each server its own host, or distinct peer and election ports on a shared host");
                if is_self_address(&spec.host) {
                    d = d.note("a wildcard or loopback address names every host: write each server's own address");
                }
                sink.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    fn cfg(lines: &str) -> Vec<crate::Diagnostic> {
        let t = format!("dataDir=/d\n{lines}");
        run("ZK005", &[("etc/zookeeper/conf/zoo.cfg", &t)])
    }

    #[test]
    fn ids() {
        assert_eq!(cfg("server.1=a:1:2\nserver.1=b:1:2\n").len(), 1);
        let d = cfg("server.1=a:1:2\nserver.01=b:1:2\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("both have server id 1"));
        assert_eq!(
            cfg("server.1=a:1:2\nserver.1=b:1:2\nserver.1=c:1:2\n").len(),
            2
        );
        assert!(cfg("server.1=a:1:2\nserver.2=b:1:2\n").is_empty());
    }

    #[test]
    fn ports() {
        assert_eq!(cfg("server.1=a:1:2\nserver.2=A:1:3\n").len(), 1);
        assert_eq!(cfg("server.1=a:1:2\nserver.2=a:3:2\n").len(), 1);
        assert_eq!(cfg("server.1=a:1:2\nserver.2=a:2:3\n").len(), 1);
        assert_eq!(
            cfg("server.1=a:1:2\nserver.2=a:1:2\nserver.3=a:1:2\n").len(),
            2
        );
        assert!(cfg("server.1=a:1:2\nserver.2=a:3:4\n").is_empty());
        assert!(cfg("server.1=a:1:2\nserver.2=b:1:2\n").is_empty());
    }

    #[test]
    fn many_lines() {
        let mut t = String::new();
        for i in 1..=20_000 {
            t.push_str(&format!("server.{i}=h{i}:2888:3888\n"));
        }
        t.push_str("server.1=h2:2888:3888\n");
        assert_eq!(cfg(&t).len(), 2);
    }

    #[test]
    fn hostile() {
        assert!(cfg("server.x=a:1:2\nserver.x=a:1:2\n").is_empty());
        assert!(cfg("server.1=\nserver.2=\n").is_empty());
        let t = "server.1={{ a }}:1:2\nserver.2={{ a }}:1:2\n";
        assert!(run("ZK005", &[("etc/zookeeper/conf/zoo.cfg.j2", t)]).is_empty());
    }
}
