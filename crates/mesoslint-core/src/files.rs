//! The set of files a lint run sees: paths, decoded text and line indexes.
//!
//! The core never touches the file system. Front-ends read bytes and hand them to
//! [`FileSet::add`]; files they could not read are recorded with [`FileSet::add_problem`] so the
//! engine can report them like any other finding.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

/// Index of a file inside a [`FileSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub(crate) u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range inside one file of a [`FileSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end.max(range.start) as u32,
        }
    }

    /// An empty span at the start of a file, for findings about a file as a whole.
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// A span relative to this one: `sub` is a range inside the text this span covers.
    pub fn sub(&self, sub: Range<usize>) -> Span {
        let start = (self.start as usize + sub.start).min(self.end as usize);
        let end = (self.start as usize + sub.end).clamp(start, self.end as usize);
        Span::new(self.file, start..end)
    }
}

/// How the bytes of a file were turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    /// Not valid UTF-8: decoded as ISO-8859-1, byte for byte (what ZooKeeper does with zoo.cfg).
    Latin1,
}

/// Why a front-end could not give the engine a file's contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum InputProblem {
    /// Could not be opened or read (permissions, I/O error).
    Unreadable { reason: String },
    /// Larger than the size cap; contents not read.
    TooLarge { size: u64, limit: u64 },
    /// A FIFO, socket or device: never read, so the run cannot block.
    NotRegular { kind: String },
    /// A symbolic link that loops, cannot be resolved, or leads out of the linted path.
    BadSymlink {
        reason: String,
        /// The link resolves to a file outside the linted path (which may well exist on the
        /// real host); `false` for a loop or a dangling link, which is no file at all.
        outside: bool,
    },
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    // (boxed slices rather than `String`s, and the rare problem boxed: a large tree holds
    // 100,000 of these)
    path: Box<str>,
    text: Box<str>,
    /// Byte offsets where lines start, worked out on first use: most files of a large tree
    /// are never reported on, and a clean run needs no positions at all.
    line_starts: OnceLock<Box<[u32]>>,
    /// UTF-16 offsets of the same line starts, built with the first position asked for in a
    /// file that is not ASCII (`None` for ASCII text, where they equal the byte offsets): a
    /// position is then a look-up plus a scan of its own line, never of the file before it.
    line_starts_utf16: OnceLock<Option<Box<[u32]>>>,
    encoding: Encoding,
    problem: Option<Box<InputProblem>>,
    contains_nul: bool,
    /// A file a script writes (not one of the tree): where its bytes stand in the script.
    origin: Option<Box<Origin>>,
    /// The text names mesoslint (any case): it may hold suppression directives. Found here,
    /// on the front-end's reading threads, so the suppression pass can skip the other files.
    names_mesoslint: bool,
}

impl SourceFile {
    /// A file from raw bytes, ready for [`FileSet::insert_prepared`]: the path normalised, text
    /// that is not UTF-8 decoded as ISO-8859-1, secrets masked. Pure, so front-ends may call it
    /// on any thread.
    pub fn from_bytes(path: &str, bytes: &[u8]) -> SourceFile {
        SourceFile::from_bytes_owned(path.to_string(), bytes)
    }

    /// [`SourceFile::from_bytes`] taking the path by value (a path already in normal form is
    /// kept, not copied).
    pub fn from_bytes_owned(path: String, bytes: &[u8]) -> SourceFile {
        let (text, encoding) = match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), Encoding::Utf8),
            Err(_) => (bytes.iter().map(|&b| b as char).collect(), Encoding::Latin1),
        };
        let contains_nul = bytes.contains(&0);
        SourceFile::build(path, text, encoding, None, contains_nul)
    }

    /// A file whose contents could not be read, ready for [`FileSet::insert_prepared`].
    pub fn from_problem(path: &str, problem: InputProblem) -> SourceFile {
        SourceFile::build(
            path.to_string(),
            String::new(),
            Encoding::Utf8,
            Some(problem),
            false,
        )
    }

    fn build(
        path: String,
        text: String,
        encoding: Encoding,
        problem: Option<InputProblem>,
        contains_nul: bool,
    ) -> SourceFile {
        let path = into_normal_path(path);
        let text =
            crate::secrets::redact_by_path(&path, crate::secrets::redact_url_credentials(text));
        SourceFile {
            names_mesoslint: names_mesoslint(&text),
            path: path.into_boxed_str(),
            text: text.into_boxed_str(),
            line_starts: OnceLock::new(),
            line_starts_utf16: OnceLock::new(),
            encoding,
            problem: problem.map(Box::new),
            origin: None,
            contains_nul,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.text.len() / 32 + 1);
            starts.push(0u32);
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| (i + 1) as u32),
            );
            starts.into_boxed_slice()
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }
    /// Where this file's bytes stand in the script that writes it, for a derived file.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_deref()
    }
    pub fn problem(&self) -> Option<&InputProblem> {
        self.problem.as_deref()
    }
    /// The text names mesoslint, so it may hold suppression directives.
    pub(crate) fn names_mesoslint(&self) -> bool {
        self.names_mesoslint
    }

    /// The file holds NUL bytes: it is binary, not a config file.
    pub fn is_binary(&self) -> bool {
        self.contains_nul
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line)
            .map(|&s| s as usize)
            .unwrap_or(self.text.len())
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let end = self
            .line_starts()
            .get(line + 1)
            .map(|&s| s as usize)
            .unwrap_or(self.text.len());
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// 1-based line, 1-based column in bytes, 1-based column in UTF-16 code units.
    pub fn position(&self, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let prefix = &self.text[start..offset];
        let column_utf16 = prefix.encode_utf16().count();
        let line_start_utf16 = match self.line_starts_utf16() {
            Some(starts) => starts.get(line).map_or(0, |&s| s as usize),
            None => start,
        };
        Position {
            line: line + 1,
            column: prefix.len() + 1,
            column_utf16: column_utf16 + 1,
            offset,
            offset_utf16: line_start_utf16 + column_utf16,
        }
    }

    fn line_starts_utf16(&self) -> Option<&[u32]> {
        self.line_starts_utf16
            .get_or_init(|| {
                if self.text.is_ascii() {
                    return None;
                }
                let starts = self.line_starts();
                let mut out = Vec::with_capacity(starts.len());
                let mut units = 0usize;
                let mut prev = 0usize;
                for &s in starts {
                    units += self.text[prev..s as usize].encode_utf16().count();
                    out.push(units as u32);
                    prev = s as usize;
                }
                Some(out.into_boxed_slice())
            })
            .as_deref()
    }
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte of a derived file's text that stands nowhere in its script (the newline `echo`
/// adds): see [`Origin::new`].
pub const NO_SOURCE: usize = usize::MAX;

/// Where the text of a derived file (a file a provisioning script writes, `model::script_files`)
/// stands in the script: runs of bytes copied from it, and runs the script's commands add
/// themselves. Findings on a derived file are reported at these places in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub script: FileId,
    /// The command that wrote the file: a finding on the file as a whole points at it.
    pub command: Range<usize>,
    runs: Box<[Run]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    /// First byte of the run in the derived text.
    at: u32,
    /// Its place in the script; for a run of added bytes, the point after the last copied byte
    /// before it.
    src: u32,
    /// Bytes copied one for one (else added by a command).
    exact: bool,
}

impl Origin {
    /// From the script offset of every byte of the derived text ([`NO_SOURCE`] for bytes the
    /// commands add).
    pub fn new(script: FileId, command: Range<usize>, src: &[usize]) -> Origin {
        let mut runs: Vec<Run> = Vec::new();
        let mut after = command.start; // the point after the last copied byte
        let mut prev: Option<usize> = None;
        for (i, &s) in src.iter().enumerate() {
            let exact = s != NO_SOURCE;
            let continues = match runs.last() {
                Some(r) if r.exact && exact => prev.is_some_and(|p| p + 1 == s),
                Some(r) => !r.exact && !exact,
                None => false,
            };
            if !continues {
                runs.push(Run {
                    at: i as u32,
                    src: if exact { s as u32 } else { after as u32 },
                    exact,
                });
            }
            if exact {
                after = s + 1;
                prev = Some(s);
            } else {
                prev = None;
            }
        }
        Origin {
            script,
            command,
            runs: runs.into_boxed_slice(),
        }
    }

    fn run(&self, offset: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.at as usize <= offset);
        self.runs.get(i.checked_sub(1)?)
    }

    /// The script offset of the derived byte at `offset` (the start of a span).
    fn start(&self, offset: usize) -> usize {
        match self.run(offset) {
            Some(r) if r.exact => r.src as usize + (offset - r.at as usize),
            Some(r) => r.src as usize,
            None => self.command.start,
        }
    }

    /// The script offset just after the derived byte before `end` (the end of a span).
    fn end(&self, end: usize) -> usize {
        match end
            .checked_sub(1)
            .and_then(|last| Some((last, self.run(last)?)))
        {
            Some((last, r)) if r.exact => r.src as usize + (last - r.at as usize) + 1,
            Some((_, r)) => r.src as usize,
            None => self.start(0),
        }
    }

    /// The script range of a derived range: a whole-file (empty, at 0) range is the command
    /// that wrote the file.
    pub fn range(&self, r: Range<usize>) -> Range<usize> {
        if r.start == 0 && r.end == 0 {
            return self.command.clone();
        }
        let start = self.start(r.start);
        let end = if r.end > r.start {
            self.end(r.end).max(start)
        } else {
            start
        };
        start..end
    }

    /// The script range of a derived range whose bytes are copied one for one from the
    /// script (a fix may edit them there), else `None`.
    pub fn exact_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        let run = self.run(r.start)?;
        let next = self
            .runs
            .iter()
            .find(|n| n.at > run.at)
            .map(|n| n.at as usize);
        if !run.exact || next.is_some_and(|n| r.end > n) {
            return None;
        }
        let start = run.src as usize + (r.start - run.at as usize);
        Some(start..start + (r.end.max(r.start) - r.start))
    }
}

/// A point in a file, in the units every consumer needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in bytes of UTF-8.
    pub column: usize,
    /// 1-based column, counted in UTF-16 code units (editors, browsers).
    pub column_utf16: usize,
    /// 0-based byte offset from the start of the file.
    pub offset: usize,
    /// 0-based offset in UTF-16 code units from the start of the file.
    pub offset_utf16: usize,
}

/// Every file of a lint run, keyed by its normalised relative path.
#[derive(Clone, Debug, Default)]
pub struct FileSet {
    files: Vec<SourceFile>,
    /// The ids in path order: the path index (binary search), without a copy of any path.
    /// Front-ends add files in path order, so an insertion is almost always a push.
    order: Vec<FileId>,
}

/// Turn a front-end path into the form the engine uses: `/`-separated, no `./`, no empty parts.
pub fn normalize_path(path: &str) -> String {
    if is_normal_path(path) {
        path.to_string()
    } else {
        rebuild_path(path)
    }
}

/// [`normalize_path`] of a path the caller owns: kept as it is when it is in normal form.
fn into_normal_path(path: String) -> String {
    if is_normal_path(&path) {
        path
    } else {
        rebuild_path(&path)
    }
}

/// The normal form of a path that is not in it.
fn rebuild_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Is the path already in normal form (what [`normalize_path`] would return unchanged)?
/// Front-ends almost always pass such paths; checking is much cheaper than rebuilding.
fn is_normal_path(path: &str) -> bool {
    // every component non-empty and neither `.` nor `..` (an empty path is one empty component)
    !path.contains('\\') && components(path).all(|part| !matches!(part, "" | "." | ".."))
}

/// `path.split('/')` as a plain byte scan: the `char` searcher behind `split` costs more than
/// the rest of the work for components this short, and this runs for every file.
pub(crate) fn components(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'/') {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

impl FileSet {
    pub fn new() -> FileSet {
        FileSet::default()
    }

    /// Make room for `additional` more files (front-ends that know how many they will add).
    pub fn reserve(&mut self, additional: usize) {
        self.files.reserve_exact(additional);
        self.order.reserve_exact(additional);
    }

    /// Where `path` is, or would go, in [`FileSet::order`].
    fn position(&self, path: &str) -> Result<usize, usize> {
        self.order
            .binary_search_by(|id| self.files[id.index()].path.as_ref().cmp(path))
    }

    /// Add a file from raw bytes. Text that is not UTF-8 is decoded as ISO-8859-1.
    /// Adding a path twice replaces the earlier contents.
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> FileId {
        self.insert_prepared(SourceFile::from_bytes(path, bytes))
    }

    /// Add a file from text.
    pub fn add_text(&mut self, path: &str, text: &str) -> FileId {
        self.add(path, text.as_bytes())
    }

    /// Record a file whose contents could not be read.
    pub fn add_problem(&mut self, path: &str, problem: InputProblem) -> FileId {
        self.insert_prepared(SourceFile::from_problem(path, problem))
    }

    /// Add a file made with [`SourceFile::from_bytes`] or [`SourceFile::from_problem`].
    /// Front-ends that read files on several threads prepare them there (decoding, masking
    /// secrets) and insert them here; the result is the same as [`FileSet::add`].
    pub fn insert_prepared(&mut self, file: SourceFile) -> FileId {
        let after_last = match self.order.last() {
            None => true,
            Some(last) => self.files[last.index()].path < file.path,
        };
        let at = if after_last {
            self.order.len()
        } else {
            match self.position(&file.path) {
                Ok(i) => {
                    let id = self.order[i];
                    self.files[id.index()] = file;
                    return id;
                }
                Err(i) => i,
            }
        };
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        self.order.insert(at, id);
        id
    }

    /// Add a file a script writes (`model::script_files`): masked as read files are, and every
    /// byte masked in it is masked in the script too, where findings on it are shown.
    pub fn add_derived(&mut self, path: &str, text: &str, origin: Origin) -> FileId {
        let mut file = SourceFile::from_bytes(path, text.as_bytes());
        let masked: Vec<Range<usize>> = text
            .bytes()
            .zip(file.text.bytes())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, _)| origin.range(i..i + 1))
            .collect();
        if !masked.is_empty() {
            if let Some(script) = self.files.get_mut(origin.script.index()) {
                let mut t = std::mem::take(&mut script.text).into_string();
                for r in masked {
                    crate::secrets::mask_range(&mut t, r);
                }
                script.text = t.into_boxed_str();
            }
        }
        file.origin = Some(Box::new(origin));
        self.insert_prepared(file)
    }

    /// Where a span is shown: in the script for a span in a derived file, else itself.
    pub fn shown_span(&self, span: Span) -> Span {
        match self.files.get(span.file.index()).and_then(|f| f.origin()) {
            Some(o) => Span::new(o.script, o.range(span.range())),
            None => span,
        }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    pub fn lookup(&self, path: &str) -> Option<FileId> {
        self.position(path).ok().map(|i| self.order[i])
    }

    pub fn text(&self, span: Span) -> &str {
        let file = self.get(span.file);
        file.text.get(span.range()).unwrap_or("")
    }

    /// The span made safe to slice: inside the file, on character boundaries (start rounded
    /// down, end rounded up), never reversed. Every label the engine reports goes through this.
    pub fn clamp_span(&self, span: Span) -> Span {
        let text = self.get(span.file).text();
        let len = text.len();
        let start = clamp_to_char_boundary(text, (span.start as usize).min(len));
        let mut end = (span.end as usize).clamp(start, len);
        while end < len && !text.is_char_boundary(end) {
            end += 1;
        }
        Span::new(span.file, start..end)
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.files[id.index()].path
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// How many files the front-end gave (the files scripts write not counted).
    pub fn tree_len(&self) -> usize {
        self.files.iter().filter(|f| f.origin.is_none()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Files in path order (independent of insertion order).
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.order
            .iter()
            .map(move |&id| (id, &self.files[id.index()]))
    }

    /// Paths in sorted order, with their ids.
    pub fn paths(&self) -> impl Iterator<Item = (&str, FileId)> {
        self.order
            .iter()
            .map(move |&id| (self.files[id.index()].path.as_ref(), id))
    }
}

impl<'a> codespan_reporting::files::Files<'a> for FileSet {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id.index())
            .map(|f| f.path.as_ref())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id.index())
            .map(|f| f.text.as_ref())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id.index())
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id.index())
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        if line_index >= file.line_count() {
            // codespan asks for the line after the last one when a span ends at EOF.
            if line_index == file.line_count() {
                return Ok(file.text.len()..file.text.len());
            }
            return Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count() - 1,
            });
        }
        Ok(file.line_range(line_index))
    }
}

/// Does the text name mesoslint at all (in any case)? Every suppression directive, valid or
/// not, does; most files do not, and then the suppression pass skips their lines.
pub(crate) fn names_mesoslint(text: &str) -> bool {
    crate::bytes::contains_ignore_ascii_case(text.as_bytes(), b"mesoslint")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_paths() {
        assert_eq!(normalize_path("./etc//mesos/zk"), "etc/mesos/zk");
        assert_eq!(normalize_path("a\\b\\c"), "a/b/c");
        assert_eq!(normalize_path("a/../b"), "b");
        assert_eq!(normalize_path("./"), ".");
        assert_eq!(normalize_path("."), ".");
        assert_eq!(normalize_path(""), ".");
        assert_eq!(normalize_path("/etc/mesos/"), "etc/mesos");
        assert_eq!(normalize_path("../a"), "../a");
        assert_eq!(normalize_path("a/.."), ".");
        assert_eq!(normalize_path("ä/..b/c."), "ä/..b/c.");
        assert_eq!(normalize_path("etc/mesos/zk"), "etc/mesos/zk");
        assert_eq!(normalize_path("a/./b"), "a/b");
        assert_eq!(normalize_path("a/b/"), "a/b");
        assert_eq!(normalize_path("a/b/.."), "a");
        for normal in ["a", "a/b", "...", "a/.b/c..", "ä/ö"] {
            assert!(is_normal_path(normal), "{normal}");
        }
        for odd in [
            "", ".", "..", "/a", "a/", "a//b", "a/./b", "a/..", "a\\b", "./a",
        ] {
            assert!(!is_normal_path(odd), "{odd}");
        }
    }

    #[test]
    fn positions_count_utf16() {
        let mut fs = FileSet::new();
        let id = fs.add_text("x", "a\nné=1\n");
        let file = fs.get(id);
        let p = file.position(6); // after "né="
        assert_eq!((p.line, p.column, p.column_utf16), (2, 5, 4));
    }

    #[test]
    fn spans_are_clamped_to_char_boundaries() {
        let mut fs = FileSet::new();
        let id = fs.add_text("x", "a\u{85}b");
        let s = fs.clamp_span(Span {
            file: id,
            start: 2,
            end: 2,
        });
        assert_eq!((s.start, s.end), (1, 3));
        let s = fs.clamp_span(Span {
            file: id,
            start: 1,
            end: 2,
        });
        assert_eq!((s.start, s.end), (1, 3));
        let s = fs.clamp_span(Span {
            file: id,
            start: 9,
            end: 4,
        });
        assert_eq!((s.start, s.end), (4, 4));
    }

    #[test]
    fn derived_files_are_shown_in_their_script() {
        let mut fs = FileSet::new();
        let script = "echo 1 > /etc/q\necho zk://u:pw@h/m > /etc/mesos/zk\n";
        let s = fs.add_text("p.sh", script);
        let d = fs.add_derived("p.sh/etc/q", "1\n", Origin::new(s, 0..15, &[5, NO_SOURCE]));
        assert_eq!(fs.shown_span(Span::new(d, 0..1)), Span::new(s, 5..6));
        assert_eq!(fs.shown_span(Span::new(d, 0..2)), Span::new(s, 5..6));
        assert_eq!(fs.shown_span(Span::new(d, 1..2)), Span::new(s, 6..6));
        assert_eq!(fs.shown_span(Span::new(d, 9..9)), Span::new(s, 6..6));
        assert_eq!(fs.shown_span(Span::file_start(d)), Span::new(s, 0..15));
        let o = fs.get(d).origin().unwrap();
        assert_eq!(o.exact_range(0..1), Some(5..6));
        assert_eq!(o.exact_range(0..2), None);
        assert_eq!(o.exact_range(1..2), None);
        // a credential masked in the derived file is masked where it is shown
        let src: Vec<usize> = (21..35).chain([NO_SOURCE]).collect();
        let z = fs.add_derived(
            "p.sh/etc/mesos/zk",
            "zk://u:pw@h/m\n",
            Origin::new(s, 16..48, &src),
        );
        assert_eq!(fs.get(z).text(), "zk://u:**@h/m\n");
        assert_eq!(&fs.get(s).text()[16..35], "echo zk://u:**@h/m ");
        // a span in a file of the tree is its own place
        assert_eq!(fs.shown_span(Span::new(s, 1..2)), Span::new(s, 1..2));
    }

    #[test]
    fn latin1_is_decoded() {
        let mut fs = FileSet::new();
        let id = fs.add("zoo.cfg", b"dataDir=/var/lib/z\xe9\n");
        assert_eq!(fs.get(id).encoding(), Encoding::Latin1);
        assert_eq!(fs.get(id).text(), "dataDir=/var/lib/z\u{e9}\n");
    }

    #[test]
    fn re_adding_a_path_replaces_it() {
        let mut fs = FileSet::new();
        let a = fs.add_text("etc/mesos/zk", "one");
        let b = fs.add_text("./etc/mesos/zk", "two");
        assert_eq!(a, b);
        assert_eq!(fs.get(a).text(), "two");
        assert_eq!(fs.len(), 1);
    }

    #[test]
    fn components_split_like_split() {
        for p in ["", "/", "a", "a/b", "/a/", "a//b", "é/ü/x", "etc/mesos/zk/"] {
            let ours: Vec<&str> = components(p).collect();
            let std: Vec<&str> = p.split('/').collect();
            assert_eq!(ours, std, "{p:?}");
        }
    }

    #[test]
    fn path_index_in_any_insertion_order() {
        let paths = ["b/x", "a/y", "c", "a/x", "b", "a/y", "0"];
        let mut fs = FileSet::new();
        let ids: Vec<FileId> = paths.iter().map(|p| fs.add_text(p, p)).collect();
        assert_eq!(ids[1], ids[5], "a path added twice keeps its id");
        assert_eq!(fs.len(), 6);
        let sorted: Vec<&str> = fs.paths().map(|(p, _)| p).collect();
        assert_eq!(sorted, ["0", "a/x", "a/y", "b", "b/x", "c"]);
        for (p, id) in fs.paths() {
            assert_eq!(fs.lookup(p), Some(id));
            assert_eq!(fs.path(id), p);
        }
        assert_eq!(fs.lookup("a"), None);
        assert_eq!(fs.lookup("zz"), None);
        assert_eq!(FileSet::new().lookup("a"), None);
        let in_order: Vec<&str> = fs.iter().map(|(_, f)| f.path()).collect();
        assert_eq!(in_order, sorted);
    }

    #[test]
    fn utf16_positions_agree_with_a_scan_from_the_start() {
        let text = "a=é\n𝄞b\r\nc\n\nd€x";
        for fs_text in [text, "ab\ncd\n"] {
            let mut fs = FileSet::new();
            let id = fs.add_text("f", fs_text);
            let f = fs.get(id);
            for offset in 0..=fs_text.len() {
                if !fs_text.is_char_boundary(offset) {
                    continue;
                }
                let p = f.position(offset);
                assert_eq!(p.offset_utf16, fs_text[..offset].encode_utf16().count());
            }
        }
    }

    #[test]
    fn line_index_is_built_on_demand() {
        let mut fs = FileSet::new();
        let id = fs.add_text("f", "a\nbc\n\nd");
        let f = fs.get(id);
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.line_index(3), 1);
        assert_eq!(f.line_range(1), 2..5);
        assert_eq!(f.position(9).line, 4);
        let empty = fs.add_text("g", "");
        assert_eq!(fs.get(empty).line_count(), 1);
    }
}
