//! Span-carrying parsers, one module per input format. Parsers take text and return typed
//! values with byte ranges relative to that text; the model turns ranges into [`crate::Span`]s.
//! A parse failure is a value (an error with a range), never a panic.

use std::ops::Range;

// Template detection lives in one module; every parser, the model and the rules ask it.
pub use template::{has_placeholder, strip_template_suffix, template_logic, TEMPLATE_SUFFIXES};

pub mod agent_values;
pub mod env_file;
pub mod etc_hosts;
pub mod flags;
pub mod fstab;
pub mod glob;
pub mod json;
pub mod marathon_options;
pub mod myid;
pub mod properties;
pub mod roles;
pub mod script_writes;
pub mod shell_c;
pub mod shell_words;
pub mod template;
pub mod unit_file;
pub mod values;
pub mod version;
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

// The byte searches live with the bytes (bytes.rs); parsers and rules use them from here too.
pub(crate) use crate::bytes::{contains_ignore_ascii_case, ends_with_ignore_ascii_case};

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Both tests below need lengths within a factor of two: Jaro-Winkler is at most
    // 0.6 * Jaro + 0.4 and Jaro at most (shorter/longer + 2) / 3, so a score of 0.9 needs
    // shorter/longer >= 0.5; the edit bound is a quarter of the candidate's length. Other
    // candidates are skipped before the quadratic comparisons, so a long word (a hostile
    // 1 MiB key) costs a length check per candidate, not a matrix.
    let word_len = word.chars().count();
    let lower = word.to_ascii_lowercase();
    // For ASCII text, the letters two strings share (as multisets) bound both measures from
    // above, in time linear in the candidate: Jaro's matches are at most that many, and every
    // letter of the longer string outside the shared ones costs an edit. Most candidates are
    // set aside by this before either quadratic measure runs.
    let word_counts = lower.is_ascii().then(|| {
        let mut counts = [0u16; 128];
        for b in lower.bytes() {
            counts[b as usize] = counts[b as usize].saturating_add(1);
        }
        counts
    });
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let len = c.chars().count();
        if word_len > 2 * len || len > 2 * word_len {
            continue;
        }
        let bound = (c.len() / 4).max(1);
        if let (Some(counts), true) = (&word_counts, c.is_ascii()) {
            let mut left = *counts;
            let mut shared = 0usize;
            for b in c.bytes() {
                let slot = &mut left[b.to_ascii_lowercase() as usize];
                if *slot > 0 {
                    *slot -= 1;
                    shared += 1;
                }
            }
            let (w, l) = (word_len as f64, len as f64);
            let jaro_max = if shared == 0 {
                0.0
            } else {
                (shared as f64 / w + shared as f64 / l + 1.0) / 3.0
            };
            let may_score = jaro_max * 0.6 + 0.4 >= 0.9 - 1e-9;
            let may_edit = word_len.max(len) - shared <= bound;
            if !may_score && !may_edit {
                continue;
            }
        }
        let candidate = c.to_ascii_lowercase();
        let score = strsim::jaro_winkler(&lower, &candidate);
        if best.is_some_and(|(s, _)| score <= s) {
            continue; // could not replace the best one, close or not
        }
        // The edit distance is at least the difference in length: compute it only when it
        // can be within the bound and nothing cheaper has settled the question.
        let close = score >= 0.9
            || c.eq_ignore_ascii_case(word)
            || (word_len.abs_diff(len) <= bound
                && strsim::damerau_levenshtein(&lower, &candidate) <= bound);
        if close {
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

    /// The measures as they were before the filters: the filters may only skip work.
    fn did_you_mean_unfiltered<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let lower = word.to_ascii_lowercase();
        let mut best: Option<(f64, &'a str)> = None;
        for &c in candidates {
            let score = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
            let dist = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
            let close =
                c.eq_ignore_ascii_case(word) || dist <= (c.len() / 4).max(1) || score >= 0.9;
            if close && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, c));
            }
        }
        best.map(|(_, c)| c)
    }

    #[test]
    fn filters_change_no_suggestion() {
        let keys = crate::parse::zoo_cfg::KNOWN_KEYS;
        let mut words: Vec<String> = Vec::new();
        for k in keys.iter().take(60) {
            let k = k.to_string();
            words.push(k.to_ascii_lowercase());
            words.push(k[1..].to_string());
            words.push(format!("{k}x"));
            words.push(k.chars().rev().collect());
            let mut swapped: Vec<char> = k.chars().collect();
            if swapped.len() > 3 {
                swapped.swap(1, 2);
            }
            words.push(swapped.into_iter().collect());
            words.push(k.replace('e', "é"));
        }
        words.extend(
            [
                "",
                "a",
                "ab",
                "unknownKey123",
                "zzzzzzzz",
                "x".repeat(300).as_str(),
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(
                super::did_you_mean(w, keys.iter().copied()),
                did_you_mean_unfiltered(w, keys),
                "{w}"
            );
        }
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
