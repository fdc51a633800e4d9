use std::path::Path;

use crate::settings::{problems_text, Settings};
use crate::{FileSet, Report};

/// examples/ha-cluster (three masters, three agents), files whose path `keep` accepts.
fn ha_cluster(keep: impl Fn(&str) -> bool) -> FileSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ha-cluster");
    let mut fs = FileSet::new();
    let mut stack = vec![root.clone()];
    let mut paths = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    paths.sort();
    for p in paths {
        let rel = p
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".md") || rel == "mesoslint.toml" || !keep(&rel) {
            continue;
        }
        fs.add(&rel, &std::fs::read(&p).unwrap());
    }
    fs
}

fn lint(fs: &FileSet, toml: &str) -> Report {
    let s = Settings::parse(toml).unwrap_or_else(|p| panic!("{}", problems_text("t", toml, &p)));
    let cluster = crate::model::Cluster::build(fs, &s.config);
    s.lint(fs, &s.config, &cluster)
}

fn problems(toml: &str) -> String {
    match Settings::parse(toml) {
        Ok(_) => panic!("accepted:\n{toml}"),
        Err(p) => problems_text("mesoslint.toml", toml, &p),
    }
}

const RACK_ZONE: &str = r#"
[[policy]]
code = "SITE001"
summary = "every agent declares its rack and zone"
daemon = "mesos-agent"
setting = "attributes"
require = true
match = '(.*;)?rack:[^;]+;(.*;)?zone:[^;]+(;.*)?'
message = "{host} must declare rack and zone attributes"
help = "add etc/mesos-slave/attributes/rack and .../zone on {host}"
"#;

fn site(report: &Report) -> Vec<&crate::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == "SITE001")
        .collect()
}

#[test]
fn agents_without_attributes_fail_require_with_a_span() {
    let fs = ha_cluster(|rel| !rel.contains("/attributes/"));
    let report = lint(&fs, RACK_ZONE);
    let found = site(&report);
    assert_eq!(found.len(), 3, "{:#?}", report.diagnostics);
    for d in &found {
        let label = d.primary_label().unwrap();
        let path = fs.path(label.span.file);
        assert!(path.starts_with("agent"), "{path}");
        assert!(d.message.ends_with("must declare rack and zone attributes"));
        assert!(
            d.notes.iter().any(|n| n.contains("require = true")),
            "{:?}",
            d.notes
        );
    }
}

#[test]
fn a_rack_without_zone_fails_match_on_its_file_and_both_pass() {
    // ha-cluster's agents declare only a rack.
    let fs = ha_cluster(|_| true);
    let report = lint(&fs, RACK_ZONE);
    let found = site(&report);
    assert_eq!(found.len(), 3);
    for d in &found {
        let path = fs.path(d.primary_label().unwrap().span.file);
        assert!(path.ends_with("etc/mesos-slave/attributes/rack"), "{path}");
        assert!(
            d.notes.iter().any(|n| n.contains("match = ")),
            "{:?}",
            d.notes
        );
    }
    let mut fs = ha_cluster(|_| true);
    for a in ["agent1", "agent2", "agent3"] {
        fs.add_text(&format!("{a}/etc/mesos-slave/attributes/zone"), "eu-1\n");
    }
    assert!(site(&lint(&fs, RACK_ZONE)).is_empty());
}

#[test]
fn policy_codes_obey_select_ignore_severity_and_per_path_ignores() {
    let fs = ha_cluster(|rel| !rel.contains("/attributes/"));
    let with = |extra: &str| lint(&fs, &format!("{extra}\n{RACK_ZONE}"));
    assert!(site(&with("ignore = [\"SITE001\"]")).is_empty());
    assert!(site(&with("ignore = [\"SITE\"]")).is_empty());
    assert_eq!(site(&with("select = [\"site001\"]")).len(), 3);
    let r = with("[severity]\nSITE001 = \"info\"");
    assert!(site(&r).iter().all(|d| d.severity == crate::Severity::Info));
    let s = Settings::parse(&format!(
        "[per-path-ignores]\n\"agent1/**\" = [\"SITE001\"]\n{RACK_ZONE}"
    ))
    .unwrap();
    let cluster = crate::model::Cluster::build(&fs, &s.config);
    let mut report = s.lint(&fs, &s.config, &cluster);
    s.apply_per_path_ignores(&mut report, &fs, |p| Some(p.to_string()));
    assert_eq!(site(&report).len(), 2);
    assert!(s.selector_is_known("SITE001") && s.selector_is_known("MM001"));
    assert!(!s.selector_is_known("SITE002"));
}

#[test]
fn inline_suppressions_take_policy_codes() {
    let mut fs = FileSet::new();
    fs.add_text(
        "agent1/etc/default/mesos-slave",
        "# mesoslint: ignore[SITE002] legacy rack\nMESOS_ATTRIBUTES=rack:r1\n",
    );
    fs.add_text("agent1/etc/mesos/zk", "zk://z1:2181/mesos\n");
    let toml = r#"
[[policy]]
code = "SITE002"
summary = "zones declared"
daemon = "mesos-agent"
setting = "attributes"
match = '.*zone:.*'
"#;
    let report = lint(&fs, toml);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code != "SITE002" && d.code != "IN007"),
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn defaults_are_judged_and_named() {
    let mut fs = FileSet::new();
    fs.add_text("agent1/etc/mesos-slave/work_dir", "/var/lib/mesos\n");
    fs.add_text("agent1/etc/mesos/zk", "zk://z1:2181/mesos\n");
    let toml = r#"
[[policy]]
code = "SITE003"
summary = "docker containers are kept at least a day"
daemon = "mesos-agent"
setting = "docker_remove_delay"
min = "1days"
"#;
    let report = lint(&fs, toml);
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "SITE003")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", report.diagnostics);
    assert!(
        d[0].message.contains("`6hrs`, below the minimum `1days`"),
        "{}",
        d[0].message
    );
    assert!(
        d[0].notes
            .iter()
            .any(|n| n.contains("built-in default `6hrs`")),
        "{:?}",
        d[0].notes
    );
    fs.add_text("agent1/etc/mesos-slave/docker_remove_delay", "2days\n");
    assert!(lint(&fs, toml)
        .diagnostics
        .iter()
        .all(|d| d.code != "SITE003"));
    // A package default counts as set, and says so.
    let toml = r#"
[[policy]]
code = "SITE004"
summary = "masters keep their log under /srv/mesos"
daemon = "mesos-master"
setting = "work_dir"
match = "/srv/mesos(/.*)?"
"#;
    let mut fs = FileSet::new();
    fs.add_text("m1/etc/mesos-master/quorum", "1\n");
    fs.add_text("m1/etc/mesos/zk", "zk://m1:2181/mesos\n");
    let report = lint(&fs, toml);
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "SITE004")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", report.diagnostics);
    assert!(
        d[0].notes.iter().any(|n| n.contains("package default")),
        "{:?}",
        d[0].notes
    );
}

#[test]
fn same_on_all_points_at_the_odd_host() {
    let mut fs = ha_cluster(|_| true);
    fs.add_text("master2/etc/marathon/conf/framework_name", "marathon-b\n");
    let toml = r#"
[[policy]]
code = "SITE005"
summary = "one framework name"
daemon = "marathon"
setting = "framework_name"
same-on-all = true
"#;
    let report = lint(&fs, toml);
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "SITE005")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(
        fs.path(d[0].primary_label().unwrap().span.file),
        "master2/etc/marathon/conf/framework_name"
    );
    assert!(
        d[0].message.contains("`marathon-b`, but `marathon`"),
        "{}",
        d[0].message
    );
}

#[test]
fn host_globs_and_forbid() {
    let fs = ha_cluster(|_| true);
    let toml = r#"
[[policy]]
code = "EDGE001"
summary = "agent3 never runs docker"
daemon = "mesos-agent"
hosts = ["agent3", "edge-*"]
setting = "containerizers"
not-match = ".*docker.*"
"#;
    let report = lint(&fs, toml);
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "EDGE001")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", report.diagnostics);
    assert!(fs
        .path(d[0].primary_label().unwrap().span.file)
        .starts_with("agent3/"));
}

#[test]
fn bad_policies_are_errors_with_their_place() {
    let base = "[[policy]]\ncode = \"SITE001\"\nsummary = \"s\"\ndaemon = \"mesos-agent\"\n";
    let e = problems(&format!(
        "{base}setting = \"attributes\"\nmatch = \"rack:(\"\n"
    ));
    assert!(
        e.starts_with("mesoslint.toml:6:9: invalid regular expression in `match`"),
        "{e}"
    );
    let e = problems(&format!("{base}setting = \"atributes\"\nrequire = true\n"));
    assert!(e.contains("mesoslint.toml:5:11: `atributes` is not a setting of mesos-agent (did you mean `attributes`?)"), "{e}");
    let e = problems(&format!("{base}setting = \"quorum\"\nrequire = true\n"));
    assert!(e.contains("is a setting of mesos-master"), "{e}");
    let e = problems(&format!(
        "{base}setting = \"docker_remove_delay\"\nmin = \"1hour\"\n"
    ));
    assert!(
        e.contains("mesoslint.toml:6:7: `min = 1hour` is not a duration"),
        "{e}"
    );
    let e = problems(&format!("{base}setting = \"attributes\"\nmin = 3\n"));
    assert!(e.contains("`min` compares numbers"), "{e}");
    let e = problems(&format!("{base}setting = \"attributes\"\nrequir = true\n"));
    assert!(
        e.contains("mesoslint.toml:6:1: unknown field `requir`"),
        "{e}"
    );
    let e = problems(&format!("{base}setting = \"attributes\"\n"));
    assert!(e.contains("has no condition"), "{e}");
    let e = problems(&format!(
        "{base}setting = \"attributes\"\nrequire = true\nmessage = \"{{hots}}\"\n"
    ));
    assert!(e.contains("unknown placeholder `{hots}`"), "{e}");
    for code in ["MM900", "AP001", "ZKX1", "Z1", "site1", "SITE"] {
        let e = problems(&format!("[[policy]]\ncode = \"{code}\"\nsummary = \"s\"\ndaemon = \"mesos-agent\"\nsetting = \"attributes\"\nrequire = true\n"));
        assert!(
            e.starts_with("mesoslint.toml:2:8: policy code"),
            "{code}: {e}"
        );
    }
    let e = problems(&format!("{base}setting = \"attributes\"\nrequire = true\n{base}setting = \"attributes\"\nrequire = true\n"));
    assert!(e.contains("two policies have the code `SITE001`"), "{e}");
    let e = problems("[[policy]]\ncode = \"SITE001\"\nsummary = \"s\"\ndaemon = \"mesos-slave\"\nsetting = \"x\"\nrequire = true\n");
    assert!(e.contains("unknown daemon `mesos-slave`"), "{e}");
    // JSON carries the same structure.
    assert!(Settings::parse_any(r#"{"policy": [{"code": "SITE001", "summary": "s", "daemon": "zookeeper", "setting": "tickTime", "max": 5000}]}"#).is_ok());
    let e = problems("select = [\"SITE009\"]\n");
    assert!(e.contains("names no rule: `SITE009`"), "{e}");
}

#[test]
fn examples_run_and_report() {
    let toml = format!(
        "{RACK_ZONE}\n[[policy.example]]\nfails = true\nvalue = \"rack:r1\"\n\n[[policy.example]]\nfails = false\nvalue = \"rack:r1;zone:z1\"\n\n[[policy.example]]\nfails = false\nvalue = \"rack:r1\"\n"
    );
    let s = Settings::parse(&toml).unwrap();
    let outcomes = super::examples::run_examples(&s.policies, Some(&toml));
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[0].passed && outcomes[1].passed, "{outcomes:#?}");
    assert!(!outcomes[2].passed);
    let text = super::examples::outcomes_text(&outcomes);
    assert!(
        text.contains("FAILED  SITE001 example 3 (line 22): expected no finding"),
        "{text}"
    );
    assert!(text.ends_with("3 examples, 2 passed, 1 failed\n"), "{text}");
}

#[test]
fn templates_and_patterns() {
    use super::{render_template, unknown_placeholder, Pattern};
    assert_eq!(
        render_template("{host}/{setting}={value} {{x}}", "h", "v", "s"),
        "h/s=v {x}"
    );
    assert_eq!(unknown_placeholder("{host} {x}"), Some("{x}".into()));
    assert_eq!(unknown_placeholder("{{x}} {value"), Some("{value".into()));
    assert_eq!(unknown_placeholder("{{x}}"), None);
    let p = Pattern::new("a|b").unwrap();
    assert!(
        p.matches("a") && !p.matches("ab"),
        "anchored on the whole value"
    );
    assert!(Pattern::new(&"(".repeat(5000)).is_err());
    // Linear time: a classic catastrophic pattern on a long value returns at once.
    let p = Pattern::new("(a+)+b").unwrap();
    assert!(!p.matches(&"a".repeat(20_000)));
}
