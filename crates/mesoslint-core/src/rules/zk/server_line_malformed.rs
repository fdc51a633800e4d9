use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{entry_unknown, on, show, value_part_span};
use super::facts::{jvm_property, JvmProp, ZkVersion};
use crate::model::{Host, ServerEntry, ZkServer};

declare_rule! {
    /// ## What it does
    /// Checks every `server.N` value of `zoo.cfg` against the form ZooKeeper accepts:
    /// `host:peerPort:electionPort[:participant|observer][;[clientHost:]clientPort]`. It reports
    /// a wrong number of parts, a missing election port, non-numeric or out-of-range (1-65535)
    /// ports, a peer port equal to the election port, an unknown peer type, a bracketed IPv6
    /// address without `]:`, a bad client part, and whitespace after the value. Several
    /// addresses per server (`a:2888:3888|b:2888:3888`, ZooKeeper 3.6+) are reported unless
    /// the tree shows `-Dzookeeper.multiAddress.enabled=true` in the server's JVM flags
    /// (`conf/java.env`, `etc/default/zookeeper`, the unit): the `zoo.cfg` key
    /// `multiAddress.enabled` is not read by the server-line parser.
    ///
    /// ## Why is this bad?
    /// ZooKeeper refuses to start on a malformed server line ("Multiple address feature is
    /// disabled, but multiple addresses were specified for sid <id>", "... does not have the form
    /// server_config or server_config;client_config ...", "Address unresolved", "Client and
    /// election port must be different!"). ZooKeeper 3.4 accepts `host:port` without an
    /// election port but then fails in quorum mode ("Missing election port for server").
    /// Trailing whitespace is trimmed from other keys but makes ZooKeeper 3.8 reject a server
    /// line, and it is invisible in an editor.
    ///
    /// ## Example
    /// ### Invalid: the election port is missing
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Invalid: peer and election port are the same
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:2888
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// server.1=zk1:2888:3888;2181
    /// server.2=[2001:db8::2]:2888:3888;2181
    /// server.3=zk3:2888:3888:observer;0.0.0.0:2181
    /// ```
    ///
    /// ## How to fix
    /// Write `server.N=host:2888:3888` (peer port, then election port, both different and in
    /// 1-65535), optionally followed by `:observer` and, on ZooKeeper 3.5+, `;2181` for the
    /// client port. Put IPv6 addresses in brackets. Remove trailing spaces.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` (release-3.4.14) and `QuorumPeer.QuorumServer`
    ///   (release-3.5.5): the accepted forms and their error messages.
    /// - ZooKeeper Administrator's Guide, "Configuration Parameters", `server.x=[hostname]:nnnnn[:nnnnn]`.
    pub struct ServerLineMalformed {
        code: "ZK003",
        name: "server-line-malformed",
        severity: Error,
        summary: "A zoo.cfg server.N value is not host:peerPort:electionPort[:type][;clientPort]",
        fix: Mixed,
    }
}

impl Rule for ServerLineMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            for entry in zk.effective_servers() {
                if entry_unknown(zk, entry) {
                    continue;
                }
                let key = zk
                    .props
                    .entries
                    .get(entry.prop)
                    .map(|p| p.trimmed_key().to_string())
                    .unwrap_or_else(|| "server.?".into());
                let trimmed = entry.raw_value.trim_end();
                match &entry.spec {
                    Err(e) => {
                        sink.report(
                            Diagnostic::new(
                                &Self::META,
                                format!(
                                    "`{key}={}`{} is not a valid server line: {}",
                                    show(trimmed),
                                    on(host),
                                    e.message
                                ),
                            )
                            .primary(value_part_span(zk, entry, e.range.clone()), e.message.clone())
                            .help("write `server.N=host:peerPort:electionPort` (e.g. `zk1:2888:3888`), optionally `:observer` and `;clientPort`"),
                        );
                    }
                    Ok(spec) if spec.election_port.is_none() => {
                        let end = spec.peer_port_range.end;
                        let mut d = Diagnostic::new(
                            &Self::META,
                            format!(
                                "`{key}={}`{} has no election port: ZooKeeper 3.5+ rejects it and 3.4 fails in quorum mode (\"Missing election port\")",
                                show(trimmed),
                                on(host)
                            ),
                        )
                        .primary(
                            value_part_span(zk, entry, spec.peer_port_range.clone()),
                            "peer port, then no election port",
                        )
                        .help("add the election port after the peer port, e.g. `zk1:2888:3888`");
                        if spec.peer_port != 3888 {
                            // 3888 is the usual port, not one the tree says: a guess.
                            d = d.unsafe_fix(
                                "add election port 3888",
                                value_part_span(zk, entry, end..end),
                                ":3888",
                            );
                        }
                        sink.report(d);
                    }
                    Ok(spec) if spec.address_count > 1 => {
                        self.multi_address(cx, host, zk, entry, &key, trimmed, sink);
                    }
                    Ok(_) => {}
                }
                if trimmed.len() < entry.raw_value.len() {
                    let range = trimmed.len()..entry.raw_value.len();
                    let span = value_part_span(zk, entry, range);
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "`{key}={}`{} ends in whitespace: ZooKeeper 3.8 rejects the server line although it trims other keys",
                                show(trimmed),
                                on(host)
                            ),
                        )
                        .primary(span, "trailing whitespace")
                        .help("remove the whitespace after the value")
                        .fix("remove the trailing whitespace", span, ""),
                    );
                }
            }
        }
    }
}

impl ServerLineMalformed {
    /// `a|b` server addresses (3.6+): only the JVM system property
    /// `zookeeper.multiAddress.enabled` enables them, not the zoo.cfg key.
    #[allow(clippy::too_many_arguments)]
    fn multi_address(
        &self,
        cx: &Context<'_>,
        host: &Host,
        zk: &ZkServer,
        entry: &ServerEntry,
        key: &str,
        trimmed: &str,
        sink: &mut Sink,
    ) {
        let ver = ZkVersion::of(cx.cluster);
        let span = value_part_span(zk, entry, 0..trimmed.len());
        if !ver.at_least(3, 6, 0) {
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "`{key}={}`{} lists several addresses (`|`), which ZooKeeper before 3.6 does not know: it rejects the server line",
                        show(trimmed),
                        on(host)
                    ),
                )
                .primary(span, "several addresses")
                .help("keep one address per server, or upgrade to ZooKeeper 3.6+")
                .note(ver.note("before 3.6.0")),
            );
            return;
        }
        let prop = jvm_property(cx.files, host, "zookeeper.multiAddress.enabled");
        if matches!(&prop, JvmProp::Set(v) if v.eq_ignore_ascii_case("true")) {
            return;
        }
        let id = entry.id.as_ref().map(|i| i.to_string()).unwrap_or_default();
        let mut d = Diagnostic::new(
            &Self::META,
            format!(
                "`{key}={}`{} lists several addresses, but the JVM does not get -Dzookeeper.multiAddress.enabled=true: ZooKeeper exits with \"Multiple address feature is disabled, but multiple addresses were specified for sid {id}\"",
                show(trimmed),
                on(host)
            ),
        )
        .primary(span, "several addresses")
        .help("add `-Dzookeeper.multiAddress.enabled=true` to SERVER_JVMFLAGS (conf/java.env); the zoo.cfg key `multiAddress.enabled` does not reach the server-line parser")
        .note(ver.note("3.6.0 and later"));
        if let Some(p) = zk.get("multiAddress.enabled") {
            d = d.secondary(
                zk.line_span(p),
                "the zoo.cfg key is not read by the server-line parser (QuorumPeer.QuorumServer reads the system property)",
            );
        }
        sink.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    fn one(value: &str) -> Vec<crate::Diagnostic> {
        let t = format!("dataDir=/d\nserver.1={value}\n");
        run("ZK003", &[("etc/zookeeper/conf/zoo.cfg", &t)])
    }

    #[test]
    fn good_forms() {
        for v in [
            "zk1:2888:3888",
            "zk1:2888:3888:observer",
            "zk1:2888:3888:participant;2181",
            "[::1]:2888:3888;[::1]:2181",
        ] {
            assert!(one(v).is_empty(), "{v}");
        }
    }

    #[test]
    fn multi_address_needs_the_system_property() {
        let cfg = "dataDir=/d\nmultiAddress.enabled=true\nserver.1=a:1:2|b:1:2;2181\n";
        let d = run("ZK003", &[("etc/zookeeper/conf/zoo.cfg", cfg)]);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .contains("Multiple address feature is disabled"));
        let env = "SERVER_JVMFLAGS=\"-Dzookeeper.multiAddress.enabled=true\"\n";
        let tree = [
            ("etc/zookeeper/conf/zoo.cfg", cfg),
            ("etc/zookeeper/conf/java.env", env),
        ];
        assert!(run("ZK003", &tree).is_empty());
        let old = crate::rules::zk::facts::run_for("ZK003", "3.5.10", &tree);
        assert_eq!(old.len(), 1);
    }

    #[test]
    fn bad_forms() {
        for v in [
            "zk1",
            "zk1:abc:3888",
            "zk1:2888:70000",
            "zk1:2888:2888",
            "[::1:2888:3888",
            "zk1:2888:3888:voter",
            "zk1:2888:3888;x",
            "zk1:2888",
            "",
            "é:1",
        ] {
            assert_eq!(one(v).len(), 1, "{v}");
        }
    }

    #[test]
    fn trailing_whitespace() {
        let d = one("zk1:2888:3888 \t");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("ends in whitespace"));
        assert!(d[0].fix.is_some());
        // Missing election port and trailing space: two findings.
        assert_eq!(one("zk1:2888 ").len(), 2);
    }

    #[test]
    fn placeholders_and_overridden_lines() {
        let t = "server.1={{ zk1 }}:2888\n";
        assert!(run("ZK003", &[("etc/zookeeper/conf/zoo.cfg.j2", t)]).is_empty());
        // Java keeps the last of a repeated key: the first is never parsed.
        let t = "server.1=zk1\nserver.1=zk1:2888:3888\n";
        assert!(run("ZK003", &[("etc/zookeeper/conf/zoo.cfg", t)]).is_empty());
    }
}
