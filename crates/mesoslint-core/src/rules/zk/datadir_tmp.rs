use super::ensemble::on_host;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a ZooKeeper `dataDir` under `/tmp` (the upstream sample `zoo.cfg`, which Debian
    /// ships as is, uses `/tmp/zookeeper`).
    ///
    /// ## Why is this bad?
    /// `dataDir` holds the snapshots, the transaction log (unless `dataLogDir` is set) and
    /// `myid`. `/tmp` is often a tmpfs or cleaned at boot: after a reboot the server comes back
    /// empty, without its `myid`, and the ensemble's data (the Mesos leader and Marathon state)
    /// may be lost. The sample file itself says "do not use /tmp for storage".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/tmp/zookeeper
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// ```
    ///
    /// ## How to fix
    /// Set `dataDir` to a persistent directory such as `/var/lib/zookeeper` (and move `myid`
    /// there).
    ///
    /// ## References
    /// - ZooKeeper `conf/zoo_sample.cfg`: "the directory where the snapshot is stored. do not
    ///   use /tmp for storage, /tmp here is just example sakes."
    /// - Debian 12 `zookeeper` package ships `dataDir=/tmp/zookeeper`; DOMAIN.md §3.5.
    pub struct DatadirTmp {
        code: "ZK015",
        name: "datadir-tmp",
        severity: Warning,
        summary: "ZooKeeper dataDir is under /tmp",
    }
}

impl Rule for DatadirTmp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            let Some(p) = zk.get("dataDir") else { continue };
            let v = p.trimmed_value();
            if v == "/tmp" || v.starts_with("/tmp/") {
                let shown: String = v.chars().take(100).collect();
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "ZooKeeper dataDir `{shown}`{} is under /tmp: snapshots and myid may vanish at reboot",
                            on_host(host)
                        ),
                    )
                    .primary(
                        crate::files::Span::new(zk.cfg, p.trimmed_value_span()),
                        "under /tmp",
                    )
                    .help("set dataDir to a persistent directory such as /var/lib/zookeeper"),
                );
            }
        }
    }
}
