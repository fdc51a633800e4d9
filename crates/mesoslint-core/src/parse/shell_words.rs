//! A small shell tokenizer for start scripts: enough of POSIX sh to find simple commands and
//! their words (`docker run ...`, `exec mesos-master ...`) with the source byte of every
//! character of every word.
//!
//! Handled: blanks between words; newline, `;`, `&`, `|`, `(`, `)` end a command (`&&`, `||`
//! too); backslash-newline joins lines; `'...'` is literal; `"..."` keeps `$`-expansions and
//! honours `\$ \` \" \\`; a backslash outside quotes escapes the next byte; `#` at the start of
//! a word starts a comment; `$(...)`, `${...}`, backticks and template expressions (`{{ }}`,
//! `{% %}`, `<% %>`) are kept as written inside their word (callers see a `$` or a placeholder
//! and treat the value as unknown); redirections (`>file`, `2>&1`, `<in`) are not words, but
//! a command keeps the files its standard output is redirected to ([`ShCommand::writes`]), the
//! here-document it reads ([`ShCommand::heredoc`]) and whether it pipes into the next command
//! (what provisioning scripts write, `parse::script_writes`, is read from those). An
//! unterminated quote is a [`SyntaxError`] at the quote; the commands before it are kept.
//! Every byte is looked at a bounded number of times: cost is linear.

use std::ops::Range;

use super::SyntaxError;

/// A word after quote removal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShWord {
    pub text: String,
    /// From the first to the last source byte of the word (quotes included).
    pub span: Range<usize>,
    /// The source offset of every byte of `text`.
    pub bytes: Vec<usize>,
    /// Ranges of `text` that are parameter expansions or command substitutions the shell
    /// replaces (`$X`, `${X}`, `$(...)`, backticks; not inside single quotes).
    pub expansions: Vec<Range<usize>>,
}

impl ShWord {
    /// The source range of `range` (bytes of `text`) when those bytes stand in the source
    /// exactly as in the text (contiguous, no quote or escape between them).
    pub fn exact_sub(&self, range: Range<usize>) -> Option<Range<usize>> {
        if self.bytes.len() != self.text.len() {
            return None; // no byte map (lossy text, or a value without a place)
        }
        if range.start >= range.end {
            let at = match range.start.checked_sub(1) {
                Some(p) => self.bytes.get(p).map(|b| b + 1),
                None => self.bytes.first().copied(),
            }?;
            return Some(at..at);
        }
        let part = self.bytes.get(range)?;
        let first = *part.first()?;
        part.iter()
            .enumerate()
            .all(|(i, &b)| b == first + i)
            .then(|| first..first + part.len())
    }
}

/// A simple command: its words in order (assignments and `exec` included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShCommand {
    pub words: Vec<ShWord>,
    /// Files its standard output goes to (`> f`, `>> f`, `1> f`, `>| f`), in order.
    pub writes: Vec<Redirect>,
    /// The here-document its standard input reads (the last one, as the shell takes it).
    pub heredoc: Option<HereDoc>,
    /// Its output is piped into the next command (`a | b`; not `a || b`).
    pub pipe: bool,
    /// From its first source byte to the end of its last word or redirection.
    pub span: Range<usize>,
}

/// `> target` or `>> target` (standard output only: `2> f` and `>&2` are not kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub append: bool,
    pub target: ShWord,
}

/// The body of a here-document as it stands in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    /// The body's lines, without the delimiter line.
    pub body: Range<usize>,
    /// The delimiter was quoted (`<<'EOF'`, `<<"EOF"`, `<<\EOF`): the body is literal.
    pub quoted: bool,
    /// `<<-`: leading tabs are removed from every line.
    pub strip_tabs: bool,
    /// The delimiter line was found (else the body runs to the end of the text).
    pub terminated: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShScript {
    pub commands: Vec<ShCommand>,
    pub errors: Vec<SyntaxError>,
}

/// Split a whole script.
pub fn split_script(text: &str) -> ShScript {
    split_range(text, 0..text.len())
}

/// Split `text[range]` (a unit's command line); spans stay offsets into `text`.
pub fn split_range(text: &str, range: Range<usize>) -> ShScript {
    let mut lx = Lexer {
        s: text.as_bytes(),
        i: range.start.min(text.len()),
        end: range.end.min(text.len()),
        out: ShScript::default(),
        words: Vec::new(),
        word: None,
        drop_next: false,
        redirect_next: None,
        writes: Vec::new(),
        pipe_next: false,
        command_start: None,
        heredocs: Vec::new(),
        no_template_close: false,
    };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
    end: usize,
    out: ShScript,
    words: Vec<ShWord>,
    word: Option<ShWord>,
    /// The next word is a redirection target.
    drop_next: bool,
    /// That target is a file standard output goes to: `Some(append)`.
    redirect_next: Option<bool>,
    /// The standard-output redirections of the command being read.
    writes: Vec<Redirect>,
    /// The command being read ends with a pipe into the next one.
    pipe_next: bool,
    /// Where the command being read starts, and where its last part ends.
    command_start: Option<Range<usize>>,
    /// Here-documents waiting for the end of the line: delimiter, `<<-`, quoted, and the
    /// index the command reading it gets in `out.commands`.
    heredocs: Vec<(Vec<u8>, bool, bool, usize)>,
    /// A `{{` / `{%` / `<%` without a close was seen: later ones cannot close either.
    no_template_close: bool,
}

impl Lexer<'_> {
    fn at(&self, k: usize) -> Option<u8> {
        (k < self.end).then(|| self.s.get(k).copied()).flatten()
    }

    fn push_byte(&mut self, b: u8, src: usize) {
        let w = self.word.get_or_insert_with(|| ShWord {
            text: String::new(),
            span: src..src,
            bytes: Vec::new(),
            expansions: Vec::new(),
        });
        // bytes come from valid UTF-8 source in order, so the text stays valid UTF-8 once the
        // word is complete; keep raw bytes and fix at the end
        unsafe_free_push(&mut w.text, &mut w.bytes, b, src);
        w.span.end = src + 1;
    }

    /// Start a word at a quote (an empty `""` is still a word).
    fn open_word(&mut self, src: usize) {
        self.word.get_or_insert_with(|| ShWord {
            text: String::new(),
            span: src..src,
            bytes: Vec::new(),
            expansions: Vec::new(),
        });
    }

    fn end_word(&mut self) {
        if let Some(mut w) = self.word.take() {
            w.text = fix_utf8(std::mem::take(&mut w.text));
            if w.bytes.len() != w.text.len() {
                w.bytes.clear();
            }
            self.mark(w.span.clone());
            if self.drop_next {
                self.drop_next = false;
                if let Some(append) = self.redirect_next.take() {
                    self.writes.push(Redirect { append, target: w });
                }
            } else {
                self.words.push(w);
            }
        }
    }

    /// The command being read covers `r` too.
    fn mark(&mut self, r: Range<usize>) {
        let c = self.command_start.get_or_insert(r.clone());
        c.end = c.end.max(r.end);
    }

    fn end_command(&mut self) {
        self.end_word();
        self.drop_next = false;
        self.redirect_next = None;
        let pipe = std::mem::take(&mut self.pipe_next);
        let writes = std::mem::take(&mut self.writes);
        let span = self.command_start.take().unwrap_or(self.i..self.i);
        if !self.words.is_empty() {
            let words = std::mem::take(&mut self.words);
            self.out.commands.push(ShCommand {
                words,
                writes,
                heredoc: None,
                pipe,
                span,
            });
        }
    }

    fn run(&mut self) {
        while let Some(c) = self.at(self.i) {
            match c {
                b' ' | b'\t' | b'\r' => {
                    self.end_word();
                    self.i += 1;
                }
                b'\n' => {
                    self.end_command();
                    self.i += 1;
                    self.skip_heredocs();
                }
                b'|' if self.at(self.i + 1) == Some(b'|') => {
                    self.end_command();
                    self.i += 2;
                }
                b'|' => {
                    self.pipe_next = true;
                    self.end_command();
                    self.i += 1;
                }
                b';' | b'&' | b'(' | b')' => {
                    self.end_command();
                    self.i += 1;
                }
                b'#' if self.word.is_none() => self.skip_comment(),
                b'>' | b'<' => self.redirection(),
                b'\\' => match self.at(self.i + 1) {
                    Some(b'\n') => self.i += 2,
                    Some(n) => {
                        self.push_byte(n, self.i + 1);
                        self.i += 2;
                    }
                    None => self.i += 1,
                },
                b'\'' => {
                    if !self.single_quoted() {
                        return;
                    }
                }
                b'"' => {
                    if !self.double_quoted() {
                        return;
                    }
                }
                b'$' | b'`' => self.expansion(),
                _ => {
                    if self.template_open() {
                        self.template();
                    } else {
                        self.push_byte(c, self.i);
                        self.i += 1;
                    }
                }
            }
        }
        self.end_command();
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.at(self.i) {
            if c == b'\n' {
                break;
            }
            self.i += 1;
        }
    }

    fn unterminated(&mut self, quote_at: usize) {
        self.out.errors.push(SyntaxError {
            message: "unterminated quote: the shell refuses the script from here".to_string(),
            span: quote_at..quote_at + 1,
        });
        // the command being read is incomplete: drop it
        self.word = None;
        self.words.clear();
        self.i = self.end;
    }

    fn single_quoted(&mut self) -> bool {
        let q = self.i;
        self.open_word(q);
        self.i += 1;
        while let Some(c) = self.at(self.i) {
            if c == b'\'' {
                self.i += 1;
                self.close_span();
                return true;
            }
            self.push_byte(c, self.i);
            self.i += 1;
        }
        self.unterminated(q);
        false
    }

    fn double_quoted(&mut self) -> bool {
        let q = self.i;
        self.open_word(q);
        self.i += 1;
        while let Some(c) = self.at(self.i) {
            match c {
                b'"' => {
                    self.i += 1;
                    self.close_span();
                    return true;
                }
                b'\\' => match self.at(self.i + 1) {
                    Some(b'\n') => self.i += 2,
                    Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                        self.push_byte(n, self.i + 1);
                        self.i += 2;
                    }
                    _ => {
                        self.push_byte(c, self.i);
                        self.i += 1;
                    }
                },
                b'$' | b'`' => self.expansion(),
                _ => {
                    self.push_byte(c, self.i);
                    self.i += 1;
                }
            }
        }
        self.unterminated(q);
        false
    }

    /// A closing quote belongs to the word's span.
    fn close_span(&mut self) {
        if let Some(w) = self.word.as_mut() {
            w.span.end = self.i;
        }
    }

    /// `$name`, `${...}`, `$(...)`, `` `...` ``: copied as written (nesting of the same
    /// bracket counted; quotes inside are copied, not interpreted).
    fn expansion(&mut self) {
        let start = self.i;
        let c = self.at(start);
        let (open, close) = match (c, self.at(start + 1)) {
            (Some(b'$'), Some(b'{')) => (b'{', b'}'),
            (Some(b'$'), Some(b'(')) => (b'(', b')'),
            (Some(b'`'), _) => (b'`', b'`'),
            (Some(b'$'), Some(n)) if n.is_ascii_alphanumeric() || b"_@*#?$!-".contains(&n) => {
                // `$name` (or a special / positional parameter: one character)
                let mut k = start + 1;
                if n.is_ascii_alphabetic() || n == b'_' {
                    while self
                        .at(k)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        k += 1;
                    }
                } else {
                    k += 1;
                }
                self.copy_expansion(start, k);
                return;
            }
            _ => {
                self.push_byte(b'$', start);
                self.i += 1;
                return;
            }
        };
        let body = if open == b'`' { start + 1 } else { start + 2 };
        let mut depth = 1usize;
        let mut k = body;
        while let Some(b) = self.at(k) {
            if b == b'\\' {
                k += 2;
                continue;
            }
            if open != b'`' && (b == b'\'' || b == b'"') {
                // a quoted part inside `$(...)` / `${...}`: its brackets do not count
                k += 1;
                while let Some(q) = self.at(k) {
                    if q == b'\\' && b == b'"' {
                        k += 2;
                        continue;
                    }
                    k += 1;
                    if q == b {
                        break;
                    }
                }
                continue;
            }
            if b == close && (open == b'`' || depth == 1) {
                depth = 0;
                break;
            }
            if b == open && open != b'`' {
                depth += 1;
            } else if b == close {
                depth -= 1;
            }
            k += 1;
        }
        if depth != 0 {
            self.out.errors.push(SyntaxError {
                message: format!(
                    "unterminated `{}`: the shell refuses the script from here",
                    if open == b'`' {
                        "`"
                    } else if open == b'{' {
                        "${"
                    } else {
                        "$("
                    }
                ),
                span: start..start + 1,
            });
            self.word = None;
            self.words.clear();
            self.i = self.end;
            return;
        }
        self.copy_expansion(start, k + 1);
    }

    /// Copy `start..stop` of the source into the word as an expansion.
    fn copy_expansion(&mut self, start: usize, stop: usize) {
        let from = self.word.as_ref().map_or(0, |w| w.bytes.len());
        for p in start..stop.min(self.end) {
            if let Some(b) = self.at(p) {
                self.push_byte(b, p);
            }
        }
        if let Some(w) = self.word.as_mut() {
            let to = w.bytes.len();
            w.expansions.push(from..to);
        }
        self.i = stop;
    }

    /// `{{`, `{%` or `<%` here, with a close later in the text.
    fn template_open(&self) -> bool {
        !self.no_template_close
            && matches!(
                (self.at(self.i), self.at(self.i + 1)),
                (Some(b'{'), Some(b'{' | b'%')) | (Some(b'<'), Some(b'%'))
            )
    }

    /// A template expression: copied up to its close, which may be far (a `{% if %}` block
    /// delimiter is short; the search stops at the first close).
    fn template(&mut self) {
        let open = self.at(self.i + 1);
        let close: &[u8] = match (self.at(self.i), open) {
            (Some(b'{'), Some(b'{')) => b"}}",
            (Some(b'{'), _) => b"%}",
            _ => b"%>",
        };
        let from = self.i + 2;
        let hay = self.s.get(from..self.end).unwrap_or(&[]);
        match hay.windows(close.len()).position(|w| w == close) {
            Some(off) => {
                let stop = from + off + close.len();
                for p in self.i..stop {
                    if let Some(b) = self.at(p) {
                        self.push_byte(b, p);
                    }
                }
                self.i = stop;
            }
            None => {
                self.no_template_close = true;
                let c = self.at(self.i).unwrap_or(b'{');
                self.push_byte(c, self.i);
                self.i += 1;
            }
        }
    }

    /// `>`, `>>`, `>&`, `<`, `<<`, `<<-`, `<<<`: the operator and its target are not words of
    /// the command; a file-descriptor number written just before goes too.
    fn redirection(&mut self) {
        if self.template_open() {
            self.template();
            return;
        }
        let mut fd = None;
        if let Some(w) = &self.word {
            if w.text.bytes().all(|b| b.is_ascii_digit()) && w.span.end == self.i {
                fd = Some(w.text.clone());
                self.word = None;
            }
        }
        self.end_word();
        let c = self.at(self.i);
        self.mark(self.i..self.i + 1);
        self.i += 1;
        if c == Some(b'<') && self.at(self.i) == Some(b'<') {
            self.i += 1;
            if self.at(self.i) == Some(b'<') {
                self.i += 1; // here-string: its word is dropped
            } else {
                let strip = self.at(self.i) == Some(b'-');
                if strip {
                    self.i += 1;
                }
                self.heredoc(strip);
                return;
            }
        } else {
            let next = self.at(self.i);
            let stdout = c == Some(b'>') && fd.as_deref().is_none_or(|f| f == "1");
            if stdout && next != Some(b'&') {
                self.redirect_next = Some(next == Some(b'>'));
            }
            if matches!(next, Some(b'>' | b'&' | b'|')) {
                self.i += 1;
            }
        }
        self.drop_next = true;
    }

    /// Read a here-document's delimiter word (quotes removed).
    fn heredoc(&mut self, strip: bool) {
        while matches!(self.at(self.i), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        let mut delim = Vec::new();
        let mut quoted = false;
        let from = self.i;
        while let Some(c) = self.at(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>') {
                break;
            }
            if matches!(c, b'\'' | b'"' | b'\\') {
                quoted = true;
            } else {
                delim.push(c);
            }
            self.i += 1;
        }
        self.mark(from..self.i);
        if !delim.is_empty() {
            let owner = self.out.commands.len();
            self.heredocs.push((delim, strip, quoted, owner));
        }
    }

    /// After a newline: skip the bodies of the pending here-documents.
    fn skip_heredocs(&mut self) {
        for (delim, strip, quoted, owner) in std::mem::take(&mut self.heredocs) {
            let start = self.i;
            let mut body_end = self.end;
            let mut terminated = false;
            while self.i < self.end {
                let line_end = self
                    .s
                    .get(self.i..self.end)
                    .and_then(|r| r.iter().position(|&b| b == b'\n'))
                    .map_or(self.end, |p| self.i + p);
                let line = self.s.get(self.i..line_end).unwrap_or(&[]);
                let line = if strip {
                    let t = line.iter().position(|&b| b != b'\t').unwrap_or(line.len());
                    line.get(t..).unwrap_or(&[])
                } else {
                    line
                };
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let line_start = self.i;
                self.i = (line_end + 1).min(self.end);
                if line == delim.as_slice() {
                    body_end = line_start;
                    terminated = true;
                    break;
                }
            }
            // the command that read its operator got index `owner` when it was pushed
            if owner < self.out.commands.len() {
                if let Some(c) = self.out.commands.get_mut(owner) {
                    c.heredoc = Some(HereDoc {
                        body: start..body_end.max(start),
                        quoted,
                        strip_tabs: strip,
                        terminated,
                    });
                }
            }
        }
    }
}

/// Shell variables a script has assigned so far: their value and the source byte of every
/// byte of it (so a finding on an expanded value points at the assignment).
#[derive(Clone, Debug, Default)]
pub struct Vars {
    map: crate::FastMap<String, (String, Vec<usize>)>,
    /// Files whose contents `$(cat PATH)` / `` `cat PATH` `` stand for (given by the caller).
    files: crate::FastMap<String, String>,
}

/// The path of a `$(cat PATH)` or `` `cat PATH` `` substitution.
pub fn cat_path(raw: &str) -> Option<&str> {
    let body = raw
        .strip_prefix("$(")
        .and_then(|b| b.strip_suffix(')'))
        .or_else(|| raw.strip_prefix('`').and_then(|b| b.strip_suffix('`')))?;
    let mut words = body.split_whitespace();
    let (cat, path) = (words.next()?, words.next()?);
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    (cat == "cat" && words.next().is_none() && !path.contains('$')).then_some(path)
}

fn is_var_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Vars {
    /// Record a command made only of assignments (`A=1 B=$A`, `export A=1`, `readonly`,
    /// `local`, `declare`): true when it was one. A value the shell would expand to something
    /// unknown forgets the variable.
    pub fn record(&mut self, cmd: &ShCommand) -> bool {
        let words = match cmd.words.first().map(|w| w.text.as_str()) {
            Some("export" | "readonly" | "local" | "declare" | "typeset") => {
                cmd.words.get(1..).unwrap_or(&[])
            }
            _ => &cmd.words[..],
        };
        let assignment = |w: &ShWord| {
            w.text.split_once('=').is_some_and(|(k, _)| {
                is_var_name(k) && w.expansions.iter().all(|r| r.start > k.len())
            })
        };
        if words.is_empty()
            || !words
                .iter()
                .all(|w| assignment(w) || w.text.starts_with('-'))
        {
            return false;
        }
        for w in words.iter().filter(|w| assignment(w)) {
            let w = self.expand(w);
            let Some((k, v)) = w.text.split_once('=') else {
                continue;
            };
            let from = k.len() + 1;
            let unknown = w.expansions.iter().any(|r| r.end > from);
            if unknown {
                self.map.remove(k);
            } else {
                // a value from a file keeps no byte map (words using it point at themselves)
                let bytes = match w.bytes.len() == w.text.len() {
                    true => w.bytes.get(from..).unwrap_or(&[]).to_vec(),
                    false => Vec::new(),
                };
                self.map.insert(k.to_string(), (v.to_string(), bytes));
            }
        }
        true
    }

    /// Give `name` the text of `w` (a `for` loop's current value).
    /// A value without a place of its own (`{1..3}` makes `2`) keeps no byte map: words it
    /// expands into then point at their whole span.
    pub fn set(&mut self, name: &str, w: &ShWord) {
        if w.expansions.is_empty() {
            self.map
                .insert(name.to_string(), (w.text.clone(), w.bytes.clone()));
        } else {
            self.map.remove(name);
        }
    }

    pub fn unset(&mut self, name: &str) {
        self.map.remove(name);
    }

    /// `$(cat path)` expands to `contents` (its last line breaks removed, as the shell does).
    pub fn know_file(&mut self, path: &str, contents: &str) {
        let text = contents.trim_end_matches(['\n', '\r']).to_string();
        self.files.insert(path.to_string(), text);
    }

    /// The word with every `$NAME` / `${NAME}` of a known variable replaced by its value;
    /// other expansions stay as written (and stay listed in `expansions`).
    pub fn expand(&self, w: &ShWord) -> ShWord {
        if w.expansions.is_empty()
            || w.bytes.len() != w.text.len()
            || (self.map.is_empty() && self.files.is_empty())
        {
            return w.clone();
        }
        let mut out = ShWord {
            text: String::with_capacity(w.text.len()),
            span: w.span.clone(),
            bytes: Vec::with_capacity(w.bytes.len()),
            expansions: Vec::new(),
        };
        let mut at = 0;
        let copy = |out: &mut ShWord, r: Range<usize>| {
            out.text.push_str(w.text.get(r.clone()).unwrap_or(""));
            out.bytes.extend_from_slice(w.bytes.get(r).unwrap_or(&[]));
        };
        for r in &w.expansions {
            copy(&mut out, at..r.start);
            let raw = w.text.get(r.clone()).unwrap_or("");
            let name = raw
                .strip_prefix("${")
                .and_then(|n| n.strip_suffix('}'))
                .or_else(|| raw.strip_prefix('$'))
                .filter(|n| is_var_name(n));
            let file = cat_path(raw).and_then(|p| self.files.get(p));
            match name.and_then(|n| self.map.get(n)) {
                Some((text, bytes)) => {
                    out.text.push_str(text);
                    out.bytes.extend_from_slice(bytes);
                }
                // the file's text has no place in this script: the word loses its byte map
                None if file.is_some() => out.text.push_str(file.map_or("", |f| f.as_str())),
                None => {
                    let from = out.text.len();
                    copy(&mut out, r.clone());
                    out.expansions.push(from..out.text.len());
                }
            }
            at = r.end;
        }
        copy(&mut out, at..w.text.len());
        if out.bytes.len() != out.text.len() {
            out.bytes.clear(); // a value without a place: no exact sub-spans
        }
        out
    }
}

/// Append one source byte to a word's text (as a char when ASCII; multi-byte sequences are
/// collected as Latin-1 placeholders and repaired by [`fix_utf8`]).
fn unsafe_free_push(text: &mut String, bytes: &mut Vec<usize>, b: u8, src: usize) {
    // Store raw bytes in a private-use encoding: ASCII as itself, other bytes as U+0100+b,
    // which fix_utf8 turns back into bytes. Keeps the code free of unsafe.
    if b.is_ascii() {
        text.push(char::from(b));
    } else {
        text.push(char::from_u32(0x100 + u32::from(b)).unwrap_or('\u{FFFD}'));
    }
    bytes.push(src);
}

/// Turn the private encoding back into the source bytes (lossy if they were not UTF-8).
fn fix_utf8(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    let raw: Vec<u8> = text
        .chars()
        .map(|c| {
            let v = u32::from(c);
            if v < 0x80 {
                v as u8
            } else {
                (v - 0x100) as u8
            }
        })
        .collect();
    String::from_utf8_lossy(&raw).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<Vec<String>> {
        split_script(src)
            .commands
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn commands_words_and_quotes() {
        let src = "docker run -e 'A=1 2' \\\n  --name \"m$X\" img # c\necho a; echo b && c | d\n";
        assert_eq!(
            words(src),
            [
                vec!["docker", "run", "-e", "A=1 2", "--name", "m$X", "img"],
                vec!["echo", "a"],
                vec!["echo", "b"],
                vec!["c"],
                vec!["d"],
            ]
        );
    }

    #[test]
    fn spans_point_at_the_source() {
        let src = "x --quorum=2 \"--zk=zk://a:2181/m\" '' a\\ b";
        let s = split_script(src);
        let w = &s.commands[0].words;
        assert_eq!(w.len(), 5);
        assert_eq!(w[1].exact_sub(9..10).map(|r| &src[r]), Some("2"));
        assert_eq!(
            w[2].exact_sub(5..18).map(|r| &src[r]),
            Some("zk://a:2181/m")
        );
        assert_eq!(&src[w[2].span.clone()], "\"--zk=zk://a:2181/m\"");
        assert_eq!(w[3].text, "");
        assert_eq!(w[4].text, "a b");
        assert_eq!(w[4].exact_sub(0..3), None);
    }

    #[test]
    fn expansions_templates_redirections_heredocs() {
        let src = "run --a=$(cat \"f)\") ${B:-x y} `c d` {{ v | default('x') }} >/dev/null 2>&1 <in\ncat <<'EOF'\nit's text\nEOF\nnext 'ok'\n";
        let w = words(src);
        assert_eq!(
            w[0],
            [
                "run",
                "--a=$(cat \"f)\")",
                "${B:-x y}",
                "`c d`",
                "{{ v | default('x') }}"
            ]
        );
        assert_eq!(w[1], ["cat"]);
        assert_eq!(w[2], ["next", "ok"]);
        assert!(split_script(src).errors.is_empty());
        let s = split_script("a \"x$HOME/${B}\" '$C' $1");
        let w = &s.commands[0].words;
        assert_eq!(w[1].expansions, [1..6, 7..11]);
        assert!(w[2].expansions.is_empty());
        assert_eq!(w[3].expansions, vec![(0..2)]);
    }

    #[test]
    fn output_redirections_heredocs_and_pipes_are_kept() {
        let src = "echo 1 >/etc/q 2>/dev/null >&2\necho a | tee -a \"/x y\" >> /l || b\ncat <<-'E' >o; c\n\tbody $X\nE\nd\n";
        let s = split_script(src);
        let c = &s.commands;
        assert_eq!(c[0].writes.len(), 1);
        assert_eq!(c[0].writes[0].target.text, "/etc/q");
        assert!(!c[0].writes[0].append);
        assert_eq!(&src[c[0].span.clone()], "echo 1 >/etc/q 2>/dev/null >&2");
        assert!(c[1].pipe && !c[2].pipe);
        assert_eq!(c[2].writes[0].target.text, "/l");
        assert!(c[2].writes[0].append);
        assert!(!c[3].pipe, "`||` is no pipe");
        let h = c[4].heredoc.as_ref().expect("the heredoc is cat's");
        assert!(h.quoted && h.strip_tabs && h.terminated);
        assert_eq!(&src[h.body.clone()], "\tbody $X\n");
        assert_eq!(c[4].writes[0].target.text, "o");
        assert!(c[5].heredoc.is_none());
        assert_eq!(c[6].words[0].text, "d");
        let s = split_script("cat <<EOF\nno end\n");
        let h = s.commands[0].heredoc.as_ref().unwrap();
        assert!(!h.terminated && !h.quoted);
        assert_eq!(h.body, 10..17);
    }

    #[test]
    fn unterminated_quote_is_an_error_and_earlier_commands_stay() {
        let src = "a b\nc 'd\ne f\n";
        let s = split_script(src);
        assert_eq!(s.commands.len(), 1);
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].span, 6..7);
        assert_eq!(s.errors[0].line_column(src), (2, 3));
        let s = split_script("x \"abc");
        assert_eq!(s.errors.len(), 1);
        let s = split_script("x $(abc");
        assert_eq!(s.errors.len(), 1);
    }

    #[test]
    fn variables_expand_to_their_assignment() {
        let src = "H=10.0.0.1\nexport ZK=\"zk://$H:2181/mesos\"\nU=$(hostname)\nrun --zk=$ZK ${ZK} $U $NOPE\n";
        let s = split_script(src);
        let mut vars = Vars::default();
        assert!(vars.record(&s.commands[0]));
        assert!(vars.record(&s.commands[1]));
        assert!(vars.record(&s.commands[2]));
        assert!(!vars.record(&s.commands[3]));
        let w: Vec<ShWord> = s.commands[3].words.iter().map(|w| vars.expand(w)).collect();
        assert_eq!(w[1].text, "--zk=zk://10.0.0.1:2181/mesos");
        // the value's bytes are those of the assignments: exact where contiguous
        assert_eq!(w[2].exact_sub(5..13).map(|r| &src[r]), Some("10.0.0.1"));
        assert_eq!(w[2].exact_sub(0..5).map(|r| &src[r]), Some("zk://"));
        assert_eq!(w[3].text, "$U");
        assert_eq!(w[3].expansions, vec![(0..2)]);
        assert_eq!(w[4].text, "$NOPE");
    }

    #[test]
    fn spans_and_byte_maps_hold_on_generated_scripts() {
        // a small deterministic generator over the bytes the tokenizer treats specially
        const ALPHABET: &[&str] = &[
            " ", "\n", "\\", "'", "\"", "$", "{", "}", "(", ")", "`", "#", ";", "|", "&", "<", ">",
            "<<", "EOF", "=", "A", "x", "é", "{{", "}}", "{%", "%}", "$A", "${A}", "A=1", "export",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut words = 0;
        for _ in 0..3000 {
            let mut src = String::new();
            for _ in 0..(next() % 40) {
                src.push_str(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
            }
            let script = split_script(&src);
            let mut vars = Vars::default();
            for cmd in &script.commands {
                vars.record(cmd);
                for w in &cmd.words {
                    words += 1;
                    assert!(
                        w.span.start <= w.span.end && w.span.end <= src.len(),
                        "{src:?}"
                    );
                    let e = vars.expand(w);
                    if let Some(r) = e.exact_sub(0..e.text.len()) {
                        assert_eq!(src.get(r), Some(e.text.as_str()), "{src:?}");
                    }
                }
            }
            assert!(
                script.errors.iter().all(|e| e.span.end <= src.len()),
                "{src:?}"
            );
        }
        assert!(words > 3000, "the generator makes words: {words}");
    }

    #[test]
    fn cat_substitutions_read_known_files() {
        let src = "ZK=`cat /etc/mesos/zk`\nrun --zk=$ZK --q=$(cat /etc/q) --x=$(cat /nope)\n";
        let s = split_script(src);
        let mut vars = Vars::default();
        vars.know_file("/etc/mesos/zk", "zk://a:2181/mesos\n");
        vars.know_file("/etc/q", "2");
        assert!(vars.record(&s.commands[0]));
        let w: Vec<ShWord> = s.commands[1].words.iter().map(|w| vars.expand(w)).collect();
        assert_eq!(w[1].text, "--zk=zk://a:2181/mesos");
        assert_eq!(w[1].exact_sub(0..2), None);
        assert_eq!(w[2].text, "--q=2");
        assert!(w[3].text.contains("$(cat /nope)"));
        assert_eq!(cat_path("$(cat \"/a b\")"), None);
        assert_eq!(cat_path("`cat /a`"), Some("/a"));
    }

    #[test]
    fn non_ascii_and_hostile_input() {
        let w = words("é 'ü'\\ ß");
        assert_eq!(w, [vec!["é", "ü ß"]]);
        for src in [
            "\\", "'", "\"\\", "$", "${", "{{", "<<", "<<'", "2>", "#", "`",
        ] {
            let _ = split_script(src);
        }
        let big = "{{ ".repeat(20_000);
        let t = std::time::Instant::now();
        let _ = split_script(&big);
        assert!(t.elapsed().as_secs() < 5);
    }
}
