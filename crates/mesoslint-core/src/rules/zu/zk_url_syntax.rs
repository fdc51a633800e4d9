use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::FastMap;

use crate::parse::zk_url::{check_marathon_zk, parse_master_value, UrlError};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{sites, Reader};

declare_rule! {
    /// ## What it does
    /// Checks the syntax of every ZooKeeper URL: `etc/mesos/zk`, the master's `zk`, the
    /// agent's `master` and Marathon's `master` and `zk`. A URL must be
    /// `zk://[user:password@]host:port[,host:port...]/path` or `file:///path`; the host must
    /// not be empty, ports must be numbers in 1-65535, and the path must be present and not
    /// `/`. The agent and Marathon's `master` also accept a single `host:port`. Marathon's `zk`
    /// follows Marathon's own pattern (no IPv6, no `file://`, a path required; a server's port
    /// may be left out, and ZooKeeper's client then uses 2181).
    ///
    /// ## Why is this bad?
    /// The master refuses to start ("Failed to parse", "Expecting a (chroot) path for
    /// ZooKeeper ('/' is not supported)"), the agent never finds a master, and Marathon exits
    /// at start-up. A URL read from `etc/mesos/zk` breaks every daemon of the host at once.
    ///
    /// ## Example
    /// ### Invalid: no chroot path
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ### Invalid: a port that is not a number
    /// ```text file:etc/mesos/zk
    /// zk://zk1:21b1/mesos
    /// ```
    /// ```text file:etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Write the URL as `zk://host1:2181,host2:2181,host3:2181/mesos`: every server with its
    /// client port, separated by commas, then the chroot path.
    ///
    /// ## References
    /// - DOMAIN.md §2.3: `zookeeper::URL::parse` (`include/mesos/zookeeper/url.hpp`), master
    ///   contender and detector (`src/master/contender/contender.cpp`,
    ///   `src/master/detector/detector.cpp`).
    /// - DOMAIN.md §4.2: Marathon `ZookeeperConf.ZKUrlPattern`.
    pub struct ZkUrlSyntax {
        code: "ZU001",
        name: "zk-url-syntax",
        severity: Error,
        summary: "A ZooKeeper URL the daemons cannot parse",
    }
}

impl Rule for ZkUrlSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // Each distinct (text, parser) checked once: a large cluster repeats the same URL.
        let mut checked: FastMap<(&str, bool, bool), Result<(), UrlError>> = FastMap::default();
        for site in sites(cx) {
            let Some(span) = site.span else { continue };
            let marathon_zk = site.has(Reader::MarathonZk);
            // The master accepts only zk:// and file://; agents and Marathon's `master`
            // also a libprocess `host:port`. etc/mesos/zk is meant for both: be strict
            // unless agents alone read it.
            let allow_host_port = !site.has(Reader::MasterZk)
                && (site.has(Reader::AgentMaster) || site.has(Reader::MarathonMaster));
            let result = checked
                .entry((site.value, marathon_zk, allow_host_port))
                .or_insert_with(|| {
                    if marathon_zk {
                        check_marathon_zk(site.value).map(|_| ())
                    } else {
                        parse_master_value(site.value, allow_host_port).map(|_| ())
                    }
                });
            let Err(e) = result else { continue };
            let path = cx.files.path(span.file);
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "ZooKeeper URL in `{path}` on {} is malformed: {}",
                        super::util::name(site.host), e.message
                    ),
                )
                .primary(span.sub(e.range.clone()), e.message.clone())
                .note(format!("read by {}", site.readers_text()))
                .help(if site.has(Reader::MarathonZk) {
                    "write zk://host1:2181,host2:2181,host3:2181/marathon"
                } else {
                    "write zk://host1:2181,host2:2181,host3:2181/mesos (or file:///path to a file holding the URL)"
                }),
            );
        }
    }
}
