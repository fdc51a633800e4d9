//! `java.util.Properties.load` semantics (DOMAIN.md §3.1), as used by ZooKeeper for `zoo.cfg`.
//!
//! The reader works in two steps, like Java's: natural lines are joined into logical lines
//! (continuations, comments and blank lines resolved), then each logical line is split into a
//! key and a value and the escapes are resolved. Every character of the logical line keeps the
//! byte range it came from, so keys, values and parts of values can be pointed at exactly.

use std::ops::Range;

use crate::parse::{Comment, SyntaxError};

/// What ended the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Separator {
    /// `key=value` (whitespace around the `=` allowed).
    Equals,
    /// `key:value` (whitespace around the `:` allowed).
    Colon,
    /// `key value`.
    Whitespace,
    /// The line is only a key.
    None,
}

/// One `key=value` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// Unescaped key exactly as Java sees it (not trimmed further).
    pub key: String,
    /// Unescaped value as Java sees it: whitespace after the separator skipped, trailing
    /// whitespace kept, escapes and continuation lines resolved.
    pub value: String,
    /// Raw text of the key in the file.
    pub key_span: Range<usize>,
    /// Raw text of the value in the file (may cross continuation lines), without the final line
    /// terminator. Empty (at the end of the line) when the value is empty.
    pub value_span: Range<usize>,
    /// The whole logical line(s) without the final terminator.
    pub line: Range<usize>,
    pub separator: Separator,
    /// For each char of `value`: its byte range in `value` and the byte range in the file it
    /// came from.
    value_map: Vec<MappedChar>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct MappedChar {
    out: Range<usize>,
    src: Range<usize>,
}

impl Property {
    /// Map a byte range inside `self.value` to a byte range in the file text (exact when the
    /// value has no escapes or continuations; otherwise the smallest range covering the source
    /// of every character touched). Ranges past the end of the value are clamped.
    pub fn value_sub_span(&self, range: Range<usize>) -> Range<usize> {
        let start = range.start.min(self.value.len());
        let end = range.end.clamp(start, self.value.len());
        if start == end {
            let pos = self
                .value_map
                .iter()
                .find(|m| m.out.start >= start)
                .map(|m| m.src.start)
                .unwrap_or(self.value_span.end);
            return pos..pos;
        }
        let first = self.value_map.iter().find(|m| m.out.end > start);
        let last = self.value_map.iter().rev().find(|m| m.out.start < end);
        match (first, last) {
            (Some(f), Some(l)) if f.src.start <= l.src.end => f.src.start..l.src.end,
            _ => self.value_span.clone(),
        }
    }

    /// The property moved to where its parts stand in another file (a container's
    /// environment that an image's start script writes into `zoo.cfg`): the key at `key`, the
    /// whole line at `line`, and the value either starting at byte `value_at` (its text is
    /// there byte for byte) or, when `value_at` is `None`, anywhere inside `value`.
    pub(crate) fn placed(
        mut self,
        key: Range<usize>,
        value_at: Option<usize>,
        value: Range<usize>,
        line: Range<usize>,
    ) -> Property {
        let old = self.value_span.start;
        for m in &mut self.value_map {
            m.src = match value_at {
                Some(at) => {
                    m.src.start.saturating_sub(old) + at..m.src.end.saturating_sub(old) + at
                }
                None => value.clone(),
            };
        }
        self.value_span = match value_at {
            Some(at) => at..at + self.value_span.end.saturating_sub(old),
            None => value,
        };
        self.key_span = key;
        self.line = line;
        self
    }

    /// ZooKeeper trims keys and values. Java's `String.trim` strips every char up to U+0020
    /// (not Unicode whitespace such as U+00A0), and so does this.
    pub fn trimmed_value(&self) -> &str {
        java_trim(&self.value)
    }

    /// The key as ZooKeeper compares it (Java-trimmed).
    pub fn trimmed_key(&self) -> &str {
        java_trim(&self.key)
    }

    /// The file range of [`Property::trimmed_value`] (empty at the end of the line if blank).
    pub fn trimmed_value_span(&self) -> Range<usize> {
        let trimmed = self.trimmed_value();
        let lead = self.value.len() - self.value.trim_start_matches(is_java_space).len();
        if trimmed.is_empty() {
            return self.value_span.end..self.value_span.end;
        }
        self.value_sub_span(lead..lead + trimmed.len())
    }
}

/// Java's `String.trim`: strips chars `<= ' '` from both ends.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(is_java_space)
}

fn is_java_space(c: char) -> bool {
    c <= ' '
}

/// A parsed properties file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties {
    /// In file order, duplicates kept (the last one wins in Java).
    pub entries: Vec<Property>,
    /// `#` or `!` comment lines (after optional leading whitespace).
    pub comments: Vec<Comment>,
    /// Things Java would reject: a malformed `\uXXXX` escape makes `Properties.load` throw
    /// ("Malformed \uxxxx encoding."), so ZooKeeper does not start. The parser keeps going and
    /// keeps the text literally; the span covers the bad escape.
    pub errors: Vec<SyntaxError>,
    /// The last entry of every trimmed key, built on the first [`Properties::get`]: rules look
    /// keys up once per finding, and a scan per look-up made a file of many keys quadratic.
    /// (Built once; the entries are not changed after parsing.)
    key_index: KeyIndex,
}

/// A cache, so it takes no part in comparisons.
#[derive(Clone, Debug, Default)]
struct KeyIndex(std::sync::OnceLock<crate::FastMap<Box<str>, u32>>);

impl PartialEq for KeyIndex {
    fn eq(&self, _: &KeyIndex) -> bool {
        true
    }
}
impl Eq for KeyIndex {}

impl Properties {
    /// The entry Java would keep for `key` (the last one), compared after ZooKeeper's trim.
    pub fn get(&self, key: &str) -> Option<&Property> {
        let index = self.key_index.0.get_or_init(|| {
            let mut map = crate::FastMap::default();
            for (i, p) in self.entries.iter().enumerate() {
                map.insert(Box::from(p.trimmed_key()), i as u32);
            }
            map
        });
        index.get(key).and_then(|&i| self.entries.get(i as usize))
    }

    /// Every entry for `key` (after trim), in file order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.entries.iter().filter(move |p| p.trimmed_key() == key)
    }
}

/// One character of a logical line and the bytes of the file it came from.
#[derive(Clone, Copy, Debug)]
struct LChar {
    ch: char,
    start: usize,
    end: usize,
}

/// Properties whitespace (Java's LineReader and load0): space, tab, form feed.
fn is_prop_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}')
}

/// Parse text with `java.util.Properties.load` semantics. Never panics.
pub fn parse_properties(text: &str) -> Properties {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let text_len = text.len();
    let off_at = |i: usize| cs.get(i).map_or(text_len, |&(o, _)| o);
    let mut out = Properties::default();
    let mut i = 0usize;

    loop {
        // Start of a logical line: skip whitespace and blank lines.
        while let Some(&(_, c)) = cs.get(i) {
            if is_prop_space(c) || c == '\n' || c == '\r' {
                i += 1;
            } else {
                break;
            }
        }
        let Some(&(line_start, first)) = cs.get(i) else {
            break;
        };

        if first == '#' || first == '!' {
            // Comment lines never continue.
            let mut j = i;
            while let Some(&(_, c)) = cs.get(j) {
                if c == '\n' || c == '\r' {
                    break;
                }
                j += 1;
            }
            let end = off_at(j);
            let text_start = line_start + first.len_utf8();
            out.comments.push(Comment {
                span: line_start..end,
                text: text.get(text_start..end).unwrap_or("").to_string(),
            });
            i = j;
            continue;
        }

        // Gather natural lines into one logical line.
        let mut chars: Vec<LChar> = Vec::new();
        let line_end;
        loop {
            let mut backslashes = 0usize;
            while let Some(&(off, c)) = cs.get(i) {
                if c == '\n' || c == '\r' {
                    break;
                }
                chars.push(LChar {
                    ch: c,
                    start: off,
                    end: off + c.len_utf8(),
                });
                if c == '\\' {
                    backslashes += 1;
                } else {
                    backslashes = 0;
                }
                i += 1;
            }
            let eol = off_at(i);
            if backslashes % 2 == 1 {
                // The last backslash joins the next natural line; Java drops it (also at EOF).
                chars.pop();
                match cs.get(i) {
                    None => {
                        line_end = eol;
                        break;
                    }
                    Some(&(_, '\r')) => {
                        i += 1;
                        if let Some(&(_, '\n')) = cs.get(i) {
                            i += 1;
                        }
                    }
                    Some(_) => i += 1,
                }
                // Leading whitespace of the continuation line is skipped (not blank lines).
                while let Some(&(_, c)) = cs.get(i) {
                    if is_prop_space(c) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                continue;
            }
            line_end = eol;
            break;
        }
        if chars.is_empty() {
            continue;
        }
        let line = line_start..line_end;
        out.entries.push(split_line(&chars, line, &mut out.errors));
    }
    out
}

/// Java's `Properties.load0` on one logical line.
fn split_line(chars: &[LChar], line: Range<usize>, errors: &mut Vec<SyntaxError>) -> Property {
    let limit = chars.len();
    let mut key_len = 0usize;
    let mut value_start = limit;
    let mut has_sep = false;
    let mut separator = Separator::None;
    let mut preceding_backslash = false;
    while let Some(c) = chars.get(key_len) {
        let c = c.ch;
        if (c == '=' || c == ':') && !preceding_backslash {
            value_start = key_len + 1;
            has_sep = true;
            separator = if c == '=' {
                Separator::Equals
            } else {
                Separator::Colon
            };
            break;
        } else if is_prop_space(c) && !preceding_backslash {
            value_start = key_len + 1;
            separator = Separator::Whitespace;
            break;
        }
        if c == '\\' {
            preceding_backslash = !preceding_backslash;
        } else {
            preceding_backslash = false;
        }
        key_len += 1;
    }
    while let Some(c) = chars.get(value_start) {
        let c = c.ch;
        if !is_prop_space(c) {
            if !has_sep && (c == '=' || c == ':') {
                has_sep = true;
                separator = if c == '=' {
                    Separator::Equals
                } else {
                    Separator::Colon
                };
            } else {
                break;
            }
        }
        value_start += 1;
    }

    let key_chars = chars.get(..key_len).unwrap_or(&[]);
    let value_chars = chars.get(value_start..).unwrap_or(&[]);
    let (key, _) = load_convert(key_chars, errors);
    let (value, value_map) = load_convert(value_chars, errors);

    let key_span = match (key_chars.first(), key_chars.last()) {
        (Some(f), Some(l)) => f.start..l.end,
        _ => line.start..line.start,
    };
    let value_span = match value_chars.first() {
        Some(f) => f.start..line.end,
        None => line.end..line.end,
    };
    Property {
        key,
        value,
        key_span,
        value_span,
        line,
        separator,
        value_map,
    }
}

/// Java's `loadConvert`: resolve escapes, remembering where each output char came from.
fn load_convert(chars: &[LChar], errors: &mut Vec<SyntaxError>) -> (String, Vec<MappedChar>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut push = |out: &mut String, ch: char, src: Range<usize>| {
        let start = out.len();
        out.push(ch);
        map.push(MappedChar {
            out: start..out.len(),
            src,
        });
    };
    let mut j = 0usize;
    while let Some(c) = chars.get(j) {
        if c.ch != '\\' {
            push(&mut out, c.ch, c.start..c.end);
            j += 1;
            continue;
        }
        let Some(e) = chars.get(j + 1) else {
            // A lone trailing backslash (only reachable at end of input): Java drops it.
            break;
        };
        if e.ch != 'u' {
            let ch = match e.ch {
                't' => '\t',
                'r' => '\r',
                'n' => '\n',
                'f' => '\u{c}',
                other => other,
            };
            push(&mut out, ch, c.start..e.end);
            j += 2;
            continue;
        }
        match hex4(chars, j + 2) {
            Some(unit) => {
                let mut src_end = chars.get(j + 5).map_or(e.end, |x| x.end);
                let mut consumed = 6;
                let ch = if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: combine with a following `\uDC00`-`\uDFFF` escape.
                    let low = match (chars.get(j + 6), chars.get(j + 7)) {
                        (Some(b), Some(u)) if b.ch == '\\' && u.ch == 'u' => {
                            hex4(chars, j + 8).filter(|lo| (0xDC00..0xE000).contains(lo))
                        }
                        _ => None,
                    };
                    match low {
                        Some(lo) => {
                            consumed = 12;
                            src_end = chars.get(j + 11).map_or(src_end, |x| x.end);
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (lo - 0xDC00))
                                .unwrap_or(char::REPLACEMENT_CHARACTER)
                        }
                        None => char::REPLACEMENT_CHARACTER,
                    }
                } else {
                    char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
                };
                push(&mut out, ch, c.start..src_end);
                j += consumed;
            }
            None => {
                // The bad escape: `\u` plus up to four following chars, up to the first
                // one that is not a hex digit.
                let mut bad_end = e.end;
                for k in 0..4 {
                    let Some(x) = chars.get(j + 2 + k) else {
                        break;
                    };
                    bad_end = x.end;
                    if !x.ch.is_ascii_hexdigit() {
                        break;
                    }
                }
                errors.push(SyntaxError {
                    message: "malformed \\uXXXX escape: Java's Properties.load rejects the file"
                        .to_string(),
                    span: c.start..bad_end,
                });
                // Keep `\u` literally and carry on after it.
                push(&mut out, '\\', c.start..c.end);
                push(&mut out, 'u', e.start..e.end);
                j += 2;
            }
        }
    }
    (out, map)
}

/// Four hex digits at `chars[at..at + 4]`.
fn hex4(chars: &[LChar], at: usize) -> Option<u32> {
    let digits = chars.get(at..at + 4)?;
    let mut v = 0u32;
    for d in digits {
        v = v * 16 + d.ch.to_digit(16)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Property {
        let p = parse_properties(text);
        assert_eq!(p.entries.len(), 1, "{:?}", p);
        p.entries.into_iter().next().unwrap()
    }

    #[test]
    fn simple_equals() {
        let t = "tickTime=2000\n";
        let p = one(t);
        assert_eq!(p.key, "tickTime");
        assert_eq!(p.value, "2000");
        assert_eq!(p.separator, Separator::Equals);
        assert_eq!(&t[p.key_span.clone()], "tickTime");
        assert_eq!(&t[p.value_span.clone()], "2000");
        assert_eq!(&t[p.line.clone()], "tickTime=2000");
    }

    #[test]
    fn separators() {
        let p = one("a:b");
        assert_eq!((p.key.as_str(), p.value.as_str()), ("a", "b"));
        assert_eq!(p.separator, Separator::Colon);

        let p = one("tickTime 2000");
        assert_eq!((p.key.as_str(), p.value.as_str()), ("tickTime", "2000"));
        assert_eq!(p.separator, Separator::Whitespace);

        let p = one("a \t = \t b");
        assert_eq!((p.key.as_str(), p.value.as_str()), ("a", "b"));
        assert_eq!(p.separator, Separator::Equals);

        let p = one("a : b");
        assert_eq!(p.separator, Separator::Colon);
        assert_eq!(p.value, "b");

        // Only one separator is skipped.
        let p = one("a==b");
        assert_eq!(p.value, "=b");
        let p = one("a = = b");
        assert_eq!(p.value, "= b");

        let p = one("lonely");
        assert_eq!(p.key, "lonely");
        assert_eq!(p.value, "");
        assert_eq!(p.separator, Separator::None);
        assert_eq!(p.value_span, 6..6);

        let p = one("empty=");
        assert_eq!(p.value, "");
        assert_eq!(p.value_span, 6..6);

        // server.1 host:2888:3888 (space separated): the first `:` belongs to the value.
        let t = "server.1 host:2888:3888";
        let p = one(t);
        assert_eq!(p.key, "server.1");
        assert_eq!(p.value, "host:2888:3888");
        assert_eq!(&t[p.value_span], "host:2888:3888");
    }

    #[test]
    fn leading_and_trailing_whitespace() {
        let t = "   clientPort = 2181  \t\n";
        let p = one(t);
        assert_eq!(p.key, "clientPort");
        assert_eq!(p.value, "2181  \t");
        assert_eq!(p.trimmed_value(), "2181");
        assert_eq!(&t[p.value_span.clone()], "2181  \t");
        assert_eq!(&t[p.trimmed_value_span()], "2181");
        assert_eq!(&t[p.line], "clientPort = 2181  \t");
    }

    #[test]
    fn no_inline_comments() {
        let p = one("clientPort=2181 # client port");
        assert_eq!(p.value, "2181 # client port");
    }

    #[test]
    fn comments() {
        let t = "# hello\n  ! bang\nk=v\n#\n";
        let p = parse_properties(t);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.comments.len(), 3);
        assert_eq!(&t[p.comments[0].span.clone()], "# hello");
        assert_eq!(p.comments[0].text, " hello");
        assert_eq!(&t[p.comments[1].span.clone()], "! bang");
        assert_eq!(p.comments[1].text, " bang");
        assert_eq!(p.comments[2].text, "");
    }

    #[test]
    fn comment_never_continues() {
        let t = "# comment \\\nk=v\n";
        let p = parse_properties(t);
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.entries[0].key, "k");
    }

    #[test]
    fn hash_on_continuation_line_is_not_a_comment() {
        let p = one("k=a\\\n  #b");
        assert_eq!(p.value, "a#b");
    }

    #[test]
    fn continuation_odd_backslashes() {
        let t = "dataDir=/var/lib/\\\n    zookeeper\nx=1";
        let p = parse_properties(t);
        assert_eq!(p.entries.len(), 2);
        let e = &p.entries[0];
        assert_eq!(e.value, "/var/lib/zookeeper");
        assert_eq!(&t[e.line.clone()], "dataDir=/var/lib/\\\n    zookeeper");
        assert_eq!(&t[e.value_span.clone()], "/var/lib/\\\n    zookeeper");
        // "zookeeper" in the value maps to its bytes on the second line.
        let at = e.value.find("zookeeper").unwrap();
        assert_eq!(&t[e.value_sub_span(at..at + 9)], "zookeeper");
        // A range crossing the join covers both sides.
        assert_eq!(&t[e.value_sub_span(at - 1..at + 1)], "/\\\n    z");

        // Three backslashes: one escaped backslash plus a continuation.
        let p = one("k=a\\\\\\\nb");
        assert_eq!(p.value, "a\\b");
    }

    #[test]
    fn even_backslashes_do_not_continue() {
        let t = "k=a\\\\\nb=c";
        let p = parse_properties(t);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].value, "a\\");
        assert_eq!(p.entries[1].key, "b");
    }

    #[test]
    fn continuation_into_blank_line_ends_it() {
        let p = parse_properties("k=a\\\n\nb=c");
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].value, "a");
        assert_eq!(p.entries[1].key, "b");
    }

    #[test]
    fn continuation_at_eof() {
        let p = one("k=a\\");
        assert_eq!(p.value, "a");
        let p = parse_properties("\\");
        assert!(p.entries.is_empty());
    }

    #[test]
    fn continuation_in_key() {
        let t = "tick\\\n  Time=1";
        let p = one(t);
        assert_eq!(p.key, "tickTime");
        assert_eq!(&t[p.key_span], "tick\\\n  Time");
    }

    #[test]
    fn line_terminators() {
        for t in [
            "a=1\r\nb=2\r\n",
            "a=1\rb=2\r",
            "a=1\nb=2\n",
            "a=1\r\n\r\nb=2",
        ] {
            let p = parse_properties(t);
            assert_eq!(p.entries.len(), 2, "{t:?}");
            assert_eq!(p.entries[0].value, "1");
            assert_eq!(&t[p.entries[0].line.clone()], "a=1");
            assert_eq!(p.entries[1].value, "2");
        }
        // CRLF continuation.
        let p = one("k=a\\\r\n   b\r\n");
        assert_eq!(p.value, "ab");
        // CR continuation.
        let p = one("k=a\\\r   b\r");
        assert_eq!(p.value, "ab");
    }

    #[test]
    fn escapes() {
        let p = one(r"k=a\tb\nc\rd\fe\\f\:g\=h\ i\q");
        assert_eq!(p.value, "a\tb\nc\rd\u{c}e\\f:g=h iq");
        // Windows path.
        let p = one(r"dataDir=C:\zk\data");
        assert_eq!(p.value, "C:zkdata");
        // Escaped separators in keys.
        let p = one(r"a\=b\:c\ d=v");
        assert_eq!(p.key, "a=b:c d");
        assert_eq!(p.value, "v");
        assert_eq!(p.separator, Separator::Equals);
    }

    #[test]
    fn unicode_escapes() {
        let t = r"k=x\u0041y";
        let p = one(t);
        assert_eq!(p.value, "xAy");
        assert_eq!(&t[p.value_sub_span(1..2)], r"\u0041");
        assert_eq!(&t[p.value_sub_span(2..3)], "y");
        assert_eq!(&t[p.value_sub_span(0..1)], "x");
        let p = one(r"k=\u00e9\u00E9");
        assert_eq!(p.value, "éé");
        // Surrogate pair.
        let t = r"k=\uD83D\uDE00!";
        let p = one(t);
        assert_eq!(p.value, "😀!");
        assert_eq!(&t[p.value_sub_span(0..4)], r"\uD83D\uDE00");
        // Lone surrogate.
        let p = one(r"k=\uD83Dx");
        assert_eq!(p.value, "\u{FFFD}x");
    }

    #[test]
    fn malformed_unicode_escape() {
        let t = r"dataDir=C:\users\zk";
        let p = parse_properties(t);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.entries[0].value, r"C:\userszk");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(&t[p.errors[0].span.clone()], r"\us");
        // Truncated at end.
        for t in [r"k=\u", r"k=\u1", r"k=\u12", r"k=\u123", "k=\\u12\\\n3"] {
            let p = parse_properties(t);
            assert_eq!(p.entries.len(), 1, "{t:?}");
            assert_eq!(p.errors.len(), 1, "{t:?}");
            assert!(p.entries[0].value.starts_with("\\u"));
        }
        let p = parse_properties(r"k=\uZZZZ");
        assert_eq!(p.entries[0].value, r"\uZZZZ");
    }

    #[test]
    fn non_ascii_text() {
        let t = "clé=välue ü\nπ:ß";
        let p = parse_properties(t);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].key, "clé");
        assert_eq!(p.entries[0].value, "välue ü");
        assert_eq!(&t[p.entries[0].key_span.clone()], "clé");
        assert_eq!(&t[p.entries[0].value_span.clone()], "välue ü");
        let v = &p.entries[0];
        assert_eq!(&t[v.value_sub_span(1..3)], "ä");
        assert_eq!(p.entries[1].key, "π");
        assert_eq!(p.entries[1].value, "ß");
        // Unicode whitespace is not a separator.
        let p = one("a\u{a0}b=c");
        assert_eq!(p.key, "a\u{a0}b");
    }

    #[test]
    fn duplicates_last_wins() {
        let p = parse_properties("tickTime=1\ntickTime=2\nother=3");
        assert_eq!(p.entries.len(), 3);
        assert_eq!(p.get("tickTime").unwrap().value, "2");
        assert_eq!(p.get_all("tickTime").count(), 2);
        assert!(p.get("missing").is_none());
    }

    #[test]
    fn get_compares_trimmed_key() {
        // A key can only carry whitespace through escapes.
        let p = parse_properties("\\ tickTime\\ =5");
        assert_eq!(p.entries[0].key, " tickTime ");
        assert_eq!(p.get("tickTime").unwrap().value, "5");
    }

    #[test]
    fn value_sub_span_plain() {
        let t = "server.1=zk1:2888:3888";
        let p = one(t);
        assert_eq!(&t[p.value_sub_span(4..8)], "2888");
        assert_eq!(p.value_sub_span(0..0), 9..9);
        // Out of range is clamped.
        assert_eq!(p.value_sub_span(100..200), t.len()..t.len());
        assert_eq!(&t[p.value_sub_span(9..200)], "3888");
        #[allow(clippy::reversed_empty_ranges)]
        let r = p.value_sub_span(5..2);
        assert_eq!(r, 14..14);
    }

    #[test]
    fn key_only_with_equals_at_start() {
        let t = "=value";
        let p = one(t);
        assert_eq!(p.key, "");
        assert_eq!(p.value, "value");
        assert_eq!(p.key_span, 0..0);
        assert_eq!(&t[p.value_span], "value");
    }

    #[test]
    fn blank_and_empty_inputs() {
        assert_eq!(parse_properties(""), Properties::default());
        assert_eq!(parse_properties("\n\r\n \t\u{c}\n"), Properties::default());
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let samples = [
            "\\",
            "\\\\",
            "\\\n",
            "\\\r",
            "\\\r\n",
            "=",
            ":",
            "\\u",
            "a=\\u\\u\\u",
            "a=\\uD800\\u",
            "a=\\uD800\\uD800",
            "\r\r\r",
            "#\\",
            "!",
            "a\\",
            "ü\\",
            "\u{0}=\u{0}",
        ];
        for s in samples {
            let p = parse_properties(s);
            for e in &p.entries {
                let _ = &s[e.key_span.clone()];
                let _ = &s[e.value_span.clone()];
                let _ = &s[e.line.clone()];
                for a in 0..=e.value.len() + 1 {
                    for b in 0..=e.value.len() + 1 {
                        let r = e.value_sub_span(a..b);
                        assert!(s.get(r).is_some());
                    }
                }
            }
        }
        let big = "k=".to_string() + &"\\".repeat(100_001) + "\nx=y";
        let p = parse_properties(&big);
        assert_eq!(p.entries.len(), 1);
        assert!(p.entries[0].value.ends_with("x=y"));
    }

    #[test]
    fn pseudo_random_inputs_keep_spans_valid() {
        let alphabet = [
            'a', '=', ':', ' ', '\\', '\n', '\r', 'u', '0', 'D', '#', '!', 'é', '\t',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let p = parse_properties(&s);
            for e in &p.entries {
                assert!(s.get(e.key_span.clone()).is_some(), "{s:?}");
                assert!(s.get(e.value_span.clone()).is_some(), "{s:?}");
                assert!(s.get(e.line.clone()).is_some(), "{s:?}");
                assert!(s.get(e.value_sub_span(0..e.value.len())).is_some());
                assert!(s.get(e.trimmed_value_span()).is_some());
            }
            for c in &p.comments {
                assert!(s.get(c.span.clone()).is_some());
            }
            for er in &p.errors {
                assert!(s.get(er.span.clone()).is_some());
            }
        }
    }
}
