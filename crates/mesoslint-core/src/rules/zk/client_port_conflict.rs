use super::ensemble::{on_host, opaque_template};
use super::facts::{java_parse_int, plain_value, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Host, ServerEntry, ZkServer};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Compares `clientPort` with this server's own `server.N` line (the line of the id in its
    /// `myid`; without a myid, the ports every line shares):
    /// - 3.5+: a `;port` client part on the line that differs from `clientPort` (with no
    ///   `clientPortAddress`, or a wildcard one, only the ports are compared):
    ///   `QuorumPeerConfig.setupClientPort` exits with "client address for this server (id =
    ///   <N>) in static config file is ... is different from client address found in dynamic
    ///   file";
    /// - every release: `clientPort` equal to the line's quorum or election port. Nothing
    ///   checks it while parsing; the second listener fails with "java.net.BindException:
    ///   Address already in use".
    ///
    /// ## Why is this bad?
    /// Either way the server does not start.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2888
    /// initLimit=5
    /// syncLimit=2
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=5
    /// syncLimit=2
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    ///
    /// ## How to fix
    /// Give the client, quorum and election listeners three different ports, and write the
    /// same client port in `clientPort` and in the server's `;port`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.setupClientPort` (release-3.5.10 to release-3.9.5);
    ///   `QuorumPeerConfig.parseProperties` (no check of the ports against each other).
    pub struct ClientPortConflict {
        code: "ZK022",
        name: "client-port-conflict",
        severity: Error,
        summary: "clientPort differs from the server line's client port or reuses a quorum port",
    }
}

impl Rule for ClientPortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            if opaque_template(cx.files, zk) {
                continue;
            }
            let Some(p) = zk.get("clientPort") else {
                continue;
            };
            let Some(port) = plain_value(p).and_then(java_parse_int) else {
                continue;
            };
            if port <= 0 {
                continue;
            }
            let own = own_lines(zk);
            if own.is_empty() {
                continue;
            }
            if let Some(d) = reused(port, &own, zk) {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`clientPort={port}` in {}{} is also this server's {d} port: the second listener fails with \"java.net.BindException: Address already in use\"",
                            cx.files.path(zk.cfg),
                            on_host(host)
                        ),
                    )
                    .primary(zk.value_span(p), "same port")
                    .secondary(own[0].value_span, format!("{d} port here"))
                    .help("use a port of its own for clients (2181 by convention)")
                    .note(ver.note("3.4 and later")),
                );
                continue;
            }
            if ver.at_least(3, 5, 0) && wildcard_client(zk) && own.len() == 1 {
                mismatch(ver, port, own[0], host, zk, cx, sink);
            }
        }
    }
}

/// The server's own line when its myid is known; otherwise every line (a conflict counts
/// only when all of them share it).
fn own_lines(zk: &ZkServer) -> Vec<&ServerEntry> {
    let all: Vec<&ServerEntry> = zk.effective_servers().filter(|e| e.spec.is_ok()).collect();
    match zk.myid().and_then(|m| m.id()) {
        Some(id) => all
            .into_iter()
            .filter(|e| e.id.as_ref().ok() == Some(&id))
            .collect(),
        None => all,
    }
}

fn reused(port: i32, own: &[&ServerEntry], _zk: &ZkServer) -> Option<&'static str> {
    let every = |f: &dyn Fn(&ServerEntry) -> bool| own.iter().all(|e| f(e));
    let is = |want: Option<u16>| i32::from(want.unwrap_or(0)) == port;
    if every(&|e| e.spec.as_ref().is_ok_and(|s| is(Some(s.peer_port)))) {
        Some("quorum")
    } else if every(&|e| e.spec.as_ref().is_ok_and(|s| is(s.election_port))) {
        Some("election")
    } else {
        None
    }
}

/// No `clientPortAddress`, or a wildcard one: ZooKeeper compares only the ports.
fn wildcard_client(zk: &ZkServer) -> bool {
    match zk.get("clientPortAddress") {
        None => true,
        Some(p) => plain_value(p).is_some_and(|v| v == "0.0.0.0" || v == "::" || v == "[::]"),
    }
}

fn mismatch(
    ver: ZkVersion,
    port: i32,
    own: &ServerEntry,
    host: &Host,
    zk: &ZkServer,
    cx: &Context<'_>,
    sink: &mut Sink,
) {
    let Ok(spec) = &own.spec else { return };
    let Some(client) = &spec.client else { return };
    if i32::from(client.port) == port {
        return;
    }
    // Only with a known id does ZooKeeper look up its own line.
    let Some(id) = zk.myid().and_then(|m| m.id()) else {
        return;
    };
    let Some(p) = zk.get("clientPort") else {
        return;
    };
    sink.report(
        Diagnostic::new(
            &ClientPortConflict::META,
            format!(
                "`clientPort={port}` in {}{} differs from the client port {} of `server.{id}`: ZooKeeper exits with \"client address for this server (id = {id}) in static config file is ... is different from client address found in dynamic file\"",
                cx.files.path(zk.cfg),
                on_host(host),
                client.port
            ),
        )
        .primary(zk.value_span(p), "static client port")
        .secondary(own.value_span, "client port of this server's line")
        .help("write the same port in both places, or drop `clientPort`")
        .note(ver.note("3.5 and later")),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const MYID: &str = "var/lib/zookeeper/myid";
    const HEAD: &str = "dataDir=/var/lib/zookeeper\ninitLimit=5\nsyncLimit=2\n";

    #[test]
    fn client_port_on_quorum_port() {
        let t = format!("{HEAD}clientPort=3888\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n");
        assert_eq!(run("ZK022", &[(CFG, &t)]).len(), 1);
        // Lines that differ: only this server's own line (from myid) decides.
        let mixed = format!("{HEAD}clientPort=2888\nserver.1=a:2888:3888\nserver.2=b:2889:3889\nserver.3=c:2890:3890\n");
        assert!(run("ZK022", &[(CFG, &mixed)]).is_empty());
        assert_eq!(run("ZK022", &[(CFG, &mixed), (MYID, "1\n")]).len(), 1);
        assert!(run("ZK022", &[(CFG, &mixed), (MYID, "2\n")]).is_empty());
    }

    #[test]
    fn client_part_must_agree() {
        let t = format!("{HEAD}clientPort=2181\nserver.1=a:2888:3888;2182\nserver.2=b:2888:3888;2182\nserver.3=c:2888:3888;2182\n");
        assert_eq!(run("ZK022", &[(CFG, &t), (MYID, "1\n")]).len(), 1);
        assert!(run_for("ZK022", "3.4.14", &[(CFG, &t), (MYID, "1\n")]).is_empty());
        let ok = t.replace("2182", "2181");
        assert!(run("ZK022", &[(CFG, &ok), (MYID, "1\n")]).is_empty());
    }
}
