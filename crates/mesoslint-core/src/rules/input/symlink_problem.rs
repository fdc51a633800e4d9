use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{InputProblem, Span};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a symbolic link that loops, dangles, or leads out of the linted tree.
    ///
    /// ## Why is this bad?
    /// A link loop or a dangling link in a flag directory makes the wrapper's `[[ -f ]]` test
    /// skip the file silently, so the setting never applies. A link leading out of the tree
    /// points at a file mesoslint cannot check.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/work_dir problem:bad-symlink
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Point the link at a file inside the tree, or replace it with the file itself.
    pub struct SymlinkProblem {
        code: "IN005",
        name: "bad-symlink",
        severity: Warning,
        summary: "A symbolic link loops, dangles or leads out of the tree",
    }
}

impl Rule for SymlinkProblem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (id, file) in cx.files.iter() {
            if let Some(InputProblem::BadSymlink { reason, .. }) = file.problem() {
                sink.report(
                    Diagnostic::new(&Self::META, format!("symbolic link `{}` not followed: {reason}", file.path()))
                        .primary(Span::file_start(id), "link not followed")
                        .help("point the link at a regular file inside the tree, or replace it with the file"),
                );
            }
        }
    }
}
