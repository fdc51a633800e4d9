//! A span-preserving reader for the YAML that docker-compose files use (own code: the wasm
//! module stays small). Block and flow mappings and sequences, plain, single- and
//! double-quoted scalars, literal and folded block scalars, comments, several documents,
//! anchors, aliases and merge keys (`<<: *x`, `<<: [*a, *b]`); tags are skipped.
//!
//! It never guesses: what it does not understand is a [`SyntaxError`] with its place, never a
//! different value. Bounded: nesting deeper than [`MAX_DEPTH`] and alias expansion beyond a
//! node budget proportional to the input are errors, not a stack overflow or a hang.

mod scalar;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;

use crate::parse::SyntaxError;

/// How deep collections may nest.
pub const MAX_DEPTH: usize = 64;

/// A YAML node and the bytes it was read from (for an alias: the anchored node's bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// An empty value, `~` or `null`.
    Null,
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in order, merge keys resolved (explicit keys win over merged ones).
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    pub text: String,
    /// The source bytes of the node's span are `text` exactly (a one-line plain scalar, a
    /// quoted one without escapes, quotes excluded from the span).
    pub exact: bool,
    /// Plain (unquoted, not a block scalar): `null`, numbers and booleans keep their text.
    pub plain: bool,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// Read every document of `text`.
pub fn parse_yaml(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
        anchors: HashMap::new(),
        budget: 50_000 + 2 * text.len(),
    };
    p.documents()
}

pub(crate) struct Parser<'a> {
    pub(crate) src: &'a [u8],
    pub(crate) text: &'a str,
    pub(crate) pos: usize,
    anchors: HashMap<String, (Node, usize)>,
    /// Nodes that may still be made (aliases copy theirs): an alias bomb runs out.
    budget: usize,
}

pub(crate) type Res<T> = Result<T, SyntaxError>;

impl<'a> Parser<'a> {
    pub(crate) fn err<T>(&self, at: usize, message: impl Into<String>) -> Res<T> {
        Err(SyntaxError {
            message: message.into(),
            span: at..(at + 1).min(self.src.len()).max(at),
        })
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    pub(crate) fn at(&self, i: usize) -> Option<u8> {
        self.src.get(i).copied()
    }

    /// The column of `pos` (bytes since the line start).
    pub(crate) fn col(&self, pos: usize) -> usize {
        let before = self.src.get(..pos).unwrap_or(&[]);
        pos - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    }

    pub(crate) fn slice(&self, r: Range<usize>) -> &'a str {
        self.text.get(r).unwrap_or("")
    }

    fn count(&mut self, n: usize) -> Res<()> {
        match self.budget.checked_sub(n) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => self.err(self.pos, "too many nodes (alias expansion is bounded)"),
        }
    }

    /// Skip spaces (not tabs, not line breaks) on the current line.
    pub(crate) fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Skip spaces and tabs after content on a line.
    pub(crate) fn inline_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// At the end of a line's content (line break, end, or a comment after space)?
    pub(crate) fn at_eol(&self) -> bool {
        match self.peek() {
            None | Some(b'\n') | Some(b'\r') => true,
            Some(b'#') => {
                self.pos == 0 || matches!(self.at(self.pos - 1), Some(b' ' | b'\t' | b'\n'))
            }
            _ => false,
        }
    }

    /// Skip the rest of the line (a comment may be there) and the line break.
    pub(crate) fn end_line(&mut self) -> Res<()> {
        self.inline_space();
        if !self.at_eol() {
            return self.err(self.pos, "unexpected text after a value");
        }
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\n' {
                break;
            }
        }
        Ok(())
    }

    /// Move to the first content of the next line holding any, returning its column; `None`
    /// at the end of the input or of the document (`---`, `...`). Tabs in indentation are
    /// errors.
    pub(crate) fn next_content(&mut self) -> Res<Option<usize>> {
        loop {
            let line_start = self.pos;
            self.spaces();
            match self.peek() {
                None => return Ok(None),
                Some(b'\t') => {
                    // a tab after indentation is only allowed on a blank line
                    let t = self.pos;
                    self.inline_space();
                    if self.at_eol() {
                        self.end_line()?;
                        continue;
                    }
                    return self.err(t, "a tab character in indentation");
                }
                Some(b'#') | Some(b'\n') | Some(b'\r') => {
                    self.end_line()?;
                    continue;
                }
                _ => {}
            }
            if self.pos == line_start && self.doc_marker() {
                return Ok(None);
            }
            return Ok(Some(self.pos - line_start));
        }
    }

    /// `---` or `...` at the start of a line (pos there).
    fn doc_marker(&self) -> bool {
        let m = self.src.get(self.pos..self.pos + 3);
        (m == Some(b"---") || m == Some(b"..."))
            && matches!(
                self.at(self.pos + 3),
                None | Some(b' ' | b'\t' | b'\n' | b'\r')
            )
    }

    fn documents(&mut self) -> Res<Vec<Node>> {
        let mut docs = Vec::new();
        if self.src.starts_with("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        loop {
            let Some(col) = self.next_content()? else {
                if self.pos >= self.src.len() {
                    return Ok(docs);
                }
                // a document marker
                let marker = self.src.get(self.pos..self.pos + 3) == Some(b"---");
                self.pos += 3;
                self.inline_space();
                if marker && !self.at_eol() {
                    // `--- value` on the marker line
                    let start = self.pos;
                    let node = self.block(0, start, 0)?;
                    docs.push(node);
                    continue;
                }
                self.end_line()?;
                continue;
            };
            if self.peek() == Some(b'%') {
                return self.err(self.pos, "YAML directives are not supported");
            }
            let start = self.pos;
            let node = self.block(col, start, 0)?;
            docs.push(node);
            if let Some(_c) = self.next_content()? {
                return self.err(
                    self.pos,
                    "unexpected text: a document holds one top-level value",
                );
            }
        }
    }

    /// A block node whose first content is at `pos` (column `col`): a sequence, a mapping or
    /// a scalar. The lines after it that belong to it are indented more than `parent` allows.
    pub(crate) fn block(&mut self, col: usize, _start: usize, depth: usize) -> Res<Node> {
        if depth > MAX_DEPTH {
            return self.err(self.pos, "nesting too deep");
        }
        self.count(1)?;
        if self.is_seq_entry() {
            return self.block_seq(col, depth);
        }
        if self.key_ahead()? {
            return self.block_map(col, depth);
        }
        // A scalar, flow collection, alias or properties then a node.
        self.inline_value(col, depth, false)
    }

    /// `-` followed by a space or the end of the line.
    pub(crate) fn is_seq_entry(&self) -> bool {
        self.peek() == Some(b'-')
            && matches!(
                self.at(self.pos + 1),
                None | Some(b' ' | b'\n' | b'\r' | b'\t')
            )
    }

    fn block_seq(&mut self, col: usize, depth: usize) -> Res<Node> {
        let start = self.pos;
        let mut items = Vec::new();
        let mut end = self.pos;
        loop {
            // at `-`
            self.pos += 1;
            self.inline_space();
            let item = if self.at_eol() {
                self.end_line()?;
                self.child_or_null(col, false, depth)?
            } else {
                let c = self.col(self.pos);
                let s = self.pos;
                let node = self.block(c, s, depth + 1)?;
                self.after_node()?;
                node
            };
            end = end.max(item.span.end);
            items.push(item);
            match self.next_content()? {
                Some(c) if c == col && self.is_seq_entry() => continue,
                Some(c) if c > col => {
                    return self.err(self.pos, "bad indentation of a sequence entry")
                }
                Some(_) => {
                    self.rewind_line();
                    break;
                }
                None => break,
            }
        }
        Ok(Node {
            value: Value::Seq(items),
            span: start..end,
        })
    }

    /// After a node that ended mid-line: the rest of the line must be empty or a comment.
    pub(crate) fn after_node(&mut self) -> Res<()> {
        if self.pos > 0 && self.at(self.pos - 1) == Some(b'\n') {
            return Ok(()); // the node consumed its lines
        }
        self.end_line()
    }

    /// Go back to the start of the current line (after `next_content` looked ahead).
    pub(crate) fn rewind_line(&mut self) {
        while self.pos > 0 && self.at(self.pos - 1) != Some(b'\n') {
            self.pos -= 1;
        }
    }

    /// The node on the lines after a `key:` or `-` with nothing after it: indented more than
    /// `col` (or, for a mapping value, a sequence at `col`), else null.
    pub(crate) fn child_or_null(
        &mut self,
        col: usize,
        seq_at_col: bool,
        depth: usize,
    ) -> Res<Node> {
        let here = self.pos;
        match self.next_content()? {
            Some(c) if c > col || (seq_at_col && c == col && self.is_seq_entry()) => {
                let s = self.pos;
                self.block(c, s, depth + 1)
            }
            _ => {
                self.pos = here;
                Ok(Node {
                    value: Value::Null,
                    span: here..here,
                })
            }
        }
    }

    fn block_map(&mut self, col: usize, depth: usize) -> Res<Node> {
        let start = self.pos;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut merged: Vec<(Node, Node)> = Vec::new();
        // scalar keys seen, with where: duplicates are errors (as in docker compose)
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut end = self.pos;
        loop {
            let key = self.map_key(depth)?;
            // at ':'
            self.pos += 1;
            self.inline_space();
            let value = if self.at_eol() {
                self.end_line()?;
                self.child_or_null(col, true, depth)?
            } else {
                let v = self.inline_value(col, depth + 1, true)?;
                self.after_node()?;
                v
            };
            end = end.max(value.span.end).max(key.span.end);
            if key.as_str() == Some("<<") && matches!(&key.value, Value::Scalar(s) if s.plain) {
                self.merge_into(&mut merged, value)?;
            } else {
                let seen_at = key
                    .as_str()
                    .and_then(|k| seen.insert(k.to_string(), key.span.start));
                if let Some(first) = seen_at {
                    let (line, _) = crate::parse::line_column(self.text, first);
                    return Err(SyntaxError {
                        message: format!(
                            "mapping key `{}` already defined at line {line}",
                            key.as_str().unwrap_or("")
                        ),
                        span: key.span.clone(),
                    });
                }
                entries.push((key, value));
            }
            match self.next_content()? {
                Some(c) if c == col && !self.is_seq_entry() => {
                    if !self.key_ahead()? {
                        return self.err(self.pos, "expected a `key: value` line of the mapping");
                    }
                    continue;
                }
                Some(c) if c > col => {
                    return self.err(self.pos, "bad indentation of a mapping entry")
                }
                Some(_) => {
                    self.rewind_line();
                    break;
                }
                None => break,
            }
        }
        for (k, v) in merged {
            let taken = match k.as_str() {
                Some(name) => seen.contains_key(name),
                None => entries.iter().any(|(e, _)| e.value == k.value),
            };
            if !taken {
                entries.push((k, v));
            }
        }
        Ok(Node {
            value: Value::Map(entries),
            span: start..end,
        })
    }

    /// `<<: *a` or `<<: [*a, *b]`: the mappings' entries, earlier ones winning.
    fn merge_into(&mut self, merged: &mut Vec<(Node, Node)>, value: Node) -> Res<()> {
        let maps = match value.value {
            Value::Map(m) => vec![m],
            Value::Seq(items) => {
                let mut maps = Vec::new();
                for i in items {
                    match i.value {
                        Value::Map(m) => maps.push(m),
                        _ => {
                            return self.err(i.span.start, "a merge key (`<<`) takes mappings only")
                        }
                    }
                }
                maps
            }
            _ => {
                return self.err(
                    value.span.start,
                    "a merge key (`<<`) takes a mapping or a list of mappings",
                )
            }
        };
        for m in maps {
            for (k, v) in m {
                if !merged.iter().any(|(e, _)| e.value == k.value) {
                    merged.push((k, v));
                }
            }
        }
        Ok(())
    }

    /// Does a `key:` start at `pos` (on this line)?
    pub(crate) fn key_ahead(&mut self) -> Res<bool> {
        let save = self.pos;
        let found = self.scan_key().is_ok_and(|k| k.is_some());
        self.pos = save;
        Ok(found)
    }

    /// A mapping key at `pos`, leaving `pos` at its `:`.
    fn map_key(&mut self, _depth: usize) -> Res<Node> {
        match self.scan_key()? {
            Some(k) => Ok(k),
            None => self.err(self.pos, "expected a mapping key"),
        }
    }

    /// A key on this line: quoted or plain, followed by `:` and a space or the end of line.
    fn scan_key(&mut self) -> Res<Option<Node>> {
        let start = self.pos;
        match self.peek() {
            Some(b'"' | b'\'') => {
                let node = self.quoted()?;
                self.inline_space();
                if self.peek() == Some(b':') && self.colon_ends() {
                    return Ok(Some(node));
                }
                self.pos = start;
                Ok(None)
            }
            Some(b'?') if self.colon_ends() => {
                self.err(start, "complex mapping keys (`? `) are not supported")
            }
            Some(b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'#')
            | None => Ok(None),
            _ => {
                let mut i = self.pos;
                loop {
                    match self.at(i) {
                        None | Some(b'\n' | b'\r') => return Ok(None),
                        Some(b'#') if matches!(self.at(i.wrapping_sub(1)), Some(b' ' | b'\t')) => {
                            return Ok(None)
                        }
                        Some(b':')
                            if matches!(
                                self.at(i + 1),
                                None | Some(b' ' | b'\t' | b'\n' | b'\r')
                            ) =>
                        {
                            break
                        }
                        _ => i += 1,
                    }
                }
                let raw = self.slice(start..i);
                let text = raw.trim_end_matches([' ', '\t']);
                self.pos = i;
                Ok(Some(Node {
                    value: Value::Scalar(Scalar {
                        text: text.to_string(),
                        exact: true,
                        plain: true,
                    }),
                    span: start..start + text.len(),
                }))
            }
        }
    }

    /// Is the `:` at `pos` followed by a space or the end of the line?
    fn colon_ends(&self) -> bool {
        matches!(
            self.at(self.pos + 1),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        )
    }

    /// A value after `key: `, after `- `, or alone: properties (`&a`, `!tag`), an alias, a
    /// flow collection, a quoted or block scalar, or a plain scalar. `col` is the column of
    /// the collection it belongs to: continuation lines must be indented more.
    pub(crate) fn inline_value(&mut self, col: usize, depth: usize, in_map: bool) -> Res<Node> {
        if depth > MAX_DEPTH {
            return self.err(self.pos, "nesting too deep");
        }
        let mut anchor: Option<String> = None;
        loop {
            match self.peek() {
                Some(b'&') => {
                    let (name, at) = self.name_after_sigil();
                    if name.is_empty() {
                        return self.err(at, "an anchor needs a name");
                    }
                    anchor = Some(name);
                    self.inline_space();
                }
                Some(b'!') => {
                    let _ = self.name_after_sigil();
                    self.inline_space();
                }
                _ => break,
            }
        }
        self.count(1)?;
        let start_count = self.budget;
        let node = if anchor.is_some() && self.at_eol() {
            self.end_line()?;
            self.child_or_null(col, in_map, depth)?
        } else {
            match self.peek() {
                Some(b'*') => {
                    let (name, at) = self.name_after_sigil();
                    let Some((node, n)) = self.anchors.get(&name).cloned() else {
                        return self.err(at, format!("unknown alias `*{name}`"));
                    };
                    self.count(n)?;
                    node
                }
                Some(b'[' | b'{') => self.flow(depth)?,
                Some(b'"' | b'\'') => {
                    let n = self.quoted()?;
                    self.inline_space();
                    if self.peek() == Some(b':') && self.colon_ends() {
                        return self.err(
                            self.pos,
                            "a mapping is not allowed here (put it on its own line)",
                        );
                    }
                    n
                }
                Some(b'|' | b'>') => self.block_scalar(col)?,
                _ => self.plain_block(col, in_map)?,
            }
        };
        if let Some(name) = anchor {
            let n = start_count.saturating_sub(self.budget).max(1);
            self.anchors.insert(name, (node.clone(), n));
        }
        Ok(node)
    }

    /// The name after `&`, `*` or `!` (up to a space, line end or flow indicator).
    fn name_after_sigil(&mut self) -> (String, usize) {
        let at = self.pos;
        self.pos += 1;
        let s = self.pos;
        while let Some(c) = self.peek() {
            if matches!(
                c,
                b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
            ) {
                break;
            }
            self.pos += 1;
        }
        (self.slice(s..self.pos).to_string(), at)
    }
}
