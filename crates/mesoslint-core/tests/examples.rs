//! The example clusters of the repository with every rule enabled and their own
//! mesoslint.toml: the HA cluster lints with no findings at all, and the broken cluster shows
//! exactly the findings its README lists, each on the host the README names.

mod common;

use mesoslint_core::{lint, render, FileSet, Report};

fn lint_example(dir: &str) -> (FileSet, Report) {
    let (fs, config) = common::load_tree(&common::repo_path(dir));
    let report = lint(&fs, &config);
    (fs, report)
}

#[test]
fn ha_cluster_has_no_findings() {
    let (fs, report) = lint_example("examples/ha-cluster");
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render::render_report(&fs, &report)
    );
}

#[test]
fn broken_cluster_has_exactly_the_readme_findings() {
    let (fs, report) = lint_example("examples/broken-cluster");
    // (code, path of the primary label), sorted.
    let mut got: Vec<(&str, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let primary = d.labels.iter().find(|l| l.primary).or(d.labels.first());
            let path = primary.map_or(String::new(), |l| fs.path(l.span.file).to_string());
            (d.code, path)
        })
        .collect();
    got.sort();
    let expected = [
        ("AP022", "marathon/apps/web.json"),
        ("MA002", "agent2/etc/mesos-slave/work_dir"),
        ("MA004", "agent1/etc/mesos-slave/containerizers"),
        // The package-default quorum is not in the tree: the finding sits on the ZK URL that
        // makes master1 a master of the shared cluster.
        ("MM001", "master1/etc/mesos/zk"),
        ("MM008", "master2/etc/mesos-master/registry"),
        ("ZK008", "master3/etc/zookeeper/conf/myid"),
        ("ZU003", "master1/etc/marathon/conf/zk"),
        ("ZU003", "master2/etc/marathon/conf/zk"),
        ("ZU003", "master3/etc/marathon/conf/zk"),
    ];
    let expected: Vec<(&str, String)> = expected
        .iter()
        .map(|(c, p)| (*c, (*p).to_string()))
        .collect();
    assert_eq!(got, expected, "{}", render::render_report(&fs, &report));
}
