//! systemd units and upstart jobs: we need the daemon command lines, the environment they set
//! and the environment files they read.
//!
//! systemd (systemd.syntax(7), systemd.service(5)): `Key=Value` lines in `[Section]`s, `#` and
//! `;` comments, a trailing `\` joins the next line (the backslash becomes a space; comment lines
//! inside a continuation are skipped). Exec lines are split into words with `"`/`'` quoting and
//! C escapes; the first word may carry the prefixes `-@:+!`.
//!
//! upstart (init(5)): `exec COMMAND` stanzas, `script` ... `end script` blocks (and their
//! `pre-start`/`post-start`/`pre-stop`/`post-stop` forms), `env KEY=VALUE`. Commands are shell.

use std::ops::Range;

use super::env_file::{eol, is_name, next_line, shell_word_text, word_literal, Lexer, ShellWord};
use super::{Comment, SyntaxError};

/// A word of a command line after quote removal. For upstart (shell) words, `$VAR` and
/// command substitutions are kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    /// `ExecStart`, `ExecStartPre`, ... for systemd; `exec` / `script` for upstart (and
    /// `pre-start exec`, `post-stop script`, ... for the other upstart processes).
    pub directive: String,
    /// argv: program first. systemd prefixes (`-`,`@`,`:`,`+`,`!`) are stripped; with `@` the
    /// argv[0] override word that follows the program is dropped.
    pub words: Vec<Word>,
    /// The whole command text.
    pub span: Range<usize>,
    /// The words are those of a `sh -c` script: the shell expands `$NAME` inside a word too.
    pub shell: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitAssignment {
    pub key: String,
    pub value: String,
    pub key_span: Range<usize>,
    pub value_span: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitFile {
    pub commands: Vec<CommandLine>,
    /// systemd `Environment="A=1" "B=2"` entries; upstart `env A=1`.
    pub environment: Vec<UnitAssignment>,
    /// `EnvironmentFile=` paths (leading `-` stripped).
    pub environment_files: Vec<Word>,
    /// `#` and `;` comment lines.
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// systemd directives holding a command line.
const EXEC_KEYS: &[&str] = &[
    "ExecStart",
    "ExecStartPre",
    "ExecStartPost",
    "ExecCondition",
    "ExecReload",
    "ExecStop",
    "ExecStopPost",
];

/// A physical line: content range (without `\r\n`) and the start of the next line.
fn phys_line(text: &str, pos: usize) -> (usize, usize, usize) {
    (pos, eol(text, pos), next_line(text, pos))
}

/// Text joined from continued lines, with the source offset of every byte.
#[derive(Default)]
struct Logical {
    text: String,
    map: Vec<usize>,
}

impl Logical {
    fn push(&mut self, src: &str, a: usize, b: usize) {
        if let Some(s) = src.get(a..b) {
            self.text.push_str(s);
            self.map.extend(a..b);
        }
    }

    /// Source range for a logical range.
    fn span(&self, r: Range<usize>) -> Range<usize> {
        let end_src = self.map.last().map_or(0, |&m| m + 1);
        if r.start >= r.end {
            let p = self.map.get(r.start).copied().unwrap_or(end_src);
            return p..p;
        }
        let a = self.map.get(r.start).copied().unwrap_or(end_src);
        let b = self.map.get(r.end - 1).map_or(end_src, |&m| m + 1);
        a..b.max(a)
    }
}

fn comment_at(text: &str, at: usize, end: usize) -> Comment {
    Comment {
        span: at..end,
        text: text.get(at + 1..end).unwrap_or("").to_string(),
    }
}

/// Read a systemd unit (or drop-in).
pub fn parse_systemd_unit(text: &str) -> UnitFile {
    let mut out = UnitFile::default();
    let mut pos = 0;
    while pos < text.len() {
        let (a, b, next) = phys_line(text, pos);
        pos = next;
        let line = text.get(a..b).unwrap_or("");
        let t = line.trim_start();
        let lead = a + (line.len() - t.len());
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') || t.starts_with(';') {
            out.comments.push(comment_at(text, lead, b));
            continue;
        }
        if t.starts_with('[') {
            if !t.trim_end().ends_with(']') {
                out.errors.push(SyntaxError {
                    message: "section header without `]`".to_string(),
                    span: lead..b,
                });
            }
            continue;
        }
        // Join continued lines.
        let mut lt = Logical::default();
        let (mut sa, mut sb) = (lead, b);
        loop {
            let seg = text.get(sa..sb).unwrap_or("");
            let tb = sa + seg.trim_end().len();
            if seg.trim_end().ends_with('\\') {
                lt.push(text, sa, tb - 1);
                lt.text.push(' ');
                lt.map.push(tb - 1);
                // Skip comment lines inside the continuation.
                loop {
                    if pos >= text.len() {
                        break;
                    }
                    let (na, nb, nn) = phys_line(text, pos);
                    let l = text.get(na..nb).unwrap_or("");
                    let lt2 = l.trim_start();
                    if lt2.starts_with('#') || lt2.starts_with(';') {
                        out.comments
                            .push(comment_at(text, na + (l.len() - lt2.len()), nb));
                        pos = nn;
                        continue;
                    }
                    break;
                }
                if pos >= text.len() {
                    break;
                }
                let (na, nb, nn) = phys_line(text, pos);
                sa = na;
                sb = nb;
                pos = nn;
            } else {
                lt.push(text, sa, tb);
                break;
            }
        }
        let Some(eq) = lt.text.find('=') else {
            out.errors.push(SyntaxError {
                message: "expected `Key=Value`".to_string(),
                span: lt.span(0..lt.text.trim_end().len()),
            });
            continue;
        };
        let key = lt.text.get(..eq).unwrap_or("").trim();
        let rest = lt.text.get(eq + 1..).unwrap_or("");
        let vs = eq + 1 + (rest.len() - rest.trim_start().len());
        let ve = lt.text.trim_end().len().max(vs);
        if EXEC_KEYS.contains(&key) {
            if vs >= ve {
                // An empty assignment resets the list.
                out.commands.retain(|c| c.directive != key);
                continue;
            }
            let mut p = vs;
            let mut argv0 = false;
            while let Some(&c) = lt.text.as_bytes().get(p) {
                if !b"-@:+!".contains(&c) {
                    break;
                }
                argv0 |= c == b'@';
                p += 1;
            }
            let mut words: Vec<Word> = systemd_words(&lt, p, ve, &mut out.errors)
                .into_iter()
                .map(|w| Word {
                    text: w.text,
                    span: w.span,
                })
                .collect();
            if argv0 && words.len() >= 2 {
                words.remove(1);
            }
            out.commands.push(CommandLine {
                directive: key.to_string(),
                words,
                span: lt.span(vs..ve),
                shell: false,
            });
        } else if key == "Environment" {
            if vs >= ve {
                out.environment.clear();
                continue;
            }
            for w in systemd_words(&lt, vs, ve, &mut out.errors) {
                match w.text.find('=') {
                    Some(i) if is_name(w.text.get(..i).unwrap_or("")) => {
                        out.environment.push(UnitAssignment {
                            key: w.text.get(..i).unwrap_or("").to_string(),
                            value: w.text.get(i + 1..).unwrap_or("").to_string(),
                            key_span: w.sub(0..i),
                            value_span: w.sub(i + 1..w.text.len()),
                        });
                    }
                    _ => out.errors.push(SyntaxError {
                        message: format!(
                            "`{}` is not a `NAME=value` environment assignment",
                            w.text
                        ),
                        span: w.span.clone(),
                    }),
                }
            }
        } else if key == "EnvironmentFile" {
            if vs >= ve {
                out.environment_files.clear();
                continue;
            }
            let p = if lt.text.as_bytes().get(vs) == Some(&b'-') {
                vs + 1
            } else {
                vs
            };
            let path = lt.text.get(p..ve).unwrap_or("");
            let skip = path.len() - path.trim_start().len();
            out.environment_files.push(Word {
                text: path.trim_start().to_string(),
                span: lt.span(p + skip..ve),
            });
        } else if key.is_empty() {
            out.errors.push(SyntaxError {
                message: "expected `Key=Value`".to_string(),
                span: lt.span(0..ve),
            });
        }
    }
    inline_shell_c(text, &mut out);
    out
}

/// `ExecStart=/bin/sh -c "exec mesos-master --quorum=2"` (and upstart `exec sh -c '...'`):
/// the shell's command is replaced by the commands of its script, which is what starts the
/// daemon. Leading `exec` words are dropped; leading `NAME=value` words of a start command are
/// its environment.
fn inline_shell_c(text: &str, out: &mut UnitFile) {
    if !out.commands.iter().any(|c| {
        super::shell_c::script_index(&c.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>())
            .is_some()
    }) {
        return;
    }
    let commands = std::mem::take(&mut out.commands);
    for cmd in commands {
        let texts: Vec<&str> = cmd.words.iter().map(|w| w.text.as_str()).collect();
        let Some(script) = super::shell_c::script_index(&texts).and_then(|i| cmd.words.get(i))
        else {
            out.commands.push(cmd);
            continue;
        };
        let at = super::shell_c::text_offset(text, &script.span, &script.text);
        let inner = super::shell_c::split_inline(&script.text, at, &script.span);
        out.errors.extend(inner.errors);
        let starts = matches!(cmd.directive.as_str(), "ExecStart" | "exec" | "script");
        for c in inner.commands {
            let mut words = c.words.as_slice();
            while let Some((w, rest)) = words.split_first() {
                if w.text == "exec" {
                    words = rest;
                    continue;
                }
                let name = w.text.find('=').and_then(|eq| w.text.get(..eq));
                let Some(eq) = name.filter(|n| is_name(n)).map(str::len) else {
                    break;
                };
                if starts {
                    let key_span = w.exact_sub(0..eq).unwrap_or(w.span.clone());
                    let value_span = w.exact_sub(eq + 1..w.text.len()).unwrap_or(w.span.clone());
                    out.environment.push(UnitAssignment {
                        key: w.text.get(..eq).unwrap_or("").to_string(),
                        value: w.text.get(eq + 1..).unwrap_or("").to_string(),
                        key_span,
                        value_span,
                    });
                }
                words = rest;
            }
            if words.is_empty() {
                continue;
            }
            out.commands.push(CommandLine {
                directive: cmd.directive.clone(),
                words: words
                    .iter()
                    .map(|w| Word {
                        text: w.text.clone(),
                        span: w.span.clone(),
                    })
                    .collect(),
                span: cmd.span.clone(),
                shell: true,
            });
        }
    }
}

/// A systemd word with the source range of every byte of its text.
struct SWord {
    text: String,
    span: Range<usize>,
    bytes: Vec<Range<usize>>,
}

impl SWord {
    /// Source range of a range of `text`.
    fn sub(&self, r: Range<usize>) -> Range<usize> {
        sub_span(&self.span, self.text.len(), Some(&self.bytes), r)
    }
}

/// Source range for a range of a word's text: exact when the text equals the source, mapped
/// through `bytes` when given, otherwise the whole word.
fn sub_span(
    span: &Range<usize>,
    text_len: usize,
    bytes: Option<&[Range<usize>]>,
    r: Range<usize>,
) -> Range<usize> {
    if span.len() == text_len {
        let a = (span.start + r.start).min(span.end);
        let b = (span.start + r.end).clamp(a, span.end);
        return a..b;
    }
    let Some(bytes) = bytes.filter(|b| b.len() == text_len) else {
        return span.clone();
    };
    if r.start >= r.end {
        let p = if r.start == 0 {
            bytes.first().map_or(span.start, |x| x.start)
        } else {
            bytes.get(r.start - 1).map_or(span.end, |x| x.end)
        };
        return p..p;
    }
    match (bytes.get(r.start), bytes.get(r.end - 1)) {
        (Some(a), Some(b)) => a.start..b.end.max(a.start),
        _ => span.clone(),
    }
}

/// Split `lt.text[from..to]` into words the way systemd does for command lines.
fn systemd_words(
    lt: &Logical,
    from: usize,
    to: usize,
    errors: &mut Vec<SyntaxError>,
) -> Vec<SWord> {
    let s = lt.text.as_bytes();
    let to = to.min(s.len());
    let mut words = Vec::new();
    let mut i = from;
    loop {
        while i < to && s.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i >= to {
            break;
        }
        let start = i;
        let mut out: Vec<u8> = Vec::new();
        let mut src: Vec<Range<usize>> = Vec::new();
        let mut quote: Option<(u8, usize)> = None;
        while let Some(&c) = s.get(i).filter(|_| i < to) {
            match (quote, c) {
                (None, c) if c.is_ascii_whitespace() => break,
                (None, b'"' | b'\'') => {
                    quote = Some((c, i));
                    i += 1;
                }
                (Some((q, _)), c) if c == q => {
                    quote = None;
                    i += 1;
                }
                (_, b'\\') => {
                    let (bs, n) = unescape(s, i, to);
                    for b in bs {
                        out.push(b);
                        src.push(lt.span(i..i + n));
                    }
                    i += n;
                }
                (_, c) => {
                    out.push(c);
                    src.push(lt.span(i..i + 1));
                    i += 1;
                }
            }
        }
        if let Some((_, q)) = quote {
            errors.push(SyntaxError {
                message: "unterminated quote".to_string(),
                span: lt.span(q..to),
            });
            break;
        }
        let text = match String::from_utf8(out) {
            Ok(t) => t,
            Err(e) => {
                src.clear();
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        words.push(SWord {
            text,
            span: lt.span(start..i),
            bytes: src,
        });
    }
    words
}

/// A C-style escape at `i`: the bytes it stands for and how many source bytes it takes.
fn unescape(s: &[u8], i: usize, to: usize) -> (Vec<u8>, usize) {
    let Some(&n) = s.get(i + 1).filter(|_| i + 1 < to) else {
        return (Vec::new(), 1);
    };
    let simple = match n {
        b'n' => Some(b'\n'),
        b't' => Some(b'\t'),
        b'r' => Some(b'\r'),
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'v' => Some(0x0b),
        b's' => Some(b' '),
        _ => None,
    };
    if let Some(b) = simple {
        return (vec![b], 2);
    }
    let hex = |k: usize| {
        s.get(k)
            .filter(|_| k < to)
            .and_then(|&c| char::from(c).to_digit(16))
    };
    if n == b'x' {
        if let (Some(h), Some(l)) = (hex(i + 2), hex(i + 3)) {
            return (vec![(h * 16 + l) as u8], 4);
        }
    }
    let oct = |k: usize| {
        s.get(k)
            .filter(|_| k < to)
            .and_then(|&c| char::from(c).to_digit(8))
    };
    if let (Some(a), Some(b), Some(c)) = (oct(i + 1), oct(i + 2), oct(i + 3)) {
        let v = a * 64 + b * 8 + c;
        if v <= 255 {
            return (vec![v as u8], 4);
        }
    }
    (vec![n], 2)
}

/// Shell statements → upstart command words.
fn shell_words(src: &str, words: &[ShellWord]) -> Vec<Word> {
    words
        .iter()
        .map(|w| Word {
            text: shell_word_text(src, w),
            span: w.span.clone(),
        })
        .collect()
}

/// Shell keywords and builtins: a script line starting with one does not name a program.
const NOT_PROGRAMS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "in", "function", "{", "}", "[[", "]]", "!", ".", "source", "export", "set", "unset", "echo",
    "printf", "test", "[", "cd", "ulimit", "local", "return", "exit", "true", "false", "shift",
    "eval", "trap", "read", "umask", "wait", "readonly", "declare", "typeset", ":", "break",
    "continue", "let", "alias", "sleep",
];

/// The program words of a script statement: leading `VAR=x` and `exec` stripped. None when
/// the statement runs no program.
fn program_words(src: &str, words: &[ShellWord]) -> Option<usize> {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let raw = src.get(w.span.clone()).unwrap_or("");
        let is_assign = raw
            .find('=')
            .is_some_and(|eq| is_name(raw.get(..eq).unwrap_or("")));
        if is_assign || word_literal(w).as_deref() == Some("exec") {
            i += 1;
        } else {
            break;
        }
    }
    let first = word_literal(words.get(i)?)?;
    (!first.is_empty() && !NOT_PROGRAMS.contains(&first.as_str())).then_some(i)
}

/// Read an upstart job (`/etc/init/*.conf`).
pub fn parse_upstart_job(text: &str) -> UnitFile {
    let mut out = UnitFile::default();
    let mut pos = 0;
    while pos < text.len() {
        let (a, b, next) = phys_line(text, pos);
        pos = next;
        let line = text.get(a..b).unwrap_or("");
        let t = line.trim_start();
        let lead = a + (line.len() - t.len());
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            out.comments.push(comment_at(text, lead, b));
            continue;
        }
        let mut toks = t.split_ascii_whitespace();
        let first = toks.next().unwrap_or("");
        let (prefix, kind, kind_end) = match first {
            "pre-start" | "post-start" | "pre-stop" | "post-stop" => {
                let second = toks.next().unwrap_or("");
                let off = t.find(second).filter(|_| !second.is_empty());
                (
                    format!("{first} "),
                    second,
                    off.map_or(lead + t.len(), |o| lead + o + second.len()),
                )
            }
            _ => (String::new(), first, lead + first.len()),
        };
        match kind {
            "exec" => {
                let mut lx = Lexer::new(text, kind_end);
                if let Some(st) = lx.next_statement(&mut out.errors) {
                    out.comments.extend(st.comment.clone());
                    if !st.broken && !st.words.is_empty() {
                        out.commands.push(CommandLine {
                            directive: format!("{prefix}exec"),
                            words: shell_words(text, &st.words),
                            span: st.span.clone(),
                            shell: false,
                        });
                    }
                }
                pos = pos.max(lx.pos);
            }
            "script" => {
                // The block ends at a line that is `end script`.
                let body = pos;
                let mut end = None;
                let mut p = pos;
                while p < text.len() {
                    let (la, lb, ln) = phys_line(text, p);
                    let l = text.get(la..lb).unwrap_or("");
                    let mut w = l.split_ascii_whitespace();
                    if w.next() == Some("end") && w.next() == Some("script") {
                        end = Some((la, ln));
                        break;
                    }
                    p = ln;
                }
                let (body_end, after) = match end {
                    Some(e) => e,
                    None => {
                        out.errors.push(SyntaxError {
                            message: "`script` without `end script`".to_string(),
                            span: lead..b,
                        });
                        (text.len(), text.len())
                    }
                };
                let block = text.get(..body_end).unwrap_or("");
                let mut lx = Lexer::new(block, body);
                while let Some(st) = lx.next_statement(&mut out.errors) {
                    out.comments.extend(st.comment.clone());
                    if st.broken {
                        continue;
                    }
                    if let Some(i) = program_words(text, &st.words) {
                        out.commands.push(CommandLine {
                            directive: format!("{prefix}script"),
                            words: shell_words(text, st.words.get(i..).unwrap_or(&[])),
                            span: st.span.clone(),
                            shell: false,
                        });
                    }
                }
                pos = after;
            }
            "env" if prefix.is_empty() => {
                let mut lx = Lexer::new(text, kind_end);
                if let Some(st) = lx.next_statement(&mut out.errors) {
                    out.comments.extend(st.comment.clone());
                    if let Some(w) = st.words.first().filter(|_| !st.broken) {
                        let raw = text.get(w.span.clone()).unwrap_or("");
                        let wt = shell_word_text(text, w);
                        match (raw.find('='), wt.find('=')) {
                            (Some(req), Some(teq)) if is_name(raw.get(..req).unwrap_or("")) => {
                                out.environment.push(UnitAssignment {
                                    key: raw.get(..req).unwrap_or("").to_string(),
                                    value: wt.get(teq + 1..).unwrap_or("").to_string(),
                                    key_span: w.span.start..w.span.start + req,
                                    value_span: w.span.start + req + 1..w.span.end,
                                });
                            }
                            _ => {}
                        }
                    }
                }
                pos = pos.max(lx.pos);
            }
            _ => {}
        }
    }
    inline_shell_c(text, &mut out);
    out
}

/// A Mesos- or Marathon-style flag found in argv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliFlag {
    pub name: String,
    pub value: Option<String>,
    pub name_span: Range<usize>,
    pub value_span: Option<Range<usize>>,
    pub span: Range<usize>,
}

/// Per-byte source ranges for a word, recomputed from its source text (quotes and
/// backslashes removed). None when that does not reproduce the word's text.
fn byte_map(src: &str, w: &Word) -> Option<Vec<Range<usize>>> {
    let raw = src.get(w.span.clone())?.as_bytes();
    let base = w.span.start;
    let mut out = Vec::new();
    let mut map = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some(b'\''), c) => {
                out.push(c);
                map.push(base + i..base + i + 1);
            }
            (_, b'\\') if raw.get(i + 1).is_some() => {
                out.extend(raw.get(i + 1));
                map.push(base + i..base + i + 2);
                i += 1;
            }
            (_, c) => {
                out.push(c);
                map.push(base + i..base + i + 1);
            }
        }
        i += 1;
    }
    (out == w.text.as_bytes()).then_some(map)
}

fn word_maps(src: Option<&str>, words: &[Word]) -> Vec<Option<Vec<Range<usize>>>> {
    words
        .iter()
        .map(|w| src.and_then(|s| byte_map(s, w)))
        .collect()
}

/// Mesos-style flags in argv: `--name=value` -> (name, Some(value)), `--name` -> (name,
/// None), `--no-name` -> kept as written (name "no-name"); stops at a bare `--`. Words that
/// are not flags are skipped. Sub-spans are exact for words without quotes; for quoted words
/// use [`mesos_flags_in`], otherwise they fall back to the whole word.
pub fn mesos_flags(words: &[Word]) -> Vec<CliFlag> {
    mesos_flags_impl(words, &word_maps(None, words))
}

/// [`mesos_flags`] with exact name/value spans for quoted words too (`src` is the text the
/// word spans point into).
pub fn mesos_flags_in(src: &str, words: &[Word]) -> Vec<CliFlag> {
    mesos_flags_impl(words, &word_maps(Some(src), words))
}

fn mesos_flags_impl(words: &[Word], maps: &[Option<Vec<Range<usize>>>]) -> Vec<CliFlag> {
    let mut flags = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if w.text == "--" {
            break;
        }
        let Some(body) = w.text.strip_prefix("--") else {
            continue;
        };
        let map = maps.get(k).and_then(|m| m.as_deref());
        let sub = |r: Range<usize>| sub_span(&w.span, w.text.len(), map, r);
        match body.find('=') {
            Some(eq) => flags.push(CliFlag {
                name: body.get(..eq).unwrap_or("").to_string(),
                value: Some(body.get(eq + 1..).unwrap_or("").to_string()),
                name_span: sub(2..2 + eq),
                value_span: Some(sub(3 + eq..w.text.len())),
                span: w.span.clone(),
            }),
            None => flags.push(CliFlag {
                name: body.to_string(),
                value: None,
                name_span: sub(2..w.text.len()),
                value_span: None,
                span: w.span.clone(),
            }),
        }
    }
    flags
}

/// Marathon style: `--name value` pairs and bare `--toggle`s (`is_toggle(name)` says which
/// flags take no value; `--disable_x` counts as a toggle when `x` is one). `--name=value` is
/// accepted too. A flag followed by another `--flag` or by nothing gets no value. Stops at a
/// bare `--`.
pub fn marathon_flags(words: &[Word], is_toggle: &dyn Fn(&str) -> bool) -> Vec<CliFlag> {
    marathon_flags_impl(words, is_toggle, &word_maps(None, words))
}

/// [`marathon_flags`] with exact name/value spans for quoted words too.
pub fn marathon_flags_in(
    src: &str,
    words: &[Word],
    is_toggle: &dyn Fn(&str) -> bool,
) -> Vec<CliFlag> {
    marathon_flags_impl(words, is_toggle, &word_maps(Some(src), words))
}

fn marathon_flags_impl(
    words: &[Word],
    is_toggle: &dyn Fn(&str) -> bool,
    maps: &[Option<Vec<Range<usize>>>],
) -> Vec<CliFlag> {
    let toggle = |n: &str| is_toggle(n) || n.strip_prefix("disable_").is_some_and(is_toggle);
    let mut flags = Vec::new();
    let mut k = 0;
    while let Some(w) = words.get(k) {
        k += 1;
        if w.text == "--" {
            break;
        }
        let Some(body) = w.text.strip_prefix("--") else {
            continue;
        };
        let map = maps.get(k - 1).and_then(|m| m.as_deref());
        let sub = |r: Range<usize>| sub_span(&w.span, w.text.len(), map, r);
        if let Some(eq) = body.find('=') {
            flags.push(CliFlag {
                name: body.get(..eq).unwrap_or("").to_string(),
                value: Some(body.get(eq + 1..).unwrap_or("").to_string()),
                name_span: sub(2..2 + eq),
                value_span: Some(sub(3 + eq..w.text.len())),
                span: w.span.clone(),
            });
            continue;
        }
        let name_span = sub(2..w.text.len());
        let value = words
            .get(k)
            .filter(|v| !toggle(body) && !v.text.starts_with("--"));
        match value {
            Some(v) => {
                k += 1;
                flags.push(CliFlag {
                    name: body.to_string(),
                    value: Some(v.text.clone()),
                    name_span,
                    value_span: Some(v.span.clone()),
                    span: w.span.start..v.span.end.max(w.span.start),
                });
            }
            None => flags.push(CliFlag {
                name: body.to_string(),
                value: None,
                name_span,
                value_span: None,
                span: w.span.clone(),
            }),
        }
    }
    flags
}

/// upstart override file: true when a line is exactly `manual` (ignoring whitespace and
/// comments).
pub fn override_disables(text: &str) -> bool {
    text.lines()
        .any(|l| l.split('#').next().unwrap_or("").trim() == "manual")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: &CommandLine) -> Vec<&str> {
        c.words.iter().map(|w| w.text.as_str()).collect()
    }

    const MESOS_UNIT: &str = "[Unit]\nDescription=Mesos Master\n\n[Service]\n\
        ExecStart=/usr/bin/mesos-init-wrapper master\nRestart=always\n# comment\n; other\n";

    #[test]
    fn systemd_basic() {
        let t = MESOS_UNIT;
        let u = parse_systemd_unit(t);
        assert!(u.errors.is_empty(), "{:?}", u.errors);
        assert_eq!(u.commands.len(), 1);
        let c = &u.commands[0];
        assert_eq!(c.directive, "ExecStart");
        assert_eq!(texts(c), ["/usr/bin/mesos-init-wrapper", "master"]);
        assert_eq!(&t[c.span.clone()], "/usr/bin/mesos-init-wrapper master");
        assert_eq!(&t[c.words[1].span.clone()], "master");
        let cs: Vec<(&str, &str)> = u
            .comments
            .iter()
            .map(|c| (&t[c.span.clone()], c.text.as_str()))
            .collect();
        assert_eq!(cs, [("# comment", " comment"), ("; other", " other")]);
    }

    #[test]
    fn systemd_quotes_prefixes_and_continuation() {
        let t = "[Service]\r\nExecStartPre=-/bin/mkdir -p \"/var/lib/my dir\"\r\n\
                 ExecStart = /usr/sbin/mesos-master \\\r\n  --zk=zk://a:2181/mesos \\\n\
                 # a comment inside\n  '--attributes=rack:r1;zone:z 1' --x=\"a\\\"b\"\n\
                 ExecStartPost=@/bin/foo argv0 --bar\n";
        let u = parse_systemd_unit(t);
        assert!(u.errors.is_empty(), "{:?}", u.errors);
        assert_eq!(u.commands.len(), 3);
        let pre = &u.commands[0];
        assert_eq!(pre.directive, "ExecStartPre");
        assert_eq!(texts(pre), ["/bin/mkdir", "-p", "/var/lib/my dir"]);
        assert_eq!(&t[pre.words[0].span.clone()], "/bin/mkdir");
        assert_eq!(&t[pre.words[2].span.clone()], "\"/var/lib/my dir\"");
        assert_eq!(&t[pre.span.clone()], "-/bin/mkdir -p \"/var/lib/my dir\"");
        let c = &u.commands[1];
        assert_eq!(
            texts(c),
            [
                "/usr/sbin/mesos-master",
                "--zk=zk://a:2181/mesos",
                "--attributes=rack:r1;zone:z 1",
                "--x=a\"b"
            ]
        );
        assert_eq!(&t[c.words[1].span.clone()], "--zk=zk://a:2181/mesos");
        assert!(t[c.span.clone()].starts_with("/usr/sbin/mesos-master \\\r\n"));
        assert!(t[c.span.clone()].ends_with("--x=\"a\\\"b\""));
        assert_eq!(u.comments.len(), 1);
        assert_eq!(&t[u.comments[0].span.clone()], "# a comment inside");
        let post = &u.commands[2];
        assert_eq!(texts(post), ["/bin/foo", "--bar"]);

        let flags = mesos_flags(&c.words);
        assert_eq!(flags.len(), 3);
        assert_eq!(flags[0].name, "zk");
        assert_eq!(&t[flags[0].name_span.clone()], "zk");
        assert_eq!(
            &t[flags[0].value_span.clone().unwrap()],
            "zk://a:2181/mesos"
        );
        // Quoted words: whole-word fallback without the source, exact with it.
        assert_eq!(
            &t[flags[1].name_span.clone()],
            "'--attributes=rack:r1;zone:z 1'"
        );
        let exact = mesos_flags_in(t, &c.words);
        assert_eq!(&t[exact[1].name_span.clone()], "attributes");
        assert_eq!(&t[exact[1].value_span.clone().unwrap()], "rack:r1;zone:z 1");
        assert_eq!(exact[2].value.as_deref(), Some("a\"b"));
        assert_eq!(&t[exact[2].value_span.clone().unwrap()], "a\\\"b");
    }

    #[test]
    fn systemd_escapes_and_errors() {
        let t =
            "[Service]\nExecStart=/bin/echo a\\tb \\x41 \\101 \"unterminated\nJunk line\n[Broken\n";
        let u = parse_systemd_unit(t);
        assert_eq!(texts(&u.commands[0]), ["/bin/echo", "a\tb", "A", "A"]);
        let es: Vec<&str> = u.errors.iter().map(|e| &t[e.span.clone()]).collect();
        assert_eq!(es, ["\"unterminated", "Junk line", "[Broken"]);
    }

    #[test]
    fn systemd_environment_and_files() {
        let t = "[Service]\nEnvironment=\"A=1 2\" B=x 'C='\nEnvironment=bad\n\
                 EnvironmentFile=-/etc/default/marathon\nEnvironmentFile=/etc/sysconfig/x\n";
        let u = parse_systemd_unit(t);
        assert_eq!(u.environment.len(), 3);
        let a = &u.environment[0];
        assert_eq!((a.key.as_str(), a.value.as_str()), ("A", "1 2"));
        assert_eq!(&t[a.key_span.clone()], "A");
        assert_eq!(&t[a.value_span.clone()], "1 2");
        let b = &u.environment[1];
        assert_eq!(&t[b.key_span.clone()], "B");
        assert_eq!(&t[b.value_span.clone()], "x");
        let c = &u.environment[2];
        assert_eq!(c.value, "");
        assert!(c.value_span.is_empty());
        assert_eq!(c.value_span.start, t.find("C=").unwrap() + 2);
        assert_eq!(u.errors.len(), 1);
        assert_eq!(&t[u.errors[0].span.clone()], "bad");
        let files: Vec<(&str, &str)> = u
            .environment_files
            .iter()
            .map(|w| (w.text.as_str(), &t[w.span.clone()]))
            .collect();
        assert_eq!(
            files,
            [
                ("/etc/default/marathon", "/etc/default/marathon"),
                ("/etc/sysconfig/x", "/etc/sysconfig/x")
            ]
        );
    }

    #[test]
    fn systemd_empty_assignment_resets() {
        let t = "[Service]\nExecStart=/old\nEnvironment=A=1\nExecStart=\nEnvironment=\nExecStart=/new --x\n";
        let u = parse_systemd_unit(t);
        assert_eq!(u.commands.len(), 1);
        assert_eq!(texts(&u.commands[0]), ["/new", "--x"]);
        assert!(u.environment.is_empty());
    }

    #[test]
    fn upstart_exec_and_script() {
        let t = "description \"mesos master\"\n# comment\nstart on stopped rc\nrespawn\n\
                 env MESOS_X=\"a b\"\n\
                 pre-start script\n  mkdir -p /var/run/x\nend script\n\
                 script\n  . /etc/default/mesos\n  if [ -n \"$ZK\" ]; then\n    \
                 exec /usr/sbin/mesos-master --zk=\"$ZK\" \\\n      --quorum=1 >>/var/log/m 2>&1\n  \
                 fi\n  A=1 /usr/bin/other arg # trailing\nend script\n";
        let u = parse_upstart_job(t);
        assert!(u.errors.is_empty(), "{:?}", u.errors);
        let dirs: Vec<&str> = u.commands.iter().map(|c| c.directive.as_str()).collect();
        assert_eq!(dirs, ["pre-start script", "script", "script"]);
        assert_eq!(texts(&u.commands[0]), ["mkdir", "-p", "/var/run/x"]);
        let m = &u.commands[1];
        assert_eq!(
            texts(m),
            ["/usr/sbin/mesos-master", "--zk=$ZK", "--quorum=1"]
        );
        assert!(t[m.span.clone()].starts_with("exec /usr/sbin/mesos-master"));
        assert!(t[m.span.clone()].ends_with("2>&1"));
        assert_eq!(&t[m.words[1].span.clone()], "--zk=\"$ZK\"");
        let flags = mesos_flags_in(t, &m.words);
        assert_eq!(&t[flags[0].value_span.clone().unwrap()], "$ZK");
        assert_eq!(&t[flags[1].span.clone()], "--quorum=1");
        assert_eq!(texts(&u.commands[2]), ["/usr/bin/other", "arg"]);
        let env = &u.environment[0];
        assert_eq!((env.key.as_str(), env.value.as_str()), ("MESOS_X", "a b"));
        assert_eq!(&t[env.key_span.clone()], "MESOS_X");
        assert_eq!(&t[env.value_span.clone()], "\"a b\"");
        let cs: Vec<&str> = u.comments.iter().map(|c| &t[c.span.clone()]).collect();
        assert_eq!(cs, ["# comment", "# trailing"]);
    }

    #[test]
    fn upstart_exec_stanza() {
        let t = "respawn\nexec /usr/bin/mesos-init-wrapper slave\npost-stop exec /bin/true\n";
        let u = parse_upstart_job(t);
        assert_eq!(u.commands.len(), 2);
        assert_eq!(u.commands[0].directive, "exec");
        assert_eq!(
            texts(&u.commands[0]),
            ["/usr/bin/mesos-init-wrapper", "slave"]
        );
        assert_eq!(
            &t[u.commands[0].span.clone()],
            "/usr/bin/mesos-init-wrapper slave"
        );
        assert_eq!(u.commands[1].directive, "post-stop exec");
    }

    #[test]
    fn upstart_unterminated() {
        let t = "script\n  exec /bin/foo 'oops\n  /bin/bar\n";
        let u = parse_upstart_job(t);
        assert_eq!(u.errors.len(), 2, "{:?}", u.errors);
        assert_eq!(&t[u.errors[0].span.clone()], "script");
        assert_eq!(&t[u.errors[1].span.clone()], "'oops");
        assert_eq!(texts(&u.commands[0]), ["/bin/bar"]);
    }

    #[test]
    fn marathon_style() {
        let t = "/usr/bin/marathon --master zk://a/mesos --ha --disable_checkpoint --zk=zk://a/m \
                 --hostname --http_port 8080 --- -- --after x";
        let words: Vec<Word> = {
            let mut v = Vec::new();
            let mut off = 0;
            for part in t.split(' ') {
                v.push(Word {
                    text: part.to_string(),
                    span: off..off + part.len(),
                });
                off += part.len() + 1;
            }
            v
        };
        let toggles = |n: &str| n == "ha" || n == "checkpoint";
        let f = marathon_flags(&words, &toggles);
        let got: Vec<(&str, Option<&str>, &str)> = f
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_deref(), &t[f.span.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("master", Some("zk://a/mesos"), "--master zk://a/mesos"),
                ("ha", None, "--ha"),
                ("disable_checkpoint", None, "--disable_checkpoint"),
                ("zk", Some("zk://a/m"), "--zk=zk://a/m"),
                ("hostname", None, "--hostname"),
                ("http_port", Some("8080"), "--http_port 8080"),
                ("-", None, "---"),
            ]
        );
        assert_eq!(&t[f[0].name_span.clone()], "master");
        assert_eq!(&t[f[0].value_span.clone().unwrap()], "zk://a/mesos");
        assert_eq!(&t[f[3].name_span.clone()], "zk");
        let mf = mesos_flags(&words);
        assert_eq!(mf.len(), 7);
        assert!(mf.iter().all(|f| f.name != "after"));
    }

    #[test]
    fn mesos_flag_forms() {
        let t = "--no-logger --quorum= --work_dir=/a=b";
        let words = vec![
            Word {
                text: "--no-logger".into(),
                span: 0..11,
            },
            Word {
                text: "--quorum=".into(),
                span: 12..21,
            },
            Word {
                text: "--work_dir=/a=b".into(),
                span: 22..37,
            },
        ];
        let f = mesos_flags(&words);
        assert_eq!(f[0].name, "no-logger");
        assert_eq!(f[0].value, None);
        assert_eq!(&t[f[0].name_span.clone()], "no-logger");
        assert_eq!(f[1].value.as_deref(), Some(""));
        assert!(f[1].value_span.clone().unwrap().is_empty());
        assert_eq!(f[1].value_span.clone().unwrap().start, 21);
        assert_eq!(f[2].value.as_deref(), Some("/a=b"));
        assert_eq!(&t[f[2].value_span.clone().unwrap()], "/a=b");
    }

    #[test]
    fn overrides() {
        assert!(override_disables("manual\n"));
        assert!(override_disables("# x\n  manual  # because\r\n"));
        assert!(!override_disables("# manual\n"));
        assert!(!override_disables("manually\n"));
        assert!(!override_disables(""));
    }

    #[test]
    fn hostile_input_never_panics() {
        let alphabet: &[&str] = &[
            "ExecStart=",
            "Environment=",
            "EnvironmentFile=",
            "script\n",
            "end script\n",
            "exec ",
            "env ",
            "\"",
            "'",
            "\\",
            "\n",
            "\r\n",
            " ",
            "#",
            ";",
            "=",
            "-@",
            "\\x4",
            "\\7",
            "é",
            "--a=b",
            "$(",
            "`",
            "[S]",
            "pre-start ",
        ];
        let mut seed: u64 = 12345;
        for _ in 0..3000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = (seed >> 58) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                t.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            for u in [parse_systemd_unit(&t), parse_upstart_job(&t)] {
                let ok = |r: &Range<usize>| t.get(r.clone()).is_some();
                for c in &u.commands {
                    assert!(ok(&c.span), "{t:?}");
                    for w in &c.words {
                        assert!(ok(&w.span), "{t:?}");
                    }
                    for f in mesos_flags_in(&t, &c.words)
                        .into_iter()
                        .chain(mesos_flags(&c.words))
                        .chain(marathon_flags_in(&t, &c.words, &|_| false))
                    {
                        assert!(ok(&f.name_span) && ok(&f.span), "{t:?}");
                        assert!(f.value_span.as_ref().is_none_or(ok), "{t:?}");
                    }
                }
                for e in &u.environment {
                    assert!(ok(&e.key_span) && ok(&e.value_span), "{t:?}");
                }
                for r in u
                    .errors
                    .iter()
                    .map(|e| &e.span)
                    .chain(u.comments.iter().map(|c| &c.span))
                    .chain(u.environment_files.iter().map(|w| &w.span))
                {
                    assert!(ok(r), "{t:?} {r:?}");
                }
            }
        }
    }
}
