use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{InputProblem, Span};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a file larger than the size cap (the CLI reads at most 1 MiB of a config file by
    /// default; `--max-file-size` changes it). Its contents are not read.
    ///
    /// ## Why is this bad?
    /// Mesos, ZooKeeper and Marathon config files are a few lines long. A file of megabytes where
    /// a flag file belongs is a log, a dump or a binary copied there by mistake, and a daemon that
    /// reads it as a flag value will not start.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-slave/attributes/rack problem:too-large
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/attributes/rack
    /// r1
    /// ```
    ///
    /// ## How to fix
    /// Remove the file from the config tree, or exclude its path in `mesoslint.toml`.
    pub struct FileTooLarge {
        code: "IN003",
        name: "file-too-large",
        severity: Error,
        summary: "A file is larger than the size cap and was not read",
    }
}

impl Rule for FileTooLarge {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (id, file) in cx.files.iter() {
            if let Some(InputProblem::TooLarge { size, limit }) = file.problem() {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!("`{}` is {size} bytes, over the {limit}-byte cap: not read", file.path()),
                    )
                    .primary(Span::file_start(id), "too large to be a config file")
                    .help("remove the file from the config tree or exclude its path in mesoslint.toml"),
                );
            }
        }
    }
}
