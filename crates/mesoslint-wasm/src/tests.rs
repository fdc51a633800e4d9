use super::*;

fn input(files: &[(&str, &[u8])]) -> Input {
    let mut i = Input::new();
    for (p, b) in files {
        i.push(p, b.to_vec()).expect("accepted");
    }
    i
}

#[test]
fn empty_input_is_no_host_read_unless_configured() {
    // never a silent clean, as in the CLI: IN011 at error, its level set by `no-hosts`
    let out = check_input(&Input::new(), &LoadedConfig::default());
    let codes: Vec<&str> = out.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["IN011"]);
    assert_eq!(out.summary_line, "1 error in 0 hosts running no daemon");
    let quiet = config_from_text("no-hosts = \"ignore\"\n").unwrap();
    let out = check_input(&Input::new(), &quiet);
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

/// The same policy file gives the same findings here as the CLI's pipeline (one core module
/// reads it): the page's and npm package's engine applies `[[policy]]` from the tree's own
/// mesoslint.toml, and a bad policy is an error with its line and column.
#[test]
fn policies_apply_from_the_trees_config() {
    let policy = "[[policy]]\ncode = \"SITE001\"\nsummary = \"agents declare a zone\"\n\
                  daemon = \"mesos-agent\"\nsetting = \"attributes\"\nrequire = true\n\
                  match = '.*zone:[^;]+.*'\n";
    let files: Vec<(&str, &[u8])> = vec![
        ("mesoslint.toml", policy.as_bytes()),
        ("m1/etc/mesos/zk", b"zk://m1:2181/mesos\n"),
        ("m1/etc/mesos-master/quorum", b"1\n"),
        ("a1/etc/mesos/zk", b"zk://m1:2181/mesos\n"),
        ("a1/etc/mesos-slave/work_dir", b"/var/lib/mesos\n"),
        ("a2/etc/mesos/zk", b"zk://m1:2181/mesos\n"),
        ("a2/etc/mesos-slave/attributes/zone", b"z1\n"),
    ];
    let i = input(&files);
    let loaded = i.config(None).unwrap();
    let out = check_input(&i, &loaded);
    let site: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.code == "SITE001")
        .collect();
    assert_eq!(site.len(), 1, "{:#?}", out.findings);
    assert!(site[0].labels[0].path.starts_with("a1/"));
    assert_eq!(out.policies.len(), 1);
    assert!(out.policies[0].documentation.contains("require = true"));
    // The same as the core's own pipeline on the same files (what the CLI runs).
    let mut fs = FileSet::new();
    for (p, b) in &files[1..] {
        fs.add(p, b);
    }
    let cluster = model::Cluster::build(&fs, loaded.config());
    let cli = loaded.settings.lint(&fs, loaded.config(), &cluster);
    assert_eq!(cli.findings(&fs), out.findings);
    // `--ignore SITE001` through run(), and a bad regex with its place.
    let options = RunOptions {
        ignore: vec!["SITE001".into()],
        ..RunOptions::default()
    };
    assert_eq!(run_input(&i, &loaded, &options).unwrap().exit_code, 0);
    let bad = config_from_text(&policy.replace(".*zone", "(zone")).unwrap_err();
    assert!(
        bad.starts_with("mesoslint.toml:7:9: invalid regular expression"),
        "{bad}"
    );
    // JSON configuration (the npm package's object form) carries policies too.
    let json = r#"{"policy": [{"code": "SITE002", "summary": "s", "daemon": "mesos-agent", "setting": "attributes", "require": true}]}"#;
    let out = check_input(&i, &config_from_text(json).unwrap());
    assert_eq!(
        out.findings.iter().filter(|f| f.code == "SITE002").count(),
        1
    );
}

#[test]
fn problems_given_by_a_front_end_are_findings_in_order() {
    let mut i = Input::new();
    i.push_problem(
        "m1/etc/mesos-master/fifo",
        mesoslint_core::InputProblem::NotRegular {
            kind: "FIFO".into(),
        },
    )
    .unwrap();
    i.push("m1/etc/mesos-master/quorum", b"1\n".to_vec())
        .unwrap();
    let out = check_input(&i, &LoadedConfig::default());
    assert!(
        out.findings
            .iter()
            .any(|f| f.code == "IN004" && f.labels[0].path == "m1/etc/mesos-master/fifo"),
        "{:?}",
        out.findings
    );
    assert!(i
        .push_problem(
            "",
            mesoslint_core::InputProblem::NotRegular {
                kind: "FIFO".into()
            }
        )
        .is_err());
}

#[test]
fn host_roots_are_rebased_on_the_config_directory() {
    assert_eq!(rebase("sub", "m1"), "sub/m1");
    assert_eq!(rebase("sub/x", "../m1/./etc"), "sub/m1/etc");
    assert_eq!(rebase("..", "m1"), "../m1");
    assert_eq!(rebase("sub", "."), "sub");
    assert_eq!(rebase("", "."), ".");
    assert_eq!(rebase("sub", "/abs/m1"), "/abs/m1");
    let mut loaded = config_from_text("[hosts.m1]\nroot = \"m1\"\n").unwrap();
    loaded.place_at(Place {
        config_dir: "tree".into(),
        cwd_from_config: "..".into(),
    });
    assert_eq!(loaded.config().hosts["m1"].root.as_deref(), Some("tree/m1"));
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
