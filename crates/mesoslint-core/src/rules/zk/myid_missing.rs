use super::ensemble::{on_host, opaque_template};
use super::facts::{plain_value, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a server in quorum mode (two or more participants, or `standaloneEnabled=false`
    /// with one) whose `<dataDir>/myid` is missing from a tree that does hold the data
    /// directory (other files below it). A tree without the data directory leaves `myid` to
    /// provisioning and is not judged; a `myid` in the wrong place is ZK011's.
    ///
    /// ## Why is this bad?
    /// `QuorumPeerConfig.checkValidity` stops the server: "myid file is missing" (3.4:
    /// "<dataDir>/myid file is missing").
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=5
    /// syncLimit=2
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:var/lib/zookeeper/version-2/acceptedEpoch
    /// 1
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
    /// ```text file:var/lib/zookeeper/myid
    /// 1
    /// ```
    ///
    /// ## How to fix
    /// Write this server's id, alone on the first line, to `<dataDir>/myid`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.setupMyId` and `checkValidity` (release-3.4.14 to release-3.9.5).
    pub struct MyIdMissing {
        code: "ZK024",
        name: "myid-missing",
        severity: Error,
        summary: "A quorum server whose data directory in the tree has no myid",
    }
}

impl Rule for MyIdMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            if !zk.myids.is_empty() || opaque_template(cx.files, zk) {
                continue;
            }
            let standalone_off = ver.at_least(3, 5, 0)
                && zk
                    .get("standaloneEnabled")
                    .and_then(plain_value)
                    .is_some_and(|v| v.eq_ignore_ascii_case("false"));
            let voters = zk.participants().count();
            if voters < 2 && !(standalone_off && voters == 1) {
                continue;
            }
            let Some(p) = zk.get("dataDir") else { continue };
            let Some(dir) = plain_value(p) else { continue };
            let Some(rel) = dir.strip_prefix('/') else {
                continue;
            };
            let rel = rel.trim_end_matches('/');
            if rel.is_empty() {
                continue;
            }
            let prefix = format!("{rel}/");
            if !host.files.iter().any(|f| f.rel.starts_with(&prefix)) {
                continue; // the tree does not show the data directory
            }
            let said = if ver.at_least(3, 5, 0) {
                "myid file is missing".to_string()
            } else {
                format!("{dir}/myid file is missing")
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "no {dir}/myid{} although the tree holds the data directory and {} lists {voters} participants: ZooKeeper exits with \"{said}\"",
                        on_host(host),
                        cx.files.path(zk.cfg)
                    ),
                )
                .primary(zk.value_span(p), "no myid in this directory")
                .help(format!("write this server's id to {dir}/myid"))
                .note(ver.note("3.4 and later")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const T: &str = "dataDir=/var/lib/zookeeper\ninitLimit=5\nsyncLimit=2\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n";

    #[test]
    fn only_when_the_data_directory_is_shown() {
        assert!(run("ZK024", &[(CFG, T)]).is_empty());
        let data = ("var/lib/zookeeper/version-2/currentEpoch", "1\n");
        assert_eq!(run("ZK024", &[(CFG, T), data]).len(), 1);
        assert!(run(
            "ZK024",
            &[(CFG, T), data, ("var/lib/zookeeper/myid", "1\n")]
        )
        .is_empty());
    }
}
