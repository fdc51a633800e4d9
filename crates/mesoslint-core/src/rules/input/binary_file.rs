use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::FileKind;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a binary file (one holding NUL bytes) where a config file belongs: in a flag
    /// directory, in `etc/default/`, or at a ZooKeeper, Marathon or fstab path.
    ///
    /// ## Why is this bad?
    /// A flag file's contents become the flag's value; binary junk there stops the daemon, and
    /// bash silently drops NUL bytes from `$(cat file)`.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/quorum encoding:nul
    /// 2
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Remove the file, or replace it with the text value it should hold.
    pub struct BinaryFile {
        code: "IN006",
        name: "binary-file",
        severity: Error,
        summary: "A binary file sits where a config file belongs",
    }
}

impl Rule for BinaryFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in &cx.cluster.hosts {
            for f in &host.files {
                let file = cx.files.get(f.id);
                if !file.is_binary() || f.kind == FileKind::Other {
                    continue;
                }
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!("`{}` is a binary file (it holds NUL bytes)", file.path()),
                    )
                    .primary(Span::file_start(f.id), "binary content")
                    .help("remove the file or replace it with the text value it should hold"),
                );
            }
        }
    }
}
