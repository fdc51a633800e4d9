//! Path globs of `mesoslint.toml` (`exclude`, `[per-path-ignores]`, `[apps] paths`): a small
//! matcher of our own, so the engine in the browser needs no regex engine. It sits in the parse
//! layer because the model matches `[apps] paths` itself; `settings::glob` re-exports it.
//!
//! Syntax: `*` any run of characters within one path component, `?` one character, `[abc]`,
//! `[a-z]`, `[!abc]` / `[^abc]` one character of (not of) a class, `{a,b}` alternatives (not
//! nested), `\x` the character `x`; `**` as a whole component is any number of components
//! (`**/x`, `a/**/x`, `a/**`). `/` is never matched by `*`, `?` or a class. Matching is a table
//! over (pattern position, path position): cost is their product, never exponential.

use std::fmt;

/// At most this many alternatives after expanding `{...}`.
const MAX_ALTERNATIVES: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: any character but `/`.
    One,
    /// `*`: any run of characters without `/`.
    Star,
    /// `**` as the whole pattern or a trailing `/**`: anything, `/` included.
    Rest,
    /// A leading `**/` or an inner `/**/` (after its `/`): zero or more whole components.
    Dirs,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

/// One glob, compiled.
#[derive(Clone, Debug)]
pub struct Glob {
    alternatives: Vec<Vec<Token>>,
    /// The pattern names a path (`hosts/*/tmp`), not just a name (`*.bak`).
    has_slash: bool,
}

/// Why a glob is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobError(pub String);

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let pattern = pattern.trim_end_matches('/');
        let alternatives = expand_braces(pattern)?
            .iter()
            .map(|p| tokenize(p))
            .collect::<Result<_, _>>()?;
        Ok(Glob {
            alternatives,
            has_slash: pattern.contains('/'),
        })
    }

    /// Does the whole `/`-separated relative path match?
    pub fn is_match(&self, path: &str) -> bool {
        let chars: Vec<char> = path.chars().collect();
        self.alternatives.iter().any(|t| matches(t, &chars, false))
    }

    /// Is the path covered, as `exclude` means it: the path or one of its parent directories
    /// matches, and a pattern without `/` (`*.bak`, `old`) matches a name at any depth.
    pub fn covers(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        if self.has_slash {
            let chars: Vec<char> = path.chars().collect();
            self.alternatives.iter().any(|t| matches(t, &chars, true))
        } else {
            path.split('/').any(|name| self.is_match(name))
        }
    }
}

/// Expand `{a,b}` groups into whole patterns (escapes are kept for the tokenizer).
fn expand_braces(pattern: &str) -> Result<Vec<String>, GlobError> {
    let mut out = vec![String::new()];
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars
                    .next()
                    .ok_or_else(|| GlobError("dangling `\\` at the end of the glob".into()))?;
                out.iter_mut().for_each(|s| {
                    s.push('\\');
                    s.push(next);
                });
            }
            '[' if !in_class => {
                in_class = true;
                out.iter_mut().for_each(|s| s.push(c));
            }
            ']' if in_class => {
                in_class = false;
                out.iter_mut().for_each(|s| s.push(c));
            }
            '{' if !in_class => {
                let mut group = String::new();
                let mut closed = false;
                for g in chars.by_ref() {
                    match g {
                        '}' => {
                            closed = true;
                            break;
                        }
                        '{' => return Err(GlobError("nested `{` in a glob".into())),
                        _ => group.push(g),
                    }
                }
                if !closed {
                    return Err(GlobError("unclosed `{` in the glob".into()));
                }
                let parts: Vec<&str> = group.split(',').collect();
                if out.len() * parts.len() > MAX_ALTERNATIVES {
                    return Err(GlobError(format!(
                        "more than {MAX_ALTERNATIVES} alternatives in the glob"
                    )));
                }
                out = out
                    .iter()
                    .flat_map(|s| parts.iter().map(move |p| format!("{s}{p}")))
                    .collect();
            }
            '}' if !in_class => return Err(GlobError("unopened `}` in the glob".into())),
            _ => out.iter_mut().for_each(|s| s.push(c)),
        }
    }
    Ok(out)
}

fn tokenize(pattern: &str) -> Result<Vec<Token>, GlobError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                tokens.push(Token::Char(chars[i + 1]));
                i += 2;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                let starts_component = i == 0 || chars[i - 1] == '/';
                let after = chars.get(i + 2);
                if starts_component && after.is_none() {
                    // `**` or `a/**`: everything (below `a/`).
                    tokens.push(Token::Rest);
                    i += 2;
                } else if starts_component && after == Some(&'/') {
                    tokens.push(Token::Dirs);
                    i += 3;
                } else {
                    // `a**b` is two stars in one component: one star.
                    tokens.push(Token::Star);
                    i += 2;
                    while chars.get(i) == Some(&'*') {
                        i += 1;
                    }
                }
            }
            '*' => {
                tokens.push(Token::Star);
                i += 1;
            }
            '?' => {
                tokens.push(Token::One);
                i += 1;
            }
            '[' => {
                let (token, next) = class(&chars, i)?;
                tokens.push(token);
                i = next;
            }
            _ => {
                tokens.push(Token::Char(c));
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// A `[...]` class starting at `chars[start]`; returns it and the index after its `]`.
fn class(chars: &[char], start: usize) -> Result<(Token, usize), GlobError> {
    let mut i = start + 1;
    let negated = matches!(chars.get(i), Some('!') | Some('^'));
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(GlobError("unclosed character class `[` in the glob".into()));
        };
        if c == ']' && !first {
            return Ok((Token::Class { negated, items }, i + 1));
        }
        first = false;
        let lo = if c == '\\' {
            i += 1;
            *chars
                .get(i)
                .ok_or_else(|| GlobError("unclosed character class `[` in the glob".into()))?
        } else {
            c
        };
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&h| h != ']') {
            let hi = chars[i + 2];
            if hi < lo {
                return Err(GlobError(format!("invalid range `{lo}-{hi}` in the glob")));
            }
            items.push((lo, hi));
            i += 3;
        } else {
            items.push((lo, lo));
            i += 1;
        }
    }
}

/// Do the tokens match the whole path (or, with `or_parent`, the path up to a `/`)?
fn matches(tokens: &[Token], path: &[char], or_parent: bool) -> bool {
    let n = path.len();
    // next[j]: tokens[i+1..] match path[j..]; cur is filled for tokens[i..], from the end.
    let mut next: Vec<bool> = (0..=n)
        .map(|j| j == n || (or_parent && j > 0 && path[j] == '/'))
        .collect();
    let mut cur = vec![false; n + 1];
    for token in tokens.iter().rev() {
        match token {
            Token::Star | Token::Rest => {
                let slash_ok = matches!(token, Token::Rest);
                cur[n] = next[n];
                for j in (0..n).rev() {
                    cur[j] = next[j] || ((slash_ok || path[j] != '/') && cur[j + 1]);
                }
            }
            Token::Dirs => {
                // Zero components, or any characters up to and including a `/`.
                let mut after_slash = false;
                cur[n] = next[n];
                for j in (0..n).rev() {
                    if path[j] == '/' && next[j + 1] {
                        after_slash = true;
                    }
                    cur[j] = next[j] || after_slash;
                }
            }
            _ => {
                cur[n] = false;
                for j in 0..n {
                    cur[j] = next[j + 1] && one(token, path[j]);
                }
            }
        }
        std::mem::swap(&mut cur, &mut next);
    }
    next[0]
}

fn one(token: &Token, c: char) -> bool {
    match token {
        Token::Char(x) => *x == c,
        Token::One => c != '/',
        Token::Class { negated, items } => {
            c != '/' && (items.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated)
        }
        Token::Star | Token::Rest | Token::Dirs => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, path: &str) -> bool {
        Glob::new(p).unwrap().is_match(path)
    }

    #[test]
    fn stars_stay_within_a_component() {
        assert!(m("*.bak", "x.bak"));
        assert!(!m("*.bak", "d/x.bak"));
        assert!(m("hosts/*/tmp", "hosts/a/tmp"));
        assert!(!m("hosts/*/tmp", "hosts/a/b/tmp"));
        assert!(m("a**b", "axxb"));
        assert!(!m("a**b", "a/b"));
        assert!(m("?", "x") && !m("?", "/") && !m("?", "xy"));
    }

    #[test]
    fn double_stars_cross_components() {
        assert!(m("**", "a/b/c"));
        assert!(m("**/x", "x") && m("**/x", "a/b/x") && !m("**/x", "ax"));
        assert!(m("a/**", "a/b") && m("a/**", "a/b/c") && !m("a/**", "a"));
        assert!(m("a/**/x", "a/x") && m("a/**/x", "a/b/c/x") && !m("a/**/x", "ax"));
        assert!(m("hosts/*/tmp/**", "hosts/x/tmp/y"));
    }

    #[test]
    fn classes_braces_and_escapes() {
        assert!(m("[ab]", "a") && !m("[ab]", "c"));
        assert!(m("[!ab]", "c") && !m("[!ab]", "a") && !m("[!a]", "/"));
        assert!(m("x[0-9]", "x7") && !m("x[0-9]", "xa"));
        assert!(m("[]]", "]"));
        assert!(m("{a,b}/c", "a/c") && m("{a,b}/c", "b/c") && !m("{a,b}/c", "d/c"));
        assert!(m("\\*", "*") && !m("\\*", "x"));
        assert!(m("dir/", "dir"));
    }

    #[test]
    fn covers_parents_and_names_anywhere() {
        let g = |p: &str| Glob::new(p).unwrap();
        assert!(g("old").covers("old") && g("old").covers("a/old/b") && !g("old").covers("older"));
        assert!(g("*.bak").covers("x/y.bak") && g("*.bak").covers("y.bak/z"));
        assert!(g("hosts/*/tmp/**").covers("hosts/x/tmp/y"));
        assert!(!g("hosts/*/tmp/**").covers("hosts/x/etc"));
        assert!(g("hosts/m1").covers("hosts/m1/etc/zk") && !g("hosts/m1").covers("x/hosts/m1"));
        assert!(g("hosts/m1").covers("./hosts/m1"));
    }

    #[test]
    fn invalid_globs_are_errors() {
        for p in ["a/[", "{a", "a}", "{a,{b}}", "x\\", "[z-a]"] {
            assert!(Glob::new(p).is_err(), "{p}");
        }
        let many = "{a,b}".repeat(7);
        assert!(Glob::new(&many).is_err());
    }

    #[test]
    fn long_paths_and_patterns_stay_cheap() {
        let path = "a/".repeat(2000) + "b";
        let pattern = "**/".repeat(50) + "*a*a*a*a*a*c";
        assert!(!Glob::new(&pattern).unwrap().is_match(&path));
    }
}
