//! `sh -c 'mesos-master --quorum=2 ...'`: a daemon started through a shell whose script is one
//! argument (systemd `ExecStart=/bin/sh -c "..."`, a compose `command: ["sh", "-c", "..."]`,
//! `docker run IMAGE bash -c "..."`). The script's own commands are what starts the daemon, so
//! callers replace the shell's command by them. Words keep their place in the file when the
//! argument's text stands in the source as it is (the usual case: one pair of quotes around
//! it); otherwise every inner word points at the whole argument.
//!
//! One level only: a `sh -c` inside the inner script is left as written (its words are then
//! not read), which keeps the cost linear in the argument's length.

use std::ops::Range;

use super::shell_words::{split_script, ShCommand, ShScript};

/// Programs that take `-c SCRIPT`.
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "ksh", "mksh", "zsh"];

fn base(prog: &str) -> &str {
    prog.rsplit('/').next().unwrap_or(prog)
}

/// The index in `argv` of the script of `sh -c SCRIPT [NAME [ARGS...]]` (option clusters such
/// as `-ec`, `-lc`, `-xc`, `-o pipefail` and bash's long options before it; `busybox sh` and
/// `env sh` too), or `None` when `argv` does not run a shell on a `-c` script.
pub fn script_index<S: AsRef<str>>(argv: &[S]) -> Option<usize> {
    let word = |i: usize| argv.get(i).map(|w| w.as_ref());
    let mut i = 0;
    while matches!(word(i).map(base), Some("busybox" | "env" | "exec")) {
        i += 1;
    }
    if !SHELLS.contains(&base(word(i)?)) {
        return None;
    }
    i += 1;
    let mut has_c = false;
    while let Some(w) = word(i) {
        if w == "--" {
            i += 1;
            break;
        }
        if w.starts_with("--") {
            // bash long options (`--login`, `--norc`) take no argument
            i += 1;
            continue;
        }
        let Some(opts) = w.strip_prefix('-').or_else(|| w.strip_prefix('+')) else {
            break;
        };
        if opts.is_empty() {
            break;
        }
        has_c |= opts.contains('c');
        // `-o name` / `+o name`: the option's name is the next word
        i += if opts.contains('o') { 2 } else { 1 };
    }
    (has_c && word(i).is_some()).then_some(i)
}

/// Where the text of an argument starts in `src` when the source bytes at `span` are the text
/// itself, or the text inside one pair of quotes (no escapes in between).
pub fn text_offset(src: &str, span: &Range<usize>, text: &str) -> Option<usize> {
    let raw = src.get(span.clone())?;
    if raw == text {
        return Some(span.start);
    }
    let q = raw.as_bytes().first().copied()?;
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    (matches!(q, b'"' | b'\'')
        && raw.len() >= 2
        && raw.as_bytes().last() == Some(&q)
        && inner == text
        && (q == b'\'' || !text.contains(['\\', '"'])))
    .then_some(span.start + 1)
}

/// The commands of a `-c` script: with `at` (the offset where `script` stands exactly in the
/// file, see [`text_offset`]) every word and error is placed in the file; without it every
/// word points at `whole` (the argument) and has no byte map.
pub fn split_inline(script: &str, at: Option<usize>, whole: &Range<usize>) -> ShScript {
    let mut s = split_script(script);
    let place = |r: &mut Range<usize>| match at {
        Some(at) => *r = r.start + at..r.end + at,
        None => *r = whole.clone(),
    };
    for w in s.commands.iter_mut().flat_map(|c| c.words.iter_mut()) {
        place(&mut w.span);
        match at {
            Some(at) => w.bytes.iter_mut().for_each(|b| *b += at),
            None => w.bytes.clear(),
        }
    }
    for e in &mut s.errors {
        place(&mut e.span);
    }
    s
}

/// Replace every `sh -c SCRIPT` command of `commands` by the commands of its script (their
/// words placed in the file when the script's bytes are mapped there). The errors of inner scripts are
/// returned with them.
pub fn inline_commands(commands: Vec<ShCommand>) -> ShScript {
    let mut out = ShScript::default();
    for cmd in commands {
        let texts: Vec<&str> = cmd.words.iter().map(|w| w.text.as_str()).collect();
        let Some(i) = script_index(&texts) else {
            out.commands.push(cmd);
            continue;
        };
        let Some(w) = cmd.words.get(i) else {
            out.commands.push(cmd);
            continue;
        };
        let at = w.exact_sub(0..w.text.len()).map(|r| r.start);
        let inner = split_inline(&w.text, at, &w.span);
        out.errors.extend(inner.errors);
        out.commands.extend(inner.commands);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_script_argument() {
        assert_eq!(script_index(&["/bin/sh", "-c", "x"]), Some(2));
        assert_eq!(script_index(&["bash", "-ec", "x"]), Some(2));
        assert_eq!(
            script_index(&["bash", "--login", "-o", "pipefail", "-c", "x"]),
            Some(5)
        );
        assert_eq!(script_index(&["/bin/busybox", "sh", "-c", "x"]), Some(3));
        assert_eq!(script_index(&["sh", "start.sh"]), None);
        assert_eq!(script_index(&["sh", "-c"]), None);
        assert_eq!(script_index(&["mesos-master", "-c", "x"]), None);
    }

    #[test]
    fn inner_words_keep_their_place() {
        let src = "/bin/sh -c \"exec mesos-master --quorum=2 --zk=$ZK\"\n";
        let outer = split_script(src);
        let s = inline_commands(outer.commands);
        let words: Vec<&str> = s.commands[0]
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(words, ["exec", "mesos-master", "--quorum=2", "--zk=$ZK"]);
        let q = &s.commands[0].words[2];
        assert_eq!(src.get(q.span.clone()), Some("--quorum=2"));
        assert_eq!(q.exact_sub(9..10).and_then(|r| src.get(r)), Some("2"));
    }

    #[test]
    fn escaped_scripts_point_at_the_argument() {
        let src = "sh -c \"mesos-master --cluster=\\\"a b\\\"\"";
        let s = inline_commands(split_script(src).commands);
        let w = &s.commands[0].words[1];
        assert_eq!(w.text, "--cluster=a b");
        assert_eq!(w.span, 6..src.len());
        assert_eq!(w.exact_sub(0..1), None);
    }

    #[test]
    fn offsets_of_quoted_arguments() {
        let src = "x 'a b' \"c\\\"d\" e";
        assert_eq!(text_offset(src, &(2..7), "a b"), Some(3));
        assert_eq!(text_offset(src, &(8..14), "c\"d"), None);
        assert_eq!(text_offset(src, &(15..16), "e"), Some(15));
    }
}
