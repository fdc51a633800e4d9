//! `--fix`, `--unsafe-fixes`, `--diff` and baselines, end to end on copies of
//! examples/broken-cluster and on small trees made here.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{example_copy, run};

fn broken_copy() -> tempfile::TempDir {
    example_copy("broken-cluster")
}

/// Every file of a tree with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn codes(dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec![".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr);
    });
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn diff_on_the_broken_example_prints_a_diff_and_changes_nothing() {
    let dir = broken_copy();
    let before = snapshot(dir.path());
    let out = run(dir.path(), &["--diff", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "--- a/master3/etc/zookeeper/conf/myid\n+++ b/master3/etc/zookeeper/conf/myid\n@@ -1,1 +1,1 @@\n-2\n+3\n"
        ),
        "{}",
        out.stdout
    );
    for m in ["master1", "master3"] {
        assert!(out.stdout.contains(&format!(
            "--- /dev/null\n+++ b/{m}/etc/mesos-master/quorum\n@@ -0,0 +1,1 @@\n+2\n"
        )));
    }
    assert_eq!(snapshot(dir.path()), before, "--diff changed the tree");
}

#[test]
fn fix_removes_the_fixable_findings_and_relint_is_clean_for_them() {
    let dir = broken_copy();
    let before = codes(dir.path(), &[]);
    assert!(before.contains(&"MM001".to_string()) && before.contains(&"ZK008".to_string()));
    let out = run(dir.path(), &["--fix", "."]);
    assert_eq!(out.code, 1, "unfixable errors remain: {}", out.stderr);
    assert!(out.stderr.contains("applied"), "{}", out.stderr);
    let after = codes(dir.path(), &[]);
    for code in ["MM001", "ZK008"] {
        assert!(!after.contains(&code.to_string()), "{code} left: {after:?}");
    }
    // Nothing safe is left to fix, and the unsafe ones are still there.
    let again = run(dir.path(), &["--diff", "."]);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    assert!(after.contains(&"MM008".to_string()));
    let myid = std::fs::read_to_string(dir.path().join("master3/etc/zookeeper/conf/myid"));
    assert_eq!(myid.unwrap().trim(), "3");

    // --unsafe-fixes: master2 gets a replicated log, and a quorum with it.
    let out = run(dir.path(), &["--fix", "--unsafe-fixes", "."]);
    assert!(out.stderr.contains("applied"), "{}", out.stderr);
    let after = codes(dir.path(), &[]);
    for code in ["MM001", "MM008", "MM006", "ZK008"] {
        assert!(!after.contains(&code.to_string()), "{code} left: {after:?}");
    }
    let q = std::fs::read_to_string(dir.path().join("master2/etc/mesos-master/quorum"));
    assert_eq!(q.unwrap(), "2\n");
}

fn zk_tree(myid: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("zk1/etc/zookeeper/conf");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(
        conf.join("zoo.cfg"),
        "# ensemble\r\ndataDir=/var/lib/zookeeper\r\nclientPort=2181\r\nserver.1=zk1:2888:3888\r\nserver.2=zk2:2888:3888\r\nserver.3=zk3:2888:3888\r\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("zk1/etc/hostname"), "zk1\n").unwrap();
    std::fs::write(conf.join("myid"), myid).unwrap();
    dir
}

#[test]
fn fix_keeps_line_endings_and_permissions() {
    let dir = zk_tree(b"2\r\n");
    let myid = dir.path().join("zk1/etc/zookeeper/conf/myid");
    std::fs::set_permissions(&myid, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run(dir.path(), &["--fix", "."]);
    assert!(out.stderr.contains("applied 1 fix"), "{}", out.stderr);
    assert_eq!(std::fs::read(&myid).unwrap(), b"1\r\n");
    let mode = std::fs::metadata(&myid).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file left behind.
    let names: Vec<_> = std::fs::read_dir(myid.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
}

#[test]
fn fix_never_writes_through_a_link_out_of_the_tree() {
    let dir = zk_tree(b"2\n");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("myid");
    std::fs::write(&target, "2\n").unwrap();
    let myid = dir.path().join("zk1/etc/zookeeper/conf/myid");
    std::fs::remove_file(&myid).unwrap();
    std::os::unix::fs::symlink(&target, &myid).unwrap();
    let out = run(dir.path(), &["--fix", "."]);
    assert_eq!(std::fs::read(&target).unwrap(), b"2\n", "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&myid)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn unsafe_fixes_needs_fix_or_diff() {
    let dir = zk_tree(b"2\n");
    assert_eq!(run(dir.path(), &["--unsafe-fixes", "."]).code, 2);
}

#[test]
fn baseline_hides_known_findings_and_shows_only_new_ones() {
    let dir = broken_copy();
    let out = run(dir.path(), &["--update-baseline", "baseline.json", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert!(!text.contains("\"line\""));

    let out = run(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("9 finding(s) baselined, 0 baseline entries gone"),
        "{}",
        out.stderr
    );

    // Lines shift: still baselined. A new mistake: only it is reported.
    let zoo = dir.path().join("master1/etc/zookeeper/conf/zoo.cfg");
    let old = std::fs::read_to_string(&zoo).unwrap();
    std::fs::write(&zoo, format!("# a comment\n\n{old}")).unwrap();
    std::fs::write(dir.path().join("agent1/etc/mesos-slave/quorum"), "2\n").unwrap();
    let found = codes(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(found, vec!["MF001".to_string()], "{found:?}");
    let out = run(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!(out.code, 1);

    // Fixed findings are counted as gone.
    std::fs::remove_file(dir.path().join("agent1/etc/mesos-slave/quorum")).unwrap();
    run(dir.path(), &["--fix", "."]);
    let out = run(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("2 baseline entries gone"),
        "{}",
        out.stderr
    );
}
