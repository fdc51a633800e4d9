use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{InputProblem, Span};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a file in the linted tree that could not be read (permission denied, I/O error).
    ///
    /// ## Why is this bad?
    /// A file mesoslint cannot read is a file it cannot check, and cross-host rules then work
    /// from an incomplete picture. The daemon may well be able to read it when it starts.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/quorum problem:unreadable
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Give the user running mesoslint read access, or exclude the path in `mesoslint.toml`.
    pub struct UnreadableFile {
        code: "IN001",
        name: "unreadable-file",
        severity: Error,
        summary: "A file in the tree could not be read",
    }
}

impl Rule for UnreadableFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (id, file) in cx.files.iter() {
            if let Some(InputProblem::Unreadable { reason }) = file.problem() {
                sink.report(
                    Diagnostic::new(&Self::META, format!("cannot read `{}`: {reason}", file.path()))
                        .primary(Span::file_start(id), "not read")
                        .help("make the file readable by the user running mesoslint, or exclude it in mesoslint.toml"),
                );
            }
        }
    }
}
