//! Marathon as its systemd unit starts it (`tests/inputs/marathon-env/`): `MARATHON_*` and
//! `LIBPROCESS_*` of the unit's `Environment=` and of its `EnvironmentFile=` are the daemon's
//! settings. The clean tree has no finding; the broken tree has exactly its planted mistakes, at
//! the exact place, and a Marathon whose unit does not read its env file is judged without it.

mod common;

use common::{input_tree, lint_json, place as f, places, Place};
use serde_json::Value;

fn tree(rel: &str) -> std::path::PathBuf {
    input_tree(&format!("marathon-env/{rel}"))
}

/// Exit code, every finding's place (sorted) and the JSON report.
fn findings(rel: &str) -> (i32, Vec<Place>, Value) {
    let (code, v) = lint_json(&tree(rel), &[]);
    (code, places(&v), v)
}

#[test]
fn clean_units_give_marathon_its_settings() {
    let (code, found, v) = findings("clean");
    assert_eq!(found, [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 3);
    // The settings come from where the unit says, with their places.
    let hosts = common::run(&tree("clean"), &["hosts", "."]).stdout;
    for want in [
        "hostname = 10.0.0.1  (environment MARATHON_HOSTNAME at m1/etc/systemd/system/marathon.service:6)",
        "http_port = 8080  (command line --http_port at m1/etc/systemd/system/marathon.service:8)",
        "mesos_role = marathon  (environment MARATHON_MESOS_ROLE at m1/etc/default/marathon:3)",
    ] {
        assert!(hosts.contains(want), "{want}\n{hosts}");
    }
}

#[test]
fn broken_units_report_what_marathon_and_libprocess_refuse() {
    let (code, found, v) = findings("broken");
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            // m3's unit does not read etc/default/marathon, so Marathon starts without master/zk.
            f("MF015", "m2/etc/systemd/system/marathon.service", 6, 57),
            f("MF015", "m2/etc/systemd/system/mesos-master.service", 6, 43),
            f("MR001", "m3/etc/systemd/system/marathon.service", 1, 1),
            f("MR002", "m3/etc/systemd/system/marathon.service", 1, 1),
            f("MR005", "m3/etc/default/marathon", 1, 1),
            f("MR010", "m1/etc/systemd/system/marathon.service", 8, 46),
        ],
        "{v:#}"
    );
    let by_code = |c: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == c)
            .cloned()
            .unwrap()
    };
    // Marathon 1.8 turns the env into arguments before the command line's (Main.envToArgs):
    // Scallop then refuses the repeated option, in its own words.
    let repeated = by_code("MR010").to_string();
    assert!(
        repeated.contains("you should provide exactly one argument"),
        "{repeated}"
    );
    // The fix names the path as the host sees it, not the tree's.
    let unread = by_code("MR005").to_string();
    assert!(
        unread.contains("EnvironmentFile=/etc/default/marathon`"),
        "{unread}"
    );
}
