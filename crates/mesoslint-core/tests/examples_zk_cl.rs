//! The ZooKeeper-ensemble (ZK009-ZK016) and cluster-shape (CL) rules on the example trees:
//! the HA cluster lints clean, the broken one shows only its intended ZooKeeper findings.

mod common;

use mesoslint_core::{lint, render, Config, FileSet};

const RULES: &[&str] = &[
    "ZK009", "ZK010", "ZK011", "ZK012", "ZK013", "ZK014", "ZK015", "ZK016", "CL001", "CL002",
];

fn load(dir: &str) -> (FileSet, Config) {
    let (fs, mut config) = common::load_tree(&common::repo_path(dir));
    config.select = RULES.iter().map(|s| s.to_string()).collect();
    config.ignore.clear();
    (fs, config)
}

#[test]
fn ha_cluster_is_clean() {
    let (files, config) = load("examples/ha-cluster");
    let report = lint(&files, &config);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render::render_report(&files, &report)
    );
}

#[test]
fn broken_cluster_has_no_unintended_findings() {
    let (files, config) = load("examples/broken-cluster");
    let report = lint(&files, &config);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render::render_report(&files, &report)
    );
}

#[test]
fn hostile_zoo_cfg_does_not_panic() {
    let long_line = format!("server.1={}:2888:3888\n", "h".repeat(100_000));
    let many = (0..3000)
        .map(|i| format!("server.{i}=zk{}:2888:3888\n", i % 7))
        .collect::<String>();
    let inputs: Vec<String> = vec![
        String::new(),
        "=\n:\n \n#\n!\n\\".into(),
        "server.=\nserver.x=a:b:c\nserver.99999999999999999999=::\n".into(),
        "tickTime=é\nminSessionTimeout=-1\nmaxSessionTimeout=-9223372036854775808\n".into(),
        "tickTime=9223372036854775807\nminSessionTimeout=1\n".into(),
        "dataDir=/tmp\u{0}\nclientPort=21\u{fffd}81 # ü\nserver.1=[::1:2888:3888\n".into(),
        "server.1=zk1:2888:3888\\\n".into(),
        long_line,
        many,
    ];
    for (n, text) in inputs.iter().enumerate() {
        for other in ["", "server.1=zk9:2888:3888\nserver.5=zk1:1:2\n"] {
            let mut files = FileSet::new();
            files.add_text("hosts/a/etc/zookeeper/conf/zoo.cfg", text);
            files.add_text("hosts/b/etc/zookeeper/conf/zoo.cfg", other);
            files.add_text("hosts/b/etc/mesos-slave/zk_session_timeout", "1ns");
            files.add_text("hosts/a/etc/mesos/zk", "zk://a:2181,b,localhost/mesos");
            files.add_text("hosts/a/etc/zookeeper/conf/myid", "é");
            let config = Config {
                select: RULES.iter().map(|s| s.to_string()).collect(),
                ..Config::default()
            };
            let report = lint(&files, &config);
            let _ = render::render_report(&files, &report);
            let _ = n;
        }
    }
}
