use super::ensemble::{on_host, opaque_template};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::MyIdLocation;
use crate::parse::has_placeholder;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a `myid` file that ZooKeeper does not read: ZooKeeper reads only
    /// `<dataDir>/myid`. The Debian package makes `/var/lib/zookeeper/myid` a symlink to
    /// `/etc/zookeeper/conf/myid`, so `etc/zookeeper/conf/myid` only counts while `dataDir` is
    /// `/var/lib/zookeeper`. Reported when no `myid` of the host is read and the server runs
    /// in quorum mode (standalone ignores `myid`).
    ///
    /// ## Why is this bad?
    /// The id written with care is never used: in quorum mode ZooKeeper stops with "myid file is
    /// missing" (3.4: "<dataDir>/myid file is missing"), or reads a stale `myid` left in the
    /// real `dataDir` by an earlier install and joins the ensemble under the wrong id.
    ///
    /// ## Example
    /// ### Invalid: dataDir moved, myid left in the conf directory
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/data/zookeeper
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:etc/zookeeper/conf/myid
    /// 1
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:etc/zookeeper/conf/myid
    /// 1
    /// ```
    ///
    /// ## How to fix
    /// Put `myid` into `<dataDir>/myid` (or make that path a symlink to the conf copy), or set
    /// `dataDir=/var/lib/zookeeper` so the package's symlink applies.
    ///
    /// ## References
    /// - `QuorumPeerConfig.setupMyId` / release-3.4.14 `parseProperties`: `new File(dataDir,
    ///   "myid")`; "myid file is missing".
    /// - Debian `zookeeper` package: `/var/lib/zookeeper/myid` -> `/etc/zookeeper/conf/myid`;
    ///   DOMAIN.md §3.4 and §3.5.
    pub struct MyidNotRead {
        code: "ZK011",
        name: "myid-not-read",
        severity: Warning,
        summary: "A myid file sits where ZooKeeper does not read it",
    }
}

impl Rule for MyidNotRead {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            if zk.myid().is_some() || !(zk.quorum_mode() || opaque_template(cx.files, zk)) {
                continue;
            }
            let Some(dd) = zk.get("dataDir") else {
                continue;
            };
            let data_dir = dd.trimmed_value();
            if data_dir.is_empty() || has_placeholder(data_dir) {
                continue;
            }
            let wanted = format!("{}/myid", data_dir.trim_end_matches('/'));
            for m in zk.myids.iter().filter(|m| !m.read) {
                let path = cx.files.path(m.file);
                let why = match m.location {
                    MyIdLocation::ConfDir => "the package's /var/lib/zookeeper/myid symlink points here, but dataDir is not /var/lib/zookeeper",
                    MyIdLocation::VarLib => "this is /var/lib/zookeeper/myid, but dataDir is elsewhere",
                    MyIdLocation::DataDir => "this is not under dataDir",
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{path}{} is not read: ZooKeeper reads {wanted} (dataDir {data_dir})",
                            on_host(host)
                        ),
                    )
                    .primary(Span::file_start(m.file), format!("not read: {why}"))
                    .secondary(zk.value_span(dd), format!("ZooKeeper reads {wanted}"))
                    .help(format!(
                        "write the id to {wanted} (or symlink it to this file), or set dataDir=/var/lib/zookeeper"
                    )),
                );
            }
        }
    }
}
