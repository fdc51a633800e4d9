// Shared by the targets (included with `include!`, not a crate of its own).

/// Lossy text from fuzz bytes: the parsers take `&str`, as the engine hands them decoded text.
#[allow(dead_code)]
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Check a byte range lies on character boundaries inside `s` (every parser promises ranges
/// into the text it was given).
#[allow(dead_code)]
fn in_text(s: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
}
