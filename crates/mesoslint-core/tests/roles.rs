//! Roles come from what starts a daemon, not from stray files (issue 11 item 5).

use mesoslint_core::model::Cluster;
use mesoslint_core::{Config, FileSet};

fn build(files: &[(&str, &str)]) -> (FileSet, Cluster) {
    let mut fs = FileSet::new();
    for (p, t) in files {
        fs.add_text(p, t);
    }
    let cluster = Cluster::build(&fs, &Config::default());
    (fs, cluster)
}

fn roles(c: &Cluster, host: &str) -> Vec<String> {
    let h = c.hosts.iter().find(|h| h.name == host).unwrap();
    h.roles().iter().map(|r| r.as_str().to_string()).collect()
}

#[test]
fn a_stray_marathon_env_file_on_an_agent_is_not_marathon() {
    let (_, c) = build(&[
        ("agent1/etc/mesos-slave/containerizers", "mesos\n"),
        ("agent1/etc/mesos/zk", "zk://m1:2181/mesos\n"),
        (
            "agent1/etc/sysconfig/marathon",
            "MARATHON_MASTER=zk://m1:2181/mesos\n",
        ),
    ]);
    assert_eq!(roles(&c, "agent1"), ["agent"]);
}

#[test]
fn an_agent_with_marathon_started_by_a_unit_runs_marathon() {
    let (_, c) = build(&[
        ("agent1/etc/mesos-slave/containerizers", "mesos\n"),
        (
            "agent1/etc/sysconfig/marathon",
            "MARATHON_MASTER=zk://m1:2181/mesos\n",
        ),
        (
            "agent1/etc/systemd/system/marathon.service",
            "[Service]\nExecStart=/usr/bin/marathon\n",
        ),
    ]);
    assert_eq!(roles(&c, "agent1"), ["agent", "marathon"]);
}

#[test]
fn an_agent_is_never_counted_as_a_master() {
    let (_, c) = build(&[
        ("agent1/etc/mesos-slave/containerizers", "mesos\n"),
        ("agent1/etc/mesos/zk", "zk://m1:2181/mesos\n"),
        ("agent1/etc/default/mesos-master", "MESOS_QUORUM=1\n"),
        (
            "agent1/etc/zookeeper/conf/zoo.cfg",
            "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n",
        ),
    ]);
    assert!(!roles(&c, "agent1").contains(&"master".to_string()));
    // Without the agent, the same leftovers do make a master (package-layout inference).
    let (_, c) = build(&[
        ("m1/etc/mesos/zk", "zk://m1:2181/mesos\n"),
        ("m1/etc/default/mesos-master", "MESOS_QUORUM=1\n"),
    ]);
    assert_eq!(roles(&c, "m1"), ["master"]);
}

#[test]
fn hosts_summary_names_evidence_and_sources() {
    let (fs, c) = build(&[
        ("m1/etc/mesos/zk", "zk://m1:2181/mesos\n"),
        ("m1/etc/mesos-master/quorum", "2\n"),
        ("m1/etc/default/mesos-master", "MESOS_CLUSTER=prod\n"),
    ]);
    let s = c.summary_with_sources(&fs);
    let h = &s.hosts[0];
    let m = h.daemons.iter().find(|d| d.daemon == "master").unwrap();
    assert!(
        m.evidence.contains("m1/etc/mesos-master/quorum"),
        "{}",
        m.evidence
    );
    let q = m.settings.iter().find(|s| s.name == "quorum").unwrap();
    assert_eq!(q.value.as_deref(), Some("2"));
    assert!(
        q.from.contains("m1/etc/mesos-master/quorum:1"),
        "{}",
        q.from
    );
    let cl = m.settings.iter().find(|s| s.name == "cluster").unwrap();
    assert!(
        cl.from.contains("m1/etc/default/mesos-master:1"),
        "{}",
        cl.from
    );
    // The plain summary stays without the per-daemon part.
    assert!(c.summary().hosts[0].daemons.is_empty());
}
