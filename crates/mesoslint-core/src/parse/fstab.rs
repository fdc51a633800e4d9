//! `/etc/fstab` (fstab(5)): one mount per line, fields separated by blanks, `#` comment lines,
//! octal escapes (`\040` for a space) inside fields.
//!
//! Fields: spec, mount point, type, options, dump frequency, fsck pass. Like libmount we accept
//! lines with only the first three fields (options then mean `defaults`); fewer is an error.

use std::ops::Range;

use super::env_file::{eol, next_line};
use super::{exact, Comment, SyntaxError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountEntry {
    /// Spec, mount point, type and options, octal escapes (`\040`) decoded, back to back:
    /// the accessors slice it, so an entry costs two allocations.
    text: Box<str>,
    /// End offsets in `text` of the spec, the mount point and the type.
    ends: [u32; 3],
    /// Per option: its end offset in `text` and its span in the file. `["defaults"]` (with an
    /// empty span at the end of the type field) when the options field is missing.
    options: Box<[(u32, Range<usize>)]>,
    pub spec_span: Range<usize>,
    pub mount_point_span: Range<usize>,
    pub fs_type_span: Range<usize>,
    /// Empty (at the end of the type field) when the options field is missing.
    pub options_span: Range<usize>,
    pub line: Range<usize>,
}

impl MountEntry {
    fn new(
        fields: [(&str, Range<usize>); 3],
        options: &[(&str, Range<usize>)],
        options_span: Range<usize>,
        line: Range<usize>,
    ) -> MountEntry {
        let mut text = String::new();
        let end = |text: &mut String, raw: &str| {
            decode_into(text, raw);
            u32::try_from(text.len()).unwrap_or(u32::MAX)
        };
        let [(spec, spec_span), (mp, mount_point_span), (ty, fs_type_span)] = fields;
        let ends = [end(&mut text, spec), end(&mut text, mp), end(&mut text, ty)];
        let options = options
            .iter()
            .map(|(o, r)| (end(&mut text, o), r.clone()))
            .collect();
        MountEntry {
            text: text.into_boxed_str(),
            ends,
            options,
            spec_span,
            mount_point_span,
            fs_type_span,
            options_span,
            line,
        }
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Octal escapes decoded.
    pub fn spec(&self) -> &str {
        self.slice(0, self.ends[0])
    }

    /// Octal escapes (`\040`) decoded.
    pub fn mount_point(&self) -> &str {
        self.slice(self.ends[0], self.ends[1])
    }

    pub fn fs_type(&self) -> &str {
        self.slice(self.ends[1], self.ends[2])
    }

    /// The options (split on `,`, decoded) with their spans; `defaults` when the field is
    /// missing.
    pub fn options(&self) -> impl ExactSizeIterator<Item = (&str, Range<usize>)> + '_ {
        (0..self.options.len()).map(move |i| {
            let start = match i.checked_sub(1) {
                Some(p) => self.options.get(p).map_or(self.ends[2], |(e, _)| *e),
                None => self.ends[2],
            };
            match self.options.get(i) {
                Some((end, span)) => (self.slice(start, *end), span.clone()),
                None => ("", 0..0),
            }
        })
    }

    pub fn has_option(&self, opt: &str) -> bool {
        self.options().any(|(o, _)| o == opt)
    }

    /// The span of `opt` in the options field (its last occurrence, the one that counts).
    pub fn option_span(&self, opt: &str) -> Option<Range<usize>> {
        self.options()
            .filter(|(o, _)| *o == opt)
            .last()
            .map(|(_, s)| s)
    }

    /// The option that makes this mount `noexec`, if any: `noexec`, or `user`/`users` (which
    /// imply it), not overridden by a later `exec` or `defaults` (mount(8)).
    pub fn noexec_option(&self) -> Option<Range<usize>> {
        let mut cause = None;
        for (o, s) in self.options() {
            match o {
                "noexec" | "user" | "users" => cause = Some(s),
                "exec" | "defaults" => cause = None,
                _ => {}
            }
        }
        cause
    }

    /// Is the mount `noexec` according to its options?
    pub fn is_noexec(&self) -> bool {
        self.noexec_option().is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fstab {
    pub entries: Vec<MountEntry>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// Append `raw` to `out` with fstab octal escapes decoded (`\040` space, `\011` tab, `\012`
/// newline, `\134` backslash).
fn decode_into(out: &mut String, raw: &str) {
    if !raw.contains('\\') {
        out.push_str(raw);
        return;
    }
    let b = raw.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'\\' {
            let digits: Option<Vec<u32>> = (1..=3)
                .map(|k| b.get(i + k).and_then(|&d| char::from(d).to_digit(8)))
                .collect();
            if let Some(d) = digits {
                let v = d.iter().fold(0u32, |acc, x| acc * 8 + x);
                if let Ok(byte) = u8::try_from(v) {
                    bytes.push(byte);
                    i += 4;
                    continue;
                }
            }
        }
        bytes.push(c);
        i += 1;
    }
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// The blank-separated fields of `text[a..b]` with their ranges, into `out` (cleared first):
/// a parser reuses one buffer for every line.
pub(crate) fn fields_into<'t>(
    out: &mut Vec<(&'t str, Range<usize>)>,
    text: &'t str,
    a: usize,
    b: usize,
) {
    out.clear();
    let line = text.get(a..b).unwrap_or("");
    let mut start = None;
    for (i, c) in line.char_indices() {
        let blank = c == ' ' || c == '\t';
        match (blank, start) {
            (true, Some(s)) => {
                out.push((line.get(s..i).unwrap_or(""), a + s..a + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((line.get(s..).unwrap_or(""), a + s..b));
    }
}

pub fn parse_fstab(text: &str) -> Fstab {
    let mut fs = Vec::new();
    let mut tab = Fstab::default();
    let mut pos = 0;
    while pos < text.len() {
        let (a, b) = (pos, eol(text, pos));
        pos = next_line(text, pos);
        fields_into(&mut fs, text, a, b);
        // A field starting with `#` at the start of the line, or after the options, starts
        // a comment.
        if let Some(k) = fs
            .iter()
            .position(|(f, _)| f.starts_with('#'))
            .filter(|&k| k == 0 || k >= 4)
        {
            if let Some((_, r)) = fs.get(k) {
                tab.comments.push(Comment {
                    span: r.start..b,
                    text: text.get(r.start + 1..b).unwrap_or("").to_string(),
                });
            }
            fs.truncate(k);
        }
        let (Some(first), Some(last)) = (fs.first(), fs.last()) else {
            continue;
        };
        let line_span = first.1.start..last.1.end;
        if fs.len() < 3 {
            tab.errors.push(SyntaxError {
                message: format!(
                    "fstab line has {} field{}; expected device, mount point, type and options",
                    fs.len(),
                    if fs.len() == 1 { "" } else { "s" }
                ),
                span: line_span,
            });
            continue;
        }
        if let (Some(extra), Some(end)) = (fs.get(6), fs.last()) {
            tab.errors.push(SyntaxError {
                message: "fstab line has more than 6 fields".to_string(),
                span: extra.1.start..end.1.end,
            });
        }
        for (f, r) in fs.iter().skip(4).take(2) {
            if !f.bytes().all(|c| c.is_ascii_digit()) {
                tab.errors.push(SyntaxError {
                    message: format!("`{f}` is not a number (dump frequency / fsck pass)"),
                    span: r.clone(),
                });
            }
        }
        let (Some(spec), Some(mp), Some(ty)) = (fs.first(), fs.get(1), fs.get(2)) else {
            continue;
        };
        let (options, options_span): (Vec<(&str, Range<usize>)>, _) = match fs.get(3) {
            Some((raw, r)) => {
                let mut off = r.start;
                let opts = raw
                    .split(',')
                    .map(|o| {
                        let span = off..off + o.len();
                        off += o.len() + 1;
                        (o, span)
                    })
                    .collect();
                (opts, r.clone())
            }
            None => {
                let p = ty.1.end;
                (vec![("defaults", p..p)], p..p)
            }
        };
        tab.entries.push(MountEntry::new(
            [spec.clone(), mp.clone(), ty.clone()],
            &options,
            options_span,
            line_span,
        ));
    }
    tab.entries = exact(tab.entries);
    tab.comments = exact(tab.comments);
    tab.errors = exact(tab.errors);
    tab
}

/// Path components, `.` dropped and `..` resolved lexically; None for a relative path.
fn components(p: &str) -> Option<Vec<&str>> {
    if !p.starts_with('/') {
        return None;
    }
    let mut v = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                v.pop();
            }
            c => v.push(c),
        }
    }
    Some(v)
}

/// The entry whose mount point is the longest path prefix of `path` (component-wise:
/// `/var/lib` covers `/var/lib/mesos`, not `/var/libx`; `/` covers everything). Later entries
/// win over earlier ones with the same mount point. Swap entries and mount points that are not
/// absolute paths (`none`) are ignored; a relative `path` has no mount.
pub fn mount_for<'a>(fstab: &'a Fstab, path: &str) -> Option<&'a MountEntry> {
    let target = components(path)?;
    let mut best: Option<(usize, &MountEntry)> = None;
    for e in &fstab.entries {
        if e.fs_type() == "swap" {
            continue;
        }
        let Some(mc) = components(e.mount_point()) else {
            continue;
        };
        let covers = mc.len() <= target.len() && mc.iter().zip(&target).all(|(a, b)| a == b);
        if covers && best.is_none_or(|(n, _)| mc.len() >= n) {
            best = Some((mc.len(), e));
        }
    }
    best.map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(raw: &str) -> String {
        let mut out = String::new();
        decode_into(&mut out, raw);
        out
    }

    fn opts(e: &MountEntry) -> Vec<&str> {
        e.options().map(|(o, _)| o).collect()
    }

    #[test]
    fn packed_fields_and_options_slice_back_exactly() {
        let t = "/dev/x\\040ü /mnt\\040é ext4 ,noexec,,exec\\054 0 0\n/dev/y /y xfs\n";
        let f = parse_fstab(t);
        let e = &f.entries[0];
        assert_eq!(
            (e.spec(), e.mount_point(), e.fs_type()),
            ("/dev/x ü", "/mnt é", "ext4")
        );
        assert_eq!(opts(e), ["", "noexec", "", "exec,"]);
        let spans: Vec<&str> = e.options().map(|(_, r)| &t[r]).collect();
        assert_eq!(spans, ["", "noexec", "", "exec\\054"]);
        assert_eq!(e.options().len(), 4);
        assert!(e.is_noexec());
        assert_eq!(
            e.option_span("").map(|r| r.start),
            Some(t.find(",,").unwrap() + 1)
        );
        let d = &f.entries[1];
        assert_eq!(
            (d.spec(), d.mount_point(), d.fs_type()),
            ("/dev/y", "/y", "xfs")
        );
        assert_eq!(opts(d), ["defaults"]);
        assert!(!d.is_noexec());
    }

    const TAB: &str = "# /etc/fstab: static file system information.\n\
        UUID=1234-abcd /               ext4    errors=remount-ro 0       1\n\
        /dev/sdb1\t/var/lib\txfs\tdefaults,noatime\t0\t2\n\
        tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime 0 0\r\n\
        \n\
        /dev/sdc1 /mnt/my\\040disk ext4 defaults 0 0 # trailing\n\
        /dev/sdd1 /var/lib/mesos ext4 noexec,exec\n\
        /swapfile none swap sw 0 0\n";

    #[test]
    fn fields_and_spans() {
        let t = TAB;
        let f = parse_fstab(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.entries.len(), 6);
        let root = &f.entries[0];
        assert_eq!(root.spec(), "UUID=1234-abcd");
        assert_eq!(root.mount_point(), "/");
        assert_eq!(&t[root.fs_type_span.clone()], "ext4");
        assert_eq!(opts(root), ["errors=remount-ro"]);
        assert_eq!(
            &t[root.line.clone()],
            "UUID=1234-abcd /               ext4    errors=remount-ro 0       1"
        );
        let var = &f.entries[1];
        assert_eq!(&t[var.mount_point_span.clone()], "/var/lib");
        assert_eq!(&t[var.options_span.clone()], "defaults,noatime");
        assert_eq!(&t[var.option_span("noatime").unwrap()], "noatime");
        assert!(var.has_option("defaults") && !var.has_option("noexec"));
        let tmp = &f.entries[2];
        assert!(tmp.is_noexec());
        assert_eq!(&t[tmp.option_span("noexec").unwrap()], "noexec");
        assert_eq!(
            &t[tmp.line.clone()],
            "tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime 0 0"
        );
        let disk = &f.entries[3];
        assert_eq!(disk.mount_point(), "/mnt/my disk");
        assert_eq!(&t[disk.mount_point_span.clone()], "/mnt/my\\040disk");
        let mesos = &f.entries[4];
        assert!(mesos.has_option("noexec"));
        assert!(!mesos.is_noexec(), "a later `exec` wins");
        let cs: Vec<&str> = f.comments.iter().map(|c| &t[c.span.clone()]).collect();
        assert_eq!(
            cs,
            [
                "# /etc/fstab: static file system information.",
                "# trailing"
            ]
        );
        assert_eq!(f.comments[1].text, " trailing");
    }

    #[test]
    fn short_and_bad_lines() {
        let t = "/dev/sda1 /\n/dev/sda2 /data ext4\n/dev/sda3 /x ext4 defaults a b\n\
                 /dev/sda4 /y ext4 defaults 0 0 junk\nonly\n";
        let f = parse_fstab(t);
        let es: Vec<&str> = f.errors.iter().map(|e| &t[e.span.clone()]).collect();
        assert_eq!(es, ["/dev/sda1 /", "a", "b", "junk", "only"]);
        let data = f
            .entries
            .iter()
            .find(|e| e.mount_point() == "/data")
            .unwrap();
        assert_eq!(opts(data), ["defaults"]);
        assert!(data.options_span.is_empty());
        assert_eq!(data.options_span.start, t.find("ext4").unwrap() + 4);
        assert!(!data.is_noexec());
    }

    #[test]
    fn octal_escapes() {
        assert_eq!(decode("a\\040b\\011c\\134d"), "a b\tc\\d");
        assert_eq!(decode("a\\04"), "a\\04");
        assert_eq!(decode("a\\777"), "a\\777");
        assert_eq!(decode("\\"), "\\");
        assert_eq!(decode("é\\040"), "é ");
    }

    #[test]
    fn user_implies_noexec() {
        let f = parse_fstab("/dev/a /m ext4 user 0 0\n/dev/b /n ext4 users,exec 0 0\n");
        assert!(f.entries[0].is_noexec());
        assert!(!f.entries[1].is_noexec());
    }

    #[test]
    fn longest_prefix() {
        let f = parse_fstab(TAB);
        let mp = |p: &str| mount_for(&f, p).map(|e| e.mount_point());
        assert_eq!(mp("/var/lib/mesos/slaves"), Some("/var/lib/mesos"));
        assert_eq!(mp("/var/lib/mesos"), Some("/var/lib/mesos"));
        assert_eq!(mp("/var/lib/mesosx"), Some("/var/lib"));
        assert_eq!(mp("/var/lib/"), Some("/var/lib"));
        assert_eq!(mp("/var/libx"), Some("/"));
        assert_eq!(mp("/var//lib/./x"), Some("/var/lib"));
        assert_eq!(mp("/tmp/mesos"), Some("/tmp"));
        assert_eq!(mp("/tmp/../var/lib/x"), Some("/var/lib"));
        assert_eq!(mp("/"), Some("/"));
        assert_eq!(mp("/mnt/my disk/x"), Some("/mnt/my disk"));
        assert_eq!(mp("relative/path"), None);
        let empty = Fstab::default();
        assert!(mount_for(&empty, "/x").is_none());
    }

    #[test]
    fn later_entry_wins() {
        let f = parse_fstab("/dev/a /data ext4 defaults\n/dev/b /data/ xfs noexec\n");
        assert_eq!(mount_for(&f, "/data/x").unwrap().spec(), "/dev/b");
    }

    #[test]
    fn hostile_input_never_panics() {
        let alphabet: &[&str] = &[
            "/a", " ", "\t", "\n", "\r\n", "#", "\\", "\\040", "0", ",", "é", "ext4", "x",
        ];
        let mut seed: u64 = 77;
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
            let f = parse_fstab(&t);
            let ok = |r: &Range<usize>| t.get(r.clone()).is_some();
            for e in &f.entries {
                assert!(ok(&e.spec_span) && ok(&e.mount_point_span) && ok(&e.line));
                assert!(ok(&e.fs_type_span) && ok(&e.options_span));
                assert!(e.options().all(|(_, r)| ok(&r)));
                let _ = mount_for(&f, e.mount_point());
            }
            assert!(f.errors.iter().all(|e| ok(&e.span)));
            assert!(f.comments.iter().all(|c| ok(&c.span)));
        }
    }
}
