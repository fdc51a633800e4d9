//! The cluster model on the example trees of the repository.

mod common;

use mesoslint_core::model::{Cluster, SourceKind};
use mesoslint_core::{Config, FileSet};

fn load(dir: &str) -> (FileSet, Config) {
    common::load_tree(&common::repo_path(dir))
}

#[test]
fn ha_cluster_model() {
    let (fs, config) = load("examples/ha-cluster");
    let cluster = Cluster::build(&fs, &config);
    let summary = cluster.summary();
    let names: Vec<_> = summary.hosts.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        ["agent1", "agent2", "agent3", "master1", "master2", "master3"]
    );
    for h in &summary.hosts {
        if h.name.starts_with("master") {
            assert_eq!(h.roles, ["master", "zookeeper", "marathon"], "{}", h.name);
        } else {
            assert_eq!(h.roles, ["agent"], "{}", h.name);
        }
    }
    assert_eq!(summary.masters, 3);
    assert_eq!(summary.quorum, ["2"]);
    assert_eq!(summary.master_failures_tolerated, Some(1));
    assert_eq!(
        summary.zookeeper_voters,
        ["1=master1", "2=master2", "3=master3"]
    );
    assert_eq!(summary.zookeeper_failures_tolerated, Some(1));

    let master1 = cluster.hosts.iter().find(|h| h.name == "master1").unwrap();
    let m = master1.master.as_ref().unwrap();
    let zk = m.flags.get("zk").unwrap();
    assert_eq!(
        zk.value.as_deref(),
        Some("zk://master1:2181,master2:2181,master3:2181/mesos")
    );
    assert_eq!(zk.source.kind, SourceKind::PackageDefault); // ZK= line of the packaged default file
    assert_eq!(fs.path(zk.value_span.unwrap().file), "master1/etc/mesos/zk");
    assert_eq!(m.flags.value("quorum"), Some("2"));
    assert_eq!(m.flags.value("log_dir"), Some("/var/log/mesos"));
    assert_eq!(m.flags.value("port"), Some("5050"));
    assert!(master1.is_named("master1.example.internal"));
    assert!(master1.is_named("10.0.0.11"));
    let zkserver = master1.zookeeper.as_ref().unwrap();
    assert_eq!(zkserver.myid().and_then(|m| m.id()), Some(1));
    let marathon = master1.marathon.as_ref().unwrap();
    assert_eq!(
        marathon.flags.value("zk"),
        Some("zk://master1:2181,master2:2181,master3:2181/marathon")
    );

    let agent2 = cluster.hosts.iter().find(|h| h.name == "agent2").unwrap();
    let a = agent2.agent.as_ref().unwrap();
    assert_eq!(
        a.flags.value("master"),
        Some("zk://master1:2181,master2:2181,master3:2181/mesos")
    );
    assert_eq!(a.flags.value("containerizers"), Some("docker,mesos"));
    assert_eq!(a.flags.value("attributes"), Some("rack:r2"));
    assert!(agent2.fstab.is_some());
}

#[test]
fn broken_cluster_model() {
    let (fs, config) = load("examples/broken-cluster");
    let cluster = Cluster::build(&fs, &config);
    let master1 = cluster.hosts.iter().find(|h| h.name == "master1").unwrap();
    let q = master1
        .master
        .as_ref()
        .unwrap()
        .flags
        .get("quorum")
        .unwrap();
    assert_eq!(q.value.as_deref(), Some("1"));
    assert!(q.is_package_default());
    assert_eq!(
        q.origin(&fs),
        "the package default: etc/mesos-master/quorum is not in this tree"
    );
    let master3 = cluster.hosts.iter().find(|h| h.name == "master3").unwrap();
    assert_eq!(
        master3
            .zookeeper
            .as_ref()
            .unwrap()
            .myid()
            .and_then(|m| m.id()),
        Some(2)
    );
}

#[test]
fn one_host_tree_assumes_masters_from_the_url() {
    let mut fs = FileSet::new();
    fs.add_text("etc/mesos/zk", "zk://a:2181,b:2181,c:2181/mesos\n");
    fs.add_text("etc/mesos-master/quorum", "1\n");
    let cluster = Cluster::build(&fs, &Config::default());
    let count = cluster.masters_count().unwrap();
    assert_eq!(count.count(), 3);
    assert!(count.describe().contains("assumed"));
}
