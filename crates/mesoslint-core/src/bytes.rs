//! Byte searches shared by the file layer (secret masking, the suppression pre-check), the
//! parsers and the rules: one ASCII case-insensitive substring and suffix test, no copies.

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
