//! The syntax checks of `java.util.regex.Pattern.compile` that matter for constraint values
//! (`LIKE`/`UNLIKE`): Marathon compiles the value with it and refuses the app when it throws.
//! This is not a regex engine: it walks the pattern once and reports the first error
//! `Pattern` would raise, with its byte offset. Constructs it does not know are accepted, so
//! a valid pattern is never refused (an invalid one may rarely pass).

/// The first syntax error: (byte offset, Java's description).
pub(crate) fn check(p: &str) -> Result<(), (usize, &'static str)> {
    let b = p.as_bytes();
    let mut i = 0;
    let mut open_groups: Vec<usize> = Vec::new();
    // can a quantifier follow here (is there an atom before it)?
    let mut atom = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i = escape(b, i)?;
                atom = true;
                continue;
            }
            b'[' => {
                i = class(b, i)?;
                atom = true;
                continue;
            }
            b'(' => {
                open_groups.push(i);
                i += 1;
                if b.get(i) == Some(&b'?') {
                    // (?:, (?=, (?!, (?<=, (?<!, (?<name>, (?>, (?flags) ... skip the marker
                    i += 1;
                    if b.get(i) == Some(&b'<') && !matches!(b.get(i + 1), Some(b'=') | Some(b'!')) {
                        let start = i + 1;
                        let end = b[start..]
                            .iter()
                            .position(|&c| c == b'>')
                            .map(|e| start + e);
                        match end {
                            Some(e)
                                if e > start
                                    && b[start..e].iter().all(u8::is_ascii_alphanumeric) =>
                            {
                                i = e + 1
                            }
                            _ => return Err((i, "named capturing group is missing trailing '>'")),
                        }
                    }
                }
                atom = false;
                continue;
            }
            b')' => {
                if open_groups.pop().is_none() {
                    return Err((i, "Unmatched closing ')'"));
                }
                atom = true;
            }
            b'|' => atom = false,
            b'*' | b'+' | b'?' => {
                if !atom {
                    return Err((i, "Dangling meta character"));
                }
                // possessive or lazy suffix
                if matches!(b.get(i + 1), Some(b'+') | Some(b'?')) {
                    i += 1;
                }
                atom = false;
            }
            b'{' => {
                if !atom {
                    return Err((i, "Illegal repetition"));
                }
                i = counted(b, i)?;
                atom = false;
                continue;
            }
            _ => atom = true,
        }
        i += 1;
    }
    match open_groups.last() {
        Some(&g) => Err((g, "Unclosed group")),
        None => Ok(()),
    }
}

/// `{n}`, `{n,}`, `{n,m}` with n <= m; returns the index after it (and a lazy/possessive mark).
fn counted(b: &[u8], start: usize) -> Result<usize, (usize, &'static str)> {
    let mut i = start + 1;
    let num = |i: &mut usize| -> Option<u64> {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        std::str::from_utf8(&b[s..*i]).ok()?.parse().ok()
    };
    let Some(lo) = num(&mut i) else {
        return Err((start, "Illegal repetition"));
    };
    let mut hi = Some(lo);
    if b.get(i) == Some(&b',') {
        i += 1;
        hi = num(&mut i);
    }
    if b.get(i) != Some(&b'}') {
        return Err((start, "Unclosed counted closure"));
    }
    if hi.is_some_and(|h| h < lo) {
        return Err((start, "Illegal repetition range"));
    }
    i += 1;
    if matches!(b.get(i), Some(b'+') | Some(b'?')) {
        i += 1;
    }
    Ok(i)
}

/// An escape at `b[start] == b'\\'`; returns the index after it.
fn escape(b: &[u8], start: usize) -> Result<usize, (usize, &'static str)> {
    let Some(&c) = b.get(start + 1) else {
        return Err((start, "Unexpected internal error"));
    };
    let i = start + 2;
    match c {
        b'Q' => {
            // quoted until \E or the end
            let rest = &b[i..];
            Ok(rest
                .windows(2)
                .position(|w| w == b"\\E")
                .map_or(b.len(), |p| i + p + 2))
        }
        b'p' | b'P' | b'N' => {
            if b.get(i) == Some(&b'{') {
                match b[i..].iter().position(|&x| x == b'}') {
                    Some(p) => Ok(i + p + 1),
                    None => Err((start, "Unclosed character family")),
                }
            } else if c == b'N' {
                Err((start, "Illegal character name escape sequence"))
            } else {
                Ok(i + 1)
            }
        }
        b'k' => match (b.get(i), b[i..].iter().position(|&x| x == b'>')) {
            (Some(b'<'), Some(p)) => Ok(i + p + 1),
            _ => Err((
                start,
                "\\k is not followed by '<' for named capturing group",
            )),
        },
        b'x' => {
            if b.get(i) == Some(&b'{') {
                match b[i..].iter().position(|&x| x == b'}') {
                    Some(p) => Ok(i + p + 1),
                    None => Err((start, "Unclosed hexadecimal escape sequence")),
                }
            } else if b
                .get(i..i + 2)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            {
                Ok(i + 2)
            } else {
                Err((start, "Illegal hexadecimal escape sequence"))
            }
        }
        b'u' => {
            if b.get(i..i + 4)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            {
                Ok(i + 4)
            } else {
                Err((start, "Illegal Unicode escape sequence"))
            }
        }
        b'c' => {
            if b.get(i).is_some() {
                Ok(i + 1)
            } else {
                Err((start, "Illegal control escape sequence"))
            }
        }
        // the letters Pattern knows; any other letter is refused
        b't' | b'n' | b'r' | b'f' | b'a' | b'e' | b'd' | b'D' | b's' | b'S' | b'w' | b'W'
        | b'b' | b'B' | b'A' | b'G' | b'Z' | b'z' | b'E' | b'h' | b'H' | b'v' | b'V' | b'R'
        | b'X' => Ok(i),
        c if c.is_ascii_alphabetic() => Err((start, "Illegal/unsupported escape sequence")),
        // digits are back references or octal; everything else is a literal
        _ => Ok(i),
    }
}

/// A character class at `b[start] == b'['`; returns the index after its `]`.
fn class(b: &[u8], start: usize) -> Result<usize, (usize, &'static str)> {
    let mut i = start + 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    // a `]` right after `[` or `[^` is a literal in Java too
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    let mut depth = 1usize;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i = escape(b, i)?;
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err((start, "Unclosed character class"))
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn valid_patterns() {
        for p in [
            "rack-[0-9]+",
            "^(a|b)$",
            "a{2}",
            "a{2,}",
            "a{2,3}?",
            "[]a]",
            "[^]a]",
            "\\d+\\.\\d+",
            "(?i)web",
            "(?<name>x)\\k<name>",
            "\\Qa.b\\E",
            "\\p{Alpha}",
            "a*+",
            "[a-z&&[^e]]",
            "",
            "x|",
            "\\x41\\u0041",
            "é+",
            "(?:a)",
            "(?=a)b",
            "(?<!a)b",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn invalid_patterns() {
        for (p, at) in [
            ("*a", 0),
            ("(a", 0),
            ("a)", 1),
            ("[a-z", 0),
            ("a{x}", 1),
            ("a{2", 1),
            ("a{3,2}", 1),
            ("\\y", 0),
            ("a|*", 2),
            ("\\", 0),
            ("(?<x", 2),
            ("+", 0),
            ("{1}", 0),
        ] {
            assert_eq!(check(p).map_err(|e| e.0), Err(at), "{p}");
        }
    }
}
