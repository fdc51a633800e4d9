//! The concise format: `path:line:col: severity[CODE] message`, one line per finding (the
//! column counts UTF-16 code units, as editors do).

use super::location;
use crate::Finding;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_finding() {
        let (files, mut report) = crate::render::test_support::cross_file_report();
        report.diagnostics[0].message = "two\nlines".into();
        let out = concise(&report.findings(&files));
        assert_eq!(
            out,
            "m1/etc/mesos-master/quorum:1:1: error[IN006] two lines\n"
        );
    }
}
