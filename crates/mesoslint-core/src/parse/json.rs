//! JSON (RFC 8259) with a byte range on every value and every object key: for JSON-valued
//! Mesos flags (`--acls`, `--credentials`, `--modules`, `--resources` as JSON, ...) and for
//! Marathon apps, groups and pods and Chronos jobs.
//!
//! [`parse_json`] returns the whole value or the **first** error, as a [`SyntaxError`] whose
//! span starts at the byte that is wrong; callers turn it into a line and column with the
//! [`crate::FileSet`] (or [`SyntaxError::line_column`]).
//!
//! # What the grammar accepts, and where the daemons differ
//!
//! The grammar is RFC 8259's, strictly: no comments, no trailing commas, no single quotes, no
//! `NaN`, no leading zeros, no raw control characters inside strings. The daemons' own parsers
//! are laxer in places, and consumers that must not raise false alarms check these:
//!
//! - **Duplicate keys are kept**, in file order ([`JsonObject::duplicate_keys`] lists them).
//!   Both daemons keep the *last* value, so [`JsonObject::get`] returns the last one too.
//!   Mesos (stout's `JSON::parse` on picojson 1.3.0, `3rdparty/stout/include/stout/json.hpp`)
//!   stores an object in a `std::map`: a repeated key overwrites the earlier value and the
//!   members come out sorted by key. Marathon (Play JSON 2.8.1 on Jackson) builds a
//!   `LinkedHashMap` from the members in order: the last value wins and the key keeps the
//!   position of its first occurrence.
//! - **Trailing text.** stout rejects anything but whitespace after the value ("Parsed JSON
//!   included non-whitespace trailing characters"); Jackson stops after the first value and
//!   ignores the rest. [`parse_json`] rejects it; [`parse_json_prefix`] stops like Jackson and
//!   says where.
//! - **Numbers.** picojson reads any run of `0-9 + - e E .` through `strtoimax`/`strtod`, so it
//!   also accepts `01`, `-01` and `1.`, which are errors here. Numbers keep their source text
//!   ([`JsonNumber::text`]), so `1`, `1.0`, `1e3`, `-0` and integers beyond 64 bits are told
//!   apart; [`JsonNumber::as_i64`], [`JsonNumber::as_u64`] and [`JsonNumber::as_f64`] read them.
//! - **Nesting.** stout refuses more than 200 nested arrays and objects
//!   (`STOUT_JSON_MAX_DEPTH`); this parser allows [`MAX_DEPTH`] (256) and records the deepest
//!   level in [`JsonDocument::max_depth`], so a rule can say what Mesos would do.
//! - **A lone UTF-16 surrogate** (`"\ud800"` not followed by a low surrogate, or a low one on its
//!   own) is replaced by U+FFFD and its escape recorded in [`JsonDocument::lone_surrogates`]:
//!   picojson rejects it, Jackson accepts it (Java strings are UTF-16), and a Rust string
//!   cannot hold it. Replacing keeps Marathon documents readable; a Mesos consumer turns the
//!   recorded spans into the error Mesos gives.
//! - **A leading UTF-8 byte order mark** is skipped and recorded in [`JsonDocument::bom`]:
//!   picojson fails on it, Jackson's byte-source bootstrapper skips it.
//! - **Empty input** (nothing, or only whitespace) is an error, as it is for both daemons.
//!
//! # Cost
//!
//! One pass, no recursion: nesting is an explicit stack limited to [`MAX_DEPTH`], so a megabyte
//! of `[` fails fast instead of overflowing the stack (and dropping or printing the result
//! never recurses more than 256 levels).

use std::ops::Range;

use crate::FastMap;

use super::SyntaxError;

pub mod proto;

/// The deepest nesting of arrays and objects [`parse_json`] accepts.
pub const MAX_DEPTH: usize = 256;

/// A parsed JSON text.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonDocument {
    /// The top-level value.
    pub value: JsonValue,
    /// The text started with a UTF-8 byte order mark (skipped; spans count it).
    pub bom: bool,
    /// The deepest nesting of arrays and objects (0 for a scalar, 1 for `[]` or `{}`).
    pub max_depth: usize,
    /// `\uXXXX` escapes of lone UTF-16 surrogates, replaced by U+FFFD in the strings.
    pub lone_surrogates: Vec<Range<usize>>,
}

/// A value and the byte range of its source text (for a string: from quote to quote; for an
/// array or object: from bracket to bracket).
#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    pub span: Range<usize>,
    pub kind: JsonKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(JsonNumber),
    /// The decoded string (escapes resolved).
    String(String),
    Array(Vec<JsonValue>),
    Object(JsonObject),
}

/// A number as written in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonNumber {
    text: Box<str>,
}

/// An object's members in source order, duplicates kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsonObject {
    pub members: Vec<JsonMember>,
}

/// One `"key": value` member.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonMember {
    /// The decoded key.
    pub key: String,
    /// The key's source text, quotes included.
    pub key_span: Range<usize>,
    pub value: JsonValue,
}

impl JsonMember {
    /// From the key's opening quote to the end of the value.
    pub fn span(&self) -> Range<usize> {
        self.key_span.start..self.value.span.end
    }
}

impl JsonNumber {
    /// The number's source text (`-1.50e+3`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Written without a fraction or exponent (`1`, `-0`, `123456789012345678901234`).
    pub fn is_integer(&self) -> bool {
        !self.text.contains(['.', 'e', 'E'])
    }

    /// The value as an i64 when written as an integer that fits (`1.0` and `1e3` are not).
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.text.parse().ok()
        } else {
            None
        }
    }

    /// The value as a u64 when written as a non-negative integer that fits (`-0` is 0).
    pub fn as_u64(&self) -> Option<u64> {
        if !self.is_integer() {
            return None;
        }
        match self.text.strip_prefix('-') {
            Some(digits) => digits.bytes().all(|b| b == b'0').then_some(0),
            None => self.text.parse().ok(),
        }
    }

    /// The value as the nearest f64; None when it is too large for one (`1e400`). Very small
    /// values become 0.
    pub fn as_f64(&self) -> Option<f64> {
        self.text.parse::<f64>().ok().filter(|f| f.is_finite())
    }
}

impl JsonObject {
    /// The value of the **last** member named `key` (what both Mesos and Marathon keep).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.get_member(key).map(|m| &m.value)
    }

    /// The last member named `key`, with its key span.
    pub fn get_member(&self, key: &str) -> Option<&JsonMember> {
        self.members.iter().rev().find(|m| m.key == key)
    }

    /// Every member named `key`, in source order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a JsonMember> + 'a {
        self.members.iter().filter(move |m| m.key == key)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, JsonMember> {
        self.members.iter()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Each member whose key was already used, with the first member of that key:
    /// `(first, repeated)`, in source order of the repeats.
    pub fn duplicate_keys(&self) -> Vec<(&JsonMember, &JsonMember)> {
        let mut first: FastMap<&str, &JsonMember> = FastMap::default();
        let mut out = Vec::new();
        for m in &self.members {
            match first.get(m.key.as_str()) {
                Some(&f) => out.push((f, m)),
                None => {
                    first.insert(m.key.as_str(), m);
                }
            }
        }
        out
    }
}

impl<'a> IntoIterator for &'a JsonObject {
    type Item = &'a JsonMember;
    type IntoIter = std::slice::Iter<'a, JsonMember>;
    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}

impl JsonValue {
    /// For messages: "null", "a boolean", "a number", "a string", "an array", "an object".
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }

    /// The member `key` (the last one) when this is an object.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.as_object().and_then(|o| o.get(key))
    }

    pub fn as_object(&self) -> Option<&JsonObject> {
        match &self.kind {
            JsonKind::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[JsonValue]> {
        match &self.kind {
            JsonKind::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            JsonKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&JsonNumber> {
        match &self.kind {
            JsonKind::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, JsonKind::Null)
    }
}

/// Parse a whole JSON text: one value, optionally surrounded by whitespace (space, tab, line
/// feed, carriage return), after an optional byte order mark. Never panics.
pub fn parse_json(text: &str) -> Result<JsonDocument, SyntaxError> {
    let (doc, end) = parse_json_prefix(text)?;
    let mut p = Parser::new(text, end);
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.error_here("unexpected text after the JSON value (one file holds one value)"));
    }
    Ok(doc)
}

/// Parse the first JSON value of `text` and return it with the byte offset just after it
/// (Jackson's behaviour: whatever follows is not read). Never panics.
pub fn parse_json_prefix(text: &str) -> Result<(JsonDocument, usize), SyntaxError> {
    let bom = text.starts_with('\u{feff}');
    let mut p = Parser::new(text, if bom { '\u{feff}'.len_utf8() } else { 0 });
    let value = p.parse_value()?;
    Ok((
        JsonDocument {
            value,
            bom,
            max_depth: p.max_depth,
            lone_surrogates: p.lone_surrogates,
        },
        p.pos,
    ))
}

/// An array or object still being read.
enum Frame {
    Array {
        start: usize,
        items: Vec<JsonValue>,
    },
    Object {
        start: usize,
        members: Vec<JsonMember>,
        /// The key read before the value being parsed.
        key: Option<(String, Range<usize>)>,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
    lone_surrogates: Vec<Range<usize>>,
}

/// What the main loop expects next.
enum Expect {
    /// A value (after `[`, `,` in an array, `:`, or at the top).
    Value,
    /// The first key of an object or its `}` (after `{`).
    FirstKey,
    /// A key (after `,` in an object).
    Key,
    /// `,` or the closing bracket (after a value inside an array or object).
    Separator,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, pos: usize) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos,
            max_depth: 0,
            lone_surrogates: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The character at `pos` (its whole UTF-8 sequence) or the empty range at the end.
    fn char_span(&self, pos: usize) -> Range<usize> {
        let len = self
            .text
            .get(pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        pos..pos + len
    }

    fn error_at(&self, pos: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: self.char_span(pos),
        }
    }

    fn error_here(&self, message: &str) -> SyntaxError {
        self.error_at(
            self.pos,
            format!("{message}, found {}", self.describe_here()),
        )
    }

    /// The character at the cursor, for messages.
    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            None => "the end of the input".to_string(),
            Some('\n' | '\r') => "the end of the line".to_string(),
            Some(c) if c.is_control() || c == '\u{feff}' || c.is_whitespace() => {
                format!("the character U+{:04X}", c as u32)
            }
            Some(c) => format!("`{c}`"),
        }
    }

    fn parse_value(&mut self) -> Result<JsonValue, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut expect = Expect::Value;
        loop {
            self.skip_ws();
            let done: JsonValue = match expect {
                Expect::Value => match self.peek() {
                    Some(b'[') => {
                        self.open(&mut stack, true)?;
                        self.skip_ws();
                        if self.peek() == Some(b']') {
                            self.pos += 1;
                            self.close(&mut stack)
                        } else {
                            continue;
                        }
                    }
                    Some(b'{') => {
                        self.open(&mut stack, false)?;
                        expect = Expect::FirstKey;
                        continue;
                    }
                    _ => self.scalar(stack.last())?,
                },
                Expect::FirstKey | Expect::Key => {
                    if let (Some(b'}'), Expect::FirstKey) = (self.peek(), &expect) {
                        self.pos += 1;
                        self.close(&mut stack)
                    } else {
                        let key = self.key(matches!(expect, Expect::Key))?;
                        if let Some(Frame::Object { key: slot, .. }) = stack.last_mut() {
                            *slot = Some(key);
                        }
                        expect = Expect::Value;
                        continue;
                    }
                }
                Expect::Separator => {
                    let in_array = matches!(stack.last(), Some(Frame::Array { .. }));
                    match (self.peek(), in_array) {
                        (Some(b','), true) => {
                            self.pos += 1;
                            self.no_trailing_comma(b']')?;
                            expect = Expect::Value;
                            continue;
                        }
                        (Some(b','), false) => {
                            self.pos += 1;
                            self.no_trailing_comma(b'}')?;
                            expect = Expect::Key;
                            continue;
                        }
                        (Some(b']'), true) | (Some(b'}'), false) => {
                            self.pos += 1;
                            self.close(&mut stack)
                        }
                        (_, true) => {
                            return Err(
                                self.error_here("expected `,` or `]` after an array element")
                            )
                        }
                        (_, false) => {
                            return Err(
                                self.error_here("expected `,` or `}` after an object member")
                            )
                        }
                    }
                }
            };
            // A value is complete: store it in its container, or return it.
            match stack.last_mut() {
                None => return Ok(done),
                Some(Frame::Array { items, .. }) => items.push(done),
                Some(Frame::Object { members, key, .. }) => {
                    let (key, key_span) = key.take().unwrap_or_default();
                    members.push(JsonMember {
                        key,
                        key_span,
                        value: done,
                    });
                }
            }
            expect = Expect::Separator;
        }
    }

    fn open(&mut self, stack: &mut Vec<Frame>, array: bool) -> Result<(), SyntaxError> {
        if stack.len() >= MAX_DEPTH {
            return Err(self.error_at(
                self.pos,
                format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        let start = self.pos;
        self.pos += 1;
        stack.push(if array {
            Frame::Array {
                start,
                items: Vec::new(),
            }
        } else {
            Frame::Object {
                start,
                members: Vec::new(),
                key: None,
            }
        });
        self.max_depth = self.max_depth.max(stack.len());
        Ok(())
    }

    /// Pop the innermost container (its closing bracket just read) as a value.
    fn close(&mut self, stack: &mut Vec<Frame>) -> JsonValue {
        match stack.pop() {
            Some(Frame::Array { start, items }) => JsonValue {
                span: start..self.pos,
                kind: JsonKind::Array(items),
            },
            Some(Frame::Object { start, members, .. }) => JsonValue {
                span: start..self.pos,
                kind: JsonKind::Object(JsonObject { members }),
            },
            None => JsonValue {
                span: self.pos..self.pos,
                kind: JsonKind::Null,
            },
        }
    }

    /// After a `,`: the closing bracket may not follow.
    fn no_trailing_comma(&mut self, close: u8) -> Result<(), SyntaxError> {
        let comma = self.pos - 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            return Err(self.error_at(
                comma,
                format!(
                    "trailing `,` before `{}` (JSON allows no comma after the last item)",
                    close as char
                ),
            ));
        }
        Ok(())
    }

    /// An object key and the `:` after it.
    fn key(&mut self, after_comma: bool) -> Result<(String, Range<usize>), SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            Some(b'\'') => {
                return Err(self.error_at(
                    start,
                    "object keys need double quotes (`'` does not start a JSON string)",
                ))
            }
            None | Some(b'}' | b',' | b']' | b':') => {
                return Err(self.error_here(if after_comma {
                    "expected an object key in double quotes after `,`"
                } else {
                    "expected an object key in double quotes or `}`"
                }))
            }
            Some(_) => {
                return Err(self.error_here("object keys must be strings in double quotes"));
            }
        }
        let key = self.string()?;
        let span = start..self.pos;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error_here("expected `:` after the object key"));
        }
        self.pos += 1;
        Ok((key, span))
    }

    /// A string, number or literal at the cursor.
    fn scalar(&mut self, parent: Option<&Frame>) -> Result<JsonValue, SyntaxError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => JsonKind::Number(self.number()?),
            Some(b'a'..=b'z' | b'A'..=b'Z') => self.literal()?,
            Some(b'\'') => {
                return Err(self.error_at(
                    start,
                    "strings need double quotes (`'` does not start a JSON string)",
                ))
            }
            Some(b'/') => return Err(self.error_at(start, "comments are not allowed in JSON")),
            Some(b'+' | b'.') => {
                return Err(self.error_at(
                    start,
                    "a JSON number starts with a digit or `-` (no `+`, no leading `.`)",
                ))
            }
            None if parent.is_none() && self.text.trim_start_matches('\u{feff}').is_empty() => {
                return Err(self.error_at(start, "the input is empty: expected a JSON value"))
            }
            None if parent.is_none() => {
                return Err(self.error_at(
                    start,
                    "the input holds only whitespace: expected a JSON value",
                ))
            }
            _ => return Err(self.error_here("expected a JSON value")),
        };
        Ok(JsonValue {
            span: start..self.pos,
            kind,
        })
    }

    /// `true`, `false`, `null`, or a word that is none of them.
    fn literal(&mut self) -> Result<JsonKind, SyntaxError> {
        let start = self.pos;
        let rest = &self.bytes[start..];
        let len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let word = self.text.get(start..start + len).unwrap_or("");
        let kind = match word {
            "true" => JsonKind::Bool(true),
            "false" => JsonKind::Bool(false),
            "null" => JsonKind::Null,
            "NaN" | "Infinity" => {
                return Err(self.error_at(
                    start,
                    format!("`{word}` is not a JSON number (JSON has no NaN or infinities)"),
                ))
            }
            _ => {
                let shown: String = word.chars().take(40).collect();
                return Err(SyntaxError {
                    message: format!(
                        "unknown word `{shown}`: JSON values are strings in double quotes, \
                         numbers, true, false, null, arrays and objects"
                    ),
                    span: start..start + len,
                });
            }
        };
        self.pos += len;
        Ok(kind)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<JsonNumber, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_at(
                        start,
                        "numbers may not have leading zeros (write `7`, not `07`; quote it if it is text)",
                    ));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => {
                if self
                    .text
                    .get(self.pos..)
                    .is_some_and(|r| r.starts_with("Infinity"))
                {
                    return Err(self.error_at(
                        start,
                        "`-Infinity` is not a JSON number (JSON has no NaN or infinities)",
                    ));
                }
                return Err(self.error_here("expected a digit after `-`"));
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_here("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_here("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(JsonNumber {
            text: self.text.get(start..self.pos).unwrap_or("0").into(),
        })
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string at the cursor's `"`, decoded; the cursor ends after the closing quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run of ordinary characters in one go.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(b'\n' | b'\r') => {
                    return Err(self.error_at(
                        self.pos,
                        "line break inside a string (unterminated string, or write it as `\\n`)",
                    ))
                }
                Some(b) => {
                    return Err(self.error_at(
                        self.pos,
                        format!(
                            "control character U+{:04X} inside a string (write it as an escape such as `\\t` or `\\u{:04x}`)",
                            b, b
                        ),
                    ))
                }
                None => {
                    return Err(SyntaxError {
                        message: "unterminated string: the closing `\"` is missing".to_string(),
                        span: open..open + 1,
                    })
                }
            }
        }
    }

    /// A `\` escape at the cursor.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4(start)?;
                let c = self.code_point(start, unit)?;
                out.push(c);
                return Ok(());
            }
            None => {
                return Err(self.error_at(
                    start,
                    "unterminated string: it ends in the middle of an escape",
                ))
            }
            Some(_) => {
                let bad = self.char_span(self.pos);
                let shown = self.text.get(bad.clone()).unwrap_or("");
                return Err(SyntaxError {
                    message: format!(
                        "invalid escape `\\{shown}` in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
                    ),
                    span: start..bad.end,
                });
            }
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    /// Four hex digits at the cursor, for the escape that started at `escape`.
    fn hex4(&mut self, escape: usize) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => {
                    return Err(SyntaxError {
                        message: "invalid `\\u` escape: it needs four hex digits (`\\u00e9`)"
                            .to_string(),
                        span: escape..self.char_span(self.pos).end,
                    })
                }
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// The character of a `\uXXXX` escape (already read), joining a surrogate pair. A lone
    /// surrogate becomes U+FFFD and is recorded; an escape after it is read on its own.
    fn code_point(&mut self, escape: usize, unit: u32) -> Result<char, SyntaxError> {
        if (0xD800..0xDC00).contains(&unit) {
            if let Some(low) = self.low_surrogate_at(self.pos) {
                self.pos += 6;
                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
        }
        if (0xD800..0xE000).contains(&unit) {
            self.lone_surrogates.push(escape..self.pos);
            return Ok('\u{fffd}');
        }
        Ok(char::from_u32(unit).unwrap_or('\u{fffd}'))
    }

    /// A `\uDC00`-`\uDFFF` escape at `at`, without moving the cursor.
    fn low_surrogate_at(&self, at: usize) -> Option<u32> {
        let esc = self.bytes.get(at..at + 6)?;
        if &esc[..2] != b"\\u" {
            return None;
        }
        if !esc[2..].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let hex = std::str::from_utf8(&esc[2..]).ok()?;
        let v = u32::from_str_radix(hex, 16).ok()?;
        (0xDC00..0xE000).contains(&v).then_some(v)
    }
}

#[cfg(test)]
mod tests;
