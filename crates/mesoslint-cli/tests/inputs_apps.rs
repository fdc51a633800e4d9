//! The app trees of `tests/inputs/apps/`, linted by the binary: a three-master, three-agent
//! cluster (ZooKeeper, Mesos and Marathon on the masters; docker and Mesos containerizers with
//! Docker image support on the agents) with apps, a group given as two files, a pod and
//! Chronos jobs gives no finding; its broken sibling has exactly its planted mistakes, at the
//! exact place.

mod common;

use common::{input_tree, lint_json, place as f, places as findings};
use serde_json::Value;

/// Exit code and JSON report of `mesoslint --format json --no-config .` in the tree.
fn lint(rel: &str) -> (i32, Value) {
    lint_json(&input_tree(rel), &["--no-config"])
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
