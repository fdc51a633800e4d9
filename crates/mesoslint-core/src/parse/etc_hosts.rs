//! `/etc/hosts` (hosts(5)) and `/etc/hostname` (hostname(5)).
//!
//! hosts: one address per line followed by its canonical name and aliases, separated by blanks;
//! `#` starts a comment anywhere on a line. hostname: the first line that is not a comment.

use std::net::IpAddr;
use std::ops::Range;

use super::env_file::{eol, next_line};
use super::fstab::fields_into;
use super::{exact, Comment, SyntaxError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostsEntry {
    /// The text of `line`: the address and the names are its blank-separated fields, found
    /// again on each use, so an entry costs one allocation however many names it has.
    text: Box<str>,
    /// From the address to the end of the last name.
    pub line: Range<usize>,
}

impl HostsEntry {
    pub fn is_loopback(&self) -> bool {
        is_loopback(self.address())
    }

    /// The fields of the line (address, then names) with their spans in the file.
    fn fields(&self) -> impl Iterator<Item = (&str, Range<usize>)> + '_ {
        let base = self.line.start;
        self.text
            .split([' ', '\t'])
            .scan(0usize, move |off, f| {
                let start = *off;
                *off += f.len() + 1;
                Some((f, base + start..base + start + f.len()))
            })
            .filter(|(f, _)| !f.is_empty())
    }

    /// The address, as written.
    pub fn address(&self) -> &str {
        self.fields().next().map_or("", |(a, _)| a)
    }

    /// The address's span in the file.
    pub fn address_span(&self) -> Range<usize> {
        self.fields()
            .next()
            .map_or(self.line.start..self.line.start, |(_, r)| r)
    }

    /// The names with their spans in the file: canonical name first, then aliases.
    pub fn names(&self) -> impl Iterator<Item = (&str, Range<usize>)> + '_ {
        self.fields().skip(1)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EtcHosts {
    pub entries: Vec<HostsEntry>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// Host names compare case-insensitively, with or without a final dot.
fn same_name(a: &str, b: &str) -> bool {
    let a = a.strip_suffix('.').unwrap_or(a);
    let b = b.strip_suffix('.').unwrap_or(b);
    a.eq_ignore_ascii_case(b)
}

impl EtcHosts {
    /// Entries mapping `name` (canonical name or alias), in file order.
    pub fn addresses_of(&self, name: &str) -> Vec<&HostsEntry> {
        self.entries
            .iter()
            .filter(|e| e.names().any(|(n, _)| same_name(n, name)))
            .collect()
    }

    /// Entries for an address, in file order.
    pub fn names_of(&self, address: &str) -> Vec<&HostsEntry> {
        self.entries
            .iter()
            .filter(|e| e.address().eq_ignore_ascii_case(address))
            .collect()
    }
}

/// An IP address as hosts(5) allows it (IPv6 zone suffix `%eth0` allowed).
fn parse_ip(addr: &str) -> Option<IpAddr> {
    let a = addr.trim();
    let a = a
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(a);
    let a = a.split('%').next().unwrap_or(a);
    a.parse().ok()
}

pub fn parse_etc_hosts(text: &str) -> EtcHosts {
    let mut fs = Vec::new();
    let mut hosts = EtcHosts::default();
    let mut pos = 0;
    while pos < text.len() {
        let (a, mut b) = (pos, eol(text, pos));
        pos = next_line(text, pos);
        if let Some(h) = text.get(a..b).and_then(|l| l.find('#')) {
            hosts.comments.push(Comment {
                span: a + h..b,
                text: text.get(a + h + 1..b).unwrap_or("").to_string(),
            });
            b = a + h;
        }
        fields_into(&mut fs, text, a, b);
        let (Some((addr, addr_span)), Some(last)) = (fs.first(), fs.last()) else {
            continue;
        };
        let line = addr_span.start..last.1.end;
        if fs.len() < 2 {
            hosts.errors.push(SyntaxError {
                message: format!("`{addr}` has no host names"),
                span: line,
            });
            continue;
        }
        if parse_ip(addr).is_none() {
            hosts.errors.push(SyntaxError {
                message: format!("`{addr}` is not an IP address"),
                span: addr_span.clone(),
            });
        }
        hosts.entries.push(HostsEntry {
            text: text.get(line.clone()).unwrap_or("").into(),
            line,
        });
    }
    hosts.entries = exact(hosts.entries);
    hosts.comments = exact(hosts.comments);
    hosts.errors = exact(hosts.errors);
    hosts
}

/// /etc/hostname: first non-comment line, trimmed; with its span.
pub fn parse_hostname(text: &str) -> Option<(String, Range<usize>)> {
    let mut pos = 0;
    while pos < text.len() {
        let (a, b) = (pos, eol(text, pos));
        pos = next_line(text, pos);
        let line = text.get(a..b).unwrap_or("");
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let start = a + (line.len() - line.trim_start().len());
        return Some((t.to_string(), start..start + t.len()));
    }
    None
}

/// 127.0.0.0/8 (including the Debian `127.0.1.1` and short forms like `127.1`), `::1`,
/// `::ffff:127.x.y.z`, and the names `localhost`, `*.localhost`, `localhost.localdomain`,
/// `localhost4`, `localhost6`, `ip6-localhost`, `ip6-loopback`.
pub fn is_loopback(addr: &str) -> bool {
    let a = addr.trim();
    let name = a.strip_suffix('.').unwrap_or(a);
    const LOOPBACK_NAMES: &[&str] = &[
        "localhost",
        "localhost.localdomain",
        "localhost4",
        "localhost4.localdomain4",
        "localhost6",
        "localhost6.localdomain6",
        "ip6-localhost",
        "ip6-loopback",
    ];
    let ends_with_localhost = name
        .len()
        .checked_sub(".localhost".len())
        .and_then(|i| name.get(i..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(".localhost"));
    if ends_with_localhost || LOOPBACK_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return true;
    }
    // Only an address can still be a loopback one: it starts with a digit (IPv4, inet_aton
    // short forms, most IPv6), holds a `:` (IPv6) or is bracketed. Host names end here.
    if !(a.starts_with(|c: char| c.is_ascii_digit() || c == '[') || a.contains(':')) {
        return false;
    }
    match parse_ip(a) {
        Some(IpAddr::V4(v4)) => v4.is_loopback(),
        Some(IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        // inet_aton short forms: `127.1`, `127.0.1`.
        None => a.strip_prefix("127.").is_some_and(|rest| {
            !rest.is_empty()
                && rest.split('.').count() <= 2
                && rest
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTS: &str = "127.0.0.1\tlocalhost\n127.0.1.1\tmaster1.example.com master1 # debian\n\
        # The following lines are desirable for IPv6 capable hosts\n\
        ::1     ip6-localhost ip6-loopback\r\n\
        10.0.0.11 master1.example.com master1\n\
        10.0.0.12   master2   m2\n\
        fe80::1%eth0 linklocal\n";

    #[test]
    fn entries_and_spans() {
        let t = HOSTS;
        let h = parse_etc_hosts(t);
        assert!(h.errors.is_empty(), "{:?}", h.errors);
        assert_eq!(h.entries.len(), 6);
        let e = &h.entries[1];
        assert_eq!(e.address(), "127.0.1.1");
        assert_eq!(&t[e.address_span()], "127.0.1.1");
        let names: Vec<(&str, &str)> = e.names().map(|(n, r)| (n, &t[r])).collect();
        assert_eq!(
            names,
            [
                ("master1.example.com", "master1.example.com"),
                ("master1", "master1")
            ]
        );
        assert_eq!(&t[e.line.clone()], "127.0.1.1\tmaster1.example.com master1");
        assert_eq!(
            &t[h.entries[2].line.clone()],
            "::1     ip6-localhost ip6-loopback"
        );
        let cs: Vec<&str> = h.comments.iter().map(|c| &t[c.span.clone()]).collect();
        assert_eq!(
            cs,
            [
                "# debian",
                "# The following lines are desirable for IPv6 capable hosts"
            ]
        );
        assert_eq!(h.comments[0].text, " debian");
    }

    #[test]
    fn lookups() {
        let h = parse_etc_hosts(HOSTS);
        let addrs: Vec<&str> = h
            .addresses_of("master1")
            .iter()
            .map(|e| e.address())
            .collect();
        assert_eq!(addrs, ["127.0.1.1", "10.0.0.11"]);
        assert_eq!(h.addresses_of("MASTER1.example.com.").len(), 2);
        assert_eq!(h.addresses_of("m2")[0].address(), "10.0.0.12");
        assert!(h.addresses_of("nope").is_empty());
        assert!(h.addresses_of("master1")[0].is_loopback());
        assert!(!h.addresses_of("master1")[1].is_loopback());
        assert_eq!(
            h.names_of("10.0.0.12")[0].names().next().map(|(n, _)| n),
            Some("master2")
        );
    }

    #[test]
    fn errors() {
        let t = "10.0.0.1\nnot-an-ip host\n  # only comment\n\n999.1.1.1 x\n";
        let h = parse_etc_hosts(t);
        let es: Vec<&str> = h.errors.iter().map(|e| &t[e.span.clone()]).collect();
        assert_eq!(es, ["10.0.0.1", "not-an-ip", "999.1.1.1"]);
        assert_eq!(h.entries.len(), 2);
    }

    #[test]
    fn loopback() {
        for a in [
            "127.0.0.1",
            "127.0.1.1",
            "127.255.255.254",
            " 127.0.0.1 ",
            "127.1",
            "::1",
            "[::1]",
            "0:0:0:0:0:0:0:1",
            "::ffff:127.0.0.1",
            "localhost",
            "LOCALHOST.",
            "localhost.localdomain",
            "ip6-localhost",
            "foo.localhost",
        ] {
            assert!(is_loopback(a), "{a}");
        }
        for a in [
            "10.0.0.1",
            "128.0.0.1",
            "0.0.0.0",
            "::",
            "fe80::1",
            "localhostx",
            "mylocalhost",
            "127.",
            "127.a",
            "",
            "1270.0.0.1",
        ] {
            assert!(!is_loopback(a), "{a}");
        }
    }

    #[test]
    fn hostname() {
        let t = "# comment\n\n  master1.example.com  \r\nother\n";
        let (name, span) = parse_hostname(t).unwrap();
        assert_eq!(name, "master1.example.com");
        assert_eq!(&t[span], "master1.example.com");
        assert_eq!(parse_hostname("master2").unwrap(), ("master2".into(), 0..7));
        assert_eq!(parse_hostname("# x\n   \n"), None);
        assert_eq!(parse_hostname(""), None);
        let (n, s) = parse_hostname("  hôst\n").unwrap();
        assert_eq!((n.as_str(), s), ("hôst", 2..7));
    }

    #[test]
    fn hostile_input_never_panics() {
        let alphabet: &[&str] = &[
            "127.0.0.1",
            " ",
            "\t",
            "\n",
            "\r",
            "#",
            "é",
            "h",
            "::1",
            "%",
        ];
        let mut seed: u64 = 99;
        for _ in 0..3000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            for _ in 0..(seed >> 58) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                t.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let h = parse_etc_hosts(&t);
            let ok = |r: &Range<usize>| t.get(r.clone()).is_some();
            for e in &h.entries {
                assert!(ok(&e.address_span()) && ok(&e.line));
                assert!(e.names().all(|(n, r)| ok(&r) && t.get(r) == Some(n)));
                assert_eq!(t.get(e.address_span()), Some(e.address()));
                assert_eq!(e.names().count() + 1, e.fields().count());
                let _ = e.is_loopback();
            }
            assert!(h.errors.iter().all(|e| ok(&e.span)));
            assert!(h.comments.iter().all(|c| ok(&c.span)));
            if let Some((_, s)) = parse_hostname(&t) {
                assert!(ok(&s));
            }
        }
    }
}
