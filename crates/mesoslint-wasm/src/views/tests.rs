use super::*;
use crate::config_from_text;

const ZOO: &str = "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181 # the default\ninitLimit=10\nsyncLimit=5\nserver.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\nserver.4=zk4:2888:3888:observer\n";

fn input(files: &[(&str, &[u8])]) -> Input {
    let mut i = Input::new();
    for (p, b) in files {
        i.push(p, b.to_vec()).expect("accepted");
    }
    i
}

fn tree() -> Input {
    input(&[
        ("zk1/etc/zookeeper/conf/zoo.cfg", ZOO.as_bytes()),
        ("zk1/etc/hostname", b"zk1\n"),
        ("zk1/etc/zookeeper/conf/myid", b"2\n"),
        ("m1/etc/mesos-master/quorum", b"2\n"),
        ("m2/etc/mesos-master/quorum", b"2\n"),
        ("m3/etc/mesos-master/quorum", b"2\n"),
    ])
}

#[test]
fn hosts_are_the_cli_summary_and_text() {
    let loaded = LoadedConfig::default();
    let (summary, text) = hosts_input(&tree(), &loaded);
    let files = tree().file_set_for(&loaded);
    let cluster = model::Cluster::build(&files, loaded.config());
    assert_eq!(summary, cluster.summary_with_sources(&files));
    assert_eq!(summary.masters, 3);
    assert_eq!(summary.master_failures_tolerated, Some(1));
    assert_eq!(summary.zookeeper_voters, ["1=zk1", "2=zk2", "3=zk3"]);
    assert_eq!(summary.zookeeper_observers, ["4=zk4"]);
    assert!(summary.hosts.iter().any(|h| !h.daemons.is_empty()));
    assert_eq!(text, mesoslint_core::render::hosts::hosts_text(&summary));
    assert!(text.starts_with("4 hosts\n"), "{text}");
    assert!(
        text.contains("ZooKeeper observers: 1 (4=zk4), not voting"),
        "{text}"
    );
}

#[test]
fn fix_all_is_the_cli_fix() {
    let loaded = LoadedConfig::default();
    let out = fix_input(&tree(), &loaded, &FixRequest::default());
    let files = tree().file_set_for(&loaded);
    let expected = fix::fix_tree(
        &files,
        loaded.config(),
        &FixOptions::default(),
        &mut |_, _| {},
    );
    let paths: Vec<&str> = out.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        expected
            .changes
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(out.diff, expected.diff());
    let zoo = out
        .changes
        .iter()
        .find(|c| c.path.ends_with("zoo.cfg"))
        .expect("ZK013 fixed");
    assert!(zoo.after.contains("clientPort=2181\n"), "{}", zoo.after);
    assert_eq!(zoo.before.as_deref(), Some(ZOO));
    assert_eq!(zoo.encoding, "utf-8");
    let myid = out
        .changes
        .iter()
        .find(|c| c.path.ends_with("myid"))
        .expect("myid fixed");
    assert_eq!(myid.after, "1\n");
    assert!(out.applied >= 2);
}

#[test]
fn one_finding_is_fixed_alone() {
    let loaded = LoadedConfig::default();
    let found = crate::check_input(&tree(), &loaded).findings;
    let f = found.iter().find(|f| f.code == "ZK013").expect("ZK013");
    let at = f.primary().unwrap();
    let want = FindingRef {
        code: f.code.clone(),
        path: at.path.clone(),
        offset: at.start.offset,
        message: Some(f.message.clone()),
    };
    let out = fix_input(
        &tree(),
        &loaded,
        &FixRequest {
            finding: Some(want.clone()),
            unsafe_fixes: false,
        },
    );
    assert_eq!(out.applied, 1);
    assert_eq!(out.changes.len(), 1);
    assert_eq!(out.changes[0].after, ZOO.replace(" # the default", ""));
    // Named wrongly: nothing happens.
    let wrong = FindingRef {
        offset: want.offset + 1,
        ..want
    };
    let out = fix_input(
        &tree(),
        &loaded,
        &FixRequest {
            finding: Some(wrong),
            unsafe_fixes: false,
        },
    );
    assert_eq!((out.applied, out.changes.len()), (0, 0));
}

#[test]
fn ignored_findings_are_not_fixed() {
    // per-path ignores drop the finding, so its fix is not applied either (as with --fix)
    let loaded = config_from_text("[per-path-ignores]\n\"zk1/**\" = [\"ZK013\"]\n").unwrap();
    let out = fix_input(&tree(), &loaded, &FixRequest::default());
    assert!(out.changes.iter().all(|c| !c.path.ends_with("zoo.cfg")));
}

#[test]
fn masked_files_are_never_rewritten() {
    // The URL's password is masked in the engine's text: removing the comment would write the
    // mask back into the file, so that fix is skipped (the CLI refuses to write such a file).
    let zoo = ZOO.replace(
        "# the default",
        "# see http://admin:hunter2@wiki.example/zk",
    );
    let loaded = LoadedConfig::default();
    let i = input(&[("zk1/etc/zookeeper/conf/zoo.cfg", zoo.as_bytes())]);
    let files = i.file_set_for(&loaded);
    let masked = masked_paths(&files, &i.bytes_by_path());
    assert!(
        masked.contains("zk1/etc/zookeeper/conf/zoo.cfg"),
        "{masked:?}"
    );
    let out = fix_input(&i, &loaded, &FixRequest::default());
    assert!(out.changes.is_empty(), "{:?}", out.changes);
    assert!(
        out.skipped_protected.contains(&"ZK013"),
        "{:?}",
        out.skipped_protected
    );
    assert!(!out.diff.contains("hunter2"));
}

#[test]
fn latin1_files_keep_their_encoding() {
    let mut zoo = ZOO.as_bytes().to_vec();
    zoo.extend_from_slice(b"# caf\xe9\n");
    let i = input(&[("zk1/etc/zookeeper/conf/zoo.cfg", &zoo)]);
    let out = fix_input(&i, &LoadedConfig::default(), &FixRequest::default());
    let c = out
        .changes
        .iter()
        .find(|c| c.path.ends_with("zoo.cfg"))
        .expect("fixed");
    assert_eq!(c.encoding, "iso-8859-1");
    assert!(c.after.ends_with("# caf\u{e9}\n"));
}

#[test]
fn settings_are_read_for_the_panel() {
    let loaded = config_from_text(
        "select = [\"ZK\", \"MM\"]\nignore = [\"ZK001\"]\nno-hosts = \"warning\"\n[severity]\nZK013 = \"info\"\n[target]\nmesos = \"1.9\"\n",
    )
    .unwrap();
    let s = settings_of(&loaded);
    assert_eq!(s.select, ["ZK", "MM"]);
    assert_eq!(s.ignore, ["ZK001"]);
    assert_eq!(s.severity.keys().copied().collect::<Vec<_>>(), ["ZK013"]);
    assert!(s.target.mesos.is_some());
    assert!(s.other_keys, "no-hosts is kept");
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["severity"]["ZK013"], "info");
    assert_eq!(json["target"]["mesos"], "1.9");
    assert!(!settings_of(&LoadedConfig::default()).other_keys);
}
