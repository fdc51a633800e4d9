//! Conformance with ZooKeeper's own parser: the cases of
//! `tests/conformance/zookeeper/cases.toml` are the configurations ZooKeeper's unit tests
//! feed to `QuorumPeerConfig` and `QuorumServer`, with the verdict the tests assert. Each is
//! linted as a one-host tree for the release the case comes from; mesoslint agrees when it
//! reports an error exactly on the cases ZooKeeper rejects. The test prints the agreement
//! figure and fails below 99%.

mod common;

use mesoslint_core::{lint, Config, FileSet, Severity, Version};

const CASES: &str = "tests/conformance/zookeeper/cases.toml";
const REQUIRED: f64 = 99.0;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    source: String,
    test: String,
    version: String,
    expect: String,
    note: Option<String>,
    zoo_cfg: String,
    myid: Option<String>,
    java_env: Option<String>,
}

#[test]
fn zookeeper_unit_test_cases_agree() {
    let path = common::repo_path(CASES);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let corpus: Corpus =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(!corpus.case.is_empty(), "{CASES} holds no case");
    let mut disagreements = Vec::new();
    for case in &corpus.case {
        let reject = match case.expect.as_str() {
            "reject" => true,
            "accept" => false,
            other => panic!(
                "{}: expect must be accept or reject, not `{other}`",
                case.id
            ),
        };
        assert!(
            !case.source.is_empty() && !case.test.is_empty(),
            "{}: a case names the unit test it comes from",
            case.id
        );
        let mut files = FileSet::new();
        files.add_text("etc/zookeeper/conf/zoo.cfg", &case.zoo_cfg);
        if let Some(myid) = &case.myid {
            let dir = case
                .zoo_cfg
                .lines()
                .find_map(|l| l.strip_prefix("dataDir="))
                .unwrap_or("/var/lib/zookeeper")
                .trim()
                .trim_start_matches('/');
            files.add_text(&format!("{dir}/myid"), myid);
        }
        if let Some(env) = &case.java_env {
            files.add_text("etc/zookeeper/conf/java.env", env);
        }
        let mut config = Config::default();
        config.target.zookeeper = Some(
            Version::parse(&case.version).unwrap_or_else(|e| panic!("{}: version: {e:?}", case.id)),
        );
        let report = lint(&files, &config);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        if errors.is_empty() == reject {
            disagreements.push(format!(
                "{} ({} {}): ZooKeeper would {}, mesoslint reports {:?}{}",
                case.id,
                case.source.rsplit('/').next().unwrap_or(""),
                case.test,
                case.expect,
                errors,
                case.note
                    .as_deref()
                    .map(|n| format!(" [{n}]"))
                    .unwrap_or_default()
            ));
        }
    }
    let total = corpus.case.len();
    let agree = total - disagreements.len();
    let figure = 100.0 * agree as f64 / total as f64;
    println!("ZooKeeper conformance: {agree}/{total} cases agree ({figure:.1}%)");
    for d in &disagreements {
        println!("  disagrees: {d}");
    }
    assert!(
        figure >= REQUIRED,
        "ZooKeeper conformance {figure:.1}% is below {REQUIRED}%:\n{}",
        disagreements.join("\n")
    );
}
