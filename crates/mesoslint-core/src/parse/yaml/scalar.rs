//! Scalars (plain, quoted, block) and flow collections of the YAML reader.

use super::{Node, Parser, Res, Scalar, Value, MAX_DEPTH};

fn scalar(text: String, exact: bool, plain: bool, span: std::ops::Range<usize>) -> Node {
    Node {
        value: Value::Scalar(Scalar { text, exact, plain }),
        span,
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

impl Parser<'_> {
    /// A plain scalar in block context, continued on more-indented lines (folded).
    pub(crate) fn plain_block(&mut self, col: usize, _in_map: bool) -> Res<Node> {
        let start = self.pos;
        match self.peek() {
            Some(b'%' | b'@' | b'`' | b']' | b'}' | b',') => {
                return self.err(
                    start,
                    "a plain value cannot start with this character (quote it)",
                )
            }
            Some(b'-' | b'?' | b':')
                if matches!(
                    self.at(start + 1),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r')
                ) =>
            {
                return self.err(start, "unexpected indicator (quote the value)")
            }
            _ => {}
        }
        let first = self.plain_line()?;
        let mut end = first.end;
        let mut text = self.slice(first.clone()).to_string();
        let mut exact = true;
        // continuation lines
        loop {
            let save = self.pos;
            let mut blank_lines = 0usize;
            // count the line breaks to the next content
            let mut i = self.pos;
            let mut line_has_content = false;
            while let Some(c) = self.at(i) {
                match c {
                    b'\n' => {
                        blank_lines += 1;
                        line_has_content = false;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    _ => {
                        line_has_content = true;
                        break;
                    }
                }
                i += 1;
            }
            if !line_has_content || blank_lines == 0 {
                self.pos = save;
                break;
            }
            let c = self.col(i);
            if c <= col || self.at(i) == Some(b'#') {
                self.pos = save;
                break;
            }
            self.pos = i;
            let line = self.plain_line()?;
            if blank_lines == 1 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blank_lines - 1));
            }
            text.push_str(self.slice(line.clone()));
            end = line.end;
            exact = false;
        }
        if exact && is_null(&text) {
            return Ok(Node {
                value: Value::Null,
                span: start..end,
            });
        }
        Ok(scalar(text, exact, true, start..end))
    }

    /// The content of one line of a plain block scalar from `pos`: up to a comment or the
    /// line end, trailing spaces trimmed. `: ` inside is an error (a mapping not allowed here).
    fn plain_line(&mut self) -> Res<std::ops::Range<usize>> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\n' | b'\r' => break,
                b'#' if matches!(self.at(self.pos.wrapping_sub(1)), Some(b' ' | b'\t')) => break,
                b':' if matches!(
                    self.at(self.pos + 1),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r')
                ) =>
                {
                    return self.err(
                        self.pos,
                        "a mapping value is not allowed here (quote the value)",
                    )
                }
                _ => self.pos += 1,
            }
        }
        let raw = self.slice(start..self.pos);
        let end = start + raw.trim_end_matches([' ', '\t']).len();
        Ok(start..end)
    }

    /// A single- or double-quoted scalar; the span is inside the quotes.
    pub(crate) fn quoted(&mut self) -> Res<Node> {
        let open = self.pos;
        let q = self.peek().unwrap_or(b'"');
        self.pos += 1;
        let start = self.pos;
        let mut out: Vec<u8> = Vec::new();
        let mut exact = true;
        loop {
            let Some(c) = self.peek() else {
                return self.err(open, "unterminated quoted value");
            };
            match c {
                _ if c == q && q == b'\'' && self.at(self.pos + 1) == Some(b'\'') => {
                    out.push(b'\'');
                    exact = false;
                    self.pos += 2;
                }
                _ if c == q => break,
                b'\\' if q == b'"' => {
                    exact = false;
                    self.escape(&mut out)?;
                }
                b'\n' | b'\r' => {
                    exact = false;
                    self.fold_quoted(&mut out)?;
                }
                _ => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
        let end = self.pos;
        self.pos += 1; // closing quote
        let text = String::from_utf8(out).map_err(|_| super::SyntaxError {
            message: "invalid text in a quoted value".into(),
            span: open..end,
        })?;
        Ok(scalar(text, exact, false, start..end))
    }

    /// A line break inside a quoted scalar: trailing spaces dropped, one break is a space,
    /// more are newlines, the next line's indentation dropped.
    fn fold_quoted(&mut self, out: &mut Vec<u8>) -> Res<()> {
        while out.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
            out.pop();
        }
        let mut breaks = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'\n' => breaks += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if self.col(self.pos) == 0
            && self
                .src
                .get(self.pos..self.pos + 3)
                .is_some_and(|m| m == b"---" || m == b"...")
        {
            return self.err(self.pos, "a document marker inside a quoted value");
        }
        if breaks <= 1 {
            out.push(b' ');
        } else {
            out.extend(std::iter::repeat_n(b'\n', breaks - 1));
        }
        Ok(())
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Res<()> {
        let at = self.pos;
        self.pos += 1;
        let Some(e) = self.peek() else {
            return self.err(at, "unterminated escape");
        };
        self.pos += 1;
        let simple = match e {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\u{b}'),
            b'f' => Some('\u{c}'),
            b'r' => Some('\r'),
            b'e' => Some('\u{1b}'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(ch) = simple {
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            return Ok(());
        }
        let digits = match e {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            b'\n' | b'\r' => {
                // an escaped line break: joined without a space
                if e == b'\r' && self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
                while matches!(self.peek(), Some(b' ' | b'\t')) {
                    self.pos += 1;
                }
                return Ok(());
            }
            _ => return self.err(at, "unknown escape in a double-quoted value"),
        };
        let hex = self.slice(self.pos..self.pos + digits);
        let ch = (hex.len() == digits)
            .then(|| u32::from_str_radix(hex, 16).ok())
            .flatten()
            .and_then(char::from_u32);
        let Some(ch) = ch else {
            return self.err(at, "bad hexadecimal escape");
        };
        self.pos += digits;
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// `|` or `>` with optional chomping (`-`, `+`) and indentation indicators; the content
    /// lines indented more than `col`.
    pub(crate) fn block_scalar(&mut self, col: usize) -> Res<Node> {
        let head = self.pos;
        let literal = self.peek() == Some(b'|');
        self.pos += 1;
        let mut chomp = 0i8; // -1 strip, 0 clip, 1 keep
        let mut explicit: Option<usize> = None;
        for _ in 0..2 {
            match self.peek() {
                Some(b'-') => chomp = -1,
                Some(b'+') => chomp = 1,
                Some(d @ b'1'..=b'9') => explicit = Some(usize::from(d - b'0')),
                _ => break,
            }
            self.pos += 1;
        }
        self.end_line()?;
        // indentation of the content
        let mut indent = explicit.map(|d| col + d);
        let body_start = self.pos;
        let mut lines: Vec<(usize, usize)> = Vec::new(); // (line start, line end) of member lines
        let mut i = self.pos;
        while i < self.src.len() {
            let ls = i;
            let mut le = i;
            while le < self.src.len() && self.at(le) != Some(b'\n') {
                le += 1;
            }
            let line = self.slice(ls..le).trim_end_matches('\r');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let blank = line.trim_start_matches(' ').is_empty();
            if !blank {
                let need = match indent {
                    Some(n) => n,
                    None => {
                        if spaces <= col {
                            break;
                        }
                        indent = Some(spaces);
                        spaces
                    }
                };
                if spaces < need {
                    break;
                }
            }
            lines.push((ls, ls + line.len()));
            i = le + 1;
        }
        let n = indent.unwrap_or(col + 1);
        // trailing blank lines are chomped, not content
        let last_content = lines
            .iter()
            .rposition(|&(s, e)| !self.slice(s..e).trim_start_matches(' ').is_empty());
        let mut text = String::new();
        let mut prev_more_indented = true;
        let mut pending_breaks = 0usize;
        let content = last_content.map_or(&[][..], |k| lines.get(..=k).unwrap_or(&[]));
        for (idx, &(s, e)) in content.iter().enumerate() {
            let line = self.slice(s..e);
            let body = line.get(n.min(line.len())..).unwrap_or("");
            let blank = line.trim_start_matches(' ').is_empty();
            if blank {
                pending_breaks += 1;
                continue;
            }
            let more = body.starts_with([' ', '\t']);
            if idx > 0 {
                if literal || more || prev_more_indented {
                    text.extend(std::iter::repeat_n('\n', pending_breaks + 1));
                } else if pending_breaks == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', pending_breaks));
                }
            } else {
                text.extend(std::iter::repeat_n('\n', pending_breaks));
            }
            pending_breaks = 0;
            prev_more_indented = more;
            text.push_str(body);
        }
        let trailing = lines.len() - content.len();
        match chomp {
            -1 => {}
            0 if last_content.is_some() => text.push('\n'),
            0 => {}
            _ => {
                if last_content.is_some() {
                    text.push('\n');
                }
                text.extend(std::iter::repeat_n('\n', trailing));
            }
        }
        let end = content.last().map_or(body_start, |&(_, e)| e);
        self.pos = lines
            .last()
            .map_or(body_start, |&(_, e)| (e + 1).min(self.src.len()));
        let _ = head;
        Ok(scalar(text, false, false, body_start..end.max(body_start)))
    }

    /// A flow collection (`[...]` or `{...}`), which may span lines.
    pub(crate) fn flow(&mut self, depth: usize) -> Res<Node> {
        if depth > MAX_DEPTH {
            return self.err(self.pos, "nesting too deep");
        }
        let open = self.pos;
        let is_map = self.peek() == Some(b'{');
        let close = if is_map { b'}' } else { b']' };
        self.pos += 1;
        let mut items = Vec::new();
        let mut pairs = Vec::new();
        loop {
            self.flow_space()?;
            match self.peek() {
                None => return self.err(open, "unterminated flow collection"),
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let key = self.flow_node(depth + 1)?;
            self.flow_space()?;
            let pair = if self.peek() == Some(b':') {
                self.pos += 1;
                self.flow_space()?;
                let value = if matches!(self.peek(), Some(b',')) || self.peek() == Some(close) {
                    Node {
                        value: Value::Null,
                        span: self.pos..self.pos,
                    }
                } else {
                    self.flow_node(depth + 1)?
                };
                Ok((key, value))
            } else {
                Err(key)
            };
            match (is_map, pair) {
                (true, Ok(p)) => pairs.push(p),
                (true, Err(key)) => {
                    let span = key.span.end..key.span.end;
                    pairs.push((
                        key,
                        Node {
                            value: Value::Null,
                            span,
                        },
                    ))
                }
                (false, Ok((k, v))) => {
                    let span = k.span.start..v.span.end;
                    items.push(Node {
                        value: Value::Map(vec![(k, v)]),
                        span,
                    })
                }
                (false, Err(key)) => items.push(key),
            }
            self.flow_space()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return self.err(self.pos, "expected `,` or the end of the flow collection"),
            }
        }
        let span = open..self.pos;
        Ok(Node {
            value: if is_map {
                Value::Map(pairs)
            } else {
                Value::Seq(items)
            },
            span,
        })
    }

    /// Spaces, line breaks and comments inside a flow collection.
    fn flow_space(&mut self) -> Res<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'#') if self.at_eol() => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// One node inside a flow collection.
    fn flow_node(&mut self, depth: usize) -> Res<Node> {
        match self.peek() {
            Some(b'[' | b'{') => self.flow(depth),
            Some(b'"' | b'\'') => self.quoted(),
            Some(b'&' | b'*' | b'!') => {
                // properties and aliases: through the block reader's value path, which stops
                // at flow indicators for names
                self.inline_flow_props(depth)
            }
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    match c {
                        b',' | b'[' | b']' | b'{' | b'}' | b'\n' | b'\r' => break,
                        b':' if matches!(
                            self.at(self.pos + 1),
                            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}')
                        ) =>
                        {
                            break
                        }
                        b'#' if matches!(self.at(self.pos.wrapping_sub(1)), Some(b' ' | b'\t')) => {
                            break
                        }
                        _ => self.pos += 1,
                    }
                }
                let raw = self.slice(start..self.pos);
                let text = raw.trim_end_matches([' ', '\t']);
                if text.is_empty() {
                    return self.err(start, "expected a value in the flow collection");
                }
                let span = start..start + text.len();
                if is_null(text) {
                    return Ok(Node {
                        value: Value::Null,
                        span,
                    });
                }
                Ok(scalar(text.to_string(), true, true, span))
            }
        }
    }

    /// Anchors, tags and aliases inside a flow collection.
    fn inline_flow_props(&mut self, depth: usize) -> Res<Node> {
        self.count(1)?;
        let mut anchor = None;
        loop {
            match self.peek() {
                Some(b'&') => {
                    let (name, at) = self.name_after_sigil();
                    if name.is_empty() {
                        return self.err(at, "an anchor needs a name");
                    }
                    anchor = Some(name);
                }
                Some(b'!') => {
                    let _ = self.name_after_sigil();
                }
                _ => break,
            }
            self.flow_space()?;
        }
        let before = self.budget;
        let node = if self.peek() == Some(b'*') {
            let (name, at) = self.name_after_sigil();
            let Some((node, n)) = self.anchors.get(&name).cloned() else {
                return self.err(at, format!("unknown alias `*{name}`"));
            };
            self.count(n)?;
            node
        } else {
            self.flow_node(depth + 1)?
        };
        if let Some(name) = anchor {
            let n = before.saturating_sub(self.budget).max(1);
            self.anchors.insert(name, (node.clone(), n));
        }
        Ok(node)
    }
}
