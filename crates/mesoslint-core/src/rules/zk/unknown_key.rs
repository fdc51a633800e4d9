use super::ensemble::on_host;
use super::facts::quoted;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::has_placeholder;
use crate::parse::zoo_cfg::{is_known_key, suggest_key};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a `zoo.cfg` key ZooKeeper does not know, such as `ticktime`, `intLimit` or
    /// `datadir` (keys are case-sensitive), and suggests the closest known key.
    ///
    /// ## Why is this bad?
    /// ZooKeeper does not reject unknown keys: each silently becomes the Java system property
    /// `zookeeper.<key>`. The setting meant by the typo never applies: `ticktime=2000` leaves
    /// `tickTime` at 3000, and `intLimit=10` leaves `initLimit` unset, which stops a quorum
    /// member at start-up.
    ///
    /// Also reports `jute.maxbuffer` and `readonlymode.enabled` in `zoo.cfg`: ZooKeeper reads
    /// them only as JVM system properties without the prefix (`BinaryInputArchive`,
    /// `QuorumPeer`/`ZooKeeperServerMain`), so the line never applies. Documented keys read as
    /// `zookeeper.<key>` (`4lw.commands.whitelist`, `admin.serverPort`, `snapCount`,
    /// `learner.asyncSending`, ...) do work from `zoo.cfg` and are not reported. The same two
    /// given with the prefix in the JVM flags of the server's start
    /// (`-Dzookeeper.jute.maxbuffer=...` in `JVMFLAGS`, `SERVER_JVMFLAGS`, `java.env`,
    /// `zookeeper-env.sh`, a `java ... QuorumPeerMain` command line) are reported too.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// ticktime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// autopurge.purgeInterval=24
    /// ```
    ///
    /// ## How to fix
    /// Correct the key's spelling and case, or remove the line.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties`: the final `else` stores unknown keys as
    ///   `System.setProperty("zookeeper." + key, value)`.
    /// - ZooKeeper Administrator's Guide, "Configuration Parameters"; DOMAIN.md §3.1 and §3.2.
    /// - `BinaryInputArchive`: `Integer.getInteger("jute.maxbuffer", 0xfffff)`; `QuorumPeerMain`
    ///   and `ZooKeeperServerMain`: `System.getProperty("readonlymode.enabled")` (3.4.14 to 3.9.5).
    pub struct UnknownKey {
        code: "ZK012",
        name: "unknown-key",
        severity: Warning,
        summary: "zoo.cfg holds a key ZooKeeper does not know",
        fix: Unsafe,
    }
}

/// Keys ZooKeeper reads only as JVM system properties without the `zookeeper.` prefix, so a
/// `zoo.cfg` line (stored as `zookeeper.<key>`) has no effect: (key, extra advice).
/// `learner.asyncSending`, `learner.closeSocketAsync`, `leader.closeSocketAsync` and
/// `jute.maxbuffer.extrasize` are read with the prefix and do work from `zoo.cfg`.
const SYSTEM_PROPERTY_ONLY: &[(&str, &str)] = &[
    (
        "jute.maxbuffer",
        "; clients (Mesos, Marathon) need the same limit",
    ),
    ("readonlymode.enabled", ""),
];

impl Rule for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            // `-Dzookeeper.jute.maxbuffer=...` in the start's JVM flags: the same key, read
            // only without the prefix, so the flag never applies either
            for f in zk.jvm_flags() {
                let Some(key) = f.name.strip_prefix("zookeeper.") else {
                    continue;
                };
                let Some(&(_, use_instead)) = SYSTEM_PROPERTY_ONLY.iter().find(|(k, _)| *k == key)
                else {
                    continue;
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`-D{}` in the JVM flags of ZooKeeper{} never applies: ZooKeeper reads only `{key}` without the zookeeper. prefix",
                            f.name,
                            on_host(host)
                        ),
                        )
                    .primary(f.span, "never read: ZooKeeper reads the name without the prefix")
                    .help(format!("pass `-D{key}={}` instead{use_instead}", quoted(&f.value)))
                    .note("applies to ZooKeeper 3.4 through 3.9 (every release reads it without the zookeeper. prefix)"),
                );
            }
            let cfg = cx.files.path(zk.cfg);
            for p in &zk.props.entries {
                let key = p.trimmed_key();
                if let Some(&(_, use_instead)) =
                    SYSTEM_PROPERTY_ONLY.iter().find(|(k, _)| *k == key)
                {
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "`{key}` in {cfg}{} never applies: ZooKeeper stores it as the system property zookeeper.{key}, but reads only `{key}` without the prefix",
                                on_host(host)
                            ),
                        )
                        .primary(zk.key_span(p), "read only as a JVM system property")
                        .help(format!(
                            "remove the line and pass `-D{key}={}` in SERVER_JVMFLAGS (conf/java.env){use_instead}",
                            p.trimmed_value().chars().take(40).collect::<String>()
                        ))
                        .note("applies to ZooKeeper 3.4 through 3.9 (every release reads it without the zookeeper. prefix)"),
                    );
                    continue;
                }
                if key.is_empty() || has_placeholder(key) || is_known_key(key) {
                    continue;
                }
                let shown: String = key.chars().take(80).collect();
                let suggestion = suggest_key(key);
                let mut msg = format!(
                    "`{shown}` in {cfg}{} is not a ZooKeeper setting: it silently becomes the system property zookeeper.{shown}",
                    on_host(host)
                );
                let mut d;
                match suggestion {
                    Some(s) => {
                        msg.push_str(&format!("; did you mean `{s}`?"));
                        d = Diagnostic::new(&Self::META, msg)
                            .primary(zk.key_span(p), format!("unknown key; did you mean `{s}`?"))
                            .help(format!("rename the key to `{s}` (keys are case-sensitive)"));
                        if zk.get(s).is_none() {
                            d = d.unsafe_fix(format!("rename to `{s}`"), zk.key_span(p), s);
                        } else if let Some(other) = zk.get(s) {
                            d = d.secondary(zk.key_span(other), format!("`{s}` is also set here"));
                        }
                    }
                    None => {
                        d = Diagnostic::new(&Self::META, msg)
                            .primary(zk.key_span(p), "unknown key")
                            .help("correct the key (see the ZooKeeper Administrator's Guide) or remove the line");
                    }
                }
                sink.report(d);
            }
        }
    }
}
