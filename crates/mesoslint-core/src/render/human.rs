//! The human format: each finding drawn through codespan-reporting (one frame per file it
//! involves, primary first), then the summary line; plain or styled.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::term::{self, WriteStyle};

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{FileId, FileSet};
use crate::Report;

pub use codespan_reporting::term::Config as TermConfig;

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| CsLabel {
            style: if l.primary {
                LabelStyle::Primary
            } else {
                LabelStyle::Secondary
            },
            file_id: l.span.file,
            range: l.span.range(),
            message: l.message.clone(),
        })
        .collect();
    let mut notes = d.notes.clone();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    notes.push(format!("see: mesoslint explain {}", d.code));
    CsDiagnostic::new(severity)
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Render one finding as plain text.
pub fn render_diagnostic(files: &FileSet, d: &Diagnostic) -> String {
    let config = TermConfig::default();
    term::emit_into_string(&config, files, &to_codespan(d)).unwrap_or_else(|e| {
        format!(
            "{}[{}]: {} (could not show source: {e})\n",
            d.severity, d.code, d.message
        )
    })
}

/// Render one finding through a styled writer (colours are the writer's business).
pub fn render_diagnostic_styled<W: WriteStyle + ?Sized>(
    writer: &mut W,
    config: &TermConfig,
    files: &FileSet,
    d: &Diagnostic,
) -> std::io::Result<()> {
    term::emit_to_write_style(writer, config, files, &to_codespan(d))
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The whole human report as plain text: every finding, then the summary line. This is exactly
/// what the CLI prints without colour.
pub fn render_report(files: &FileSet, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render_diagnostic(files, d));
        out.push('\n');
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

/// The whole human report through a styled writer: what [`render_report`] gives, with the
/// writer's styles (the CLI passes a terminal stream that colours them; the summary line is
/// in the header-message style, bold by default, when there are findings).
pub fn write_report_styled<W: WriteStyle + ?Sized>(
    writer: &mut W,
    config: &TermConfig,
    files: &FileSet,
    report: &Report,
) -> std::io::Result<()> {
    // The writer's own result type is `io::Result` or `fmt::Result` depending on the features
    // codespan-reporting is built with: both become `io::Result` here.
    fn io<E: std::fmt::Display>(r: Result<(), E>) -> std::io::Result<()> {
        r.map_err(|e| std::io::Error::other(e.to_string()))
    }
    for d in &report.diagnostics {
        render_diagnostic_styled(writer, config, files, d)?;
        io(writeln!(writer))?;
    }
    let summary = report.summary_line();
    if report.diagnostics.is_empty() {
        io(writeln!(writer, "{summary}"))
    } else {
        io(writer.set_header_message())?;
        io(write!(writer, "{summary}"))?;
        io(writer.reset())?;
        io(writeln!(writer))
    }
}
