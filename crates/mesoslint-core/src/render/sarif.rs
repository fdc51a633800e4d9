//! The SARIF format: a SARIF 2.1.0 log for code scanning (columns in UTF-16 code units,
//! fingerprints that survive edits elsewhere in the file).

use serde_json::{json, Value};

use crate::diagnostic::LabelLocation;
use crate::{FileSet, Finding, Report, Severity};

/// Percent-encode a relative path for a URI reference (keeps `/` and unreserved characters).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: small, fixed, identical on every platform and run.
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical(l: &LabelLocation) -> Value {
    let mut region = json!({
        "startLine": l.start.line,
        "startColumn": l.start.column_utf16,
        "endLine": l.end.line,
        "endColumn": l.end.column_utf16,
    });
    // The whole-file findings have an empty span at 1:1; keep it a valid, empty region.
    if l.end.line < l.start.line {
        region["endLine"] = json!(l.start.line);
    }
    json!({
        "artifactLocation": {"uri": uri(&l.path), "uriBaseId": "%SRCROOT%"},
        "region": region,
    })
}

/// The first paragraph of the "What it does" section.
fn full_description(doc: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"))
        .skip(1);
    let mut para = Vec::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            if para.is_empty() {
                continue;
            }
            break;
        }
        if l.starts_with('#') {
            break;
        }
        para.push(l.trim());
    }
    para.join(" ")
}

/// The SARIF 2.1.0 log of a run: every rule with its documentation, every finding with its
/// locations, related locations and a line-independent fingerprint.
pub fn sarif(files: &FileSet, report: &Report, findings: &[Finding]) -> String {
    let rules_all = crate::registry::rules();
    let rules: Vec<Value> = rules_all
        .iter()
        .map(|r| {
            let m = r.meta();
            let doc = m.documentation();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": full_description(&doc)},
                "help": {"text": doc, "markdown": doc},
                "helpUri": m.help_uri(),
                "defaultConfiguration": {"level": sarif_level(m.severity)},
                "properties": {"tags": [m.family()]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(findings)
        .map(|(d, f)| {
            let primary = f.primary();
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": {"text": text},
            });
            // The registry is sorted by code: a search, not a scan, per finding.
            if let Ok(i) = rules_all.binary_search_by(|r| r.meta().code.cmp(f.code.as_str())) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(p) = primary {
                let mut loc = json!({"physicalLocation": physical(p)});
                if !p.message.is_empty() {
                    loc["message"] = json!({"text": p.message});
                }
                result["locations"] = json!([loc]);
                let label_text = d
                    .primary_label()
                    .map(|l| files.text(l.span).to_string())
                    .unwrap_or_default();
                result["partialFingerprints"] =
                    json!({"mesoslint/v1": fnv1a(&[&f.code, &p.path, &label_text])});
            }
            let related: Vec<Value> = f
                .labels
                .iter()
                .filter(|l| !primary.is_some_and(|p| std::ptr::eq(p, *l)))
                .enumerate()
                .map(|(i, l)| {
                    let mut v = json!({"id": i + 1, "physicalLocation": physical(l)});
                    if !l.message.is_empty() {
                        v["message"] = json!({"text": l.message});
                    }
                    v
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mesoslint",
                "version": crate::VERSION,
                "semanticVersion": crate::VERSION,
                "informationUri": "https://github.com/mesoslint/mesoslint",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::cross_file_report;
    use crate::{Diagnostic, Span};

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("a b/é.cfg"), "a%20b/%C3%A9.cfg");
        assert_eq!(uri("../x/y"), "../x/y");
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fnv1a(&["a", "b"]), fnv1a(&["a", "b"]));
        assert_ne!(fnv1a(&["ab", ""]), fnv1a(&["a", "b"]));
        assert_eq!(fnv1a(&[]), "cbf29ce484222325");
    }

    #[test]
    fn full_description_is_first_paragraph() {
        let doc = "## What it does\nReports a\nthing.\n\nMore.\n## Why\n";
        assert_eq!(full_description(doc), "Reports a thing.");
        assert_eq!(full_description(""), "");
    }

    #[test]
    fn sarif_has_related_locations_and_line_independent_fingerprints() {
        let (files, report) = cross_file_report();
        let findings = report.findings(&files);
        let v: Value = serde_json::from_str(&sarif(&files, &report, &findings)).unwrap();
        let result = &v["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "m1/etc/mesos-master/quorum"
        );
        let related = result["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 1);
        assert_eq!(related[0]["id"], 1);
        assert_eq!(related[0]["message"]["text"], "and here, on m2");
        assert_eq!(
            related[0]["physicalLocation"]["artifactLocation"]["uri"],
            "m2/etc/mesos-master/quorum"
        );
        let fp = result["partialFingerprints"]["mesoslint/v1"].clone();
        // The same finding two lines further down keeps its fingerprint.
        let mut files2 = FileSet::new();
        let a = files2.add_text("m1/etc/mesos-master/quorum", "\n\n1\n");
        let b = files2.add_text("m2/etc/mesos-master/quorum", "2\n");
        let meta = crate::registry::find("IN006").unwrap().meta();
        let d = Diagnostic::new(meta, "quorums disagree, 50% of them")
            .primary(Span::new(a, 2..3), "here")
            .secondary(Span::new(b, 0..1), "and here, on m2");
        let report2 = Report {
            diagnostics: vec![d],
            hosts: vec![],
            ..Default::default()
        };
        let findings2 = report2.findings(&files2);
        let v2: Value = serde_json::from_str(&sarif(&files2, &report2, &findings2)).unwrap();
        let result2 = &v2["runs"][0]["results"][0];
        assert_eq!(
            result2["locations"][0]["physicalLocation"]["region"]["startLine"],
            3
        );
        assert_eq!(result2["partialFingerprints"]["mesoslint/v1"], fp);
    }
}
