use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{failures, lines_span, on, tolerated, voter_groups};

declare_rule! {
    /// ## What it does
    /// Reports a ZooKeeper ensemble with an even number of voting servers, four or more
    /// (`server.N` lines that are not `:observer`). An ensemble seen identically from several
    /// hosts is reported once, on the first host's server lines, with the other hosts' lists
    /// as secondary labels. Two voters are reported by ZK002 instead.
    ///
    /// ## Why is this bad?
    /// ZooKeeper serves only while a majority of its voters, `floor(N/2)+1`, is up. Four
    /// voters need three, so they survive one failure, exactly like three voters; six survive
    /// two, like five. The extra server adds a machine that can fail and slows every write
    /// (more acknowledgements to wait for) without tolerating one more failure. ZooKeeper
    /// itself logs "Non-optimal configuration, consider an odd number of servers."
    ///
    /// ## Example
    /// ### Invalid: four voters
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// server.4=zk4:2888:3888
    /// ```
    /// ### Valid: the fourth server is an observer
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=10
    /// syncLimit=5
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// server.4=zk4:2888:3888:observer
    /// ```
    ///
    /// ## How to fix
    /// Use an odd number of voters: remove one, add one (five voters survive two failures),
    /// or turn one into an observer (append `:observer` to its line on every host and set
    /// `peerType=observer` in that server's own `zoo.cfg`). Observers serve reads and do not
    /// vote.
    ///
    /// ## References
    /// - ZooKeeper Administrator's Guide, "Clustered (Multi-Server) Setup" and "Cross Machine
    ///   Requirements": a majority is needed; "it is strongly recommended that you have an odd
    ///   number of servers".
    /// - `QuorumPeerConfig.parseProperties` / `checkValidity`: the "Non-optimal configuration"
    ///   warning for an even number of participants.
    pub struct EnsembleEvenSize {
        code: "ZK001",
        name: "ensemble-even-size",
        severity: Warning,
        summary: "A ZooKeeper ensemble has an even number of voters (4 or more)",
    }
}

impl Rule for EnsembleEvenSize {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for group in voter_groups(cx.files, cx.cluster) {
            let n = group.voters();
            if n < 4 || n % 2 != 0 {
                continue;
            }
            let Some((first_host, first_zk, first_voters)) = group.members.first() else {
                continue;
            };
            let Some(primary) = lines_span(first_zk, first_voters.iter().copied()) else {
                continue;
            };
            let f = tolerated(n);
            let majority = n / 2 + 1;
            let hosts = if group.members.len() > 1 {
                format!(" (zoo.cfg of {})", group.host_names())
            } else {
                String::new()
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "{n} ZooKeeper voters tolerate {}, no more than {} would{hosts}",
                    failures(f),
                    n - 1
                ),
            )
            .primary(
                primary,
                format!(
                    "{n} voters{}: {majority} must be up, so {} tolerated",
                    on(first_host),
                    failures(f)
                ),
            );
            for (host, zk, voters) in group.members.iter().skip(1) {
                if let Some(span) = lines_span(zk, voters.iter().copied()) {
                    d = d.secondary(span, format!("the same {n} voters on {}", host.name));
                }
            }
            d = d
                .note(format!(
                    "a majority of {n} voters is {majority}, of {} voters {}: both survive {}",
                    n - 1,
                    (n - 1) / 2 + 1,
                    failures(f)
                ))
                .help(format!(
                    "use an odd number of voters: remove one, add one ({} voters tolerate {}), or append `:observer` to one server's line on every host",
                    n + 1,
                    failures(tolerated(n + 1))
                ));
            sink.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    fn cfg(servers: &[&str]) -> String {
        let mut s = String::from("dataDir=/var/lib/zookeeper\nclientPort=2181\n");
        for (i, v) in servers.iter().enumerate() {
            s.push_str(&format!("server.{}={v}\n", i + 1));
        }
        s
    }

    #[test]
    fn counts() {
        let four = cfg(&["a:1:2", "b:1:2", "c:1:2", "d:1:2"]);
        let d = run("ZK001", &[("etc/zookeeper/conf/zoo.cfg", &four)]);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .contains("4 ZooKeeper voters tolerate 1 failure, no more than 3 would"));
        let six = cfg(&["a:1:2", "b:1:2", "c:1:2", "d:1:2", "e:1:2", "f:1:2"]);
        let d = run("ZK001", &[("etc/zookeeper/conf/zoo.cfg", &six)]);
        assert!(d[0].message.contains("tolerate 2 failures, no more than 5"));
        for ok in [
            cfg(&["a:1:2", "b:1:2", "c:1:2"]),
            cfg(&["a:1:2", "b:1:2"]),
            cfg(&["a:1:2", "b:1:2", "c:1:2", "d:1:2:observer"]),
            cfg(&[]),
            String::new(),
        ] {
            assert!(run("ZK001", &[("etc/zookeeper/conf/zoo.cfg", &ok)]).is_empty());
        }
    }

    #[test]
    fn once_per_ensemble() {
        let four = cfg(&["a:1:2", "b:1:2", "c:1:2", "d:1:2"]);
        let tree: Vec<(String, &str)> = ["a", "b", "c", "d"]
            .iter()
            .map(|h| {
                (
                    format!("hosts/{h}/etc/zookeeper/conf/zoo.cfg"),
                    four.as_str(),
                )
            })
            .collect();
        let tree: Vec<(&str, &str)> = tree.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let d = run("ZK001", &tree);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].labels.len(), 4);
    }

    #[test]
    fn unknown_or_hostile() {
        let t = "server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\nserver.4={{ zk4 }}:1:2\n";
        assert!(run("ZK001", &[("etc/zookeeper/conf/zoo.cfg.j2", t)]).is_empty());
        let bad = "server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:x:2\nserver.4=d:1:2\n";
        assert!(run("ZK001", &[("etc/zookeeper/conf/zoo.cfg", bad)]).is_empty());
        let junk = "server.é=\u{0}\n\\\nserver.1=[::1\n";
        assert!(run("ZK001", &[("etc/zookeeper/conf/zoo.cfg", junk)]).is_empty());
    }
}
