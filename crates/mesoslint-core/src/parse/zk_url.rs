//! ZooKeeper and master URLs (DOMAIN.md §2.3, §4.2; RULES.md ZU001): strict `zk://` parsing,
//! what master `--zk` / agent `--master` / Marathon `--master` accept, and Marathon's `--zk`
//! pattern. Credentials are never kept: only the user name and whether a password was given.

use std::ops::Range;

/// ZooKeeper's client port, used when a host has none.
pub const DEFAULT_ZK_PORT: u16 = 2181;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    pub port: Option<u16>,
    /// `host[:port]` as written.
    pub range: Range<usize>,
    pub host_range: Range<usize>,
    pub port_range: Option<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkUrl {
    /// From `user[:password]@`; the password itself is never stored.
    pub user: Option<String>,
    pub has_password: bool,
    /// The `user:password@` part.
    pub credentials_range: Option<Range<usize>>,
    pub hosts: Vec<HostPort>,
    /// The chroot path, e.g. `/mesos`.
    pub path: String,
    pub path_range: Range<usize>,
}

impl ZkUrl {
    /// The servers normalised for comparison: hosts lower-cased, default port 2181, sorted
    /// and deduplicated.
    pub fn host_set(&self) -> Vec<(String, u16)> {
        let mut set: Vec<(String, u16)> = self
            .hosts
            .iter()
            .map(|h| {
                (
                    h.host.to_ascii_lowercase(),
                    h.port.unwrap_or(DEFAULT_ZK_PORT),
                )
            })
            .collect();
        crate::sort::sort(&mut set);
        set.dedup();
        set
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError {
    pub message: String,
    pub range: Range<usize>,
}

fn err<T>(message: impl Into<String>, range: Range<usize>) -> Result<T, UrlError> {
    Err(UrlError {
        message: message.into(),
        range,
    })
}

/// The trimmed part of `s` and its start offset.
fn trimmed(s: &str) -> (usize, &str) {
    let start = s.len() - s.trim_start().len();
    (start, s.trim())
}

/// The byte range (relative to `s`) of the first whitespace character in `s`, which may be
/// more than one byte (a Latin-1 no-break space decodes to U+00A0).
fn first_space(s: &str) -> Option<Range<usize>> {
    s.char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i..i + c.len_utf8())
}

fn valid_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')
}

/// One `host[:port]` (or `[v6]:port`) at byte offset `at`.
/// `port_required`: a missing port is an error (libprocess PIDs).
fn parse_host_port(item: &str, at: usize, port_required: bool) -> Result<HostPort, UrlError> {
    let range = at..at + item.len();
    if item.is_empty() {
        return err(
            "empty host (two commas in a row, or a comma at an end)",
            range,
        );
    }
    if let Some(sp) = first_space(item) {
        return err(
            format!("space in host `{item}`"),
            at + sp.start..at + sp.end,
        );
    }
    let (host, host_range, rest, rest_at) = if let Some(inner) = item.strip_prefix('[') {
        // Bracketed IPv6 literal.
        let Some(close) = inner.find(']') else {
            return err(format!("unclosed `[` in host `{item}`"), range);
        };
        let host = &inner[..close];
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return err(
                format!("`{host}` is not an IPv6 address"),
                at + 1..at + 1 + close,
            );
        }
        (
            host,
            at + 1..at + 1 + close,
            &inner[close + 1..],
            at + close + 2,
        )
    } else {
        let colon = item.find(':').unwrap_or(item.len());
        let host = &item[..colon];
        if item[colon..].len() > 1 && item[colon + 1..].contains(':') {
            return err(
                format!(
                    "too many `:` in `{item}`: write host:port (an IPv6 address needs brackets, `[::1]:2181`)"
                ),
                range,
            );
        }
        (host, at..at + colon, &item[colon..], at + colon)
    };
    if host.is_empty() {
        return err(format!("empty host in `{item}`"), range);
    }
    if !item.starts_with('[') {
        if let Some((i, c)) = host.char_indices().find(|(_, c)| !valid_host_char(*c)) {
            return err(
                format!("invalid character `{c}` in host `{host}`"),
                at + i..at + i + c.len_utf8(),
            );
        }
    }
    let (port, port_range) = if rest.is_empty() {
        if port_required {
            return err(format!("`{item}` has no port: write host:port"), range);
        }
        (None, None)
    } else if let Some(p) = rest.strip_prefix(':') {
        let prange = rest_at + 1..rest_at + rest.len();
        if p.is_empty() {
            return err(
                format!("missing port after `:` in `{item}`"),
                rest_at..rest_at + 1,
            );
        }
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return err(format!("port `{p}` in `{item}` is not a number"), prange);
        }
        match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => (Some(n as u16), Some(prange)),
            _ => return err(format!("port `{p}` is out of range (1-65535)"), prange),
        }
    } else {
        return err(
            format!("unexpected `{rest}` after host in `{item}`"),
            rest_at..rest_at + rest.len(),
        );
    };
    Ok(HostPort {
        host: host.to_string(),
        port,
        range,
        host_range,
        port_range,
    })
}

/// Split `s` (at byte offset `at`) on commas, keeping empty items.
fn comma_items(s: &str, at: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ',' {
            out.push((at + start, &s[start..i]));
            start = i + 1;
        }
    }
    out.push((at + start, &s[start..]));
    out
}

/// Strict `zk://[user:pass@]host:port[,host:port...]/path` parsing for ZU001.
pub fn parse_zk_url(s: &str) -> Result<ZkUrl, UrlError> {
    let (off, t) = trimmed(s);
    let whole = off..off + t.len();
    if t.is_empty() {
        return err("empty URL: expected zk://host:port/path", 0..s.len());
    }
    let Some(rest) = t.strip_prefix("zk://") else {
        if t.len() >= 5 && t.is_char_boundary(5) && t[..5].eq_ignore_ascii_case("zk://") {
            return err("the scheme must be lower-case `zk://`", off..off + 5);
        }
        if let Some(pos) = t.find("://") {
            return err(
                format!("expected `zk://`, found `{}://`", &t[..pos]),
                off..off + pos + 3,
            );
        }
        return err("missing `zk://` at the beginning of the URL", whole);
    };
    let rest_at = off + 5;
    if let Some(sp) = first_space(rest) {
        return err("space inside the URL", rest_at + sp.start..rest_at + sp.end);
    }
    // Authority up to the first `/`; Mesos takes everything from there as the path.
    let slash = rest.find('/');
    let authority = &rest[..slash.unwrap_or(rest.len())];
    let (user, has_password, credentials_range, servers, servers_at) = match authority.rfind('@') {
        Some(at) => {
            let cred = &authority[..at];
            let (user, has_password) = match cred.split_once(':') {
                Some((u, _)) => (u, true),
                None => (cred, false),
            };
            if user.is_empty() {
                return err("empty user name before `@`", rest_at..rest_at + at + 1);
            }
            if !has_password {
                return err(
                    "credentials need the form user:password@",
                    rest_at..rest_at + at + 1,
                );
            }
            (
                Some(user.to_string()),
                has_password,
                Some(rest_at..rest_at + at + 1),
                &authority[at + 1..],
                rest_at + at + 1,
            )
        }
        None => (None, false, None, authority, rest_at),
    };
    if servers.is_empty() {
        return err("no ZooKeeper host in the URL", servers_at..servers_at);
    }
    let mut hosts = Vec::new();
    for (at, item) in comma_items(servers, servers_at) {
        hosts.push(parse_host_port(item, at, false)?);
    }
    let Some(slash) = slash else {
        return err(
            "missing path: Mesos needs a chroot path such as `/mesos` after the hosts",
            whole.end..whole.end,
        );
    };
    let path = &rest[slash..];
    let path_at = rest_at + slash;
    let path_range = path_at..path_at + path.len();
    if path == "/" {
        return err(
            "path `/` is not supported: Mesos needs a chroot path such as `/mesos`",
            path_range,
        );
    }
    if path.ends_with('/') {
        return err(
            format!("trailing `/` in path `{path}`"),
            path_range.end - 1..path_range.end,
        );
    }
    if let Some(pos) = path.find("//") {
        return err(
            format!("empty segment in path `{path}`"),
            path_at + pos..path_at + pos + 2,
        );
    }
    Ok(ZkUrl {
        user,
        has_password,
        credentials_range,
        hosts,
        path: path.to_string(),
        path_range,
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MasterValue {
    Zk(ZkUrl),
    /// `file:///path`: the URL is read from that file.
    File {
        path: String,
        range: Range<usize>,
    },
    /// Agent `--master=host:port` or `master@host:port`.
    HostPort(HostPort),
}

/// What agent `--master`, master `--zk` (`allow_host_port = false`) and Marathon `--master`
/// accept: `zk://`, `file:///path`, and (agents) a master PID `[master@]host:port`.
pub fn parse_master_value(s: &str, allow_host_port: bool) -> Result<MasterValue, UrlError> {
    let (off, t) = trimmed(s);
    if t.is_empty() {
        return err("empty value: expected a zk:// URL", 0..s.len());
    }
    if t.starts_with("zk://") {
        return parse_zk_url(s).map(MasterValue::Zk);
    }
    if let Some(path) = t.strip_prefix("file://") {
        let at = off + 7;
        let range = at..at + path.len();
        if path.is_empty() {
            return err("`file://` without a path", off..off + t.len());
        }
        if !path.starts_with('/') {
            return err(
                format!("`file://{path}` is relative: write file:///{path}"),
                range,
            );
        }
        if let Some(sp) = first_space(path) {
            return err("space in file path", at + sp.start..at + sp.end);
        }
        return Ok(MasterValue::File {
            path: path.to_string(),
            range,
        });
    }
    let expected = if allow_host_port {
        "a zk:// URL, file:///path or host:port"
    } else {
        "a zk:// URL or file:///path"
    };
    if let Some(pos) = t.find("://") {
        let scheme = &t[..pos];
        if scheme.eq_ignore_ascii_case("zk") || scheme.eq_ignore_ascii_case("file") {
            return err(
                format!(
                    "the scheme must be lower-case `{}://`",
                    scheme.to_ascii_lowercase()
                ),
                off..off + pos + 3,
            );
        }
        return err(
            format!("`{scheme}://` is not understood here: expected {expected}"),
            off..off + pos + 3,
        );
    }
    if !allow_host_port {
        return err(
            format!("`{t}` is not understood here: expected {expected}"),
            off..off + t.len(),
        );
    }
    let (item, at) = match t.split_once('@') {
        Some((id, rest)) => {
            if id.is_empty() {
                return err("empty process id before `@`", off..off + 1);
            }
            (rest, off + id.len() + 1)
        }
        None => (t, off),
    };
    parse_host_port(item, at, true).map(MasterValue::HostPort)
}

/// Does `c` match Marathon's `[A-z0-9-.]` host class? (`A-z` spans `[\]^_` and backtick too.)
fn marathon_host_char(c: char) -> bool {
    matches!(c, 'A'..='z' | '0'..='9' | '-' | '.')
}

/// Hosts and path part of Marathon's pattern: `host(:\d+)?(,host(:\d+)?)*(/[^/]+)+$`.
fn marathon_hosts_path(
    rest: &str,
    at: usize,
) -> Result<(Vec<HostPort>, String, Range<usize>), UrlError> {
    let slash = rest.find('/');
    let hosts_str = &rest[..slash.unwrap_or(rest.len())];
    let mut hosts = Vec::new();
    for (hat, item) in comma_items(hosts_str, at) {
        let range = hat..hat + item.len();
        if item.is_empty() {
            return err(
                "empty host (two commas in a row, or a comma at an end)",
                range,
            );
        }
        if item.starts_with('[') || item.matches(':').count() > 1 {
            return err(
                format!("`{item}`: Marathon's --zk pattern does not accept IPv6 addresses"),
                range,
            );
        }
        let (host, port) = match item.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (item, None),
        };
        if host.is_empty() {
            return err(format!("empty host in `{item}`"), range);
        }
        if let Some((i, c)) = host.char_indices().find(|(_, c)| !marathon_host_char(*c)) {
            return err(
                format!(
                    "character `{c}` in host `{host}` is not allowed by Marathon's --zk pattern"
                ),
                hat + i..hat + i + c.len_utf8(),
            );
        }
        let host_range = hat..hat + host.len();
        let (port, port_range) = match port {
            // Marathon's pattern makes the port optional (`[A-z0-9-.]+(?::\d+)?` in
            // `ZookeeperConf.scala`, 1.4 to 1.10); ZooKeeper's client then uses 2181.
            None => (None, None),
            Some(p) => {
                let prange = host_range.end + 1..range.end;
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return err(format!("port `{p}` in `{item}` is not a number"), prange);
                }
                match p.parse::<u32>() {
                    Ok(n) if (1..=65535).contains(&n) => (Some(n as u16), Some(prange)),
                    _ => return err(format!("port `{p}` is out of range (1-65535)"), prange),
                }
            }
        };
        hosts.push(HostPort {
            host: host.to_string(),
            port,
            range,
            host_range,
            port_range,
        });
    }
    let Some(slash) = slash else {
        return err(
            "missing path: Marathon needs a state path such as `/marathon` after the hosts",
            at + rest.len()..at + rest.len(),
        );
    };
    let path = &rest[slash..];
    let path_at = at + slash;
    let path_range = path_at..path_at + path.len();
    if path == "/" {
        return err(
            "path `/` is not accepted: use a path such as `/marathon`",
            path_range,
        );
    }
    if path.ends_with('/') {
        return err(
            format!("trailing `/` in path `{path}` is not accepted by Marathon's --zk pattern"),
            path_range.end - 1..path_range.end,
        );
    }
    if let Some(pos) = path.find("//") {
        return err(
            format!("empty segment in path `{path}`"),
            path_at + pos..path_at + pos + 2,
        );
    }
    Ok((hosts, path.to_string(), path_range))
}

/// Marathon's `--zk` check (`ZookeeperConf.ZKUrlPattern`, DOMAIN.md §4.2), plus the
/// host:port requirement of `zooKeeperHostAddresses`. The value is not trimmed.
pub fn check_marathon_zk(s: &str) -> Result<ZkUrl, UrlError> {
    let Some(rest) = s.strip_prefix("zk://") else {
        if s.trim() != s && s.trim().starts_with("zk://") {
            return err("space around the URL", 0..s.len());
        }
        return err("missing `zk://` at the beginning of the URL", 0..s.len());
    };
    let at = 5;
    // Optional credentials `([^/:]+):([^@]+)@`; with backtracking, try with then without.
    let mut first_err = None;
    if let Some(colon) = rest.find(':') {
        let user = &rest[..colon];
        if !user.is_empty() && !user.contains('/') {
            if let Some(rel) = rest[colon + 1..].find('@') {
                let amp = colon + 1 + rel;
                if amp > colon + 1 {
                    let after = amp + 1;
                    match marathon_hosts_path(&rest[after..], at + after) {
                        Ok((hosts, path, path_range)) => {
                            return Ok(ZkUrl {
                                user: Some(user.to_string()),
                                has_password: true,
                                credentials_range: Some(at..at + after),
                                hosts,
                                path,
                                path_range,
                            })
                        }
                        Err(e) => first_err = Some(e),
                    }
                }
            }
        }
    }
    match marathon_hosts_path(rest, at) {
        Ok((hosts, path, path_range)) => Ok(ZkUrl {
            user: None,
            has_password: false,
            credentials_range: None,
            hosts,
            path,
            path_range,
        }),
        Err(e) => Err(first_err.unwrap_or(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// A multi-byte space (U+00A0, what a Latin-1 0xA0 byte decodes to) is labelled whole,
    /// so the range stays on char boundaries.
    #[test]
    fn multibyte_space_ranges_are_char_boundaries() {
        for (s, allow) in [
            ("\u{e}\u{a0}\u{e}", true),
            ("zk://a\u{a0}b:2181/mesos", false),
            ("file:///a\u{a0}b", false),
        ] {
            let e = parse_master_value(s, allow).unwrap_err();
            assert!(
                s.is_char_boundary(e.range.start) && s.is_char_boundary(e.range.end),
                "{s:?}: {e:?}"
            );
            assert_eq!(&s[e.range.clone()], "\u{a0}", "{s:?}");
        }
    }

    #[test]
    fn multi_host() {
        let u = parse_zk_url("zk://zk1:2181,zk2:2181,zk3:2181/mesos").unwrap();
        assert_eq!(u.hosts.len(), 3);
        assert_eq!(u.hosts[1].host, "zk2");
        assert_eq!(u.hosts[1].port, Some(2181));
        assert_eq!(u.hosts[1].range, 14..22);
        assert_eq!(u.hosts[1].host_range, 14..17);
        assert_eq!(u.hosts[1].port_range, Some(18..22));
        assert_eq!(u.path, "/mesos");
        assert_eq!(u.path_range, 31..37);
        assert_eq!(u.user, None);
    }

    #[test]
    fn trimmed_ranges_and_no_port() {
        let s = "  zk://localhost/mesos\n";
        let u = parse_zk_url(s).unwrap();
        assert_eq!(&s[u.hosts[0].range.clone()], "localhost");
        assert_eq!(u.hosts[0].port, None);
        assert_eq!(&s[u.path_range.clone()], "/mesos");
        let u = parse_zk_url("zk://a:1/x/y/z").unwrap();
        assert_eq!(u.path, "/x/y/z");
    }

    #[test]
    fn credentials_never_stored() {
        let s = "zk://alice:s3cret@zk1:2181/mesos";
        let u = parse_zk_url(s).unwrap();
        assert_eq!(u.user.as_deref(), Some("alice"));
        assert!(u.has_password);
        assert_eq!(&s[u.credentials_range.clone().unwrap()], "alice:s3cret@");
        assert!(!format!("{u:?}").contains("s3cret"));
        assert!(parse_zk_url("zk://@zk1:2181/mesos").is_err());
        assert!(parse_zk_url("zk://alice@zk1:2181/mesos").is_err());
        // The error for a bad URL does not echo the password either.
        let e = parse_zk_url("zk://alice:s3cret@zk1:99999/mesos").unwrap_err();
        assert!(!e.message.contains("s3cret"));
    }

    #[test]
    fn zk_errors() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("zk1:2181/mesos", "zk://"),
            ("http://zk1:2181/mesos", "http"),
            ("ZK://zk1:2181/mesos", "lower-case"),
            ("zk://zk1:2181", "missing path"),
            ("zk://zk1:2181/", "`/`"),
            ("zk://zk1:2181/mesos/", "trailing"),
            ("zk://zk1:2181//mesos", "empty segment"),
            ("zk://zk1:2181/me sos", "space"),
            ("zk://zk1:,zk2:2181/mesos", "missing port"),
            ("zk://zk1:abc/mesos", "not a number"),
            ("zk://zk1:70000/mesos", "out of range"),
            ("zk://zk1:0/mesos", "out of range"),
            ("zk://zk1:2181,,zk2:2181/mesos", "empty host"),
            ("zk://zk1:2181,/mesos", "empty host"),
            ("zk:///mesos", "no ZooKeeper host"),
            ("zk://:2181/mesos", "empty host"),
            ("zk://zk1:2181:2181/mesos", "too many"),
            ("zk://zk_ü:2181/mesos", "invalid character"),
            ("zk://[::1/mesos", "unclosed"),
        ];
        for (input, needle) in cases {
            let e = parse_zk_url(input).unwrap_err();
            assert!(e.message.contains(needle), "{input}: {}", e.message);
            assert!(
                e.range.start <= e.range.end && e.range.end <= input.len(),
                "{input}"
            );
        }
        let e = parse_zk_url("zk://zk1:2181/").unwrap_err();
        assert_eq!(e.range, 13..14);
    }

    #[test]
    fn ipv6_bracketed() {
        let u = parse_zk_url("zk://[::1]:2181/mesos").unwrap();
        assert_eq!(u.hosts[0].host, "::1");
        assert_eq!(u.hosts[0].port, Some(2181));
        assert_eq!(u.hosts[0].port_range, Some(11..15));
    }

    #[test]
    fn host_set_normalises() {
        let a = parse_zk_url("zk://ZK2:2181,zk1,zk1:2181/mesos").unwrap();
        let b = parse_zk_url("zk://zk1:2181,zk2/other").unwrap();
        assert_eq!(
            a.host_set(),
            vec![("zk1".to_string(), 2181), ("zk2".to_string(), 2181)]
        );
        assert_eq!(a.host_set(), b.host_set());
        let c = parse_zk_url("zk://zk1:2182/mesos").unwrap();
        assert_ne!(c.host_set(), b.host_set());
    }

    #[test]
    fn master_values() {
        match parse_master_value("zk://zk1:2181/mesos", true).unwrap() {
            MasterValue::Zk(u) => assert_eq!(u.path, "/mesos"),
            other => panic!("{other:?}"),
        }
        match parse_master_value("file:///etc/mesos/zk", false).unwrap() {
            MasterValue::File { path, range } => {
                assert_eq!(path, "/etc/mesos/zk");
                assert_eq!(range, 7..20);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_master_value("file://etc/mesos/zk", false).is_err());
        assert!(parse_master_value("file://", false).is_err());
        match parse_master_value("10.0.0.1:5050", true).unwrap() {
            MasterValue::HostPort(h) => {
                assert_eq!(h.host, "10.0.0.1");
                assert_eq!(h.port, Some(5050));
                assert_eq!(h.range, 0..13);
            }
            other => panic!("{other:?}"),
        }
        match parse_master_value("master@mesos1:5050", true).unwrap() {
            MasterValue::HostPort(h) => {
                assert_eq!(h.host, "mesos1");
                assert_eq!(h.host_range, 7..13);
                assert_eq!(h.port_range, Some(14..18));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_master_value("10.0.0.1:5050", false).is_err());
        assert!(parse_master_value("mesos1", true).is_err());
        assert!(parse_master_value("mesos1:", true).is_err());
        assert!(parse_master_value("mesos1:99999", true).is_err());
        assert!(parse_master_value("@mesos1:5050", true).is_err());
        let e = parse_master_value("http://mesos1:5050", true).unwrap_err();
        assert!(e.message.contains("http://"));
        assert!(parse_master_value("", true).is_err());
        assert!(parse_master_value("zk://zk1:2181/", true).is_err());
        assert!(parse_master_value("ZK://zk1:2181/mesos", false).is_err());
        assert!(parse_master_value("ü:ü", true).is_err());
    }

    #[test]
    fn marathon_zk() {
        let u = check_marathon_zk("zk://localhost:2181/marathon").unwrap();
        assert_eq!(u.path, "/marathon");
        let u = check_marathon_zk("zk://zk1:2181,zk2:2181/a/b").unwrap();
        assert_eq!(u.hosts.len(), 2);
        let s = "zk://user:pa:ss/w@zk1:2181/marathon";
        let u = check_marathon_zk(s).unwrap();
        assert_eq!(u.user.as_deref(), Some("user"));
        assert_eq!(&s[u.credentials_range.clone().unwrap()], "user:pa:ss/w@");
        assert_eq!(u.hosts[0].host, "zk1");
        // `@` inside the path is fine.
        assert!(check_marathon_zk("zk://zk1:2181/pa@th").is_ok());
        let cases: &[(&str, &str)] = &[
            ("zk://zk1:2181/marathon/", "trailing"),
            ("zk://zk1:2181/", "`/`"),
            ("zk://zk1:2181", "missing path"),
            ("zk://[::1]:2181/marathon", "IPv6"),
            ("zk://fe80::1:2181/marathon", "IPv6"),
            ("zk://zk1:x/marathon", "not a number"),
            ("zk://zk_1!:2181/marathon", "not allowed"),
            (" zk://zk1:2181/marathon", "space"),
            ("http://zk1:2181/marathon", "zk://"),
            ("zk://zk1:2181//marathon", "empty segment"),
            ("zk://,zk1:2181/marathon", "empty host"),
        ];
        for (input, needle) in cases {
            let e = check_marathon_zk(input).unwrap_err();
            assert!(e.message.contains(needle), "{input}: {}", e.message);
            assert!(e.range.end <= input.len());
        }
        // The port is optional in Marathon's pattern (ZookeeperConfTest `urlParameterGetParsed`).
        let url = check_marathon_zk("zk://zk1:2181,zk2,zk3:2182/marathon").unwrap();
        assert_eq!(url.hosts[1].port, None);
        assert_eq!(url.host_set()[1], ("zk2".to_string(), 2181));
        // `[^/]` matches spaces: the regex accepts them in the path.
        assert!(check_marathon_zk("zk://zk1:2181/mara thon").is_ok());
        // `A-z` includes `_`.
        assert!(check_marathon_zk("zk://zk_1:2181/marathon").is_ok());
    }

    #[test]
    fn hostile() {
        let long = format!("zk://{}/mesos", "a,".repeat(10_000));
        assert!(parse_zk_url(&long).is_err());
        assert!(check_marathon_zk(&long).is_err());
        for s in [
            "zk://",
            "zk:/",
            "z",
            "zk://ü",
            "zk://@",
            "zk://a:b@",
            "zk://[",
            "zk://[]:1/x",
            "file:",
            "\u{feff}zk://a/b",
        ] {
            let _ = parse_zk_url(s);
            let _ = check_marathon_zk(s);
            let _ = parse_master_value(s, true);
            let _ = parse_master_value(s, false);
        }
    }
}
