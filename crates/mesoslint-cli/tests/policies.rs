//! Site policies end to end: the issue's scenario on a clean three-master, three-agent tree
//! (examples/ha-cluster without its agent attributes), and the subcommands that show them.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{copy_dir_if, example, run_env, Out};

fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[("NO_COLOR", "1")], None)
}

/// examples/ha-cluster copied into `to`, without `attributes/` directories and its own config.
fn copy_cluster(from: &Path, to: &Path) {
    copy_dir_if(from, to, &|name, is_dir| {
        if is_dir {
            name != "attributes"
        } else {
            name != "mesoslint.toml" && !name.ends_with(".md")
        }
    });
}

const POLICY: &str = r#"[target]
mesos = "1.11"
marathon = "1.4"
zookeeper = "3.4"

[[policy]]
code = "SITE001"
summary = "every agent declares its rack and zone"
daemon = "mesos-agent"
setting = "attributes"
require = true
match = '(.*;)?rack:[^;]+;(.*;)?zone:[^;]+(;.*)?'
message = "{host} must declare rack and zone attributes"

[[policy.example]]
fails = true
value = "rack:r1"

[[policy.example]]
fails = false
value = "rack:r1;zone:eu-1"
"#;

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_cluster(&example("ha-cluster"), dir.path());
    // A repository root, so discovery stops here.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("mesoslint.toml"), POLICY).unwrap();
    dir
}

fn site_findings(out: &Out) -> Vec<Value> {
    let doc: Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SITE001")
        .cloned()
        .collect()
}

#[test]
fn each_agent_fails_then_passes_with_attributes() {
    let dir = tree();
    // Without the policy the tree is clean.
    let out = run(dir.path(), &["--no-config", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = run(dir.path(), &["--format", "json", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let found = site_findings(&out);
    let mut hosts: Vec<String> = found
        .iter()
        .map(|f| {
            let label = &f["labels"][0];
            assert_eq!(label["primary"], true);
            assert!(label["start"]["line"].as_u64().unwrap() >= 1);
            label["path"]
                .as_str()
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    hosts.sort();
    assert_eq!(hosts, ["agent1", "agent2", "agent3"], "{found:#?}");
    assert!(found.iter().all(|f| f["message"]
        == format!(
            "{} must declare rack and zone attributes",
            f["labels"][0]["path"]
                .as_str()
                .unwrap()
                .split('/')
                .next()
                .unwrap()
        )));
    // The human output names the code and the explain hint.
    let human = run(dir.path(), &["."]);
    assert!(human.stdout.contains("error[SITE001]"), "{}", human.stdout);
    assert!(human.stdout.contains("see: mesoslint explain SITE001"));
    // A rack only: `match` fails on the file that sets it.
    for a in ["agent1", "agent2", "agent3"] {
        let d = dir.path().join(a).join("etc/mesos-slave/attributes");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("rack"), "r1\n").unwrap();
    }
    let out = run(dir.path(), &["--format", "json", "."]);
    let found = site_findings(&out);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|f| f["labels"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("attributes/rack")));
    // Rack and zone: clean.
    for a in ["agent1", "agent2", "agent3"] {
        std::fs::write(
            dir.path().join(a).join("etc/mesos-slave/attributes/zone"),
            "eu-1\n",
        )
        .unwrap();
    }
    let out = run(dir.path(), &["."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn bad_regex_exits_2_with_its_place() {
    let dir = tree();
    let bad = POLICY.replace("match = '(.*;)?rack", "match = '(.*;?rack");
    std::fs::write(dir.path().join("mesoslint.toml"), &bad).unwrap();
    let out = run(dir.path(), &["."]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("invalid regular expression in `match`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("mesoslint.toml:12:9"), "{}", out.stderr);
    // Every command that reads the file refuses it the same way.
    for args in [
        &["rules"][..],
        &["explain", "SITE001"],
        &["policies", "--test"],
    ] {
        assert_eq!(run(dir.path(), args).code, 2, "{args:?}");
    }
    let unknown = POLICY.replace("setting = \"attributes\"", "setting = \"attributs\"");
    std::fs::write(dir.path().join("mesoslint.toml"), &unknown).unwrap();
    let out = run(dir.path(), &["."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `attributes`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn selection_sarif_rules_explain_and_examples() {
    let dir = tree();
    assert_eq!(run(dir.path(), &["--ignore", "SITE001", "."]).code, 0);
    let only = run(
        dir.path(),
        &["--select", "SITE001", "--format", "json", "."],
    );
    assert_eq!(site_findings(&only).len(), 3);
    assert_eq!(run(dir.path(), &["--select", "SITE009", "."]).code, 2);
    let sarif: Value =
        serde_json::from_str(&run(dir.path(), &["--format", "sarif", "."]).stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let (i, rule) = rules
        .iter()
        .enumerate()
        .find(|(_, r)| r["id"] == "SITE001")
        .expect("SITE001 in SARIF rules");
    assert_eq!(
        rule["shortDescription"]["text"],
        "every agent declares its rack and zone"
    );
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .filter(|r| r["ruleId"] == "SITE001")
        .all(|r| r["ruleIndex"] == i));
    let listed = run(dir.path(), &["rules"]);
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l.starts_with("SITE001") && l.contains("(site policy)")),
        "{}",
        listed.stdout
    );
    let explained = run(dir.path(), &["explain", "site001"]);
    assert_eq!(explained.code, 0);
    assert!(explained
        .stdout
        .contains("# SITE001: every agent declares its rack and zone"));
    assert!(explained.stdout.contains("line 7"), "{}", explained.stdout);
    let tested = run(dir.path(), &["policies", "--test"]);
    assert_eq!(tested.code, 0, "{}", tested.stdout);
    assert!(
        tested.stdout.ends_with("2 examples, 2 passed, 0 failed\n"),
        "{}",
        tested.stdout
    );
    let wrong = POLICY.replace("fails = false", "fails = true");
    std::fs::write(dir.path().join("mesoslint.toml"), wrong).unwrap();
    let tested = run(dir.path(), &["policies", "--test"]);
    assert_eq!(tested.code, 1, "{}", tested.stdout);
    assert!(
        tested.stdout.contains("FAILED  SITE001 example 2"),
        "{}",
        tested.stdout
    );
}

#[test]
fn the_site_policies_example_shows_one_finding_and_its_examples_pass() {
    let dir = example("site-policies");
    let out = run(&dir, &["--format", "json", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let got: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["labels"][0]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            "SITE001".to_string(),
            "agent3/etc/mesos-slave/attributes/rack".to_string()
        )]
    );
    let tested = run(&dir, &["policies", "--test"]);
    assert_eq!(tested.code, 0, "{}", tested.stdout);
    assert!(
        tested.stdout.ends_with("8 examples, 8 passed, 0 failed\n"),
        "{}",
        tested.stdout
    );
}
