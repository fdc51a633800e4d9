use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{Encoding, Span};
use crate::model::FileKind;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a config file that is not valid UTF-8. mesoslint reads it as ISO-8859-1 and goes
    /// on checking it. `zoo.cfg` is exempt: ZooKeeper itself reads it as ISO-8859-1.
    ///
    /// ## Why is this bad?
    /// The init wrapper runs with `LC_ALL=en_US.UTF-8`; bytes that are not UTF-8 in a flag or env
    /// file usually come from an editor in another encoding or a copy-paste from a document, and
    /// end up inside a flag value.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-slave/attributes/rack encoding:latin1
    /// rack-é
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/attributes/rack
    /// rack-1
    /// ```
    ///
    /// ## How to fix
    /// Re-save the file as UTF-8 (or ASCII).
    pub struct NotUtf8 {
        code: "IN002",
        name: "not-utf8",
        severity: Warning,
        summary: "A config file is not valid UTF-8",
    }
}

impl Rule for NotUtf8 {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in &cx.cluster.hosts {
            for f in &host.files {
                let file = cx.files.get(f.id);
                if file.encoding() != Encoding::Latin1
                    || file.is_binary()
                    || f.kind == FileKind::ZooCfg
                {
                    continue;
                }
                let text = file.text();
                let at = text.find(|c: char| !c.is_ascii()).unwrap_or(0);
                let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!("`{}` is not valid UTF-8; read as ISO-8859-1", file.path()),
                    )
                    .primary(Span::new(f.id, at..end), "first byte that is not UTF-8")
                    .help("re-save the file as UTF-8"),
                );
            }
        }
    }
}
