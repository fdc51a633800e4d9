//! Span-carrying parsers, one module per input format. Parsers take text and return typed
//! values with byte ranges relative to that text; the model turns ranges into [`crate::Span`]s.
//! A parse failure is a value (an error with a range), never a panic.

use std::ops::Range;

pub mod agent_values;
pub mod env_file;
pub mod etc_hosts;
pub mod flags;
pub mod fstab;
pub mod json;
pub mod myid;
pub mod properties;
pub mod unit_file;
pub mod values;
pub mod yaml;

pub mod zk_url;
pub mod zoo_cfg;

/// A comment line, for suppressions: `span` covers the whole comment including its marker,
/// `text` is what follows the marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Range<usize>,
    pub text: String,
}

/// Text a parser could not make sense of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

impl SyntaxError {
    /// The 1-based line and 1-based column (in characters) where the error starts in `text`,
    /// for callers without a [`crate::FileSet`]. Lines end at `\n`, as the FileSet counts them.
    pub fn line_column(&self, text: &str) -> (usize, usize) {
        line_column(text, self.span.start)
    }
}

/// The 1-based line and 1-based column (in characters) of a byte offset in `text` (clamped to
/// the text, and to the start of the character it falls in).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Give a vector built by pushes exactly the capacity it needs, for parsed data the model
/// keeps for the whole run (a new exact allocation: allocators keep a shrunk block in place).
pub(crate) fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.append(&mut v);
    out
}

/// Does the value hold a template placeholder (Jinja, ERB, shell-style, Go templates)?
/// Rules treat such values as unknown and stay silent about them.
pub fn has_placeholder(value: &str) -> bool {
    // one pass over the pairs of bytes (five substring searches cost more on short values)
    value
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w, b"{{" | b"{%" | b"<%" | b"${" | b"@@"))
}

/// Does `haystack` contain `needle`, ASCII case-insensitively? No lower-cased copy is made
/// (this runs for every file): candidates are found by their first byte.
pub(crate) fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    let Some(first) = needle.first().map(u8::to_ascii_lowercase) else {
        return true;
    };
    let mut from = 0;
    while let Some(at) = haystack
        .get(from..)
        .and_then(|rest| rest.iter().position(|b| b.to_ascii_lowercase() == first))
    {
        let at = from + at;
        if haystack
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Does `haystack` end with `suffix`, ASCII case-insensitively?
pub(crate) fn ends_with_ignore_ascii_case(haystack: &[u8], suffix: &[u8]) -> bool {
    haystack
        .len()
        .checked_sub(suffix.len())
        .and_then(|at| haystack.get(at..))
        .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

/// File-name suffixes of template sources, linted as the file they render to.
pub const TEMPLATE_SUFFIXES: &[&str] = &[
    ".j2",
    ".jinja",
    ".jinja2",
    ".erb",
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

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
        let dist = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
        let close = c.eq_ignore_ascii_case(word) || dist <= (c.len() / 4).max(1) || score >= 0.9;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_keeps_the_elements_and_drops_the_spare_capacity() {
        let mut v = Vec::with_capacity(8);
        v.extend([1, 2, 3]);
        let v = exact(v);
        assert_eq!(v, [1, 2, 3]);
        assert_eq!(v.capacity(), 3);
        let e: Vec<u8> = exact(Vec::with_capacity(100));
        assert!(e.is_empty());
        assert_eq!(e.capacity(), 0);
    }

    use super::*;

    #[test]
    fn placeholders() {
        assert!(has_placeholder("{{ mesos_quorum }}"));
        assert!(has_placeholder("<%= @quorum %>"));
        assert!(has_placeholder("${QUORUM}"));
        assert!(!has_placeholder("2"));
        assert!(has_placeholder("{% if x %}"));
        assert!(has_placeholder("x@@QUORUM@@"));
        assert!(!has_placeholder(""));
        assert!(!has_placeholder("{"));
        assert!(!has_placeholder("{ % $ { < @ %}"));
        assert!(!has_placeholder("é{é"));
    }

    #[test]
    fn case_insensitive_search() {
        assert!(contains_ignore_ascii_case(b"x-Mesoslint", b"mesoslint"));
        assert!(contains_ignore_ascii_case(b"mmmesoslint", b"MESOSLINT"));
        assert!(contains_ignore_ascii_case(b"abc", b""));
        assert!(!contains_ignore_ascii_case(b"", b"a"));
        assert!(!contains_ignore_ascii_case(b"mesoslin", b"mesoslint"));
        assert!(!contains_ignore_ascii_case(
            "m\u{e9}soslint".as_bytes(),
            b"mesoslint"
        ));
        assert!(ends_with_ignore_ascii_case(b"tls.KEY", b".key"));
        assert!(ends_with_ignore_ascii_case(b"x", b""));
        assert!(!ends_with_ignore_ascii_case(b"key", b".key"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("qourum", ["quorum", "work_dir"]),
            Some("quorum")
        );
        assert_eq!(
            did_you_mean("ticktime", ["tickTime", "initLimit"]),
            Some("tickTime")
        );
        assert_eq!(did_you_mean("zzzzzz", ["quorum", "work_dir"]), None);
    }
}
