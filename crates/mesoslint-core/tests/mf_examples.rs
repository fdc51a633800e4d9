//! The MF rules on the example clusters: the healthy one lints clean, the broken one shows
//! no MF finding beyond the ones its README lists (it lists none).

mod common;

use std::path::Path;

use mesoslint_core::{lint, render, Config, FileSet};

fn load(dir: &Path) -> (FileSet, Config) {
    let (fs, mut config) = common::load_tree(dir);
    config.select = vec!["MF".to_string()];
    config.ignore.clear();
    (fs, config)
}

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn example_clusters_have_no_mf_findings() {
    for name in ["ha-cluster", "broken-cluster"] {
        let (files, config) = load(&examples().join(name));
        let report = lint(&files, &config);
        let mf: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("MF"))
            .collect();
        assert!(
            mf.is_empty(),
            "{name}:\n{}",
            render::render_report(&files, &report)
        );
    }
}

/// Hostile trees: odd names, empty and huge values, non-ASCII, truncated shell. No panic, and
/// no finding quotes a secret.
#[test]
fn hostile_trees_do_not_panic() {
    let huge = "9".repeat(200_000);
    let mut fs = FileSet::new();
    for (path, text) in [
        ("etc/mesos/zk", "zk://h:2181/mesos\n"),
        ("etc/mesos/credentials", "principal topsecret\n"),
        ("etc/mesos/é", "ü\n"),
        (
            "etc/mesos-master/credentials",
            "file:///etc/mesos/credentials\n",
        ),
        ("etc/mesos-master/?", ""),
        ("etc/mesos-master/?no-", ""),
        ("etc/mesos-master/??quorum", ""),
        ("etc/mesos-master/quorum", huge.as_str()),
        ("etc/mesos-master/port", "-1\n"),
        ("etc/mesos-master/agent_ping_timeout", "1.2.3secs\nmore\n"),
        ("etc/mesos-master/registry", "\u{0}\n"),
        ("etc/mesos-master/ü~", "x"),
        (
            "etc/mesos-slave/registration_backoff_factor",
            "99999999999999999999weeks",
        ),
        ("etc/mesos-slave/executor_reregistration_timeout", "é"),
        (
            "etc/default/mesos",
            "MESOS_=1\nMESOS_É=2\nLOGS=$(\nZK='unterminated\n",
        ),
        ("etc/default/mesos-master", "export\n=\nMESOS_QUORUM\n"),
    ] {
        fs.add(path, text.as_bytes());
    }
    let config = Config {
        select: vec!["MF".to_string()],
        ..Default::default()
    };
    let report = lint(&fs, &config);
    let rendered = render::render_report(&fs, &report);
    assert!(!rendered.contains("topsecret"), "{rendered}");
    if std::env::var_os("MF_SHOW").is_some() {
        println!("{rendered}");
    }
    for d in &report.diagnostics {
        assert!(d.message.len() < 1000, "{}", d.message);
    }
}
