//! The app trees of `tests/inputs/apps/`, linted by the binary: a three-master, three-agent
//! cluster (ZooKeeper, Mesos and Marathon on the masters; docker and Mesos containerizers with
//! Docker image support on the agents) with apps, a group given as two files, a pod and
//! Chronos jobs gives no finding; its broken sibling has exactly its planted mistakes, at the
//! exact place.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mesoslint");

/// Exit code and JSON report of `mesoslint --format json --no-config .` in the tree.
fn lint(rel: &str) -> (i32, Value) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/inputs")
        .join(rel);
    let out = Command::new(BIN)
        .args([".", "--format", "json", "--no-config"])
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run mesoslint");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// (code, path, line, column) of every finding's primary label, sorted.
fn findings(v: &Value) -> Vec<(String, String, u64, u64)> {
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
    out
}

fn f(code: &str, path: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (code.to_string(), path.to_string(), line, column)
}

#[test]
fn apps_clean_cluster_with_apps_group_pod_and_jobs() {
    let (code, v) = lint("apps/clean");
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(code, 0);
    let s = &v["summary"];
    assert_eq!(s["hosts"], 6);
    assert_eq!(s["daemons"]["mesos-master"], 3, "{s:#}");
    assert_eq!(s["daemons"]["mesos-agent"], 3);
    assert_eq!(s["daemons"]["marathon"], 3);
    // /shop/api, /shop/worker, /shop/web, /ops/metrics and two Chronos jobs
    let text = s["text"].as_str().unwrap();
    assert!(text.contains("6 app definitions"), "{text}");
}

#[test]
fn apps_broken() {
    let (code, v) = lint("apps/broken");
    assert_eq!(code, 1);
    let group = "marathon/shop/group.json";
    let web = "marathon/shop/web.json";
    assert_eq!(
        findings(&v),
        [
            // networks with container.docker.network
            f("AP006", web, 9, 85),
            // the dependent job names a parent that is not in the tree
            f("AP011", "chronos/cleanup.json", 3, 76),
            // a Docker image in a pod, agents without image_providers=docker
            f("AP020", "marathon/ops/metrics-pod.json", 10, 25),
            // 16 GiB on 8 GiB agents
            f("AP024", group, 9, 14),
            // /shop/web and /shop/api (two files of one group) both fix host port 31080
            f("AP027", web, 10, 58),
            // a pod in a /v2/groups document
            f("AP028", group, 27, 12),
        ],
        "{v:#}"
    );
}
