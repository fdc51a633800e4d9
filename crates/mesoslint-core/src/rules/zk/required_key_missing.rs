use super::ensemble::{on_host, opaque_template};
use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::parse::has_placeholder;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks that `zoo.cfg` holds the keys ZooKeeper refuses to start without: `dataDir`;
    /// a `tickTime` other than 0 (an absent `tickTime` defaults to 3000); `clientPort` when no
    /// `server.N` line carries a `;clientPort` part (and always for a ZooKeeper 3.4 target);
    /// `initLimit` and `syncLimit` in quorum mode (two or more voting servers).
    ///
    /// ## Why is this bad?
    /// ZooKeeper exits at start-up with "dataDir is not set", "tickTime is not set",
    /// "clientPort is not set" (3.4; from 3.5 the server starts with no client listener, which
    /// is reported as a warning), "initLimit is not set" or "syncLimit is not set". An
    /// `initLimit` typo (`intLimit=10`) is silent in the file but fatal in quorum mode.
    ///
    /// ## Example
    /// ### Invalid: quorum mode without initLimit
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// syncLimit=5
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Invalid: no clientPort for ZooKeeper 3.4
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// ```
    /// ```toml config
    /// [target]
    /// zookeeper = "3.4"
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// initLimit=10
    /// syncLimit=5
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ### Valid: ZooKeeper 3.5 client port in the server lines
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// initLimit=10
    /// syncLimit=5
    /// dataDir=/var/lib/zookeeper
    /// server.1=zk1:2888:3888;2181
    /// server.2=zk2:2888:3888;2181
    /// server.3=zk3:2888:3888;2181
    /// ```
    ///
    /// ## How to fix
    /// Add the missing key. The upstream sample uses `tickTime=2000`, `initLimit=10`,
    /// `syncLimit=5`, `clientPort=2181`; `dataDir` should be a persistent directory such as
    /// `/var/lib/zookeeper`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` and `checkValidity` (release-3.4.14 and master):
    ///   "dataDir is not set", "tickTime is not set", "clientPort is not set",
    ///   "initLimit is not set", "syncLimit is not set".
    /// - ZooKeeper Administrator's Guide, "Minimum Configuration"; DOMAIN.md §3.2 and §3.4.
    pub struct RequiredKeyMissing {
        code: "ZK010",
        name: "required-key-missing",
        severity: Error,
        summary: "zoo.cfg lacks a key ZooKeeper requires at start-up",
    }
}

impl Rule for RequiredKeyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // 3.4 is known only when given or pinned: the latest-release assumption says 3.5+.
        let zk = &cx.cluster.versions.zookeeper;
        let zk34 = zk.explicit().then(|| !zk.at_least(Version::new(3, 5, 0)));
        for (host, zk) in cx.cluster.zk_servers() {
            let opaque = opaque_template(cx.files, zk);
            let cfg = cx.files.path(zk.cfg);
            let start = Span::file_start(zk.cfg);
            let report = |sink: &mut Sink, msg: String, span: Span, label: &str, help: &str| {
                sink.report(
                    Diagnostic::new(&Self::META, msg)
                        .primary(span, label.to_string())
                        .help(help.to_string()),
                );
            };
            if !opaque && zk.get("dataDir").is_none() {
                report(
                    sink,
                    format!("{cfg}{} has no dataDir: ZooKeeper exits with \"dataDir is not set\"", on_host(host)),
                    start,
                    "no dataDir in this file",
                    "add `dataDir=/var/lib/zookeeper` (a persistent directory holding the snapshots and myid)",
                );
            }
            if let Some(p) = zk.get("tickTime") {
                if zk.int("tickTime") == Some(0) {
                    report(
                        sink,
                        format!("tickTime is 0 in {cfg}{}: ZooKeeper exits with \"tickTime is not set\"", on_host(host)),
                        zk.value_span(p),
                        "tickTime 0",
                        "set `tickTime=2000` (or remove the line: the default is 3000)",
                    );
                }
            }
            if !opaque && zk.get("clientPort").is_none() {
                let port_in_lines = zk
                    .effective_servers()
                    .any(|e| matches!(&e.spec, Ok(s) if s.client.is_some()));
                let secure = zk.get("secureClientPort").is_some();
                let placeholder_lines = zk
                    .effective_servers()
                    .any(|e| has_placeholder(&e.raw_value));
                let fires = match zk34 {
                    Some(true) => true,
                    _ => !port_in_lines && !secure && !placeholder_lines,
                };
                if fires {
                    let msg = if zk34 == Some(true) {
                        format!("{cfg}{} has no clientPort, which ZooKeeper 3.4 (the target) requires: \"clientPort is not set\"", on_host(host))
                    } else {
                        format!("{cfg}{} has no clientPort and no server.N line gives a `;clientPort`: ZooKeeper has no port for clients", on_host(host))
                    };
                    // From 3.5 ZooKeeper only logs "clientPort is not set" and starts with no
                    // client listener: worth a warning, but the daemon accepts the file.
                    let mut d = Diagnostic::new(&Self::META, msg)
                        .primary(start, "no clientPort in this file")
                        .help("add `clientPort=2181`");
                    if zk34 != Some(true) {
                        d = d.severity(Severity::Warning).note(
                            "ZooKeeper 3.5 and later start without a client port (\"clientPort is not set\" is logged at INFO); 3.4 exits",
                        );
                    }
                    sink.report(d);
                }
            }
            if zk.quorum_mode() {
                let voters = zk.participants().count();
                for key in ["initLimit", "syncLimit"] {
                    let what = if key == "initLimit" {
                        "the time, in ticks, followers get to connect and sync to the leader; e.g. `initLimit=10`"
                    } else {
                        "the time, in ticks, a follower may lag behind the leader; e.g. `syncLimit=5`"
                    };
                    match zk.get(key) {
                        None if !opaque => {
                            let mut d = Diagnostic::new(
                                &Self::META,
                                format!("{cfg}{} has no {key} although it runs in quorum mode ({voters} voting servers): ZooKeeper exits with \"{key} is not set\"", on_host(host)),
                            )
                            .primary(start, format!("no {key} in this file"));
                            if let Some(p) = zk
                                .participants()
                                .next()
                                .and_then(|e| zk.props.entries.get(e.prop))
                            {
                                d = d.secondary(
                                    zk.line_span(p),
                                    format!("quorum mode: {voters} voting servers"),
                                );
                            }
                            sink.report(d.help(format!("add {key}: {what}")));
                        }
                        Some(p) if zk.int(key) == Some(0) => {
                            report(
                                sink,
                                format!("{key} is 0 in {cfg}{}, which ZooKeeper treats as not set in quorum mode", on_host(host)),
                                zk.value_span(p),
                                &format!("{key} 0"),
                                &format!("set {key}: {what}"),
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
