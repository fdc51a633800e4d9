//! Credentials never leave the engine: they are masked as files enter the [`FileSet`], so no
//! renderer, message or output format can print them.
//!
//! Masking keeps byte lengths (every byte of a secret becomes `*`), so spans and line/column
//! positions stay exactly those of the original file.

/// Mask the password of every `scheme://user:password@host` in `text`.
pub fn redact_url_credentials(text: String) -> String {
    if !text.contains("://") {
        return text;
    }
    let mut bytes = text.into_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        if &bytes[i..i + 3] != b"://" {
            i += 1;
            continue;
        }
        let authority_start = i + 3;
        let mut end = authority_start;
        while end < bytes.len() && !is_authority_end(bytes[end]) {
            end += 1;
        }
        // userinfo is everything before the last '@' of the authority
        if let Some(at) = bytes[authority_start..end].iter().rposition(|&b| b == b'@') {
            let at = authority_start + at;
            if let Some(colon) = bytes[authority_start..at].iter().position(|&b| b == b':') {
                for b in &mut bytes[authority_start + colon + 1..at] {
                    *b = b'*';
                }
            }
        }
        i = end.max(i + 3);
    }
    // Only ASCII bytes were written and whole UTF-8 sequences replaced byte by byte, but a
    // sequence can straddle the userinfo boundary only if the boundary byte is non-ASCII,
    // which ':' and '@' are not; the result is therefore valid UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

fn is_authority_end(b: u8) -> bool {
    matches!(
        b,
        b'/' | b'\n' | b'\r' | b' ' | b'\t' | b'"' | b'\'' | b'`' | b'?' | b'#'
    )
}

/// Replace every byte of `range` in `text` with `*` (keeping byte offsets valid).
pub fn mask_range(text: &mut String, range: std::ops::Range<usize>) {
    let mut bytes = std::mem::take(text).into_bytes();
    let end = range.end.min(bytes.len());
    for b in &mut bytes[range.start.min(end)..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b'*';
        }
    }
    *text = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_zk_password() {
        let out = redact_url_credentials("zk://admin:s3cr\u{e9}t@zk1:2181,zk2:2181/mesos\n".into());
        assert_eq!(out, "zk://admin:*******@zk1:2181,zk2:2181/mesos\n");
        assert!(!out.contains("s3cr"));
    }

    #[test]
    fn leaves_plain_urls_alone() {
        let s = "zk://zk1:2181/mesos file:///etc/zk http://a:b/c".to_string();
        assert_eq!(redact_url_credentials(s.clone()), s);
    }

    #[test]
    fn masks_several_urls_and_user_only_urls() {
        let out = redact_url_credentials("A=zk://u:p@h/x B=zk://u@h/y C=zk://v:qq@h/z".into());
        assert_eq!(out, "A=zk://u:*@h/x B=zk://u@h/y C=zk://v:**@h/z");
    }
}
