use super::*;

fn parse(text: &str) -> Result<Settings, String> {
    Settings::parse(text).map_err(|problems| {
        problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn reads_every_key() {
    let s = parse(
        r#"
select = ["IN"]
ignore = ["IN002"]
fail-level = "warning"
packaging = "none"
exclude = ["old", "hosts/*/tmp/**"]
[severity]
IN006 = "warning"
[target]
mesos = "1.11"
[cluster]
masters = 3
[hosts.m1]
root = "hosts/m1"
roles = ["master"]
address = "10.0.0.1"
[per-path-ignores]
"hosts/*/etc/mesos-master/quorum" = ["IN006"]
"#,
    )
    .unwrap();
    assert_eq!(s.fail_level, Some(FailLevel::Warning));
    assert_eq!(s.config.cluster.masters, Some(3));
    assert_eq!(s.config.select, ["IN"]);
    assert_eq!(s.config.severity["IN006"], Level::Warning);
    assert_eq!(s.config.hosts["m1"].root.as_deref(), Some("hosts/m1"));
    assert_eq!(s.exclude, ["old", "hosts/*/tmp/**"]);
    assert!(s.is_excluded("old"));
    assert!(s.is_excluded("a/old/b"));
    assert!(s.is_excluded("hosts/x/tmp/y"));
    assert!(!s.is_excluded("hosts/x/etc"));
    let meta = crate::registry::find("IN006").unwrap().meta();
    assert!(s.is_ignored_at(meta, "hosts/m1/etc/mesos-master/quorum"));
    assert!(!s.is_ignored_at(meta, "hosts/m1/etc/mesos-master/work_dir"));
    let other = crate::registry::find("IN001").unwrap().meta();
    assert!(!s.is_ignored_at(other, "hosts/m1/etc/mesos-master/quorum"));
}

#[test]
fn json_reads_the_same_keys() {
    let s = Settings::parse_any(
        r#"{"ignore": ["MR"], "exclude": ["old"], "fail-level": "never",
            "per-path-ignores": {"a/**": ["IN006"]}, "target": {"mesos": "1.9"}}"#,
    )
    .unwrap();
    assert_eq!(s.config.ignore, ["MR"]);
    assert!(s.is_excluded("x/old"));
    assert_eq!(s.fail_level, Some(FailLevel::Never));
    let meta = crate::registry::find("IN006").unwrap().meta();
    assert!(s.is_ignored_at(meta, "a/b"));
    assert!(Settings::parse_any("{\"selec\": []}").is_err());
}

#[test]
fn errors_carry_spans() {
    let problems = Settings::parse("ignore = [\"IN001\", \"XX\"]\n").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("names no rule: `XX`"));
    assert_eq!(problems[0].span, Some(19..23));
    let e = parse("selec = [\"IN\"]\n").unwrap_err();
    assert!(e.contains("unknown field"), "{e}");
    let e = parse("[target]\nmesos = \"one\"\n").unwrap_err();
    assert!(e.contains("invalid version"), "{e}");
    let e = parse("fail-level = \"sometimes\"\n").unwrap_err();
    assert!(e.contains("unknown variant"), "{e}");
    let e = parse("[per-path-ignores]\n\"a/[\" = [\"IN001\"]\n").unwrap_err();
    assert!(e.contains("invalid glob"), "{e}");
    let e = parse("exclude = [\"{a\"]\n").unwrap_err();
    assert!(e.contains("invalid glob"), "{e}");
    assert!(parse("= =").is_err());
    assert!(parse("\u{0}").is_err());
}

#[test]
fn fail_levels() {
    assert!(FailLevel::Error.fails(Some(Severity::Error)));
    assert!(!FailLevel::Error.fails(Some(Severity::Warning)));
    assert!(FailLevel::Warning.fails(Some(Severity::Warning)));
    assert!(FailLevel::Info.fails(Some(Severity::Info)));
    assert!(!FailLevel::Never.fails(Some(Severity::Error)));
    assert!(!FailLevel::Info.fails(None));
    for name in FailLevel::NAMES {
        assert_eq!(name.parse::<FailLevel>().unwrap().as_str(), name);
    }
    assert!("x".parse::<FailLevel>().is_err());
}

#[test]
fn paths_relative_to_the_config_file() {
    assert_eq!(config_relative("", "", "a/b").as_deref(), Some("a/b"));
    assert_eq!(
        config_relative("ex/x", "../..", "ex/x/m1/etc").as_deref(),
        Some("m1/etc")
    );
    assert_eq!(config_relative("ex/x", "../..", "ex/y/m1"), None);
    assert_eq!(
        config_relative("../..", "s/d", "m1/etc").as_deref(),
        Some("s/d/m1/etc")
    );
    assert_eq!(
        config_relative("../c", "../b", "../c/x").as_deref(),
        Some("x")
    );
    assert_eq!(config_relative("../c", "../b", "m1"), None);
    assert_eq!(config_relative("", "", "./a/../b").as_deref(), Some("b"));
    assert_eq!(config_relative("", "", "../a"), None);
}

#[test]
fn problems_have_line_and_column() {
    let text = "select = [\"IN\"]\nignore = [\"XX\"]\n";
    let problems = Settings::parse(text).unwrap_err();
    let shown = problems_text("mesoslint.toml", text, &problems);
    assert!(
        shown.starts_with("mesoslint.toml:2:11: `ignore` names no rule: `XX`"),
        "{shown}"
    );
}

#[test]
fn apps_paths_are_read_and_bad_ones_placed() {
    let s = parse("[apps]\npaths = [\"deploy/*.json\", \"marathon\"]\n").unwrap();
    assert_eq!(s.config.apps.paths, ["deploy/*.json", "marathon"]);
    let s = Settings::parse_json(r#"{"apps": {"paths": ["jobs/*.json"]}}"#).unwrap();
    assert_eq!(s.config.apps.paths, ["jobs/*.json"]);
    let text = "[apps]\npaths = [\"deploy/{a,b\", \"\"]\n";
    let problems = Settings::parse(text).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].message.contains("invalid glob `deploy/{a,b`"));
    assert_eq!(
        problems[0].span.clone().map(|r| &text[r]),
        Some("\"deploy/{a,b\"")
    );
    assert!(problems[1].message.contains("empty pattern"));
    assert!(parse("[apps]\npath = [\"x\"]\n")
        .unwrap_err()
        .contains("unknown field"));
}
