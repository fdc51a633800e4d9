use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a `zoo.cfg` value followed by a comment on the same line
    /// (`clientPort=2181 # client port`).
    ///
    /// ## Why is this bad?
    /// `zoo.cfg` is read with Java's `Properties.load`, which knows comment lines only (`#` or
    /// `!` first on the line). An inline comment is part of the value: `clientPort` becomes
    /// `2181 # client port`, `Integer.parseInt` fails and ZooKeeper stops with "Error processing
    /// zoo.cfg"; a path value silently gains the comment text.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// clientPort=2181 # client port
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// # client port
    /// clientPort=2181
    /// ```
    ///
    /// ## How to fix
    /// Move the comment to a line of its own above the setting.
    ///
    /// ## References
    /// - `java.util.Properties.load` javadoc: comment lines only.
    /// - `QuorumPeerConfig.parse` wraps the `NumberFormatException` as "Error processing
    ///   <path>"; DOMAIN.md §3.1.
    pub struct InlineComment {
        code: "ZK013",
        name: "inline-comment",
        severity: Error,
        summary: "A zoo.cfg value carries an inline comment, which becomes part of the value",
        fix: Safe,
    }
}

/// Byte offset (in the value) of the whitespace run before an inline `#`/`!` comment, or of
/// the `#` itself at the start of the value.
fn inline_comment_start(value: &str) -> Option<usize> {
    let mut prev_space: Option<usize> = None;
    for (i, c) in value.char_indices() {
        if c == '#' || c == '!' {
            if i == 0 {
                return (c == '#').then_some(0);
            }
            if let Some(start) = prev_space {
                return Some(start);
            }
        }
        if c == ' ' || c == '\t' {
            prev_space.get_or_insert(i);
        } else {
            prev_space = None;
        }
    }
    None
}

impl Rule for InlineComment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (_, zk) in cx.cluster.zk_servers() {
            for p in &zk.props.entries {
                let value = p.value.trim_end();
                let Some(start) = inline_comment_start(value) else {
                    continue;
                };
                let key = p.trimmed_key();
                let kept = value.get(..start).unwrap_or("").trim();
                let comment: String = value
                    .get(start..)
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .take(60)
                    .collect();
                let span = Span::new(zk.cfg, p.value_sub_span(start..value.len()));
                let full: String = value.trim().chars().take(80).collect();
                let msg = if kept.is_empty() {
                    format!("the value of `{key}` is the comment `{comment}`: zoo.cfg has no inline comments")
                } else {
                    format!("the value of `{key}` is `{full}`, not `{kept}`: zoo.cfg has no inline comments")
                };
                sink.report(
                    Diagnostic::new(&Self::META, msg)
                        .primary(span, "part of the value")
                        .help("move the comment to its own line above the setting")
                        .fix("remove the inline comment", span, ""),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::inline_comment_start;

    #[test]
    fn finds_inline_comments() {
        assert_eq!(inline_comment_start("2181 # port"), Some(4));
        assert_eq!(inline_comment_start("2181\t\t#port"), Some(4));
        assert_eq!(inline_comment_start("# nothing"), Some(0));
        assert_eq!(inline_comment_start("a#b"), None);
        assert_eq!(inline_comment_start("super:x#y"), None);
        assert_eq!(inline_comment_start(""), None);
        assert_eq!(inline_comment_start("é ! ü"), Some(2));
    }
}
