//! Output formats: human, concise, json, sarif, github, markdown.

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use mesoslint_core::diagnostic::LabelLocation;
use mesoslint_core::{render, FileSet, Finding, Report, Severity};
use serde_json::{json, Value};

/// Version of the JSON output's schema; bumped only on incompatible changes.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    /// A Markdown report (counts, a table per host and rule, the findings): the Action's job
    /// summary
    Markdown,
}

/// The human report, through a colour-capable writer.
pub fn write_human(
    out: &mut dyn WriteColor,
    files: &FileSet,
    report: &Report,
) -> std::io::Result<()> {
    let config = render::TermConfig::default();
    for d in &report.diagnostics {
        render::render_diagnostic_styled(out, &config, files, d)?;
        writeln!(out)?;
    }
    let summary = report.summary_line();
    if report.diagnostics.is_empty() {
        writeln!(out, "{summary}")?;
    } else {
        let mut spec = codespan_reporting::term::termcolor::ColorSpec::new();
        spec.set_bold(true);
        out.set_color(&spec)?;
        write!(out, "{summary}")?;
        out.reset()?;
        writeln!(out)?;
    }
    Ok(())
}

fn location(f: &Finding) -> (String, usize, usize) {
    match f.primary() {
        Some(l) => (l.path.clone(), l.start.line, l.start.column_utf16),
        None => ("-".into(), 1, 1),
    }
}

/// `path:line:col: severity[CODE] message`, one line per finding.
pub fn concise(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let (path, line, col) = location(f);
        out.push_str(&format!(
            "{path}:{line}:{col}: {}[{}] {}\n",
            f.severity,
            f.code,
            one_line(&f.message)
        ));
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// The JSON document (schema in docs/cli.md).
pub fn json(files: &FileSet, report: &Report, findings: &[Finding]) -> String {
    let doc = json!({
        "schema": JSON_SCHEMA_VERSION,
        "tool": {"name": "mesoslint", "version": mesoslint_core::VERSION},
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
            "files": files.len(),
            "hosts": report.hosts.len(),
            "text": report.summary_line(),
        },
        "hosts": report.hosts,
        "findings": findings,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=CODE::message`.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = f.primary() {
            props.push(format!("file={}", escape_property(&l.path)));
            props.push(format!("line={}", l.start.line));
            props.push(format!("col={}", l.start.column_utf16));
            props.push(format!("endLine={}", l.end.line));
            if l.end.line == l.start.line && l.end.column_utf16 > l.start.column_utf16 {
                props.push(format!("endColumn={}", l.end.column_utf16));
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", f.code, f.name))
        ));
        let mut message = f.message.clone();
        for l in f.labels.iter().filter(|l| !l.primary) {
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                l.path, l.start.line, l.start.column_utf16, l.message
            ));
        }
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

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

/// SARIF 2.1.0.
pub fn sarif(files: &FileSet, report: &Report, findings: &[Finding]) -> String {
    let rules_all = mesoslint_core::registry::rules();
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
            if let Some(i) = rules_all.iter().position(|r| r.meta().code == f.code) {
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
                "version": mesoslint_core::VERSION,
                "semanticVersion": mesoslint_core::VERSION,
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

/// Where colour is decided: `--color`, then `NO_COLOR`, then `FORCE_COLOR`, then whether
/// standard output is a terminal.
pub fn color_choice(flag: ColorFlag, is_terminal: bool) -> ColorChoice {
    let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match flag {
        ColorFlag::Always => ColorChoice::Always,
        ColorFlag::Never => ColorChoice::Never,
        ColorFlag::Auto => {
            if env_set("NO_COLOR") {
                ColorChoice::Never
            } else if env_set("FORCE_COLOR")
                && std::env::var("FORCE_COLOR").map_or(true, |v| v != "0" && v != "false")
            {
                ColorChoice::Always
            } else if is_terminal {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorFlag {
    Auto,
    Always,
    Never,
}

/// A stdout stream with the chosen colours.
pub fn stdout(choice: ColorChoice) -> StandardStream {
    StandardStream::stdout(choice)
}

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
/// `hosts[i]` is the host of `findings[i]`'s primary location (`None`: no host).
pub fn markdown(report: &Report, findings: &[Finding], hosts: &[Option<String>]) -> String {
    use std::collections::BTreeMap;
    let mut out = String::from("## mesoslint\n\n");
    out.push_str(&format!("**{}**\n", md_escape(&report.summary_line())));
    if findings.is_empty() {
        return out;
    }
    // (host, code) -> (name, most severe, count)
    let mut table: BTreeMap<(String, String), (String, Severity, usize)> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        let host = hosts.get(i).cloned().flatten().unwrap_or_default();
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
        let rule = match mesoslint_core::registry::find(code) {
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
        let (path, line, col) = location(f);
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

    #[test]
    fn github_escapes() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

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

    fn cross_file_report() -> (FileSet, Report) {
        let mut files = FileSet::new();
        let a = files.add_text("m1/etc/mesos-master/quorum", "1\n");
        let b = files.add_text("m2/etc/mesos-master/quorum", "2\n");
        let meta = mesoslint_core::registry::find("IN006").unwrap().meta();
        let d = mesoslint_core::Diagnostic::new(meta, "quorums disagree, 50% of them")
            .primary(mesoslint_core::Span::new(a, 0..1), "here")
            .secondary(mesoslint_core::Span::new(b, 0..1), "and here, on m2")
            .help("pick one");
        let report = Report {
            diagnostics: vec![d],
            hosts: vec!["m1".into(), "m2".into()],
        };
        (files, report)
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
        let meta = mesoslint_core::registry::find("IN006").unwrap().meta();
        let d = mesoslint_core::Diagnostic::new(meta, "quorums disagree, 50% of them")
            .primary(mesoslint_core::Span::new(a, 2..3), "here")
            .secondary(mesoslint_core::Span::new(b, 0..1), "and here, on m2");
        let report2 = Report {
            diagnostics: vec![d],
            hosts: vec![],
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

    #[test]
    fn github_lists_secondary_labels_in_the_message() {
        let (files, report) = cross_file_report();
        let out = github(&report.findings(&files));
        assert_eq!(out.lines().count(), 1);
        assert!(
            out.starts_with(
                "::error file=m1/etc/mesos-master/quorum,line=1,col=1,endLine=1,endColumn=2,\
                 title=IN006 binary-file::quorums disagree, 50%25 of them%0A"
            ),
            "{out}"
        );
        assert!(
            out.contains("%0Am2/etc/mesos-master/quorum:1:1: and here, on m2%0Ahelp: pick one"),
            "{out}"
        );
    }

    #[test]
    fn full_description_is_first_paragraph() {
        let doc = "## What it does\nReports a\nthing.\n\nMore.\n## Why\n";
        assert_eq!(full_description(doc), "Reports a thing.");
        assert_eq!(full_description(""), "");
    }

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
        let findings = report.findings(&files);
        let hosts = vec![Some("m1".to_string()), Some("m|1".to_string()), None];
        let md = markdown(&report, &findings, &hosts);
        assert!(
            md.starts_with("## mesoslint\n\n**3 errors in 2 hosts**\n"),
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
        // Fewer host entries than findings is not a panic.
        let md = markdown(&report, &findings, &[]);
        assert!(md.contains("| (no host) | [IN006"), "{md}");
    }

    #[test]
    fn markdown_clean_and_capped() {
        let report = Report {
            diagnostics: vec![],
            hosts: vec!["a".into()],
        };
        assert_eq!(
            markdown(&report, &[], &[]),
            "## mesoslint\n\n**no findings in 1 host**\n"
        );
        let (files, mut report) = cross_file_report();
        let d = report.diagnostics[0].clone();
        report.diagnostics = vec![d; MARKDOWN_LIST_CAP + 5];
        let findings = report.findings(&files);
        let md = markdown(&report, &findings, &[]);
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
