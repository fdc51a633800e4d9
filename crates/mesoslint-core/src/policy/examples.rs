//! `[[policy.example]]`: each example is a tiny tree (or one value of the policy's setting on
//! one host) that the policy must fail or pass; `mesoslint policies --test` runs them.

use crate::files::FileSet;
use crate::model::Cluster;
use crate::Config;

use super::{ExampleContent, Policy, PolicyDaemon};

/// What one example gave.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ExampleOutcome {
    pub code: &'static str,
    /// 1-based, in the order of the file.
    pub index: usize,
    pub fails: bool,
    /// The policy's messages on the example.
    pub findings: Vec<String>,
    /// The policy failed exactly when the example says it fails.
    pub passed: bool,
    /// Line of the example in `mesoslint.toml`, when known.
    pub line: Option<usize>,
}

/// The files of an example.
pub fn example_files(p: &Policy, content: &ExampleContent) -> Vec<(String, String)> {
    match content {
        ExampleContent::Files(files) => files.clone(),
        ExampleContent::Value { host, value } => {
            let setting = &p.info.canonical;
            let (path, text) = match p.daemon {
                PolicyDaemon::MesosMaster => (
                    format!("{host}/etc/mesos-master/{setting}"),
                    format!("{value}\n"),
                ),
                PolicyDaemon::MesosAgent => (
                    format!("{host}/etc/mesos-slave/{setting}"),
                    format!("{value}\n"),
                ),
                PolicyDaemon::Marathon => (
                    format!("{host}/etc/marathon/conf/{setting}"),
                    format!("{value}\n"),
                ),
                PolicyDaemon::Zookeeper => (
                    format!("{host}/etc/zookeeper/conf/zoo.cfg"),
                    format!("{setting}={value}\n"),
                ),
            };
            vec![(path, text)]
        }
    }
}

/// Run every example of every policy. `text` is the configuration file (for lines).
pub fn run_examples(policies: &[Policy], text: Option<&str>) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for p in policies {
        for (i, ex) in p.examples.iter().enumerate() {
            let mut files = FileSet::new();
            for (path, body) in example_files(p, &ex.content) {
                files.add_text(&path, &body);
            }
            let cluster = Cluster::build(&files, &Config::default());
            let mut found = Vec::new();
            super::check(p, &files, &cluster, &mut found);
            let findings: Vec<String> = found.into_iter().map(|d| d.message).collect();
            out.push(ExampleOutcome {
                code: p.code,
                index: i + 1,
                fails: ex.fails,
                passed: findings.is_empty() != ex.fails,
                findings,
                line: match (text, &ex.span) {
                    (Some(t), Some(s)) => Some(crate::settings::line_column(t, s.start).0),
                    _ => None,
                },
            });
        }
    }
    out
}

/// The outcomes as text, one line per example, then a summary line.
pub fn outcomes_text(outcomes: &[ExampleOutcome]) -> String {
    let mut s = String::new();
    for o in outcomes {
        let place = o.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let want = if o.fails { "fails" } else { "passes" };
        if o.passed {
            s.push_str(&format!(
                "ok      {} example {}{place}: {want}\n",
                o.code, o.index
            ));
        } else if o.fails {
            s.push_str(&format!(
                "FAILED  {} example {}{place}: expected a finding, the policy found nothing\n",
                o.code, o.index
            ));
        } else {
            s.push_str(&format!(
                "FAILED  {} example {}{place}: expected no finding, the policy found: {}\n",
                o.code,
                o.index,
                o.findings.join("; ")
            ));
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    s.push_str(&format!(
        "{} examples, {} passed, {} failed\n",
        outcomes.len(),
        outcomes.len() - failed,
        failed
    ));
    s
}
