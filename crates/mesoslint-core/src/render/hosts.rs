//! The text of `mesoslint hosts`: the cluster the engine read (hosts, roles, addresses, what
//! starts each daemon and where each effective setting comes from, the masters' quorum, the
//! ZooKeeper ensemble and the failures each tolerates). The CLI prints it; the WebAssembly
//! engine returns it to the page, so both show one text.

use crate::model::ClusterSummary;

fn tolerates(n: Option<usize>) -> String {
    match n {
        Some(1) => "tolerates 1 failure".into(),
        Some(n) => format!("tolerates {n} failures"),
        None => "failure tolerance unknown".into(),
    }
}

/// The whole text, one line per host, then each host's daemons and settings, then the masters
/// and the ZooKeeper ensemble.
pub fn hosts_text(s: &ClusterSummary) -> String {
    let mut out = format!(
        "{} host{}\n",
        s.hosts.len(),
        if s.hosts.len() == 1 { "" } else { "s" }
    );
    let name_w = s
        .hosts
        .iter()
        .map(|h| h.name.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let root_w = s
        .hosts
        .iter()
        .map(|h| if h.root.is_empty() { 1 } else { h.root.len() })
        .max()
        .unwrap_or(0)
        .max(4);
    if !s.hosts.is_empty() {
        out.push_str(&format!(
            "  {:<name_w$}  {:<root_w$}  {:<28}  ADDRESS\n",
            "NAME", "ROOT", "ROLES"
        ));
    }
    for h in &s.hosts {
        let roles = if h.roles.is_empty() {
            "-".to_string()
        } else {
            h.roles.join(", ")
        };
        let root = if h.root.is_empty() { "." } else { &h.root };
        out.push_str(&format!(
            "  {:<name_w$}  {:<root_w$}  {:<28}  {}\n",
            h.name,
            root,
            roles,
            h.address.as_deref().unwrap_or("-")
        ));
    }
    for h in s.hosts.iter().filter(|h| !h.daemons.is_empty()) {
        out.push_str(&format!("{}:\n", h.name));
        for d in &h.daemons {
            out.push_str(&format!("  {}: {}\n", d.daemon, d.evidence));
            for set in &d.settings {
                out.push_str(&format!(
                    "    {} = {}  ({})\n",
                    set.name,
                    set.value.as_deref().unwrap_or("(unknown)"),
                    set.from
                ));
            }
        }
    }
    let source = if s.masters_source.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.masters_source)
    };
    let quorum = if s.quorum.is_empty() {
        "not set".to_string()
    } else {
        s.quorum.join(" / ")
    };
    out.push_str(&format!(
        "Mesos masters: {}{source}, quorum {quorum}, {}\n",
        s.masters,
        tolerates(s.master_failures_tolerated)
    ));
    // When the masters disagree, say which set holds which value.
    if s.master_quorums.len() > 1 {
        for g in &s.master_quorums {
            out.push_str(&format!(
                "  quorum {} on {}\n",
                g.quorum.as_deref().unwrap_or("not set"),
                g.masters.join(", ")
            ));
        }
    }
    if s.zookeeper_voters.is_empty() {
        out.push_str("ZooKeeper voters: none found\n");
    } else {
        out.push_str(&format!(
            "ZooKeeper voters: {} ({}), {}\n",
            s.zookeeper_voters.len(),
            s.zookeeper_voters.join(", "),
            tolerates(s.zookeeper_failures_tolerated)
        ));
    }
    if !s.zookeeper_observers.is_empty() {
        out.push_str(&format!(
            "ZooKeeper observers: {} ({}), not voting\n",
            s.zookeeper_observers.len(),
            s.zookeeper_observers.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::files::FileSet;
    use crate::model::Cluster;

    fn summary(files: &[(&str, &str)]) -> ClusterSummary {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        Cluster::build(&fs, &Config::default()).summary_with_sources(&fs)
    }

    #[test]
    fn quorum_sets_and_observers_are_shown() {
        let zoo = "dataDir=/var/lib/zookeeper\nclientPort=2181\nserver.1=m1:2888:3888\nserver.2=m2:2888:3888\nserver.3=m3:2888:3888\nserver.4=obs:2888:3888:observer\n";
        let s = summary(&[
            ("m1/etc/mesos-master/quorum", "2\n"),
            ("m1/etc/zookeeper/conf/zoo.cfg", zoo),
            ("m2/etc/mesos-master/quorum", "2\n"),
            ("m3/etc/mesos-master/quorum", "1\n"),
        ]);
        assert_eq!(s.masters, 3);
        assert_eq!(s.quorum, ["1", "2"]);
        assert_eq!(s.master_failures_tolerated, None);
        assert_eq!(s.master_quorums.len(), 2);
        assert_eq!(s.master_quorums[0].masters, ["m3"]);
        assert_eq!(s.master_quorums[1].masters, ["m1", "m2"]);
        assert_eq!(s.zookeeper_voters, ["1=m1", "2=m2", "3=m3"]);
        assert_eq!(s.zookeeper_observers, ["4=obs"]);
        assert_eq!(s.zookeeper_failures_tolerated, Some(1));
        let text = hosts_text(&s);
        assert!(text.starts_with("3 hosts\n"), "{text}");
        assert!(text.contains("Mesos masters: 3 (tree), quorum 1 / 2, failure tolerance unknown\n  quorum 1 on m3\n  quorum 2 on m1, m2\n"), "{text}");
        assert!(
            text.contains("ZooKeeper voters: 3 (1=m1, 2=m2, 3=m3), tolerates 1 failure\n"),
            "{text}"
        );
        assert!(
            text.ends_with("ZooKeeper observers: 1 (4=obs), not voting\n"),
            "{text}"
        );
    }

    #[test]
    fn agreeing_masters_show_one_quorum_line() {
        let s = summary(&[
            ("m1/etc/mesos-master/quorum", "2\n"),
            ("m2/etc/mesos-master/quorum", "2\n"),
            ("m3/etc/mesos-master/quorum", "2\n"),
        ]);
        assert_eq!(s.master_failures_tolerated, Some(1));
        let text = hosts_text(&s);
        assert!(
            text.contains("quorum 2, tolerates 1 failure\nZooKeeper voters: none found\n"),
            "{text}"
        );
        assert!(!text.contains("observers"), "{text}");
    }
}
