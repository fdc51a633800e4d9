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
        &Config::default(),
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
    assert_eq!(with.config.ignore, vec!["IN".to_string()]);
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
    assert_eq!(loaded.not_applied, vec!["exclude".to_string()]);
    let broken = input(&[("mesoslint.toml", b"ignore = [")]);
    assert!(broken.config(None).is_err());
}

#[test]
fn render_matches_core() {
    let i = input(&[("etc/mesos-master/quorum", b"\x00\x01")]);
    let fs = i.file_set();
    let report = mesoslint_core::lint(&fs, &Config::default());
    assert_eq!(
        render_input(&i, &Config::default()),
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
