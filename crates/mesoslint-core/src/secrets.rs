//! Credentials never leave the engine: they are masked as files enter the [`FileSet`], so no
//! renderer, message or output format can print them.
//!
//! Masking keeps byte lengths (every byte of a secret becomes `*`), so spans and line/column
//! positions stay exactly those of the original file.

/// Mask the password of every `scheme://user:password@host` in `text`.
pub fn redact_url_credentials(text: String) -> String {
    // A password needs a `user:password@` after a `://`: no `@`, nothing to do (most files).
    if !text.contains('@') || !text.as_bytes().windows(3).any(|w| w == b"://") {
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

/// JSON keys of Mesos credentials files: names of fields, never secrets.
const CREDENTIAL_KEYS: &[&[u8]] = &[b"credentials", b"principal", b"secret"];

/// Mask a whole secret file but keep its shape, so rules can still tell an empty file, the
/// `<principal> <secret>` text format and the JSON structure of a credentials file apart:
/// spaces, tabs, line ends and (outside strings) JSON punctuation stay, the key names of
/// [`CREDENTIAL_KEYS`] stay, every other byte becomes `*`. Byte lengths are kept. One pass.
fn mask_secret_file(text: String) -> String {
    let mut bytes = text.into_bytes();
    let keep_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    // Only a file that looks like JSON keeps punctuation (`user:password` must not).
    let json = bytes
        .iter()
        .find(|b| !keep_ws(**b))
        .is_some_and(|b| *b == b'{' || *b == b'[');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' && json {
            // a string: find its end (escapes skipped), then whether a `:` follows
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            let mut k = end + 1;
            while k < bytes.len() && keep_ws(bytes[k]) {
                k += 1;
            }
            let is_key = bytes.get(k) == Some(&b':');
            let known = CREDENTIAL_KEYS.contains(&&bytes[start..end]);
            if !(is_key && known) {
                for c in &mut bytes[start..end] {
                    if !matches!(*c, b'\n' | b'\r') {
                        *c = b'*';
                    }
                }
            }
            i = end + 1;
            continue;
        }
        let punctuation = json && matches!(b, b'{' | b'}' | b'[' | b']' | b':' | b',');
        if !(keep_ws(b) || punctuation) {
            bytes[i] = b'*';
        }
        i += 1;
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Marathon flags whose value is itself a secret.
const SECRET_MARATHON_FLAGS: &[&str] = &[
    "http_credentials",
    "mesos_authentication_secret",
    "ssl_keystore_password",
];

/// Does a variable name hold a secret value (not a path to one)?
fn is_secret_variable(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if upper.ends_with("_FILE") || upper.ends_with("_PATH") || upper.ends_with("_DIR") {
        return false;
    }
    upper.contains("PASSWORD")
        || upper.contains("SECRET")
        || upper == "MARATHON_HTTP_CREDENTIALS"
        || upper.ends_with("_CREDENTIALS") && upper.starts_with("MARATHON_")
}

/// `dir/name` -> (`dir`, `name`); a path without `/` is all name.
fn split_last(path: &str) -> (&str, &str) {
    match path.bytes().rposition(|b| b == b'/') {
        Some(i) => (path.get(..i).unwrap_or(""), path.get(i + 1..).unwrap_or("")),
        None => ("", path),
    }
}

/// Is the whole file a secret, judging by its path? Marathon conf files whose value is a secret,
/// and credential files kept outside the flag directories.
fn is_secret_file(path: &str) -> bool {
    // (a byte search: `rsplit` with a char pattern costs more than the rest of this check)
    let (rest, name) = split_last(path);
    let (rest, parent) = split_last(rest);
    let (_, grandparent) = split_last(rest);
    if parent == "conf" && grandparent == "marathon" {
        let name = name.to_ascii_lowercase();
        return SECRET_MARATHON_FLAGS.contains(&name.trim_start_matches('?'));
    }
    if matches!(parent, "mesos-master" | "mesos-slave" | "mesos-agent") {
        return false; // flag files name paths, not secrets
    }
    use crate::bytes::{contains_ignore_ascii_case, ends_with_ignore_ascii_case};
    let name = name.as_bytes();
    let contains = |w: &[u8]| contains_ignore_ascii_case(name, w);
    let ends_with = |w: &[u8]| ends_with_ignore_ascii_case(name, w);
    contains(b"credential")
        || contains(b"secret")
        || contains(b"passw")
        || ends_with(b".pem")
        || ends_with(b".key")
}

/// Mask secrets that the path of a file or the shape of its lines reveal: whole secret files,
/// `PASSWORD=`/`SECRET=` style variables, and `--http_credentials`-style command-line values.
pub fn redact_by_path(path: &str, text: String) -> String {
    if is_secret_file(path) {
        return mask_secret_file(text);
    }
    // Both kinds of secret below need a `=` or a `--` (most files of a tree have neither).
    if !text.contains('=') && !text.as_bytes().windows(2).any(|w| w == b"--") {
        return text;
    }
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let assignment = trimmed
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        let skipped = body.len() - assignment.len();
        if let Some(eq) = assignment.find('=') {
            let name = &assignment[..eq];
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && is_secret_variable(name)
            {
                ranges.push(offset + skipped + eq + 1..offset + body.len());
            }
        }
        // `--flag=value` or `--flag value` on command lines
        let flags = if body.contains("--") {
            SECRET_MARATHON_FLAGS
        } else {
            &[]
        };
        for flag in flags {
            let needle = format!("--{flag}");
            let mut from = 0;
            while let Some(pos) = body[from..].find(&needle) {
                let start = from + pos + needle.len();
                let rest = &body[start..];
                let value_start = if let Some(r) = rest.strip_prefix('=') {
                    start + 1 + (r.len() - r.trim_start().len())
                } else if rest.starts_with([' ', '\t']) {
                    start + (rest.len() - rest.trim_start().len())
                } else {
                    from = start;
                    continue;
                };
                let value_end = body[value_start..]
                    .find([' ', '\t', '"', '\''])
                    .map(|e| value_start + e)
                    .unwrap_or(body.len());
                ranges.push(offset + value_start..offset + value_end);
                from = value_end.max(start);
            }
        }
        offset += line.len();
    }
    let mut text = text;
    for r in ranges {
        mask_range(&mut text, r);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_file_names_ignore_ascii_case() {
        assert!(is_secret_file("etc/Mesos/CREDENTIALS.json"));
        assert!(is_secret_file("x/server.PEM"));
        assert!(is_secret_file("x/tls.Key"));
        assert!(is_secret_file("x/my-PassWord"));
        assert!(!is_secret_file("x/key"));
        assert!(!is_secret_file("etc/mesos-master/credentials"));
        assert!(!is_secret_file(""));
        assert!(!is_secret_file("x/ключ.txt"));
        assert!(is_secret_file("x/ключ-Secret"));
        assert!(is_secret_file("etc/marathon/conf/?HTTP_credentials"));
    }

    #[test]
    fn text_without_assignments_or_flags_is_unchanged() {
        let t = "10.0.0.1\nzk://a:2181/mesos\n- -\n".to_string();
        assert_eq!(redact_by_path("hosts/a/etc/mesos/zk", t.clone()), t);
        assert_eq!(redact_by_path("x", String::new()), "");
    }

    #[test]
    fn masks_secret_files_and_variables() {
        let out = redact_by_path(
            "m1/etc/marathon/conf/http_credentials",
            "admin:hunter2\n".into(),
        );
        assert_eq!(out, "*************\n");
        let out = redact_by_path(
            "m1/etc/default/marathon",
            "MARATHON_MASTER=zk://a/mesos\nexport MARATHON_HTTP_CREDENTIALS=admin:hunter2\nMARATHON_SSL_KEYSTORE_PASSWORD=pw\n".into(),
        );
        assert!(!out.contains("hunter2") && !out.contains("=pw"));
        assert!(out.contains("MARATHON_MASTER=zk://a/mesos"));
        let out = redact_by_path("m1/etc/mesos/credentials", "principal1 secret1\n".into());
        assert_eq!(out, "********** *******\n");
        let out = redact_by_path(
            "m1/etc/mesos/credentials.json",
            "{\"credentials\": [{\"principal\": \"ops\", \"secret\": \"hunter2\", \"x\\\"y\": 1}]}"
                .into(),
        );
        assert_eq!(
            out,
            "{\"credentials\": [{\"principal\": \"***\", \"secret\": \"*******\", \"****\": *}]}"
        );
        // an unterminated string, a lone quote, multi-byte text: bounded, lengths kept
        for t in ["{\"secret\": \"abc", "\"", "\u{e9}\u{e9} \"\u{fc}\""] {
            assert_eq!(
                redact_by_path("etc/mesos/credentials", t.into()).len(),
                t.len()
            );
        }
        let out = redact_by_path(
            "m1/etc/systemd/system/marathon.service",
            "ExecStart=/usr/bin/marathon --http_credentials admin:hunter2 --master zk://a/mesos\n"
                .into(),
        );
        assert!(!out.contains("hunter2") && out.contains("--master zk://a/mesos"));
        // a flag file naming the credentials file is not itself a secret
        let out = redact_by_path(
            "m1/etc/mesos-master/credentials",
            "/etc/mesos/credentials\n".into(),
        );
        assert_eq!(out, "/etc/mesos/credentials\n");
    }

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
