//! The JSON format: one document with the counts, the hosts and every finding (the schema is
//! documented in docs/cli.md and versioned by [`JSON_SCHEMA_VERSION`]).

use serde_json::json;

use crate::{FileSet, Finding, Report, Severity};

/// Version of the JSON output's schema; bumped only on incompatible changes.
pub const JSON_SCHEMA_VERSION: u32 = 1;

pub fn json(files: &FileSet, report: &Report, findings: &[Finding]) -> String {
    let doc = json!({
        "schema": JSON_SCHEMA_VERSION,
        "tool": {"name": "mesoslint", "version": crate::VERSION},
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
            "files": files.tree_len(),
            "hosts": report.hosts.len(),
            "definitions": report.definitions,
            "daemons": {
                "mesos-master": report.daemons.masters,
                "mesos-agent": report.daemons.agents,
                "zookeeper": report.daemons.zookeepers,
                "marathon": report.daemons.marathons,
            },
            "templated_skipped": report.templated_skipped,
            "text": report.summary_line(),
        },
        "hosts": report.hosts,
        "findings": findings,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_has_counts_and_findings() {
        let (files, report) = crate::render::test_support::cross_file_report();
        let v: serde_json::Value =
            serde_json::from_str(&json(&files, &report, &report.findings(&files))).unwrap();
        assert_eq!(v["schema"], JSON_SCHEMA_VERSION);
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["summary"]["files"], 2);
        assert_eq!(v["summary"]["text"], "1 error in 2 hosts running no daemon");
        assert_eq!(v["findings"][0]["code"], "IN006");
    }
}
