use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{anchor, name};

declare_rule! {
    /// ## What it does
    /// With several Marathon instances in the tree, reports an instance without `hostname`.
    ///
    /// ## Why is this bad?
    /// A non-leading instance proxies API requests to the leader at the name the leader
    /// advertises; without `hostname` that is the JVM's local host name, which often resolves
    /// to a loopback address (`127.0.1.1` in Debian's `etc/hosts`) or not at all
    /// (`UnknownHostException` at start-up).
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:hosts/marathon1/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181/marathon
    /// ```
    /// ```text file:hosts/marathon2/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181/marathon
    /// MARATHON_HOSTNAME=marathon2.example.internal
    /// ```
    /// ### Valid
    /// ```text file:hosts/marathon1/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181/marathon
    /// MARATHON_HOSTNAME=marathon1.example.internal
    /// ```
    /// ```text file:hosts/marathon2/etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181/marathon
    /// MARATHON_HOSTNAME=marathon2.example.internal
    /// ```
    ///
    /// ## How to fix
    /// Set `hostname` on every instance to a name the other instances can resolve and reach.
    ///
    /// ## References
    /// - DOMAIN.md §4.2 (`--hostname` default `InetAddress.getLocalHost`; marathon#1936,
    ///   marathon#2153), §5 P5.
    pub struct HostnameMissing {
        code: "MR004",
        name: "hostname-missing",
        severity: Info,
        summary: "A Marathon instance of several without hostname",
    }
}

impl Rule for HostnameMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let instances: Vec<_> = cx.cluster.marathons().collect();
        if instances.len() < 2 {
            return;
        }
        for host in &instances {
            let Some(m) = &host.marathon else { continue };
            if m.flags.is_set("hostname") {
                continue;
            }
            let Some(span) = anchor(host, m) else {
                continue;
            };
            let others: Vec<&str> = instances
                .iter()
                .filter(|h| !std::ptr::eq(**h, *host))
                .map(|h| name(h))
                .collect();
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "Marathon on {} has no `hostname`, while it runs with instances on {}: leader proxying uses the JVM's local host name",
                        name(host),
                        others.join(", ")
                    ),
                )
                .primary(span, "Marathon configured here without `hostname`")
                .help(format!(
                    "set `hostname` to a name of {} the other instances can resolve and reach",
                    name(host)
                )),
            );
        }
    }
}
