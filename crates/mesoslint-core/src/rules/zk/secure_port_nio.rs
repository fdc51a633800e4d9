use super::ensemble::on_host;
use super::facts::{java_parse_int, jvm_property, plain_value, JvmProp, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports `secureClientPort` (3.5+) on a server that keeps the default NIO connection
    /// factory: neither zoo.cfg's `serverCnxnFactory` key (which ZooKeeper turns into the
    /// system property `zookeeper.serverCnxnFactory`) nor `-Dzookeeper.serverCnxnFactory` in
    /// the JVM flag files the tree holds names `org.apache.zookeeper.server.NettyServerCnxnFactory`.
    /// Without any JVM flag file in the tree the factory may be set where the tree does not
    /// show, and nothing is reported.
    ///
    /// ## Why is this bad?
    /// `NIOServerCnxnFactory.configure` throws "UnsupportedOperationException: SSL isn't
    /// supported in NIOServerCnxn" and the server does not start.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// secureClientPort=2281
    /// serverCnxnFactory=org.apache.zookeeper.server.NIOServerCnxnFactory
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// secureClientPort=2281
    /// serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
    /// ```
    ///
    /// ## How to fix
    /// Add `serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory` to zoo.cfg
    /// (or `-Dzookeeper.serverCnxnFactory=...` to `SERVER_JVMFLAGS`).
    ///
    /// ## References
    /// - `NIOServerCnxnFactory.configure`, `ServerCnxnFactory.createFactory` (release-3.5.10 to
    ///   release-3.9.5).
    pub struct SecurePortNio {
        code: "ZK025",
        name: "secure-port-nio",
        severity: Error,
        summary: "secureClientPort with the NIO connection factory, which has no TLS",
    }
}

const NETTY: &str = "org.apache.zookeeper.server.NettyServerCnxnFactory";

impl Rule for SecurePortNio {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        if !ver.at_least(3, 5, 0) {
            return;
        }
        for (host, zk) in cx.cluster.zk_servers() {
            let Some(p) = zk.get("secureClientPort") else {
                continue;
            };
            if plain_value(p)
                .and_then(java_parse_int)
                .is_none_or(|n| n <= 0)
            {
                continue;
            }
            // zoo.cfg's key is applied while parsing, after the JVM flags: it wins.
            let factory = match zk.get("serverCnxnFactory") {
                Some(f) => match plain_value(f) {
                    Some(v) => Some(v.to_string()),
                    None => continue,
                },
                None => match jvm_property(cx.files, host, "zookeeper.serverCnxnFactory") {
                    JvmProp::Set(v) => Some(v),
                    JvmProp::NotSet => None,
                    JvmProp::Unknown => continue,
                },
            };
            if factory.as_deref() == Some(NETTY) {
                continue;
            }
            let which = match &factory {
                Some(v) => format!("the connection factory is `{v}`"),
                None => "no serverCnxnFactory is set, so the NIO factory is used".to_string(),
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "`secureClientPort` in {}{} but {which}: ZooKeeper fails with \"UnsupportedOperationException: SSL isn't supported in NIOServerCnxn\"",
                        cx.files.path(zk.cfg),
                        on_host(host)
                    ),
                )
                .primary(zk.line_span(p), "needs the Netty connection factory")
                .help(format!("add `serverCnxnFactory={NETTY}` to zoo.cfg"))
                .note(ver.note("3.5 and later")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const ENV: &str = "etc/zookeeper/conf/java.env";
    const T: &str = "dataDir=/var/lib/zookeeper\nclientPort=2181\nsecureClientPort=2281\n";

    #[test]
    fn factory_from_cfg_or_jvm_flags() {
        // No JVM flag file: unknown.
        assert!(run("ZK025", &[(CFG, T)]).is_empty());
        assert_eq!(
            run("ZK025", &[(CFG, T), (ENV, "SERVER_JVMFLAGS=\"-Xmx1g\"\n")]).len(),
            1
        );
        let jvm = "SERVER_JVMFLAGS=\"-Dzookeeper.serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\"\n";
        assert!(run("ZK025", &[(CFG, T), (ENV, jvm)]).is_empty());
        let cfg =
            format!("{T}serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n");
        assert!(run("ZK025", &[(CFG, &cfg)]).is_empty());
        let nio =
            format!("{T}serverCnxnFactory=org.apache.zookeeper.server.NIOServerCnxnFactory\n");
        assert_eq!(run("ZK025", &[(CFG, &nio)]).len(), 1);
    }
}
