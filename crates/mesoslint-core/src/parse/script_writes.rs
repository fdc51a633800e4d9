//! What a shell script writes into files, read without running it: `echo ... > f`,
//! `printf ... >> f`, `cat > f <<EOF` here-documents, `... | tee [-a] f` and the same inside a
//! `sh -c '...'` argument (`sudo sh -c 'echo 1 > /etc/mesos-master/quorum'`). Provisioning
//! scripts (Vagrant, Packer, bootstrap) configure whole clusters this way.
//!
//! Each write has its target as written and, when the shell would write literal text, that
//! text with the source byte of every byte of it. A target or content the shell would expand
//! (`$HOST`, `$(hostname)`, a here-document with `$` under an unquoted delimiter, the output of
//! another command) is kept as unknown with the reason, never guessed. Variables the script
//! assigns once, to literal text, expand to that text (their bytes point at the assignment);
//! a variable assigned twice (a branch, a loop) is unknown. `sed -i` on a file is an edit of
//! unknown effect, `rm` a removal. One pass over the tokenizer's commands: cost is linear.

use std::ops::Range;

use super::shell_c::script_index;
use super::shell_words::{split_range, split_script, HereDoc, ShCommand, ShWord, Vars};

/// A byte of a content that stands nowhere in the source (the newline `echo` adds, the space
/// between its arguments).
pub const NO_SOURCE: usize = usize::MAX;

/// Literal text a command writes, with the source offset of each byte ([`NO_SOURCE`] for the
/// bytes the command adds itself).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub text: String,
    pub src: Vec<usize>,
}

impl Content {
    fn push_str(&mut self, s: &str, src: impl IntoIterator<Item = usize>) {
        self.text.push_str(s);
        let before = self.src.len();
        self.src.extend(src.into_iter().take(s.len()));
        self.src.resize(before + s.len(), NO_SOURCE);
    }

    fn push_word(&mut self, w: &ShWord) {
        if w.bytes.len() == w.text.len() {
            self.push_str(&w.text, w.bytes.iter().copied());
        } else {
            self.push_str(&w.text, std::iter::empty());
        }
    }

    fn push_added(&mut self, s: &str) {
        self.push_str(s, std::iter::empty());
    }

    /// `self` followed by `more` (a `>>` onto a known file).
    pub fn append(&mut self, more: &Content) {
        self.text.push_str(&more.text);
        self.src.extend_from_slice(&more.src);
    }
}

/// A path a command names as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The path after quote removal, `None` when the shell would expand part of it.
    pub path: Option<String>,
    /// As written (quotes removed, expansions kept), for messages.
    pub raw: String,
    pub span: Range<usize>,
}

/// What a command does to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    /// Writes (`append`: adds to) the file: the literal content, or why it is not literal.
    Write {
        append: bool,
        content: Result<Content, &'static str>,
    },
    /// `sed -i`: edits the file in a way not read here.
    Edit,
    /// `rm`: the file is gone.
    Remove,
    /// `cp FROM TARGET`: the target gets the content of `FROM` (or, when the target is a
    /// directory, a file of `FROM`'s name in it: the reader decides).
    Copy { from: Target },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileOp {
    pub target: Target,
    pub kind: OpKind,
    /// The command that does it.
    pub command: Range<usize>,
    /// The source it reads: the command, the commands piped into it and their
    /// here-documents (for "these lines were read").
    pub covered: Range<usize>,
}

/// The file operations of a script, in order.
pub fn script_writes(text: &str) -> Vec<FileOp> {
    let script = split_script(text);
    let mut r = Reader {
        text,
        vars: Vars::default(),
        reassigned: reassigned(&script.commands),
        out: Vec::new(),
        covered: 0..0,
    };
    r.commands(&script.commands, true);
    r.out
}

struct Reader<'a> {
    text: &'a str,
    vars: Vars,
    /// Variables assigned more than once (or by a loop): their value here is unknown.
    reassigned: crate::FastSet<String>,
    out: Vec<FileOp>,
    /// What the command being read covers (see [`FileOp::covered`]).
    covered: Range<usize>,
}

impl Reader<'_> {
    fn commands(&mut self, cmds: &[ShCommand], outer: bool) {
        let mut piped: Option<Result<Content, &'static str>> = None;
        let mut chain: Option<Range<usize>> = None;
        for cmd in cmds {
            let stdin = match &cmd.heredoc {
                Some(h) => Some(heredoc(self.text, h)),
                None => piped.take(),
            };
            let mut covered = chain.take().unwrap_or(cmd.span.clone());
            covered.end = covered.end.max(cmd.span.end);
            if let Some(h) = &cmd.heredoc {
                covered.end = covered.end.max(h.body.end);
            }
            self.covered = covered.clone();
            let out = self.command(cmd, stdin, outer);
            if cmd.pipe {
                piped = Some(out);
                chain = Some(covered);
            }
        }
    }

    /// One command: its file operations pushed, its standard output returned.
    fn command(
        &mut self,
        cmd: &ShCommand,
        stdin: Option<Result<Content, &'static str>>,
        outer: bool,
    ) -> Result<Content, &'static str> {
        if self.vars.record(cmd) {
            for w in &cmd.words {
                if let Some((name, _)) = w.text.split_once('=') {
                    if self.reassigned.contains(name) {
                        self.vars.unset(name);
                    }
                }
            }
            return Ok(Content::default());
        }
        let words: Vec<ShWord> = cmd.words.iter().map(|w| self.vars.expand(w)).collect();
        let args = program(&words);
        let prog = args.first().map_or("", |w| base(&w.text));
        let out: Result<Content, &'static str> = match prog {
            "echo" => echo(args.get(1..).unwrap_or(&[])),
            "printf" => printf(args.get(1..).unwrap_or(&[])),
            ":" | "true" => Ok(Content::default()),
            "cat" if args.iter().skip(1).all(|w| w.text == "-") => {
                stdin.unwrap_or(Err("the input of `cat` is not in the script"))
            }
            "tee" => {
                let content = stdin.unwrap_or(Err("the input of `tee` is not in the script"));
                let opts = args.iter().skip(1).take_while(|w| w.text.starts_with('-'));
                let append = opts.clone().any(|w| {
                    w.text == "--append" || (!w.text.starts_with("--") && w.text.contains('a'))
                });
                for w in args.iter().skip(1).filter(|w| !w.text.starts_with('-')) {
                    self.push(
                        w,
                        OpKind::Write {
                            append,
                            content: content.clone(),
                        },
                        cmd,
                    );
                }
                content
            }
            "sed"
                if args
                    .iter()
                    .any(|w| w.text.starts_with("-i") || w.text == "--in-place") =>
            {
                // the files are the words after the script (or after every `-e SCRIPT`)
                let mut files = Vec::new();
                let mut script_given = false;
                let mut k = 1;
                while let Some(w) = args.get(k) {
                    k += 1;
                    if w.text == "-e" || w.text == "-f" || w.text == "--expression" {
                        script_given = true;
                        k += 1;
                    } else if w.text.starts_with('-') {
                        continue;
                    } else if !script_given {
                        script_given = true;
                    } else {
                        files.push(w);
                    }
                }
                for w in files {
                    self.push(w, OpKind::Edit, cmd);
                }
                Err("the output of `sed`")
            }
            "cp" => {
                let paths: Vec<&ShWord> = args
                    .iter()
                    .skip(1)
                    .filter(|w| !w.text.starts_with('-'))
                    .collect();
                if let [from, to] = paths[..] {
                    let from = target_of(from);
                    self.push(to, OpKind::Copy { from }, cmd);
                }
                Ok(Content::default())
            }
            "rm" => {
                for w in args.iter().skip(1).filter(|w| !w.text.starts_with('-')) {
                    self.push(w, OpKind::Remove, cmd);
                }
                Ok(Content::default())
            }
            _ if outer => {
                match script_index(&args.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()) {
                    Some(i) => {
                        self.inline(&args[i], cmd);
                        Err("the output of a `sh -c` script")
                    }
                    None => Err("the output of a command"),
                }
            }
            _ => Err("the output of a command"),
        };
        for r in &cmd.writes {
            let kind = OpKind::Write {
                append: r.append,
                content: out.clone(),
            };
            let target = self.vars.expand(&r.target);
            self.push(&target, kind, cmd);
        }
        out
    }

    /// The commands of `sh -c SCRIPT`: read in place when the argument stands in the source
    /// as it is (one pair of quotes around it); else every write inside is unknown.
    fn inline(&mut self, w: &ShWord, cmd: &ShCommand) {
        match w.exact_sub(0..w.text.len()) {
            Some(r) => {
                let inner = split_range(self.text, r);
                self.commands(&inner.commands, false);
            }
            None => {
                for c in split_script(&w.text).commands {
                    for r in &c.writes {
                        let target = Target {
                            path: r
                                .target
                                .expansions
                                .is_empty()
                                .then(|| r.target.text.clone()),
                            raw: r.target.text.clone(),
                            span: w.span.clone(),
                        };
                        self.out.push(FileOp {
                            target,
                            kind: OpKind::Write {
                                append: r.append,
                                content: Err("written by a `sh -c` script with escaped quotes"),
                            },
                            command: cmd.span.clone(),
                            covered: cmd.span.clone(),
                        });
                    }
                }
            }
        }
    }

    fn push(&mut self, w: &ShWord, kind: OpKind, cmd: &ShCommand) {
        self.out.push(FileOp {
            target: target_of(w),
            kind,
            command: cmd.span.clone(),
            covered: self.covered.clone(),
        });
    }
}

fn target_of(w: &ShWord) -> Target {
    Target {
        path: w.expansions.is_empty().then(|| w.text.clone()),
        raw: w.text.clone(),
        span: w.span.clone(),
    }
}

fn base(prog: &str) -> &str {
    prog.rsplit('/').next().unwrap_or(prog)
}

/// The command's words from its program on: `sudo [-u user] ...`, `command`, `builtin`, `exec`
/// and `VAR=value` prefixes skipped.
fn program(words: &[ShWord]) -> &[ShWord] {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        match w.text.as_str() {
            "sudo" => {
                i += 1;
                while let Some(o) = words.get(i).filter(|o| o.text.starts_with('-')) {
                    i += 1;
                    // the options of sudo that take a value
                    if matches!(o.text.as_str(), "-u" | "-g" | "-C" | "-h" | "-p" | "-U") {
                        i += 1;
                    }
                }
            }
            "command" | "builtin" | "exec" | "then" | "do" | "else" => i += 1,
            t if t.split_once('=').is_some_and(|(k, _)| is_name(k)) => i += 1,
            _ => break,
        }
    }
    words.get(i..).unwrap_or(&[])
}

fn is_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn has_expansion(words: &[ShWord]) -> bool {
    words.iter().any(|w| !w.expansions.is_empty())
}

const VARIABLE: &str = "a variable or command substitution in the content";

/// `echo [-neE] WORDS`: the words joined by spaces, and a newline unless `-n`.
fn echo(args: &[ShWord]) -> Result<Content, &'static str> {
    let opts = args
        .iter()
        .take_while(|w| {
            w.text.len() > 1
                && w.text.starts_with('-')
                && w.text[1..].bytes().all(|b| matches!(b, b'n' | b'e' | b'E'))
        })
        .count();
    let no_newline = args.iter().take(opts).any(|w| w.text.contains('n'));
    let words = args.get(opts..).unwrap_or(&[]);
    if has_expansion(words) {
        return Err(VARIABLE);
    }
    if words.iter().any(|w| w.text.contains('\\')) {
        return Err("a backslash, which bash's and dash's `echo` expand differently");
    }
    let mut c = Content::default();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            c.push_added(" ");
        }
        c.push_word(w);
    }
    if !no_newline {
        c.push_added("\n");
    }
    Ok(c)
}

/// `printf FORMAT [ARGS]` for formats of literal text, `%s`, `%d`, `%%` and the escapes `\n`,
/// `\t`, `\\`; the format is reused while arguments remain, as the shell does.
fn printf(args: &[ShWord]) -> Result<Content, &'static str> {
    let args = match args.first() {
        Some(w) if w.text == "--" => &args[1..],
        _ => args,
    };
    let Some(format) = args.first() else {
        return Err("`printf` without a format");
    };
    if has_expansion(args) {
        return Err(VARIABLE);
    }
    const UNREAD: &str = "a `printf` format mesoslint does not expand";
    let fmt = format.text.as_bytes();
    let src_of = |i: usize| {
        if format.bytes.len() == format.text.len() {
            format.bytes.get(i).copied().unwrap_or(NO_SOURCE)
        } else {
            NO_SOURCE
        }
    };
    let mut values = args.get(1..).unwrap_or(&[]).iter();
    let mut c = Content::default();
    loop {
        let mut conversions = 0;
        let mut i = 0;
        while let Some(&b) = fmt.get(i) {
            match b {
                b'\\' => {
                    let e = match fmt.get(i + 1) {
                        Some(b'n') => "\n",
                        Some(b't') => "\t",
                        Some(b'\\') => "\\",
                        _ => return Err(UNREAD),
                    };
                    // an escape stands for a byte that is not in the source
                    c.push_added(e);
                    i += 2;
                }
                b'%' => {
                    match fmt.get(i + 1) {
                        Some(b'%') => c.push_str("%", [src_of(i)]),
                        Some(b's') => {
                            conversions += 1;
                            if let Some(v) = values.next() {
                                c.push_word(v);
                            }
                        }
                        Some(b'd' | b'i') => {
                            conversions += 1;
                            match values.next() {
                                Some(v) if v.text.parse::<i64>().is_ok() => c.push_word(v),
                                Some(_) => return Err(UNREAD),
                                None => c.push_added("0"),
                            }
                        }
                        _ => return Err(UNREAD),
                    }
                    i += 2;
                }
                _ => {
                    // a whole UTF-8 sequence at once
                    let len = format.text[i..].chars().next().map_or(1, char::len_utf8);
                    c.push_str(&format.text[i..i + len], (i..i + len).map(src_of));
                    i += len;
                }
            }
        }
        if conversions == 0 || values.len() == 0 {
            return Ok(c);
        }
    }
}

/// The text of a here-document: literal under a quoted delimiter, else only when nothing in
/// it would be expanded.
fn heredoc(text: &str, h: &HereDoc) -> Result<Content, &'static str> {
    let body = text.get(h.body.clone()).unwrap_or("");
    if !h.quoted && body.contains(['$', '`', '\\']) {
        return Err("a variable, command substitution or escape in the here-document");
    }
    let mut c = Content::default();
    let mut at = h.body.start;
    for line in body.split_inclusive('\n') {
        let skip = if h.strip_tabs {
            line.len() - line.trim_start_matches('\t').len()
        } else {
            0
        };
        let kept = &line[skip..];
        c.push_str(kept, at + skip..at + line.len());
        at += line.len();
    }
    Ok(c)
}

/// Names assigned more than once, or by a `for` loop, anywhere in the script.
fn reassigned(cmds: &[ShCommand]) -> crate::FastSet<String> {
    let mut seen = crate::FastSet::default();
    let mut twice = crate::FastSet::default();
    for c in cmds {
        let words = &c.words;
        let first = words.first().map(|w| w.text.as_str());
        if first == Some("for") || first == Some("read") || first == Some("select") {
            for w in words.iter().skip(1).take_while(|w| w.text != "in") {
                twice.insert(w.text.clone());
            }
            continue;
        }
        for w in words {
            if let Some((k, _)) = w.text.split_once('=') {
                if is_name(k) && !seen.insert(k.to_string()) {
                    twice.insert(k.to_string());
                }
            }
        }
    }
    twice
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &str) -> Vec<(Option<String>, String)> {
        script_writes(src)
            .into_iter()
            .map(|o| {
                let what = match o.kind {
                    OpKind::Write { append, content } => match content {
                        Ok(c) => {
                            // every byte with a source stands there in the script
                            for (i, &s) in c.src.iter().enumerate() {
                                if s != NO_SOURCE {
                                    assert_eq!(src.as_bytes()[s], c.text.as_bytes()[i], "{src:?}");
                                }
                            }
                            format!("{}{:?}", if append { ">>" } else { ">" }, c.text)
                        }
                        Err(e) => format!("unknown: {e}"),
                    },
                    OpKind::Edit => "edit".into(),
                    OpKind::Remove => "rm".into(),
                    OpKind::Copy { from } => format!("cp {}", from.raw),
                };
                (o.target.path, what)
            })
            .collect()
    }

    fn w(path: &str, what: &str) -> (Option<String>, String) {
        (Some(path.into()), what.into())
    }

    #[test]
    fn echo_printf_and_tee() {
        assert_eq!(
            ops("echo 1 > /etc/mesos-master/quorum\necho -n 'a  b' \"c\" >>/f\n"),
            [
                w("/etc/mesos-master/quorum", ">\"1\\n\""),
                w("/f", ">>\"a  b c\"")
            ]
        );
        assert_eq!(
            ops("printf '%s\\n' zk://a:2181/mesos > /etc/mesos/zk\nprintf 'server.%d=%s\\n' 1 a 2 b >> /z\n"),
            [
                w("/etc/mesos/zk", ">\"zk://a:2181/mesos\\n\""),
                w("/z", ">>\"server.1=a\\nserver.2=b\\n\"")
            ]
        );
        assert_eq!(
            ops("echo docker,mesos | sudo tee -a /etc/mesos-slave/containerizers >/dev/null\n"),
            [
                w("/etc/mesos-slave/containerizers", ">>\"docker,mesos\\n\""),
                w("/dev/null", ">\"docker,mesos\\n\"")
            ]
        );
        assert_eq!(
            ops(": > /etc/x\ntrue >/etc/y"),
            [w("/etc/x", ">\"\""), w("/etc/y", ">\"\"")]
        );
    }

    #[test]
    fn heredocs() {
        let src = "cat > /etc/zookeeper/conf/zoo.cfg <<EOF\ntickTime=2000\nEOF\ncat <<-'X' | sudo tee /etc/mesos/zk\n\tzk://$A/m\nX\ncat >/q << E\n$Q\nE\n";
        assert_eq!(
            ops(src),
            [
                w("/etc/zookeeper/conf/zoo.cfg", ">\"tickTime=2000\\n\""),
                w("/etc/mesos/zk", ">\"zk://$A/m\\n\""),
                w(
                    "/q",
                    "unknown: a variable, command substitution or escape in the here-document"
                ),
            ]
        );
    }

    #[test]
    fn variables_and_commands() {
        let src = "ZK=zk://a:2181/mesos\nR=1\nR=2\necho $ZK > /etc/mesos/zk\necho $R > /etc/q\necho 1 > /etc/mesos-master/$F\nhostname -f > /etc/h\necho \"$(hostname)\" > /etc/i\nfor i in 1 2; do echo $i >> /z; done\n";
        assert_eq!(
            ops(src),
            [
                w("/etc/mesos/zk", ">\"zk://a:2181/mesos\\n\""),
                w("/etc/q", &format!("unknown: {VARIABLE}")),
                (None, ">\"1\\n\"".into()),
                w("/etc/h", "unknown: the output of a command"),
                w("/etc/i", &format!("unknown: {VARIABLE}")),
                w("/z", &format!("unknown: {VARIABLE}")),
            ]
        );
        assert_eq!(
            ops("echo 'a\\nb' > /x\nprintf '%5s' a > /y\n"),
            [
                w(
                    "/x",
                    "unknown: a backslash, which bash's and dash's `echo` expand differently"
                ),
                w("/y", "unknown: a `printf` format mesoslint does not expand"),
            ]
        );
    }

    #[test]
    fn sh_c_sed_and_rm() {
        let src = "sudo sh -c 'echo 2 > /etc/mesos-master/quorum'\nsudo sed -i 's/a/b/' /etc/zookeeper/conf/zoo.cfg\nrm -f /etc/mesos-slave/x\ncp -f /a /etc/b\nbash -c \"echo \\\"1\\\" > /etc/q\"\n";
        assert_eq!(
            ops(src),
            [
                w("/etc/mesos-master/quorum", ">\"2\\n\""),
                w("/etc/zookeeper/conf/zoo.cfg", "edit"),
                w("/etc/mesos-slave/x", "rm"),
                w("/etc/b", "cp /a"),
                w(
                    "/etc/q",
                    "unknown: written by a `sh -c` script with escaped quotes"
                ),
            ]
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        for src in [
            "cat <<",
            "echo >",
            "tee",
            "| tee /x",
            "printf '%",
            "printf '\\",
            "sh -c",
        ] {
            let _ = script_writes(src);
        }
        let big = "echo 1 | tee /a /b | tee /c\n".repeat(5_000);
        let t = std::time::Instant::now();
        assert_eq!(script_writes(&big).len(), 15_000);
        assert!(t.elapsed().as_secs() < 5);
    }
}
