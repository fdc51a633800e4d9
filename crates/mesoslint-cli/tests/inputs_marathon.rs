//! Marathon as its systemd unit starts it (`tests/inputs/marathon-env/`): `MARATHON_*` and
//! `LIBPROCESS_*` of the unit's `Environment=` and of its `EnvironmentFile=` are the daemon's
//! settings. The clean tree has no finding; the broken tree has exactly its planted mistakes, at
//! the exact place, and a Marathon whose unit does not read its env file is judged without it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mesoslint");

fn tree(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/inputs/marathon-env")
        .join(rel)
}

fn run(rel: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(tree(rel))
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run mesoslint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A finding's code and the path, line and column of its primary label.
type Place = (String, String, u64, u64);

/// Exit code, every finding's place (sorted) and the JSON report.
fn findings(rel: &str) -> (i32, Vec<Place>, Value) {
    let (code, stdout) = run(rel, &[".", "--format", "json"]);
    let v: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let l = &f["labels"][0];
            (
                f["code"].as_str().unwrap_or("").to_string(),
                l["path"].as_str().unwrap_or("").to_string(),
                l["start"]["line"].as_u64().unwrap_or(0),
                l["start"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    (code, out, v)
}

fn f(code: &str, path: &str, line: u64, column: u64) -> Place {
    (code.to_string(), path.to_string(), line, column)
}

#[test]
fn clean_units_give_marathon_its_settings() {
    let (code, found, v) = findings("clean");
    assert_eq!(found, [], "{v:#}");
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["hosts"], 3);
    // The settings come from where the unit says, with their places.
    let (_, hosts) = run("clean", &["hosts", "."]);
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
