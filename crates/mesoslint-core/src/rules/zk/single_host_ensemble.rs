use super::ensemble::on_host;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::etc_hosts::is_loopback;
use crate::parse::has_placeholder;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports an ensemble whose voting servers (`server.N` participants, two or more) all run
    /// on the same host, told apart only by their ports. Loopback names (`localhost`,
    /// `127.0.0.1`, ...) count as one host.
    ///
    /// ## Why is this bad?
    /// Several servers on one machine look like a fault-tolerant quorum but fail together: one
    /// machine failure, reboot or full disk takes the whole ensemble, and with it the Mesos
    /// leader election and Marathon. It is a test set-up left in production.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// server.1=localhost:2888:3888
    /// server.2=localhost:2889:3889
    /// server.3=localhost:2890:3890
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    ///
    /// ## How to fix
    /// Run the voting servers on different machines (three or five), each with its own
    /// `server.N` host.
    ///
    /// ## References
    /// - ZooKeeper Administrator's Guide, "Cross Machine Requirements": the servers of an
    ///   ensemble should run on separate machines so one failure does not stop the service.
    /// - DOMAIN.md §3.4 (quorum math).
    pub struct SingleHostEnsemble {
        code: "ZK014",
        name: "single-host-ensemble",
        severity: Warning,
        summary: "Every voting ZooKeeper server runs on the same host",
    }
}

fn host_key(host: &str) -> String {
    if is_loopback(host) {
        "localhost".into()
    } else {
        host.trim_end_matches('.').to_ascii_lowercase()
    }
}

impl Rule for SingleHostEnsemble {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            let voters: Vec<_> = zk.participants().collect();
            if voters.len() < 2 {
                continue;
            }
            let mut specs = Vec::new();
            for e in &voters {
                let Ok(spec) = &e.spec else { continue };
                if has_placeholder(&spec.host) || spec.address_count > 1 {
                    // Unknown host, or several addresses: cannot tell.
                    specs.clear();
                    break;
                }
                specs.push((e, spec));
            }
            if specs.len() != voters.len() {
                continue;
            }
            let Some((_, first)) = specs.first() else {
                continue;
            };
            let key = host_key(&first.host);
            if !specs.iter().all(|(_, s)| host_key(&s.host) == key) {
                continue;
            }
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "all {} voting servers in {}{} run on the same host `{}`: one machine failure stops the ensemble",
                    specs.len(),
                    cx.files.path(zk.cfg),
                    on_host(host),
                    first.host.chars().take(80).collect::<String>()
                ),
            );
            for (i, (e, s)) in specs.iter().enumerate() {
                let span = e.value_span.sub(s.host_range.clone());
                if i == 0 {
                    d = d.primary(span, "same host as every other voter");
                } else {
                    d = d.secondary(span, "same host");
                }
            }
            sink.report(d.help(
                "run the voting servers on separate machines and give each server.N line its own host",
            ));
        }
    }
}
