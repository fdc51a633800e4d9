//! The Markdown format: a heading with the counts, a table of findings per host and rule (the
//! place to look when a step has more annotations than GitHub shows), then the findings. The
//! Action writes it as the job summary.

use crate::{Finding, Report, Severity};

/// Escape text derived from the input (host names, paths, messages) for Markdown, inside a
/// table cell or a list item: no HTML, no emphasis or links, no table breaks, one line.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\r' | '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// How many findings the Markdown report lists one by one (the table counts them all).
pub const MARKDOWN_LIST_CAP: usize = 200;

/// The Markdown report: a heading with the counts, a table of findings per host and rule (the
/// place to look when a step has more annotations than GitHub shows), then the findings.
pub fn markdown(report: &Report, findings: &[Finding]) -> String {
    use std::collections::BTreeMap;
    let mut out = String::from("## mesoslint\n\n");
    out.push_str(&format!("**{}**\n", md_escape(&report.summary_line())));
    if findings.is_empty() {
        return out;
    }
    // (host, code) -> (name, most severe, count)
    let mut table: BTreeMap<(String, String), (String, Severity, usize)> = BTreeMap::new();
    for f in findings {
        let host = f.host.clone().unwrap_or_default();
        let entry = table
            .entry((host, f.code.clone()))
            .or_insert_with(|| (f.name.clone(), f.severity, 0));
        entry.1 = entry.1.max(f.severity);
        entry.2 += 1;
    }
    out.push_str("\n| Host | Rule | Severity | Findings |\n|---|---|---|---:|\n");
    for ((host, code), (name, severity, count)) in &table {
        let host = if host.is_empty() {
            "(no host)".to_string()
        } else {
            md_escape(host)
        };
        let rule = match crate::registry::find(code) {
            Some(r) => format!(
                "[{} {}]({})",
                md_escape(code),
                md_escape(name),
                r.meta().help_uri()
            ),
            None => format!("{} {}", md_escape(code), md_escape(name)),
        };
        out.push_str(&format!("| {host} | {rule} | {severity} | {count} |\n"));
    }
    out.push_str("\n<details><summary>Findings</summary>\n\n");
    for f in findings.iter().take(MARKDOWN_LIST_CAP) {
        let (path, line, col) = super::location(f);
        out.push_str(&format!(
            "- {} {}: {}:{}:{}: {}\n",
            f.severity,
            md_escape(&f.code),
            md_escape(&path),
            line,
            col,
            md_escape(&f.message)
        ));
    }
    if findings.len() > MARKDOWN_LIST_CAP {
        out.push_str(&format!(
            "- ... and {} more (see the annotations or run mesoslint locally)\n",
            findings.len() - MARKDOWN_LIST_CAP
        ));
    }
    out.push_str("\n</details>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::cross_file_report;

    #[test]
    fn markdown_escapes_input_text() {
        assert_eq!(md_escape("a|b<c>&d"), "a&#124;b&lt;c&gt;&amp;d");
        assert_eq!(
            md_escape("[x](y) *z* `q`"),
            "\\[x\\]\\(y\\) \\*z\\* \\`q\\`"
        );
        assert_eq!(md_escape("l1\nl2\u{0}é"), "l1 l2\u{FFFD}é");
        assert_eq!(md_escape(""), "");
    }

    #[test]
    fn markdown_table_per_host_and_code() {
        let (files, mut report) = cross_file_report();
        let d = report.diagnostics[0].clone();
        report.diagnostics.push(d.clone());
        report.diagnostics.push(d);
        let mut findings = report.findings(&files);
        for (f, host) in findings.iter_mut().zip([Some("m1"), Some("m|1"), None]) {
            f.host = host.map(str::to_string);
        }
        let md = markdown(&report, &findings);
        assert!(
            md.starts_with("## mesoslint\n\n**3 errors in 2 hosts running no daemon**\n"),
            "{md}"
        );
        assert!(md.contains("| Host | Rule | Severity | Findings |"), "{md}");
        assert!(md.contains("| m1 | [IN006 binary-file]("), "{md}");
        assert!(md.contains("| m&#124;1 | [IN006"), "{md}");
        assert!(md.contains("| (no host) | [IN006"), "{md}");
        assert!(
            md.contains("- error IN006: m1/etc/mesos-master/quorum:1:1: quorums"),
            "{md}"
        );
        // Every table row has the same number of cells.
        for line in md.lines().filter(|l| l.starts_with('|')) {
            assert_eq!(line.matches('|').count(), 5, "{line}");
        }
    }

    #[test]
    fn markdown_clean_and_capped() {
        let report = Report {
            diagnostics: vec![],
            hosts: vec!["a".into()],
            ..Report::default()
        };
        assert_eq!(
            markdown(&report, &[]),
            "## mesoslint\n\n**no findings in 1 host running no daemon**\n"
        );
        let (files, mut report) = cross_file_report();
        let d = report.diagnostics[0].clone();
        report.diagnostics = vec![d; MARKDOWN_LIST_CAP + 5];
        let findings = report.findings(&files);
        let md = markdown(&report, &findings);
        assert_eq!(
            md.lines().filter(|l| l.starts_with("- error")).count(),
            MARKDOWN_LIST_CAP
        );
        assert!(md.contains("- ... and 5 more"), "{md}");
        assert!(
            md.contains(&format!(" | {} |", MARKDOWN_LIST_CAP + 5)),
            "{md}"
        );
    }
}
