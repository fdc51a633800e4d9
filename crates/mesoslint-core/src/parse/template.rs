//! Unrendered templates, detected in one place. Config repositories (Ansible, Puppet, Chef,
//! Salt, Terraform, Helm) hold the files mesoslint reads as templates: `zoo.cfg.j2`,
//! `quorum.erb`, a compose file with `${QUORUM}`. A value that still holds template syntax is
//! not the value the daemon will see, so the model marks it unknown and no rule judges it;
//! the summary counts how many settings were skipped that way. A template whose *structure*
//! is generated (loops, conditionals, whole lines from a variable) cannot be read as the file
//! it renders to: [`template_logic`] finds where, and the IN rules say what was not checked.

use std::ops::Range;

/// Does the value hold an unrendered template expression? Jinja/Ansible/Salt (`{{ }}`,
/// `{% %}`, also an unclosed `{{`), ERB and Puppet EPP (`<%= %>`), shell and compose
/// interpolation (`${var}`, `$VAR`, `$(cmd)`), Go templates (`{{ }}`) and `@@VAR@@` tokens.
pub fn has_placeholder(value: &str) -> bool {
    // one pass over the pairs of bytes (a substring search per syntax costs more on the
    // short values this runs on)
    value.as_bytes().windows(2).any(|w| match w {
        [b'{', b'{' | b'%'] | [b'<', b'%'] | [b'@', b'@'] => true,
        [b'$', c] => c.is_ascii_alphabetic() || matches!(c, b'_' | b'{' | b'('),
        _ => false,
    })
}

/// File-name suffixes of template sources, linted as the file they render to
/// (`zoo.cfg.j2` is read as `zoo.cfg`).
pub const TEMPLATE_SUFFIXES: &[&str] = &[
    ".j2",
    ".jinja",
    ".jinja2",
    ".erb",
    ".epp",
    ".tmpl",
    ".tpl",
    ".template",
];

/// Strip a template suffix from a file name: `zoo.cfg.j2` -> `zoo.cfg`.
pub fn strip_template_suffix(path: &str) -> Option<&str> {
    TEMPLATE_SUFFIXES
        .iter()
        .find_map(|suffix| path.strip_suffix(suffix))
}

/// The first line of a template whose template syntax is structure rather than a value: a
/// line that starts with a control tag (`{% for %}`, `<% if %>`, `{{- range }}`), so what the
/// rendered file holds there (how many lines, which keys) is not in the source. Output tags
/// (`{{ x }}`, `<%= x %>`) are values, even at the start of a line (a flag file is one
/// value); comment tags (`{# #}`, `<%# %>`) render to nothing. Returns the byte range
/// of that line's tag and how many such lines there are.
pub fn template_logic(text: &str) -> Option<(Range<usize>, usize)> {
    let mut first = None;
    let mut count = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches([' ', '\t']);
        let b = trimmed.as_bytes();
        let tag = match b {
            [b'{', b'%', ..] => true,
            [b'{', b'{', rest @ ..] => go_action(rest),
            // `<%=` outputs a value (a flag file's whole content may be one), `<%#` is a comment
            [b'<', b'%', c, ..] => !matches!(c, b'=' | b'#'),
            [b'<', b'%'] => true,
            _ => false,
        };
        if !tag {
            continue;
        }
        count += 1;
        if first.is_none() {
            let at = start + (line.len() - trimmed.len());
            let end = trimmed
                .find(['\r', '\n'])
                .map_or(at + trimmed.len(), |e| at + e);
            first = Some(at..end);
        }
    }
    first.map(|r| (r, count))
}

/// After `{{`: a Go template action that shapes the output (`range`, `if`, `end`, ...).
fn go_action(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    let start = rest.iter().take_while(|c| **c == b' ').count();
    let word: Vec<u8> = rest[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .copied()
        .collect();
    matches!(
        word.as_slice(),
        b"range" | b"if" | b"else" | b"end" | b"with" | b"define" | b"template" | b"block"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert!(has_placeholder("{{ mesos_quorum }}"));
        assert!(has_placeholder("{{ left open"));
        assert!(has_placeholder("<%= @quorum %>"));
        assert!(has_placeholder("<%= $quorum %>"));
        assert!(has_placeholder("${QUORUM}"));
        assert!(has_placeholder("$QUORUM"));
        assert!(has_placeholder("zk://$ZK_HOSTS/mesos"));
        assert!(has_placeholder("$(cat /etc/mesos/zk)"));
        assert!(has_placeholder("{% if x %}"));
        assert!(has_placeholder("x@@QUORUM@@"));
        assert!(!has_placeholder("2"));
        assert!(!has_placeholder(""));
        assert!(!has_placeholder("{"));
        assert!(!has_placeholder("$"));
        assert!(!has_placeholder("cost$5 $ 1"));
        assert!(!has_placeholder("{ % $ { < @ %}"));
        assert!(!has_placeholder("é{é"));
    }

    #[test]
    fn template_suffixes() {
        assert_eq!(
            strip_template_suffix("conf/zoo.cfg.j2"),
            Some("conf/zoo.cfg")
        );
        assert_eq!(strip_template_suffix("quorum.epp"), Some("quorum"));
        assert_eq!(strip_template_suffix("zoo.cfg"), None);
    }

    #[test]
    fn logic_lines_are_structure_values_are_not() {
        assert_eq!(
            template_logic("tickTime={{ tick }}\nclientPort=2181\n"),
            None
        );
        assert_eq!(
            template_logic("{# managed by ansible #}\nx=1\n<%# erb %>\n"),
            None
        );
        let text = "tickTime=2000\n{% for h in hosts %}\nserver.{{ loop.index }}={{ h }}\n  {% endfor %}\n";
        let (range, count) = template_logic(text).unwrap();
        assert_eq!(&text[range], "{% for h in hosts %}");
        assert_eq!(count, 2);
        let (range, _) = template_logic("a=1\r\n<% if @x %>\r\n").unwrap();
        assert_eq!(range, 5..16);
        assert_eq!(template_logic("{{ quorum }}\n<%= @quorum %>\n"), None);
        assert!(template_logic("{{- range .Values.servers }}\n").is_some());
    }
}
