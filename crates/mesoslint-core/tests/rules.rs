//! The rule catalogue's own tests: registry integrity, documentation examples, and fixture trees
//! with snapshots.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mesoslint_core::{lint, registry, render, Config, RuleMeta};

/// Rules about unreadable inputs: their cases need real file-system objects, tested by the CLI.
const NO_FIXTURE_RULES: &[&str] = &["IN001", "IN003", "IN004", "IN005"];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn config_for(meta: &RuleMeta, toml_text: Option<&str>) -> Config {
    let mut config: Config = match toml_text {
        Some(t) => {
            toml::from_str(t).unwrap_or_else(|e| panic!("{}: bad example config: {e}", meta.code))
        }
        None => Config::default(),
    };
    config.select = vec![meta.code.to_string()];
    config.ignore.clear();
    config
}

/// The catalogue of RULES.md §2: codes and names are a public interface (users write them in
/// suppressions and configuration), so they are pinned here.
const CATALOGUE: &[(&str, &str)] = &[
    ("ZK001", "ensemble-even-size"),
    ("ZK002", "ensemble-too-small"),
    ("ZK003", "server-line-malformed"),
    ("ZK004", "server-id-invalid"),
    ("ZK005", "server-duplicate"),
    ("ZK006", "myid-invalid"),
    ("ZK007", "myid-not-in-ensemble"),
    ("ZK008", "myid-host-mismatch"),
    ("ZK009", "ensemble-inconsistent"),
    ("ZK010", "required-key-missing"),
    ("ZK011", "myid-not-read"),
    ("ZK012", "unknown-key"),
    ("ZK013", "inline-comment"),
    ("ZK014", "single-host-ensemble"),
    ("ZK015", "datadir-tmp"),
    ("ZK016", "session-timeout-range"),
    ("ZK017", "value-not-integer"),
    ("ZK018", "value-not-boolean"),
    ("ZK019", "value-rejected"),
    ("ZK020", "setting-overridden"),
    ("ZK021", "server-list-invalid"),
    ("ZK022", "client-port-conflict"),
    ("ZK023", "dynamic-config"),
    ("ZK024", "myid-missing"),
    ("ZK025", "secure-port-nio"),
    ("ZK026", "metrics-provider-class"),
    ("ZU001", "zk-url-syntax"),
    ("ZU002", "mesos-path-suffix"),
    ("ZU003", "marathon-zk-path"),
    ("ZU004", "marathon-master-mismatch"),
    ("ZU005", "url-hosts-not-ensemble"),
    ("ZU006", "url-credentials"),
    ("ZU007", "url-inconsistent"),
    ("MM001", "quorum-not-majority"),
    ("MM002", "quorum-exceeds-masters"),
    ("MM003", "quorum-not-optimal"),
    ("MM004", "masters-even"),
    ("MM005", "quorum-missing"),
    ("MM006", "quorum-inconsistent"),
    ("MM007", "work-dir-missing"),
    ("MM008", "registry-in-memory-ha"),
    ("MM009", "registry-timeouts"),
    ("MM010", "address-not-pinned"),
    ("MM016", "master-value-refused"),
    ("MA001", "work-dir-missing"),
    ("MA002", "work-dir-noexec"),
    ("MA003", "containerizers-invalid"),
    ("MA004", "docker-registration-timeout"),
    ("MA005", "master-url-conflict"),
    ("MA006", "master-missing"),
    ("MA007", "attributes-resources-syntax"),
    ("MA008", "isolation-invalid"),
    ("MA009", "isolator-prerequisite-missing"),
    ("MA010", "containerizer-choice-invalid"),
    ("MA011", "agent-value-out-of-range"),
    ("MA016", "agent-value-refused"),
    ("MF001", "unknown-flag"),
    ("MF002", "bad-value"),
    ("MF003", "duplicate-flag"),
    ("MF004", "ignored-variable"),
    ("MF005", "deprecated-flag"),
    ("MF006", "value-range"),
    ("MF007", "exclusive-flags"),
    ("MF008", "ignored-file"),
    ("MF009", "flag-env-disagree"),
    ("MR001", "master-missing"),
    ("MR002", "zk-missing-ha"),
    ("MR003", "unknown-flag"),
    ("MR004", "hostname-missing"),
    ("MR005", "conf-dir-ignored"),
    ("MR006", "task-launch-timeout"),
    ("MR007", "toggle-with-value"),
    ("MR008", "option-value"),
    ("MR009", "option-combination"),
    ("MR010", "option-repeated"),
    ("MR011", "option-refused"),
    ("CL001", "role-overlap"),
    ("CL002", "zookeeper-on-agent"),
    ("MF011", "json-flag-invalid"),
    ("MF012", "json-flag-unknown-key"),
    ("MF013", "http-auth-wiring"),
    ("MM011", "master-auth-wiring"),
    ("MM012", "authentication-without-credentials"),
    ("MF014", "credentials-file-invalid"),
    ("MF015", "libprocess-env"),
    ("MF016", "module-not-loaded"),
    ("AP001", "app-field-type"),
    ("AP002", "app-id-invalid"),
    ("AP003", "app-command-missing"),
    ("AP004", "constraint-invalid"),
    ("AP005", "app-value-range"),
    ("AP006", "port-networking"),
    ("AP007", "health-check-invalid"),
    ("AP008", "image-invalid"),
    ("AP009", "env-invalid"),
    ("AP010", "service-port-conflict"),
    ("AP011", "dependency-invalid"),
    ("AP012", "chronos-schedule-invalid"),
    ("AP013", "named-not-definition"),
    ("AP020", "containerizer-missing"),
    ("AP021", "constraint-unsatisfiable"),
    ("AP022", "placement-exceeds-agents"),
    ("AP023", "role-not-offered"),
    ("AP024", "resources-exceed-agents"),
    ("AP025", "host-port-outside-range"),
    ("AP026", "gpu-unavailable"),
    ("AP027", "host-port-clash"),
    ("AP028", "release-difference"),
    ("MF017", "acls-refused-by-local-authorizer"),
];

#[test]
fn every_catalogue_rule_is_registered_under_its_code_and_name() {
    for (code, name) in CATALOGUE {
        let rule =
            registry::find(code).unwrap_or_else(|| panic!("{code} ({name}) is not registered"));
        assert_eq!(rule.meta().name, *name, "{code} has the wrong name");
    }
    let extra: Vec<_> = registry::rules()
        .iter()
        .map(|r| r.meta().code)
        .filter(|c| !c.starts_with("IN") && !CATALOGUE.iter().any(|(k, _)| k == c))
        .collect();
    assert!(extra.is_empty(), "rules outside the catalogue: {extra:?}");
}

#[test]
fn registry_is_well_formed() {
    let rules = registry::rules();
    assert!(!rules.is_empty());
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in rules {
        let m = r.meta();
        assert!(
            m.code.len() == 5
                && m.code[..2].chars().all(|c| c.is_ascii_uppercase())
                && m.code[2..].chars().all(|c| c.is_ascii_digit()),
            "bad code {}",
            m.code
        );
        assert!(
            m.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "bad name {}",
            m.name
        );
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(
            names.insert((m.family(), m.name)),
            "duplicate name {} in {}",
            m.name,
            m.family()
        );
        assert!(
            !m.summary.is_empty() && !m.summary.ends_with('.'),
            "{}: summary",
            m.code
        );
        let doc = m.documentation();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "### Invalid",
            "### Valid",
        ] {
            assert!(
                doc.contains(heading),
                "{}: documentation lacks `{heading}`",
                m.code
            );
        }
    }
    let sorted: Vec<_> = rules.iter().map(|r| r.meta().code).collect();
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected, "registry must be sorted by code");
}

/// Every rule file under src/rules/<family>/ is registered, and every registered rule has one.
#[test]
fn every_rule_file_is_registered() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files = 0;
    for family in std::fs::read_dir(&src).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&family).unwrap() {
            let f = f.unwrap().path();
            if f.file_name().unwrap() == "mod.rs" || f.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            if !text.contains("declare_rule!") {
                continue; // a family's shared helpers
            }
            let code = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("code: \""))
                .and_then(|l| l.split('"').next())
                .unwrap_or_else(|| panic!("{} declares no rule", f.display()));
            assert!(
                registry::find(code).is_some(),
                "{} ({code}) is not registered",
                f.display()
            );
            files += 1;
        }
    }
    assert_eq!(files, registry::rules().len(), "one file per rule");
}

#[test]
fn documentation_examples() {
    let mut failures = Vec::new();
    for r in registry::rules() {
        let m = r.meta();
        let examples = mesoslint_core::docs::examples(&m.documentation());
        assert!(
            examples.iter().any(|e| !e.valid),
            "{}: no invalid example",
            m.code
        );
        assert!(
            examples.iter().any(|e| e.valid),
            "{}: no valid example",
            m.code
        );
        for ex in examples {
            let files = ex.file_set();
            let config = config_for(m, ex.config.as_deref());
            let report = lint(&files, &config);
            let fired = report.diagnostics.iter().any(|d| d.code == m.code);
            if fired == ex.valid {
                failures.push(format!(
                    "{} {} example `{}`: {}\n{}",
                    m.code,
                    if ex.valid { "valid" } else { "invalid" },
                    ex.title,
                    if ex.valid { "fired" } else { "did not fire" },
                    render::render_report(&files, &report)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    fires: bool,
    count: Option<usize>,
    #[serde(default)]
    config: Option<toml::Value>,
}

#[test]
fn fixtures() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    for r in registry::rules() {
        let m = r.meta();
        let dir = root.join(m.code);
        if NO_FIXTURE_RULES.contains(&m.code) {
            continue;
        }
        let mut cases: Vec<_> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(_) => {
                failures.push(format!("{}: no fixtures in {}", m.code, dir.display()));
                continue;
            }
        };
        cases.sort();
        let mut fires = 0;
        let mut clean = 0;
        for case_dir in cases {
            let case_name = case_dir.file_name().unwrap().to_string_lossy().to_string();
            let case_text = std::fs::read_to_string(case_dir.join("case.toml"))
                .unwrap_or_else(|_| panic!("{}: missing case.toml", case_dir.display()));
            let case: Case = toml::from_str(&case_text)
                .unwrap_or_else(|e| panic!("{}: bad case.toml: {e}", case_dir.display()));
            let config_text = case.config.as_ref().map(|v| toml::to_string(v).unwrap());
            let config = config_for(m, config_text.as_deref());
            let files =
                common::read_files(&case_dir, |rel| rel.rsplit('/').next() != Some("case.toml"));
            let report = lint(&files, &config);
            let n = report
                .diagnostics
                .iter()
                .filter(|d| d.code == m.code)
                .count();
            if case.fires {
                fires += 1;
            } else {
                clean += 1;
            }
            if (n > 0) != case.fires || case.count.is_some_and(|c| c != n) {
                failures.push(format!(
                    "{}/{case_name}: expected fires={} count={:?}, got {n}\n{}",
                    m.code,
                    case.fires,
                    case.count,
                    render::render_report(&files, &report)
                ));
                continue;
            }
            let rendered = render::render_report(&files, &report);
            insta::with_settings!({
                snapshot_path => root.join("../snapshots"),
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => case.description.clone(),
            }, {
                insta::assert_snapshot!(format!("rule@{}__{case_name}", m.code), rendered);
            });
        }
        if fires == 0 || clean == 0 {
            failures.push(format!(
                "{}: needs at least one firing and one clean fixture",
                m.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
