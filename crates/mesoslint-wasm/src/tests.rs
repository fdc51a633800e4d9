use super::*;

fn input(files: &[(&str, &[u8])]) -> Input {
    let mut i = Input::new();
    for (p, b) in files {
        i.push(p, b.to_vec()).expect("accepted");
    }
    i
}

#[test]
fn empty_input_has_no_findings() {
    let out = check_input(&Input::new(), &LoadedConfig::default());
    assert!(out.findings.is_empty());
    assert!(out.summary_line.starts_with("no findings"));
}

#[test]
fn rejects_bad_paths() {
    let mut i = Input::new();
    assert!(i.push("", b"x".to_vec()).is_err());
    assert!(i.push("   ", b"x".to_vec()).is_err());
    assert!(i.push("a\0b", b"x".to_vec()).is_err());
    assert!(i.push(&"a/".repeat(3000), b"x".to_vec()).is_err());
    assert!(i.push("ünïcødé/etc/zoo.cfg", b"x".to_vec()).is_ok());
}

#[test]
fn oversized_file_becomes_in003() {
    let big = vec![b'a'; MAX_FILE_SIZE + 1];
    let out = check_input(
        &input(&[("etc/zookeeper/conf/zoo.cfg", &big)]),
        &LoadedConfig::default(),
    );
    assert!(out.findings.iter().any(|f| f.code == "IN003"));
}

#[test]
fn total_size_is_capped() {
    let mut i = Input::new();
    let chunk = vec![b'a'; MAX_FILE_SIZE];
    let mut failed = false;
    for n in 0..100 {
        if i.push(&format!("f{n}"), chunk.clone()).is_err() {
            failed = true;
            break;
        }
    }
    assert!(failed);
}

#[test]
fn binary_and_latin1_do_not_panic() {
    let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let out = check_input(
        &input(&[
            ("etc/zookeeper/conf/zoo.cfg", &junk),
            ("etc/mesos/zk", b"zk://h\xe9:2181/mesos"),
            ("etc/mesos-master/quorum", b""),
        ]),
        &LoadedConfig::default(),
    );
    assert!(!out.findings.is_empty());
    let text = render_input(
        &input(&[("etc/zookeeper/conf/zoo.cfg", &junk)]),
        &LoadedConfig::default(),
    );
    assert!(!text.is_empty());
}

#[test]
fn config_text_is_checked() {
    assert!(config_from_text("").is_ok());
    assert!(config_from_text("{}").is_ok());
    assert!(config_from_text(r#"{"ignore": ["IN"]}"#).is_ok());
    assert!(config_from_text(r#"{"bogus": 1}"#).is_err());
    assert!(config_from_text(r#"{"select": ["NOPE999"]}"#).is_err());
    assert!(config_from_text("{").is_err());
    assert!(config_from_text("ignore = [\"IN\"]\n[target]\nmesos = \"1.11\"\n").is_ok());
    assert!(config_from_text("ignore = [").is_err());
    assert!(config_from_text("bogus = 1").is_err());
}

#[test]
fn root_mesoslint_toml_is_the_config() {
    let i = input(&[
        ("./mesoslint.toml", b"ignore = [\"IN\"]\n"),
        ("etc/mesos-master/quorum", b"\x00\x01"),
    ]);
    let with = i.config(None).expect("valid");
    assert_eq!(with.config().ignore, vec!["IN".to_string()]);
    assert!(check_input(&i, &with)
        .findings
        .iter()
        .all(|f| !f.code.starts_with("IN")));
    let nested = input(&[("h/mesoslint.toml", b"ignore = [")]);
    assert!(nested.config(None).is_ok());
    let cli_keys = input(&[(
        ".mesoslint.toml",
        b"fail-level = \"warning\"\nexclude = [\"x/**\"]\n",
    )]);
    let loaded = cli_keys.config(None).expect("CLI keys accepted");
    assert_eq!(loaded.settings.exclude, vec!["x/**".to_string()]);
    let broken = input(&[("mesoslint.toml", b"ignore = [")]);
    assert!(broken.config(None).is_err());
}

#[test]
fn render_matches_core() {
    let i = input(&[("etc/mesos-master/quorum", b"\x00\x01")]);
    let fs = i.file_set_for(&LoadedConfig::default());
    let report = mesoslint_core::lint(&fs, &Config::default());
    assert_eq!(
        render_input(&i, &LoadedConfig::default()),
        render::render_report(&fs, &report)
    );
}

#[test]
fn rules_have_docs() {
    let rules = rule_list();
    assert!(!rules.is_empty());
    for r in &rules {
        assert!(!r.documentation.is_empty(), "{}", r.code);
        assert!(r.code.starts_with(r.family));
    }
    let json = serde_json::to_string(&rules).expect("serialises");
    assert!(json.contains("\"help_uri\""));
}

#[test]
fn findings_carry_utf16_columns() {
    let out = check_input(
        &input(&[("hôst/etc/mesos-master/quorum", b"\x00\xff")]),
        &LoadedConfig::default(),
    );
    let json = serde_json::to_string(&out).expect("serialises");
    assert!(json.contains("column_utf16"));
}

#[test]
fn exclude_and_per_path_ignores_apply_as_in_the_cli() {
    let tree = [
        ("m1/etc/mesos-master/quorum", b"\x00\x01" as &[u8]),
        ("old/etc/mesos-master/quorum", b"\x00\x01"),
        ("m2/etc/mesos-master/quorum", b"\x00\x01"),
    ];
    let plain = input(&tree);
    let all = check_input(&plain, &LoadedConfig::default());
    let paths = |out: &CheckOut| -> Vec<String> {
        out.findings
            .iter()
            .map(|f| f.labels[0].path.clone())
            .collect()
    };
    assert!(paths(&all).iter().any(|p| p.starts_with("old/")));
    let text =
        "exclude = [\"old\"]\nfail-level = \"never\"\n[per-path-ignores]\n\"m2/**\" = [\"ALL\"]\n";
    let loaded = config_from_text(text).expect("valid");
    let out = check_input(&plain, &loaded);
    let kept = paths(&out);
    assert!(
        !kept.is_empty() && kept.iter().all(|p| p.starts_with("m1/")),
        "{kept:?}"
    );
    assert!(!out.failed);
    assert_eq!(out.fail_level, "never");
    // The same file one directory down, seen from its parent.
    let nested: Vec<(String, &[u8])> = tree.iter().map(|(p, b)| (format!("sub/{p}"), *b)).collect();
    let mut i = Input::new();
    for (p, b) in &nested {
        i.push(p, b.to_vec()).unwrap();
    }
    let mut loaded = loaded.clone();
    loaded.place = Place {
        config_dir: "sub".into(),
        cwd_from_config: "..".into(),
    };
    let kept = paths(&check_input(&i, &loaded));
    assert!(
        !kept.is_empty() && kept.iter().all(|p| p.starts_with("sub/m1/")),
        "{kept:?}"
    );
}

#[test]
fn run_gives_the_cli_exit_status_and_formats() {
    let i = input(&[("m1/etc/mesos-master/quorum", b"\x00\x01")]);
    let loaded = LoadedConfig::default();
    let out = run_input(&i, &loaded, &RunOptions::default()).unwrap();
    assert_eq!(out.exit_code, 1);
    let concise = RunOptions {
        format: Some("concise".into()),
        ..RunOptions::default()
    };
    assert!(run_input(&i, &loaded, &concise)
        .unwrap()
        .output
        .contains("m1/etc/mesos-master/quorum:"));
    let never = RunOptions {
        fail_level: Some("never".into()),
        ..RunOptions::default()
    };
    assert_eq!(run_input(&i, &loaded, &never).unwrap().exit_code, 0);
    let bad = RunOptions {
        format: Some("xml".into()),
        ..RunOptions::default()
    };
    assert!(run_input(&i, &loaded, &bad).is_err());
    let unknown = RunOptions {
        select: vec!["NOPE1".into()],
        ..RunOptions::default()
    };
    assert!(run_input(&i, &loaded, &unknown).is_err());
}

#[test]
fn run_takes_the_cli_target() {
    // MA001 exists from Mesos 1.0: `target` (the CLI's --target) beats [target].
    let i = input(&[
        (
            "usr/local/etc/mesos/mesos-agent-env.sh",
            b"export MESOS_master=zk://zk1:2181/mesos\n",
        ),
        (
            "mesoslint.toml",
            b"select = [\"MA001\"]\n[target]\nmesos = \"1.11\"\n",
        ),
    ]);
    let loaded = i.config(None).unwrap();
    let fired = |target: &[&str]| {
        let options = RunOptions {
            format: Some("concise".into()),
            target: target.iter().map(|s| s.to_string()).collect(),
            ..RunOptions::default()
        };
        run_input(&i, &loaded, &options)
            .unwrap()
            .output
            .contains("MA001")
    };
    assert!(fired(&[]));
    assert!(!fired(&["mesos=0.28"]));
    let bad = RunOptions {
        target: vec!["mesos=x".into()],
        ..RunOptions::default()
    };
    assert!(run_input(&i, &loaded, &bad).is_err());
}

#[test]
fn check_reports_config_changes_secrets_and_counts() {
    let i = input(&[
        ("m1/etc/mesos/zk", b"zk://user:hunter2@zk1:2181/mesos\n"),
        ("m1/etc/mesos-master/quorum", b"1\n"),
    ]);
    let loaded = config_from_text("ignore = [\"ZU\"]\n[severity]\nMM = \"info\"\n").unwrap();
    let (out, rendered) = check_with_report(&i, &loaded, render::render_report);
    assert!(out.disabled_rules.iter().all(|c| c.starts_with("ZU")));
    assert!(!out.disabled_rules.is_empty());
    assert!(out
        .lowered
        .iter()
        .all(|c| c.code.starts_with("MM") && c.to < c.from));
    assert_eq!(out.files, 2);
    assert_eq!(out.definitions, 0);
    assert_eq!(out.secrets.len(), 1);
    assert_eq!(out.secrets[0].path, "m1/etc/mesos/zk");
    assert!(!out.secrets[0].masked.contains("hunter2"));
    assert_eq!(
        out.secrets[0].masked.len(),
        "zk://user:hunter2@zk1:2181/mesos\n".len()
    );
    assert_eq!(rendered, render_input(&i, &loaded));
    // The defaults change nothing.
    let plain = check_input(&i, &LoadedConfig::default());
    assert!(plain.disabled_rules.is_empty() && plain.lowered.is_empty());
}
