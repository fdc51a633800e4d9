use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a container that runs ZooKeeper but whose configuration mesoslint cannot read:
    /// an image other than the official one (whose `ZOO_*` variables it reads), or a `zoo.cfg`
    /// mounted from outside the tree. Also a unit, init or start script that starts ZooKeeper
    /// with a config file the tree does not hold: the file it names
    /// (`zkServer.sh start-foreground /srv/zk/zoo.cfg`, `java ... QuorumPeerMain <cfg>`), or the
    /// `zoo.cfg` that `ZOOCFGDIR`, `--config` or `ZOOCFG` make it read (`bin/zkEnv.sh`). A
    /// `zoo.cfg` elsewhere in the host's tree is then not what the server reads, and is not
    /// checked as its configuration.
    ///
    /// ## Why is this bad?
    /// The ensemble rules (parity, ids, the quorum of the client URLs) then miss this server:
    /// the container was not checked, and the ensemble it belongs to only partly.
    ///
    /// ## Example
    /// ### Invalid: the configuration is a file outside the tree
    /// ```yaml file:docker-compose.yml
    /// services:
    ///   zk1:
    ///     image: zookeeper:3.5
    ///     volumes:
    ///       - /srv/zk/zoo.cfg:/conf/zoo.cfg
    /// ```
    /// ### Valid: the official image's environment
    /// ```yaml file:docker-compose.yml
    /// services:
    ///   zk1:
    ///     image: zookeeper:3.5
    ///     environment:
    ///       ZOO_MY_ID: 1
    /// ```
    ///
    /// ### Invalid: the unit names a config file the tree does not hold
    /// ```ini file:etc/systemd/system/zookeeper.service
    /// [Service]
    /// ExecStart=/opt/zookeeper/bin/zkServer.sh start-foreground /srv/zk/zoo.cfg
    /// ```
    ///
    /// ## How to fix
    /// Configure the container through the official image's `ZOO_*` variables, or add the
    /// mounted `zoo.cfg` (or the file the unit names) to the linted tree.
    pub struct ZookeeperConfigUnread {
        code: "IN014",
        name: "zookeeper-config-unread",
        severity: Warning,
        summary: "A ZooKeeper container's configuration could not be read",
    }
}

impl Rule for ZookeeperConfigUnread {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for h in &cx.cluster.hosts {
            let Some((why, span)) = &h.zookeeper_unread else {
                continue;
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!("ZooKeeper on `{}` was not checked: {why}", h.name),
                )
                .primary(*span, "configuration not read")
                .help(if h.container.is_some() {
                    "use the official image's ZOO_* variables, or add the zoo.cfg it mounts to the tree"
                } else {
                    "add the config file the start reads to the linted tree, or correct the path it is given"
                }),
            );
        }
    }
}
