//! The script input forms of `tests/inputs/` (docker run scripts; units, init jobs and start
//! scripts that exec the daemons; ZooKeeper starts that name their config file) linted by the
//! binary: each clean tree has no finding, each broken tree has exactly its planted mistakes,
//! at the exact place.

mod common;

use common::{input_tree, lint_json, place as f, places as findings};
use serde_json::Value;

/// Exit code and JSON report of `mesoslint --format json .` in the tree.
fn lint(rel: &str) -> (i32, Value) {
    lint_json(&input_tree(rel), &[])
}

#[test]
fn docker_run_clean() {
    let (code, v) = lint("docker-run/clean");
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 3);
}

#[test]
fn docker_run_broken() {
    let (code, v) = lint("docker-run/broken");
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        [
            f("IN009", "bin/agent", 6, 6),
            f("MA004", "bin/agent", 4, 27),
            f("MF002", "bin/agent", 5, 60),
            f("MF009", "scripts/master3.env", 3, 16),
            f("MM001", "scripts/masters.sh", 5, 19),
            f("MM010", "bin/agent", 5, 3),
        ],
        "{v:#}"
    );
}

#[test]
fn units_clean() {
    let (code, v) = lint("units/clean");
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 4);
}

#[test]
fn units_broken() {
    let (code, v) = lint("units/broken");
    assert_eq!(code, 1);
    let unit = "m1/etc/systemd/system/mesos-master.service";
    assert_eq!(
        findings(&v),
        [
            f("MF009", "m1/etc/sysconfig/mesos-master", 1, 14),
            f("MM001", unit, 9, 28),
            f("MM005", "m3/usr/local/bin/start-mesos.sh", 5, 48),
            f("MM006", "m2/etc/sysconfig/mesos-master", 1, 14),
        ],
        "{v:#}"
    );
}

#[test]
fn shell_c_clean() {
    let (code, v) = lint("shell-c/clean");
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 3);
}

/// `bash -ec '...'` in a unit, `sh -c "..."` after a `docker run` image and a compose
/// entrypoint `["/bin/sh", "-c"]`: the quorum inside each script is read, at its place.
#[test]
fn shell_c_broken() {
    let (code, v) = lint("shell-c/broken");
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        [
            f("MM001", "m2/scripts/run-master.sh", 5, 95),
            f("MM006", "m2/scripts/run-master.sh", 5, 95),
        ],
        "{v:#}"
    );
}

/// Provisioning scripts are read as the files they create: each script one host.
#[test]
fn provisioning_scripts_clean() {
    let (code, v) = lint("provisioning/clean");
    // the scripts run on several machines, so they name no address: only MM010's notes
    assert_eq!(
        findings(&v),
        [
            f("MM010", "vagrant/agent.sh", 6, 6),
            f("MM010", "vagrant/master.sh", 6, 6),
        ],
        "{v:#}"
    );
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 2);
    assert_eq!(
        v["summary"]["files"], 3,
        "derived files are not counted as read files"
    );
}

#[test]
fn provisioning_scripts_broken() {
    let (code, v) = lint("provisioning/broken");
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        [
            // `$1` in myid's content: named, not guessed
            f("IN012", "vagrant/master.sh", 8, 13),
            // the misspelt flag file: its whole write
            f("MF001", "vagrant/agent.sh", 6, 1),
            f("MM001", "vagrant/master.sh", 6, 6),
            f("MM010", "vagrant/agent.sh", 6, 6),
            f("MM010", "vagrant/master.sh", 6, 6),
        ]
    );
    let mm = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "MM001")
        .unwrap();
    assert_eq!(mm["host"], "vagrant/master.sh");
}

/// Three ways of starting ZooKeeper that name their config file: zkServer.sh with the conf
/// directory beside it (its zookeeper-env.sh sets ZOOCFG, its java.env the JVM flags),
/// zkServer.sh with the unit's ZOOCFGDIR and a config name argument (the package's leftover
/// etc/zookeeper/conf/zoo.cfg is not read), and `java ... QuorumPeerMain <cfg>`.
#[test]
fn zookeeper_start_clean() {
    let (code, v) = lint("zk-start/clean");
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["daemons"]["zookeeper"], 3, "{v:#}");
}

#[test]
fn zookeeper_start_broken() {
    let (code, v) = lint("zk-start/broken");
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        [
            f("IN014", "z3/etc/systemd/system/zookeeper.service", 2, 135),
            f("ZK012", "z1/opt/zookeeper/conf/java.env", 1, 25),
            f("ZK017", "z2/etc/zk/zoo-prod.cfg", 1, 10),
        ],
        "{v:#}"
    );
}
