//! The GitHub format: workflow commands (`::error file=...,line=...,col=...,title=CODE
//! name::message`) that GitHub turns into annotations; secondary labels and the help line go
//! into the message.

use crate::{Finding, Severity};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn github_lists_secondary_labels_in_the_message() {
        let (files, report) = crate::render::test_support::cross_file_report();
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
}
