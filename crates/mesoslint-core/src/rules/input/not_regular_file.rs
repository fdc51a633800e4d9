use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{InputProblem, Span};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a FIFO, socket or device node in the config tree. mesoslint never opens one
    /// (reading a FIFO would block).
    ///
    /// ## Why is this bad?
    /// The init wrapper's `$(cat file)` on a FIFO in a flag directory hangs the service start;
    /// a device node there is never a setting.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/quorum problem:not-regular
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Replace it with a regular file, or remove it.
    pub struct NotRegularFile {
        code: "IN004",
        name: "not-a-regular-file",
        severity: Error,
        summary: "A FIFO, socket or device sits where a config file belongs",
    }
}

impl Rule for NotRegularFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (id, file) in cx.files.iter() {
            if let Some(InputProblem::NotRegular { kind }) = file.problem() {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`{}` is a {kind}, not a regular file: not read",
                            file.path()
                        ),
                    )
                    .primary(Span::file_start(id), kind.to_string())
                    .help("replace it with a regular file or remove it from the config tree"),
                );
            }
        }
    }
}
