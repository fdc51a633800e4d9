//! The renderer layer: everything that turns a [`Report`] into text for a reader or a tool.
//! Every front-end (the CLI, the WebAssembly package and its Node CLI, the Action through the
//! CLI) calls these, so one tree gives byte-identical output whichever runs it.
//!
//! - [`human`]: source frames through codespan-reporting, then the summary line;
//! - [`concise`]: `path:line:col: severity[CODE] message`, one line per finding;
//! - [`json`]: the JSON document of `--format json` (schema in docs/cli.md);
//! - [`sarif`]: SARIF 2.1.0 for code scanning;
//! - [`github`]: GitHub Actions workflow commands (annotations);
//! - [`markdown`]: the report as Markdown (the Action's job summary);
//! - [`hosts`]: the cluster as `mesoslint hosts` prints it.

use crate::files::FileSet;
use crate::{Finding, Report};

pub mod concise;
pub mod diff;
pub mod github;
pub mod hosts;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

pub use human::{
    render_diagnostic, render_diagnostic_styled, render_report, write_report_styled, TermConfig,
};

/// An output format, by the name the CLI's `--format` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Markdown,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Render a report in one format (the human one without colour).
pub fn render(format: Format, files: &FileSet, report: &Report) -> String {
    if format == Format::Human {
        return render_report(files, report);
    }
    let findings = report.findings(files);
    render_findings(format, files, report, &findings)
}

/// [`render`] with the findings already made (`report.findings(files)`), for a front-end that
/// prints more than one format of the same run.
pub fn render_findings(
    format: Format,
    files: &FileSet,
    report: &Report,
    findings: &[Finding],
) -> String {
    match format {
        Format::Human => render_report(files, report),
        Format::Concise => concise::concise(findings),
        Format::Json => json::json(files, report, findings),
        Format::Sarif => sarif::sarif(files, report, findings),
        Format::Github => github::github(findings),
        Format::Markdown => markdown::markdown(report, findings),
    }
}

/// A finding's place for one-line formats: path, line, UTF-16 column (`-:1:1` without one).
fn location(f: &Finding) -> (String, usize, usize) {
    match f.primary() {
        Some(l) => (l.path.clone(), l.start.line, l.start.column_utf16),
        None => ("-".into(), 1, 1),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{registry, Diagnostic, FileSet, Report, Span};

    /// One finding whose primary label is in one file and a secondary label in another.
    pub fn cross_file_report() -> (FileSet, Report) {
        let mut files = FileSet::new();
        let a = files.add_text("m1/etc/mesos-master/quorum", "1\n");
        let b = files.add_text("m2/etc/mesos-master/quorum", "2\n");
        let meta = registry::find("IN006").map(|r| r.meta()).expect("IN006");
        let d = Diagnostic::new(meta, "quorums disagree, 50% of them")
            .primary(Span::new(a, 0..1), "here")
            .secondary(Span::new(b, 0..1), "and here, on m2")
            .help("pick one");
        let report = Report {
            diagnostics: vec![d],
            hosts: vec!["m1".into(), "m2".into()],
            ..Report::default()
        };
        (files, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("yaml"), None);
    }

    #[test]
    fn render_dispatches_on_the_format() {
        let (files, report) = test_support::cross_file_report();
        let findings = report.findings(&files);
        for f in Format::ALL {
            assert_eq!(
                render(f, &files, &report),
                render_findings(f, &files, &report, &findings),
                "{f:?}"
            );
        }
        assert_eq!(
            render(Format::Human, &files, &report),
            render_report(&files, &report)
        );
        assert!(render(Format::Concise, &files, &report)
            .starts_with("m1/etc/mesos-master/quorum:1:1: error[IN006] "));
    }
}
