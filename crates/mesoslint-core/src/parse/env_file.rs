//! Bash-sourced environment files: `etc/default/mesos*`, `etc/sysconfig/mesos*`, `*-env.sh`,
//! `etc/default/marathon` (DOMAIN.md §1.2, §1.4, §4.1).
//!
//! The packaged init wrappers `source` these files with `set -o allexport`, so they are bash
//! scripts: quotes, escapes, `$VAR`, backticks and `$(...)` all work. This module reads the
//! simple commands of such a file and keeps the assignments with their values split into
//! literal text, command substitutions and variable references. Anything more complex (`if`,
//! pipelines, functions, `ulimit -n 8192`) is kept as an "other command" and not interpreted.
//!
//! The shell word lexer here is also used by the upstart parser in `unit_file.rs`.

use crate::FastSet;
use std::ops::Range;

use super::{Comment, SyntaxError};

/// One piece of a shell value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValuePart {
    /// Text after quote removal and escapes. `span` covers the source bytes it came from,
    /// including the quote characters that belong to it; adjacent literal pieces
    /// (`'a'"b"c`) are merged into one part.
    Literal { text: String, span: Range<usize> },
    /// `` `cmd` `` or `$(cmd)` (also `$((arith))`): `command` is the text inside, `span` covers
    /// the whole substitution.
    Command { command: String, span: Range<usize> },
    /// `$NAME`, `$1`, `${NAME}` or any other `${...}` form (`${NAME:-default}` gives `NAME`).
    Variable { name: String, span: Range<usize> },
}

impl ValuePart {
    pub fn span(&self) -> Range<usize> {
        match self {
            ValuePart::Literal { span, .. }
            | ValuePart::Command { span, .. }
            | ValuePart::Variable { span, .. } => span.clone(),
        }
    }
}

/// A shell word as bash would expand it, split into parts. Empty literal pieces (`""`) are
/// dropped, so an empty value has no parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShellValue {
    pub parts: Vec<ValuePart>,
}

impl ShellValue {
    /// The value when it is literal text only (quotes removed); None if it has a command
    /// substitution or a variable.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                ValuePart::Literal { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// `cat /etc/mesos/zk` style: Some("/etc/mesos/zk") when the whole value is one command
    /// substitution whose command is `cat <path>` (quotes around it allowed).
    pub fn cat_path(&self) -> Option<String> {
        match self.parts.as_slice() {
            [ValuePart::Command { command, .. }] => cat_path_of(command),
            _ => None,
        }
    }

    /// Does the value use a command substitution or a variable?
    pub fn is_dynamic(&self) -> bool {
        self.parts
            .iter()
            .any(|p| !matches!(p, ValuePart::Literal { .. }))
    }
}

/// `cat <path>` (or `/bin/cat <path>`) with a literal path: the path.
fn cat_path_of(command: &str) -> Option<String> {
    let mut errors = Vec::new();
    let mut lx = Lexer::new(command, 0);
    let mut words = Vec::new();
    while let Some(st) = lx.next_statement(&mut errors) {
        if st.complex || st.redirect || st.broken {
            return None;
        }
        if !st.words.is_empty() {
            if !words.is_empty() {
                return None;
            }
            words = st.words;
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let [prog, path] = words.as_slice() else {
        return None;
    };
    let prog = word_literal(prog)?;
    if prog != "cat" && prog != "/bin/cat" && prog != "/usr/bin/cat" {
        return None;
    }
    let path = word_literal(path)?;
    if path.is_empty() || path.starts_with('-') {
        return None;
    }
    Some(path)
}

/// `NAME=value` at the top level of an env file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: ShellValue,
    /// Raw value text including quotes (an empty range right after `=` if the value is empty).
    pub value_span: Range<usize>,
    /// `export NAME=...`, `declare -x`, a bare `export NAME` anywhere in the file, or an
    /// assignment made while `set -a` / `set -o allexport` is on.
    pub exported: bool,
    /// The physical line(s) holding the statement, without the line break.
    pub line: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvFile {
    /// File order; a later assignment to the same name wins.
    pub assignments: Vec<Assignment>,
    /// Whole-line `#` comments and trailing ` # ...` comments.
    pub comments: Vec<Comment>,
    /// Statements that are neither assignments nor comments (`ulimit -n 8192`, `if ...`,
    /// `A=1 cmd`, pipelines): kept, not errors.
    pub other_commands: Vec<Range<usize>>,
    /// Unterminated quotes/substitutions, `NAME = value`, invalid names.
    pub errors: Vec<SyntaxError>,
}

impl EnvFile {
    /// The last assignment to `name`.
    pub fn get(&self, name: &str) -> Option<&Assignment> {
        self.assignments.iter().rev().find(|a| a.name == name)
    }
}

pub fn parse_env_file(text: &str) -> EnvFile {
    let mut file = EnvFile::default();
    let mut exported_names: FastSet<String> = FastSet::default();
    let mut allexport = false;
    let mut lx = Lexer::new(text, 0);
    let mut line_cache = 0..0;
    while let Some(st) = lx.next_statement(&mut file.errors) {
        if let Some(c) = st.comment.clone() {
            file.comments.push(c);
        }
        if st.broken {
            continue;
        }
        if st.words.is_empty() {
            if (st.complex || st.redirect) && !st.span.is_empty() {
                file.other_commands.push(st.span.clone());
            }
            continue;
        }
        if st.complex || st.redirect {
            file.other_commands.push(st.span.clone());
            continue;
        }
        // Statements sharing a line reuse its bounds (keeps a long one-line file linear).
        let start = if st.span.start <= line_cache.end && line_cache.end > 0 {
            line_cache.start
        } else {
            line_start(text, st.span.start)
        };
        let last = st.span.end.saturating_sub(1).max(st.span.start);
        let end = if last < line_cache.end && last >= line_cache.start {
            line_cache.end
        } else {
            eol(text, last)
        };
        line_cache = start..end;
        let line = start..end;
        // `then A=1`, `else A=1`, `do A=1` inside a compound command: look at what follows.
        let mut words = st.words.as_slice();
        while let [first, rest @ ..] = words {
            let kw = word_literal(first);
            if !rest.is_empty() && matches!(kw.as_deref(), Some("then" | "else" | "do")) {
                words = rest;
            } else {
                break;
            }
        }
        let Some(first) = words.first() else {
            continue;
        };
        let first_lit = word_literal(first);
        match first_lit.as_deref() {
            Some(decl @ ("export" | "declare" | "typeset" | "readonly")) => {
                let mut export = decl == "export";
                let mut other = false;
                let mut rest = words.get(1..).unwrap_or(&[]);
                while let [opt, tail @ ..] = rest {
                    let o = raw(text, opt);
                    if !(o.starts_with('-') || o.starts_with('+')) || o.len() < 2 {
                        break;
                    }
                    if o.starts_with('-') && o.contains('x') && decl != "export" {
                        export = true;
                    }
                    if decl == "export" && o.contains('n') {
                        export = false;
                    }
                    if o.contains('f') || o.contains('p') {
                        other = true;
                    }
                    rest = tail;
                }
                if other {
                    file.other_commands.push(st.span.clone());
                    continue;
                }
                for w in rest {
                    if let Some(a) = assignment_of(text, w, &line, export || allexport) {
                        if a.exported {
                            exported_names.insert(a.name.clone());
                        }
                        file.assignments.push(a);
                    } else if let Some(name) = word_literal(w).filter(|n| is_name(n)) {
                        if export {
                            exported_names.insert(name);
                        }
                    } else {
                        file.errors.push(SyntaxError {
                            message: format!("`{}`: not a valid identifier", raw(text, w)),
                            span: w.span.clone(),
                        });
                    }
                }
            }
            _ if assignment_name_len(raw(text, first)).is_some() => {
                let n = words
                    .iter()
                    .take_while(|w| assignment_name_len(raw(text, w)).is_some())
                    .count();
                if n == words.len() {
                    for w in words {
                        if let Some(a) = assignment_of(text, w, &line, allexport) {
                            if a.exported {
                                exported_names.insert(a.name.clone());
                            }
                            file.assignments.push(a);
                        }
                    }
                } else if let (Some(last), Some(cmd)) = (words.get(n - 1), words.get(n)) {
                    let last_raw = raw(text, last);
                    if assignment_name_len(last_raw).is_some_and(|n| n + 1 == last_raw.len()) {
                        let name = last_raw.trim_end_matches('=');
                        file.errors.push(SyntaxError {
                            message: format!(
                                "space after `=`: bash runs `{}` as a command with `{name}` set \
                                 to empty, and `{name}` stays unset",
                                raw(text, cmd)
                            ),
                            span: last.span.start..cmd.span.end,
                        });
                    } else {
                        file.other_commands.push(st.span.clone());
                    }
                }
            }
            Some(name)
                if is_name(name) && words.get(1).is_some_and(|w| raw(text, w).starts_with('=')) =>
            {
                let end_word = match words.get(1) {
                    Some(w) if raw(text, w) == "=" => words.get(2).unwrap_or(w),
                    Some(w) => w,
                    None => first,
                };
                file.errors.push(SyntaxError {
                    message: format!(
                        "spaces around `=`: bash runs `{name}` as a command and `{name}` is not set"
                    ),
                    span: first.span.start..end_word.span.end,
                });
            }
            Some("set") => {
                let args: Vec<String> = words
                    .iter()
                    .skip(1)
                    .map(|w| word_literal(w).unwrap_or_default())
                    .collect();
                let mut i = 0;
                while let Some(a) = args.get(i) {
                    if (a == "-o" || a == "+o")
                        && args.get(i + 1).map(String::as_str) == Some("allexport")
                    {
                        allexport = a == "-o";
                        i += 1;
                    } else if a.len() > 1 && !a.starts_with("--") && a.contains('a') {
                        if a.starts_with('-') {
                            allexport = true;
                        } else if a.starts_with('+') {
                            allexport = false;
                        }
                    }
                    i += 1;
                }
                file.other_commands.push(st.span.clone());
            }
            _ => {
                let r = raw(text, first);
                if let Some(eq) = r.find('=') {
                    let prefix = r.get(..eq).unwrap_or("");
                    let plausible = !prefix.is_empty()
                        && !prefix.contains(['\'', '"', '$', '`', '\\', '/', '[', '+']);
                    if plausible {
                        file.errors.push(SyntaxError {
                            message: format!(
                                "`{prefix}` is not a valid variable name: bash runs the line as \
                                 a command"
                            ),
                            span: first.span.start..first.span.start + eq,
                        });
                        continue;
                    }
                }
                file.other_commands.push(st.span.clone());
            }
        }
    }
    for a in &mut file.assignments {
        if exported_names.contains(&a.name) {
            a.exported = true;
        }
    }
    file
}

/// The assignment a `NAME=value` word makes.
fn assignment_of(
    text: &str,
    w: &ShellWord,
    line: &Range<usize>,
    exported: bool,
) -> Option<Assignment> {
    let n = assignment_name_len(raw(text, w))?;
    let name_span = w.span.start..w.span.start + n;
    let vstart = name_span.end + 1;
    let value = if vstart >= w.span.end {
        ShellValue::default()
    } else {
        let mut lx = Lexer::new(text, vstart);
        match lx.scan_word() {
            Ok(v) => ShellValue { parts: v.parts },
            Err(_) => ShellValue::default(),
        }
    };
    Some(Assignment {
        name: text.get(name_span.clone()).unwrap_or("").to_string(),
        name_span,
        value,
        value_span: vstart..w.span.end.max(vstart),
        exported,
        line: line.clone(),
    })
}

/// Length of `NAME` when `raw` starts with `NAME=` (not `NAME+=`).
fn assignment_name_len(raw: &str) -> Option<usize> {
    let n = raw
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let name = raw.get(..n)?;
    (raw.as_bytes().get(n) == Some(&b'=') && is_name(name)).then_some(n)
}

/// A valid shell variable name.
pub(crate) fn is_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn raw<'t>(text: &'t str, w: &ShellWord) -> &'t str {
    text.get(w.span.clone()).unwrap_or("")
}

/// The word's text when it is literal only.
pub(crate) fn word_literal(w: &ShellWord) -> Option<String> {
    ShellValue {
        parts: w.parts.clone(),
    }
    .literal()
}

/// The word's text after quote removal, with substitutions kept as written (`$X`, `` `c` ``).
pub(crate) fn shell_word_text(src: &str, w: &ShellWord) -> String {
    let mut out = String::new();
    for p in &w.parts {
        match p {
            ValuePart::Literal { text, .. } => out.push_str(text),
            other => out.push_str(src.get(other.span()).unwrap_or("")),
        }
    }
    out
}

/// Start of the physical line holding `pos`.
pub(crate) fn line_start(src: &str, pos: usize) -> usize {
    let s = src.as_bytes();
    let pos = pos.min(s.len());
    s.get(..pos)
        .and_then(|h| h.iter().rposition(|&b| b == b'\n'))
        .map_or(0, |i| i + 1)
}

/// End of the physical line holding `pos`, before `\n` or `\r\n`.
pub(crate) fn eol(src: &str, pos: usize) -> usize {
    let s = src.as_bytes();
    let mut i = pos.min(s.len());
    while s.get(i).is_some_and(|&b| b != b'\n') {
        i += 1;
    }
    if i > pos && s.get(i - 1) == Some(&b'\r') {
        i - 1
    } else {
        i
    }
}

/// Start of the line after the one holding `pos`.
pub(crate) fn next_line(src: &str, pos: usize) -> usize {
    let s = src.as_bytes();
    let mut i = pos.min(s.len());
    while let Some(&b) = s.get(i) {
        i += 1;
        if b == b'\n' {
            break;
        }
    }
    i
}

/// A shell word: its parts and the source bytes it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ShellWord {
    pub parts: Vec<ValuePart>,
    pub span: Range<usize>,
    /// Quotes or backslashes were involved.
    pub quoted: bool,
}

/// One simple command: words up to the first control operator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Statement {
    /// Words of the first command (words after `&&`, `|`, ... are scanned but not kept;
    /// redirections and their targets are dropped).
    pub words: Vec<ShellWord>,
    /// From the first token to the end of the last one (comments excluded).
    pub span: Range<usize>,
    /// Control operators (`&&`, `||`, `|`, `&`, `;;`) or parentheses.
    pub complex: bool,
    /// A redirection (`>`, `2>&1`, `<<EOF`).
    pub redirect: bool,
    pub comment: Option<Comment>,
    /// An unterminated construct: the error is recorded, the rest of its line skipped.
    pub broken: bool,
}

/// Literal pieces gathered while scanning a word.
#[derive(Default)]
struct Parts {
    parts: Vec<ValuePart>,
    lit: Vec<u8>,
    lit_start: Option<usize>,
}

impl Parts {
    fn touch(&mut self, at: usize) {
        self.lit_start.get_or_insert(at);
    }
    fn byte(&mut self, b: u8, at: usize) {
        self.touch(at);
        self.lit.push(b);
    }
    fn flush(&mut self, end: usize) {
        if let Some(start) = self.lit_start.take() {
            if !self.lit.is_empty() {
                self.parts.push(ValuePart::Literal {
                    text: String::from_utf8_lossy(&self.lit).into_owned(),
                    span: start..end.max(start),
                });
            }
        }
        self.lit.clear();
    }
    fn part(&mut self, p: ValuePart) {
        self.flush(p.span().start);
        self.parts.push(p);
    }
}

/// A bash tokenizer over `src`, good enough for config files.
pub(crate) struct Lexer<'a> {
    src: &'a str,
    s: &'a [u8],
    pub pos: usize,
    /// Unterminated constructs seen so far. Each one may have scanned to the end of the text,
    /// so after [`MAX_FAILURES`] the rest of the text is given up on (bash gives up at the
    /// first one), which keeps hostile input linear.
    failures: usize,
}

const MAX_FAILURES: usize = 20;

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str, pos: usize) -> Self {
        Lexer {
            src,
            s: src.as_bytes(),
            pos: pos.min(src.len()),
            failures: 0,
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.s.get(i).copied()
    }

    /// Length of a `\`-newline continuation at `i`, 0 if there is none.
    fn cont(&self, i: usize) -> usize {
        match (self.at(i), self.at(i + 1), self.at(i + 2)) {
            (Some(b'\\'), Some(b'\n'), _) => 2,
            (Some(b'\\'), Some(b'\r'), Some(b'\n')) => 3,
            _ => 0,
        }
    }

    fn unterminated(&self, start: usize, what: &str) -> SyntaxError {
        let end = eol(self.src, start)
            .max(start + 1)
            .min(self.s.len().max(start));
        SyntaxError {
            message: format!("unterminated {what}"),
            span: start..end,
        }
    }

    /// The next statement, or None at the end of the text. Consumes the line break that ends
    /// it.
    pub(crate) fn next_statement(&mut self, errors: &mut Vec<SyntaxError>) -> Option<Statement> {
        if self.pos >= self.s.len() || self.failures >= MAX_FAILURES {
            return None;
        }
        let start = self.pos;
        let mut st = Statement::default();
        let mut first: Option<usize> = None;
        let mut last = start;
        let mut after_op = false;
        loop {
            loop {
                match self.at(self.pos) {
                    Some(b' ' | b'\t') => self.pos += 1,
                    Some(b'\\') if self.cont(self.pos) > 0 => self.pos += self.cont(self.pos),
                    _ => break,
                }
            }
            let Some(c) = self.at(self.pos) else {
                break;
            };
            let tok = self.pos;
            match c {
                b'\n' => {
                    self.pos += 1;
                    break;
                }
                b'\r' if self.at(self.pos + 1) == Some(b'\n') => {
                    self.pos += 2;
                    break;
                }
                b'#' => {
                    let e = eol(self.src, self.pos);
                    st.comment = Some(Comment {
                        span: self.pos..e,
                        text: self.src.get(self.pos + 1..e).unwrap_or("").to_string(),
                    });
                    self.pos = e;
                    continue;
                }
                b';' => {
                    self.pos += 1;
                    if self.at(self.pos) == Some(b';') {
                        self.pos += 1;
                        st.complex = true;
                    }
                    break;
                }
                b'&' | b'|' => {
                    self.pos += 1;
                    if matches!(self.at(self.pos), Some(b'&' | b'|' | b'>')) {
                        self.pos += 1;
                    }
                    st.complex = true;
                    after_op = true;
                }
                b'(' | b')' => {
                    self.pos += 1;
                    st.complex = true;
                }
                b'<' | b'>' => {
                    st.redirect = true;
                    if !self.redirect(&mut st, errors) {
                        first.get_or_insert(tok);
                        break;
                    }
                }
                _ => match self.scan_word() {
                    Ok(w) => {
                        let io_number = matches!(self.at(self.pos), Some(b'<' | b'>'))
                            && !w.quoted
                            && self
                                .src
                                .get(w.span.clone())
                                .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit()));
                        if !io_number && !after_op {
                            st.words.push(w);
                        }
                    }
                    Err(e) => {
                        self.pos = next_line(self.src, e.span.end);
                        errors.push(e);
                        self.failures += 1;
                        st.broken = true;
                        first.get_or_insert(tok);
                        break;
                    }
                },
            }
            first.get_or_insert(tok);
            last = self.pos;
        }
        let first = first.unwrap_or(start);
        st.span = first..last.max(first);
        Some(st)
    }

    /// A redirection operator and its target. False if the target was broken.
    fn redirect(&mut self, st: &mut Statement, errors: &mut Vec<SyntaxError>) -> bool {
        let op_start = self.pos;
        self.pos += 1;
        while self.pos - op_start < 3
            && matches!(self.at(self.pos), Some(b'<' | b'>' | b'&' | b'|'))
        {
            self.pos += 1;
        }
        if self
            .src
            .get(op_start..self.pos)
            .is_some_and(|op| op.starts_with("<<"))
        {
            st.complex = true;
        }
        while matches!(self.at(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        match self.at(self.pos) {
            None | Some(b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b'#') => {
                true
            }
            Some(_) => match self.scan_word() {
                Ok(_) => true,
                Err(e) => {
                    self.pos = next_line(self.src, e.span.end);
                    errors.push(e);
                    self.failures += 1;
                    st.broken = true;
                    false
                }
            },
        }
    }

    /// One word starting at `pos` (which must not be a blank, line break or operator).
    pub(crate) fn scan_word(&mut self) -> Result<ShellWord, SyntaxError> {
        let start = self.pos;
        let mut b = Parts::default();
        let mut quoted = false;
        while let Some(c) = self.at(self.pos) {
            match c {
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
                b'\r' if self.at(self.pos + 1) == Some(b'\n') => break,
                b'\\' => {
                    let k = self.cont(self.pos);
                    if k > 0 {
                        self.pos += k;
                        continue;
                    }
                    quoted = true;
                    b.touch(self.pos);
                    match self.at(self.pos + 1) {
                        Some(n) => {
                            b.byte(n, self.pos);
                            self.pos += 2;
                        }
                        None => self.pos += 1,
                    }
                }
                b'\'' => {
                    quoted = true;
                    self.single(&mut b)?;
                }
                b'"' => {
                    quoted = true;
                    self.double(&mut b)?;
                }
                b'`' => {
                    let p = self.backtick()?;
                    b.part(p);
                }
                b'$' => self.dollar(&mut b, false)?,
                _ => {
                    b.byte(c, self.pos);
                    self.pos += 1;
                }
            }
        }
        b.flush(self.pos);
        Ok(ShellWord {
            parts: b.parts,
            span: start..self.pos,
            quoted,
        })
    }

    fn single(&mut self, b: &mut Parts) -> Result<(), SyntaxError> {
        let start = self.pos;
        b.touch(start);
        let body = self.s.get(start + 1..).unwrap_or(&[]);
        let Some(k) = body.iter().position(|&c| c == b'\'') else {
            return Err(self.unterminated(start, "single quote"));
        };
        for (i, &c) in body.iter().take(k).enumerate() {
            b.byte(c, start + 1 + i);
        }
        self.pos = start + k + 2;
        Ok(())
    }

    fn double(&mut self, b: &mut Parts) -> Result<(), SyntaxError> {
        let start = self.pos;
        b.touch(start);
        self.pos += 1;
        loop {
            let Some(c) = self.at(self.pos) else {
                return Err(self.unterminated(start, "double quote"));
            };
            match c {
                b'"' => {
                    b.touch(self.pos);
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    let k = self.cont(self.pos);
                    if k > 0 {
                        self.pos += k;
                        continue;
                    }
                    match self.at(self.pos + 1) {
                        Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                            b.byte(n, self.pos);
                            self.pos += 2;
                        }
                        _ => {
                            b.byte(b'\\', self.pos);
                            self.pos += 1;
                        }
                    }
                }
                b'`' => {
                    let p = self.backtick()?;
                    b.part(p);
                }
                b'$' => self.dollar(b, true)?,
                _ => {
                    b.byte(c, self.pos);
                    self.pos += 1;
                }
            }
        }
    }

    fn backtick(&mut self) -> Result<ValuePart, SyntaxError> {
        let start = self.pos;
        let mut i = start + 1;
        let mut cmd = Vec::new();
        loop {
            match self.at(i) {
                None => return Err(self.unterminated(start, "backquote")),
                Some(b'`') => break,
                Some(b'\\') => match self.at(i + 1) {
                    Some(n @ (b'`' | b'\\' | b'$')) => {
                        cmd.push(n);
                        i += 2;
                    }
                    _ => {
                        cmd.push(b'\\');
                        i += 1;
                    }
                },
                Some(c) => {
                    cmd.push(c);
                    i += 1;
                }
            }
        }
        self.pos = i + 1;
        Ok(ValuePart::Command {
            command: String::from_utf8_lossy(&cmd).into_owned(),
            span: start..i + 1,
        })
    }

    fn dollar(&mut self, b: &mut Parts, in_dq: bool) -> Result<(), SyntaxError> {
        let start = self.pos;
        match self.at(start + 1) {
            Some(b'(') => {
                let close = self
                    .match_close(start + 1, b'(', b')')
                    .ok_or_else(|| self.unterminated(start, "`$(`"))?;
                self.pos = close + 1;
                b.part(ValuePart::Command {
                    command: self.src.get(start + 2..close).unwrap_or("").to_string(),
                    span: start..close + 1,
                });
            }
            Some(b'{') => {
                let close = self
                    .match_close(start + 1, b'{', b'}')
                    .ok_or_else(|| self.unterminated(start, "`${`"))?;
                self.pos = close + 1;
                let inner = self.src.get(start + 2..close).unwrap_or("");
                b.part(ValuePart::Variable {
                    name: brace_name(inner),
                    span: start..close + 1,
                });
            }
            Some(c) if c == b'_' || c.is_ascii_alphabetic() => {
                let mut i = start + 1;
                while self
                    .at(i)
                    .is_some_and(|c| c == b'_' || c.is_ascii_alphanumeric())
                {
                    i += 1;
                }
                self.pos = i;
                b.part(ValuePart::Variable {
                    name: self.src.get(start + 1..i).unwrap_or("").to_string(),
                    span: start..i,
                });
            }
            Some(c) if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
                self.pos = start + 2;
                b.part(ValuePart::Variable {
                    name: char::from(c).to_string(),
                    span: start..start + 2,
                });
            }
            Some(b'\'') if !in_dq => self.ansi_c(b)?,
            Some(b'"') if !in_dq => {
                b.touch(start);
                self.pos += 1;
                self.double(b)?;
            }
            _ => {
                b.byte(b'$', start);
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// `$'...'` with the common C escapes.
    fn ansi_c(&mut self, b: &mut Parts) -> Result<(), SyntaxError> {
        let start = self.pos;
        b.touch(start);
        let mut i = start + 2;
        loop {
            match self.at(i) {
                None => return Err(self.unterminated(start, "`$'` string")),
                Some(b'\'') => break,
                Some(b'\\') => {
                    let out: Option<u8> = match self.at(i + 1) {
                        Some(b'n') => Some(b'\n'),
                        Some(b't') => Some(b'\t'),
                        Some(b'r') => Some(b'\r'),
                        Some(b'a') => Some(0x07),
                        Some(b'b') => Some(0x08),
                        Some(b'e' | b'E') => Some(0x1b),
                        Some(b'f') => Some(0x0c),
                        Some(b'v') => Some(0x0b),
                        Some(n @ (b'\\' | b'\'' | b'"' | b'?')) => Some(n),
                        _ => None,
                    };
                    match out {
                        Some(o) => {
                            b.byte(o, i);
                            i += 2;
                        }
                        None => {
                            b.byte(b'\\', i);
                            i += 1;
                        }
                    }
                }
                Some(c) => {
                    b.byte(c, i);
                    i += 1;
                }
            }
        }
        self.pos = i + 1;
        Ok(())
    }

    /// The index of the byte closing the bracket at `open`, skipping quotes and escapes.
    fn match_close(&self, open: usize, o: u8, c: u8) -> Option<usize> {
        let mut depth = 0usize;
        let mut i = open;
        while let Some(ch) = self.at(i) {
            match ch {
                b'\\' => {
                    i += 2;
                    continue;
                }
                b'\'' => {
                    let k = self.s.get(i + 1..)?.iter().position(|&x| x == b'\'')?;
                    i += k + 2;
                    continue;
                }
                b'"' | b'`' => {
                    let mut j = i + 1;
                    loop {
                        match self.at(j)? {
                            b'\\' => j += 2,
                            x if x == ch => break,
                            _ => j += 1,
                        }
                    }
                    i = j + 1;
                    continue;
                }
                x if x == o => depth += 1,
                x if x == c => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// The variable a `${...}` body names: `NAME:-x` -> `NAME`, `#NAME` -> `NAME`, `1` -> `1`.
fn brace_name(inner: &str) -> String {
    let body = if inner.len() > 1 {
        inner
            .strip_prefix('#')
            .or_else(|| inner.strip_prefix('!'))
            .unwrap_or(inner)
    } else {
        inner
    };
    let n = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    match body.get(..n) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => match body.chars().next() {
            Some(c) if "@*#?-$!".contains(c) => c.to_string(),
            _ => inner.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(a: &Assignment) -> String {
        a.value.literal().expect("literal value")
    }

    #[test]
    fn plain_and_quoted_values() {
        let t = "A=1\nB='x y'\nC=\"a \\\"b\\\" \\$c \\\\\"\nD=\nE=\"\"\nF=a\\ b\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.assignments.len(), 6);
        let a = f.get("A").unwrap();
        assert_eq!(&t[a.name_span.clone()], "A");
        assert_eq!(&t[a.value_span.clone()], "1");
        assert_eq!(&t[a.line.clone()], "A=1");
        assert_eq!(lit(a), "1");
        assert!(!a.exported);
        let b = f.get("B").unwrap();
        assert_eq!(lit(b), "x y");
        assert_eq!(&t[b.value_span.clone()], "'x y'");
        let c = f.get("C").unwrap();
        assert_eq!(lit(c), "a \"b\" $c \\");
        let d = f.get("D").unwrap();
        assert_eq!(lit(d), "");
        assert!(d.value_span.is_empty());
        assert_eq!(d.value_span.start, t.find("D=").unwrap() + 2);
        assert_eq!(lit(f.get("E").unwrap()), "");
        assert_eq!(&t[f.get("E").unwrap().value_span.clone()], "\"\"");
        assert_eq!(lit(f.get("F").unwrap()), "a b");
    }

    #[test]
    fn ulimit_value_and_other_commands() {
        let t = "ULIMIT=\"-n 8192\"\nulimit -n 8192\nif [ -f /x ]; then\n  A=1\nfi\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(lit(f.get("ULIMIT").unwrap()), "-n 8192");
        assert_eq!(lit(f.get("A").unwrap()), "1");
        let others: Vec<&str> = f.other_commands.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(others, ["ulimit -n 8192", "if [ -f /x ]", "then", "fi"]);
    }

    #[test]
    fn export_forms() {
        let t = "export A=1 B=2\nC=3\nexport C\nexport D\nD=4\ndeclare -x E=5\nreadonly F=6\n\
                 G=7\ntypeset -rx H=8\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let exp = |n: &str| f.get(n).unwrap().exported;
        assert!(exp("A") && exp("B") && exp("C") && exp("D") && exp("E") && exp("H"));
        assert!(!exp("F") && !exp("G"));
        let b = f.get("B").unwrap();
        assert_eq!(&t[b.name_span.clone()], "B");
        assert_eq!(&t[b.value_span.clone()], "2");
        assert_eq!(&t[b.line.clone()], "export A=1 B=2");
        // `export C` is not an other command; `readonly` and `declare` neither.
        assert!(f.other_commands.is_empty());
    }

    #[test]
    fn allexport() {
        let f = parse_env_file("A=1\nset -a\nB=2\nset +o allexport\nC=3\n");
        assert!(!f.get("A").unwrap().exported);
        assert!(f.get("B").unwrap().exported);
        assert!(!f.get("C").unwrap().exported);
    }

    #[test]
    fn comments() {
        let t = "# top\nA=\"x\" # trailing\nB=x#y\n  #indented\r\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty());
        let cs: Vec<(&str, &str)> = f
            .comments
            .iter()
            .map(|c| (&t[c.span.clone()], c.text.as_str()))
            .collect();
        assert_eq!(
            cs,
            [
                ("# top", " top"),
                ("# trailing", " trailing"),
                ("#indented", "indented")
            ]
        );
        let a = f.get("A").unwrap();
        assert_eq!(lit(a), "x");
        assert_eq!(&t[a.value_span.clone()], "\"x\"");
        assert_eq!(&t[a.line.clone()], "A=\"x\" # trailing");
        assert_eq!(lit(f.get("B").unwrap()), "x#y");
    }

    #[test]
    fn spaces_around_equals_are_errors() {
        let t = "A = b\nB =c\nC= d\nD=ok\n";
        let f = parse_env_file(t);
        assert_eq!(f.errors.len(), 3, "{:?}", f.errors);
        assert_eq!(&t[f.errors[0].span.clone()], "A = b");
        assert!(f.errors[0].message.contains("spaces around `=`"));
        assert_eq!(&t[f.errors[1].span.clone()], "B =c");
        assert_eq!(&t[f.errors[2].span.clone()], "C= d");
        assert_eq!(f.assignments.len(), 1);
        assert_eq!(lit(f.get("D").unwrap()), "ok");
    }

    #[test]
    fn bad_names() {
        let t = "MESOS-FOO=bar\n1X=2\nexport 2Y=3\n";
        let f = parse_env_file(t);
        let spans: Vec<&str> = f.errors.iter().map(|e| &t[e.span.clone()]).collect();
        assert_eq!(spans, ["MESOS-FOO", "1X", "2Y=3"]);
        assert!(f.assignments.is_empty());
    }

    #[test]
    fn unterminated_quotes_do_not_panic() {
        for t in [
            "A=\"abc\nB=1\n",
            "A='abc\nB=1\n",
            "A=`cat\nB=1\n",
            "A=$(cat /x\nB=1\n",
            "A=${X\nB=1\n",
            "A=$'x\nB=1\n",
            "A=\"",
            "\"",
            "$(",
        ] {
            let f = parse_env_file(t);
            assert_eq!(f.errors.len(), 1, "{t:?}: {:?}", f.errors);
            let e = &f.errors[0];
            assert!(t.get(e.span.clone()).is_some());
            assert!(!e.span.is_empty(), "{t:?}");
            if t.contains("B=1") {
                assert_eq!(lit(f.get("B").unwrap()), "1", "{t:?}");
                assert!(f.get("A").is_none());
            }
        }
        // A backslash at the very end is just dropped.
        assert_eq!(lit(parse_env_file("A=x\\").get("A").unwrap()), "x");
        let t = "A=\"abc\nB=1\n";
        let f = parse_env_file(t);
        assert_eq!(&t[f.errors[0].span.clone()], "\"abc");
        assert_eq!(f.errors[0].message, "unterminated double quote");
    }

    #[test]
    fn multi_line_double_quotes_are_fine() {
        let t = "A=\"one\ntwo\"\nB=3\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty());
        assert_eq!(lit(f.get("A").unwrap()), "one\ntwo");
        assert_eq!(&t[f.get("A").unwrap().line.clone()], "A=\"one\ntwo\"");
    }

    #[test]
    fn crlf() {
        let t = "A=1\r\nB=\"x\"\r\n# c\r\nexport C='y'\r\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty());
        assert_eq!(lit(f.get("A").unwrap()), "1");
        assert_eq!(&t[f.get("A").unwrap().line.clone()], "A=1");
        assert_eq!(lit(f.get("B").unwrap()), "x");
        assert_eq!(lit(f.get("C").unwrap()), "y");
        assert_eq!(f.comments[0].text, " c");
        assert_eq!(&t[f.comments[0].span.clone()], "# c");
    }

    #[test]
    fn continuation_lines() {
        let t = "export A=one\\\ntwo B=\"x \\\ny\"\nC='a\\\nb'\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(lit(f.get("A").unwrap()), "onetwo");
        assert_eq!(&t[f.get("A").unwrap().value_span.clone()], "one\\\ntwo");
        assert_eq!(lit(f.get("B").unwrap()), "x y");
        assert!(f.get("B").unwrap().exported);
        assert_eq!(lit(f.get("C").unwrap()), "a\\\nb");
        let cont = "X=1 \\\n  Y=2\n";
        let f = parse_env_file(cont);
        assert_eq!(lit(f.get("Y").unwrap()), "2");
        assert_eq!(&cont[f.get("X").unwrap().line.clone()], "X=1 \\\n  Y=2");
    }

    #[test]
    fn command_substitutions() {
        let t =
            "ZK=`cat /etc/mesos/zk`\nMASTER=$(cat /etc/mesos/zk)\nQ=\"$(cat '/etc/mesos/zk')\"\n\
                 N=$(cat /a /b)\nM=x$(cat /a)\nH=$(head -1 /a)\nP=$(cat /a | tr -d ' ')\n\
                 R=$( cat \"/etc/x y\" )\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let zk = f.get("ZK").unwrap();
        assert_eq!(zk.value.cat_path().as_deref(), Some("/etc/mesos/zk"));
        assert_eq!(zk.value.literal(), None);
        assert!(zk.value.is_dynamic());
        match &zk.value.parts[..] {
            [ValuePart::Command { command, span }] => {
                assert_eq!(command, "cat /etc/mesos/zk");
                assert_eq!(&t[span.clone()], "`cat /etc/mesos/zk`");
            }
            other => panic!("{other:?}"),
        }
        let m = f.get("MASTER").unwrap();
        assert_eq!(m.value.cat_path().as_deref(), Some("/etc/mesos/zk"));
        assert_eq!(&t[m.value.parts[0].span()], "$(cat /etc/mesos/zk)");
        let q = f.get("Q").unwrap();
        assert_eq!(q.value.cat_path().as_deref(), Some("/etc/mesos/zk"));
        assert_eq!(&t[q.value_span.clone()], "\"$(cat '/etc/mesos/zk')\"");
        assert_eq!(f.get("N").unwrap().value.cat_path(), None);
        assert_eq!(f.get("M").unwrap().value.cat_path(), None);
        assert_eq!(f.get("H").unwrap().value.cat_path(), None);
        assert_eq!(f.get("P").unwrap().value.cat_path(), None);
        assert_eq!(
            f.get("R").unwrap().value.cat_path().as_deref(),
            Some("/etc/x y")
        );
    }

    #[test]
    fn variables_and_part_spans() {
        let t = "A=\"foo $X bar\"\nB=${HOME:-/root}/x\nC=$1$@\nD=$\nE=\"${#LIST}\"\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty());
        let a = f.get("A").unwrap();
        let parts: Vec<(&str, String)> = a
            .value
            .parts
            .iter()
            .map(|p| {
                let what = match p {
                    ValuePart::Literal { text, .. } => format!("L:{text}"),
                    ValuePart::Variable { name, .. } => format!("V:{name}"),
                    ValuePart::Command { command, .. } => format!("C:{command}"),
                };
                (&t[p.span()], what)
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("\"foo ", "L:foo ".to_string()),
                ("$X", "V:X".to_string()),
                (" bar\"", "L: bar".to_string())
            ]
        );
        let b = f.get("B").unwrap();
        assert!(
            matches!(&b.value.parts[0], ValuePart::Variable { name, span } if name == "HOME" && &t[span.clone()] == "${HOME:-/root}")
        );
        assert!(matches!(&b.value.parts[1], ValuePart::Literal { text, .. } if text == "/x"));
        let c = f.get("C").unwrap();
        assert!(
            matches!(&c.value.parts[..], [ValuePart::Variable { name: a, .. }, ValuePart::Variable { name: b, .. }] if a == "1" && b == "@")
        );
        assert_eq!(lit(f.get("D").unwrap()), "$");
        assert!(
            matches!(&f.get("E").unwrap().value.parts[..], [ValuePart::Variable { name, .. }] if name == "LIST")
        );
    }

    #[test]
    fn ansi_c_and_locale_strings() {
        let f = parse_env_file("A=$'a\\tb\\'c'\nB=$\"x\"\n");
        assert!(f.errors.is_empty());
        assert_eq!(lit(f.get("A").unwrap()), "a\tb'c");
        assert_eq!(lit(f.get("B").unwrap()), "x");
    }

    #[test]
    fn semicolons_and_compound_lines() {
        let t =
            "A=1; B=2\n[ -f /x ] && C=3\nD=1 some-cmd --x\nE=(1 2)\nf() { :; }\nG=2 >/dev/null\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(lit(f.get("A").unwrap()), "1");
        assert_eq!(lit(f.get("B").unwrap()), "2");
        assert!(f.get("C").is_none() && f.get("D").is_none() && f.get("E").is_none());
        assert!(f.get("G").is_none());
        let others: Vec<&str> = f.other_commands.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(
            others,
            [
                "[ -f /x ] && C=3",
                "D=1 some-cmd --x",
                "E=(1 2)",
                "f() { :",
                "}",
                "G=2 >/dev/null"
            ]
        );
    }

    #[test]
    fn later_assignment_wins() {
        let f = parse_env_file("A=1\nA=2\n");
        assert_eq!(lit(f.get("A").unwrap()), "2");
        assert_eq!(f.assignments.len(), 2);
        assert!(f.get("Z").is_none());
    }

    #[test]
    fn mesos_env_sh() {
        let t = "# Options\nexport MESOS_master=unknown-machine:5050\nexport MESOS_log_dir=/var/log/mesos\n";
        let f = parse_env_file(t);
        let m = f.get("MESOS_master").unwrap();
        assert!(m.exported);
        assert_eq!(lit(m), "unknown-machine:5050");
        assert_eq!(&t[m.value_span.clone()], "unknown-machine:5050");
    }

    #[test]
    fn non_ascii() {
        let t = "A=\"héllo wörld\"\nB=ü'ß'\n# ünïcode\n";
        let f = parse_env_file(t);
        assert!(f.errors.is_empty());
        assert_eq!(lit(f.get("A").unwrap()), "héllo wörld");
        assert_eq!(lit(f.get("B").unwrap()), "üß");
        assert_eq!(&t[f.get("B").unwrap().value.parts[0].span()], "ü'ß'");
    }

    #[test]
    fn hostile_input_never_panics() {
        let alphabet: &[&str] = &[
            "A", "=", "\"", "'", "`", "$", "(", ")", "{", "}", "\\", "\n", "\r", " ", "\t", "#",
            ";", "&", "|", "<", ">", "export ", "é", "x", "$(", "${",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
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
            let f = parse_env_file(&t);
            let ok = |r: &Range<usize>| t.get(r.clone()).is_some();
            for a in &f.assignments {
                assert!(
                    ok(&a.name_span) && ok(&a.value_span) && ok(&a.line),
                    "{t:?}"
                );
                for p in &a.value.parts {
                    assert!(ok(&p.span()), "{t:?}");
                }
                let _ = a.value.cat_path();
            }
            for r in f
                .other_commands
                .iter()
                .chain(f.errors.iter().map(|e| &e.span))
                .chain(f.comments.iter().map(|c| &c.span))
            {
                assert!(ok(r), "{t:?} {r:?}");
            }
        }
        // Many unterminated constructs, and many statements on one line, stay fast.
        let started = std::time::Instant::now();
        let f = parse_env_file(&"A=$(\n".repeat(200_000));
        assert_eq!(f.errors.len(), MAX_FAILURES);
        let f = parse_env_file(&"A=1;".repeat(200_000));
        assert_eq!(f.assignments.len(), 200_000);
        assert_eq!(f.assignments[7].line.len(), 800_000);
        assert!(started.elapsed().as_secs() < 20);
        let huge = "A=".to_string() + &"x".repeat(200_000) + "\n" + &"(".repeat(10_000);
        let f = parse_env_file(&huge);
        assert_eq!(f.get("A").unwrap().value_span.len(), 200_000);
        assert!(parse_env_file("").assignments.is_empty());
    }
}
