//! Plain-text and styled rendering of findings through codespan-reporting: one frame per file a
//! finding involves, primary first.

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
