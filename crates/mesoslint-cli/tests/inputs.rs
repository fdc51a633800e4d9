//! The fixture trees of tests/inputs/ (compose formats 2.x and 3.x, anchors and merge keys,
//! env_file, list and map environment, command flags, the ZooKeeper image's environment),
//! linted by the binary: codes and lines of the findings, the summary, the exit code; and the
//! "never a silent clean" behaviour (IN011, `--no-hosts`, `no-hosts` in mesoslint.toml).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mesoslint");

fn inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/inputs")
}

/// Lint `tree` (under tests/inputs) as JSON: (exit code, document).
fn lint_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["--format", "json", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

/// (code, line) of every finding, sorted.
fn codes_lines(doc: &Value) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["labels"]
                .as_array()
                .and_then(|l| l.first())
                .map_or(0, |l| l["start"]["line"].as_u64().unwrap_or(0));
            (f["code"].as_str().unwrap().to_string(), line)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn compose_clean_format_3_with_anchors_env_file_and_command_flags() {
    let (code, doc) = lint_json(&inputs(), &["compose-clean"]);
    assert_eq!(codes_lines(&doc), Vec::<(String, u64)>::new(), "{doc:#}");
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["hosts"], 7);
    assert_eq!(doc["summary"]["daemons"]["mesos-master"], 3);
    assert_eq!(doc["summary"]["daemons"]["mesos-agent"], 1);
    assert_eq!(doc["summary"]["daemons"]["zookeeper"], 3);
}

#[test]
fn compose_broken_format_2_quorum_missing_env_file_and_flag_typo() {
    let (code, doc) = lint_json(&inputs(), &["compose-broken"]);
    let found = codes_lines(&doc);
    for expected in [("MM001", 7), ("IN013", 19), ("MF001", 25)] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1)),
            "{expected:?} missing from {found:?}"
        );
    }
    assert_eq!(code, 1);
    // `--hostname=${MASTER3_HOSTNAME}` is not judged, and the summary counts it
    assert_eq!(doc["summary"]["templated_skipped"], 1, "{doc:#}");
    let text = doc["summary"]["text"].as_str().unwrap();
    assert!(text.ends_with("; 1 templated setting skipped"), "{text}");
}

#[test]
fn zookeeper_image_environment_clean_and_broken() {
    let (code, doc) = lint_json(&inputs(), &["zk-env-clean"]);
    assert_eq!(codes_lines(&doc), Vec::<(String, u64)>::new(), "{doc:#}");
    assert_eq!(
        (code, doc["summary"]["daemons"]["zookeeper"].clone()),
        (0, 3.into())
    );

    let (code, doc) = lint_json(&inputs(), &["zk-env-broken"]);
    let found = codes_lines(&doc);
    for expected in [("ZK002", 8), ("ZK017", 9), ("ZK008", 13), ("IN014", 18)] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1)),
            "{expected:?} missing from {found:?}"
        );
    }
    assert_eq!(code, 1);
}

#[test]
fn a_tree_with_no_host_fails_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("k8s")).unwrap();
    std::fs::write(
        dir.path().join("k8s/master.yaml"),
        "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  env:\n    - name: MESOS_QUORUM\n      value: \"1\"\n",
    )
    .unwrap();
    let (code, doc) = lint_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        codes_lines(&doc),
        [("IN011".to_string(), 0), ("IN012".to_string(), 5)]
    );
    assert_eq!(
        doc["summary"]["text"],
        "1 error, 1 warning in 0 hosts running no daemon"
    );

    let (code, doc) = lint_json(dir.path(), &["--no-hosts", "warning"]);
    assert_eq!(code, 0);
    assert_eq!(doc["findings"][0]["severity"], "warning");

    // the same from mesoslint.toml (the flag wins over it)
    std::fs::write(dir.path().join("mesoslint.toml"), "no-hosts = \"ignore\"\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, text) = run(&[]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("IN011"), "{text}");
    let (code, text) = run(&["--no-hosts", "error"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("IN011"), "{text}");
    std::fs::write(
        dir.path().join("mesoslint.toml"),
        "no-hosts = \"sometimes\"\n",
    )
    .unwrap();
    assert_eq!(run(&[]).0, 2);
}

/// docs/inputs.md cannot rot: every ```` ``` file:<path> ```` block is written to a tree, one
/// tree per section, and linted; each section's example reads at least one host (or, for app
/// definitions, one app) and has no finding.
#[test]
fn docs_inputs_examples_lint_clean() {
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/inputs.md");
    let doc = std::fs::read_to_string(doc_path).unwrap();
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut current: Option<(String, String)> = None; // (path, text) of an open block
    for line in doc.lines() {
        if let Some((path, text)) = current.as_mut() {
            if line.starts_with("```") {
                let (path, text) = (std::mem::take(path), std::mem::take(text));
                sections
                    .last_mut()
                    .expect("a block under a heading")
                    .1
                    .push((path, text));
                current = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            sections.push((h.to_string(), Vec::new()));
        } else if let Some(info) = line.strip_prefix("```") {
            if let Some(path) = info
                .split_whitespace()
                .find_map(|w| w.strip_prefix("file:"))
            {
                current = Some((path.to_string(), String::new()));
            }
        }
    }
    let with_examples: Vec<&str> = sections
        .iter()
        .filter(|(_, files)| !files.is_empty())
        .map(|(h, _)| h.as_str())
        .collect();
    assert_eq!(with_examples.len(), 11, "{with_examples:?}");
    for (heading, files) in &sections {
        if files.is_empty() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (code, doc) = lint_json(dir.path(), &[]);
        assert_eq!(
            codes_lines(&doc),
            Vec::<(String, u64)>::new(),
            "{heading}: {doc:#}"
        );
        assert_eq!(code, 0, "{heading}");
        let read = &doc["summary"];
        assert!(
            read["hosts"].as_u64() >= Some(1) || read["definitions"].as_u64() >= Some(1),
            "{heading}: nothing read: {doc:#}"
        );
        if heading.starts_with("Templates") {
            assert!(
                doc["summary"]["templated_skipped"].as_u64() >= Some(1),
                "{doc:#}"
            );
        }
    }
}

/// A compose template whose tags sit only inside values is read (the templated values skipped
/// and counted); one with template logic stays unread and is named (IN012).
#[test]
fn compose_templates_read_where_tags_are_values() {
    let (code, doc) = lint_json(&inputs(), &["compose-template/clean"]);
    assert_eq!(codes_lines(&doc), Vec::<(String, u64)>::new(), "{doc:#}");
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["daemons"]["mesos-master"], 3);
    assert_eq!(doc["summary"]["templated_skipped"], 1);

    let (code, doc) = lint_json(&inputs(), &["compose-template/broken"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes_lines(&doc),
        [
            ("IN012".to_string(), 4),
            ("MM001".to_string(), 8),
            ("MM006".to_string(), 8)
        ],
        "{doc:#}"
    );
}
