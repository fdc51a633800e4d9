//! Reading the linted paths into a [`FileSet`].
//!
//! - Every regular file under a directory is read (up to the size cap); `.git`, `.hg`, `.svn`,
//!   `node_modules` and `target` directories are skipped, as are paths matched by `exclude`.
//! - FIFOs, sockets and devices are never opened: they become IN004 findings.
//! - Files that cannot be opened or read become IN001; files over the cap IN003.
//! - Symbolic links to files inside the linted path are read at the link's path. Links that
//!   loop, dangle, or lead out of the linted path are not followed: they become IN005. Links to
//!   directories are not followed (their targets inside the tree are read at their real path),
//!   so the walk cannot loop.
//! - Directories nested deeper than 64 levels are not read (IN001 on the first one skipped).
//! - Paths are recorded relative to the current directory.
//! - Directories are listed and files read on every core; the result does not depend on
//!   thread timing (files are inserted in path order).

use std::fs::{self, File, FileType, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Condvar, Mutex};

use mesoslint_core::{FileSet, InputProblem, SourceFile};

/// Directory names never descended into.
pub const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", "node_modules", "target"];

/// How deep a walk may go: deeper trees are not config trees (and bind mounts could loop).
const MAX_DEPTH: usize = 64;

/// Normalise a path lexically: make it absolute against `cwd`, drop `.`, fold `..`.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `target` relative to `base` (both absolute and normalised), `/`-separated; `.` when equal.
pub fn relative(target: &Path, base: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".to_string());
    }
    for c in &t[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

pub struct Walker<'a> {
    pub cwd: PathBuf,
    pub max_file_size: u64,
    /// Return true for a path (relative to the current directory) that must be skipped.
    pub excluded: &'a (dyn Fn(&str) -> bool + Sync),
}

/// What one worker found: files ready for the [`FileSet`] (decoded, secrets masked).
type Found = Vec<SourceFile>;

/// The size of a worker's read buffer: most config files fit whole, so the common case is
/// one read into memory that is allocated (and zeroed) once per worker, not once per file.
const FIRST: usize = 16 * 1024;

/// Directories waiting to be listed, how many workers are busy listing one, and how many are
/// waiting for work (a wake-up is a system call: it is made only when someone waits).
struct Queue {
    dirs: Vec<(PathBuf, String, usize)>,
    busy: usize,
    waiting: usize,
}

/// Sort one worker's files by path. Paths are unique within one walk, so an unstable sort
/// gives the same order as a stable one.
fn sort_by_path(found: &mut Found) {
    found.sort_unstable_by(|a, b| a.path().cmp(b.path()));
}

/// Insert lists that are each sorted by path into `files`, in path order overall (a merge:
/// linear in the number of files; ties go to the earlier list).
fn insert_merged(files: &mut FileSet, lists: Vec<Found>) {
    files.reserve(lists.iter().map(Vec::len).sum());
    let mut heads: Vec<std::iter::Peekable<std::vec::IntoIter<SourceFile>>> = lists
        .into_iter()
        .map(|l| l.into_iter().peekable())
        .collect();
    loop {
        let mut best: Option<(usize, &str)> = None;
        for (i, head) in heads.iter_mut().enumerate() {
            if let Some(f) = head.peek() {
                if best.is_none_or(|(_, p)| f.path() < p) {
                    best = Some((i, f.path()));
                }
            }
        }
        let Some((i, _)) = best else { return };
        match heads.get_mut(i).and_then(Iterator::next) {
            Some(f) => {
                files.insert_prepared(f);
            }
            None => return,
        }
    }
}

impl Walker<'_> {
    /// Read one linted path (a file or a directory) into `files`.
    pub fn add_path(&self, files: &mut FileSet, arg: &Path) -> std::io::Result<()> {
        let abs = absolute(arg, &self.cwd);
        // The argument itself: a link the user named is followed.
        let meta = fs::metadata(&abs)?;
        let root = fs::canonicalize(&abs).unwrap_or_else(|_| abs.clone());
        let lists = if meta.is_dir() {
            self.walk_dir(&abs, &root)
        } else {
            let mut found = Vec::new();
            let rel = relative(&abs, &self.cwd);
            self.add_file(&mut found, &abs, &rel, &meta);
            vec![found]
        };
        // Insert in path order, so file ids do not depend on thread timing: each list is
        // sorted (by the worker that made it, in parallel), here they are merged.
        insert_merged(files, lists);
        Ok(())
    }

    /// Walk a directory on every core: workers take directories from a shared queue, list
    /// them, push the subdirectories back and read the files they hold. Reading, decoding,
    /// and masking secrets happen on the workers.
    /// Returns one list per worker, each sorted by path.
    fn walk_dir(&self, start: &Path, root: &Path) -> Vec<Found> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 16);
        let start_rel = relative(start, &self.cwd);
        let queue = Mutex::new(Queue {
            dirs: vec![(start.to_path_buf(), start_rel, 0)],
            busy: 0,
            waiting: 0,
        });
        let wake = Condvar::new();
        if threads == 1 {
            let mut found = Vec::new();
            self.worker(&queue, &wake, root, &mut found);
            sort_by_path(&mut found);
            return vec![found];
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut found = Vec::new();
                        self.worker(&queue, &wake, root, &mut found);
                        sort_by_path(&mut found);
                        found
                    })
                })
                .collect();
            let mut all = Vec::new();
            for h in handles {
                // A worker cannot panic on input (no indexing, no unwrap); if one did, its
                // files are lost rather than the run.
                if let Ok(f) = h.join() {
                    all.push(f);
                }
            }
            all
        })
    }

    fn worker(&self, queue: &Mutex<Queue>, wake: &Condvar, root: &Path, found: &mut Found) {
        let mut subdirs = Vec::new();
        loop {
            let next = {
                let Ok(mut q) = queue.lock() else { return };
                loop {
                    if let Some(d) = q.dirs.pop() {
                        q.busy += 1;
                        break Some(d);
                    }
                    if q.busy == 0 {
                        break None;
                    }
                    q.waiting += 1;
                    q = match wake.wait(q) {
                        Ok(q) => q,
                        Err(_) => return,
                    };
                    q.waiting -= 1;
                }
            };
            let Some((dir, dir_rel, depth)) = next else {
                wake.notify_all();
                return;
            };
            self.list_dir(&dir, &dir_rel, depth, root, found, &mut subdirs);
            let Ok(mut q) = queue.lock() else { return };
            q.dirs.append(&mut subdirs);
            q.busy -= 1;
            // Waiting workers need waking when there is work for them or the walk is over.
            let wake_them = q.waiting > 0 && (!q.dirs.is_empty() || q.busy == 0);
            drop(q);
            if wake_them {
                wake.notify_all();
            }
        }
    }

    fn list_dir(
        &self,
        dir: &Path,
        dir_rel: &str,
        depth: usize,
        root: &Path,
        found: &mut Found,
        subdirs: &mut Vec<(PathBuf, String, usize)>,
    ) {
        let entries = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                found.push(SourceFile::from_problem(
                    dir_rel,
                    InputProblem::Unreadable {
                        reason: format!("cannot list directory: {}", io_reason(&e)),
                    },
                ));
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.push(SourceFile::from_problem(
                        dir_rel,
                        InputProblem::Unreadable {
                            reason: format!("cannot list directory: {}", io_reason(&e)),
                        },
                    ));
                    break;
                }
            };
            let file_name = entry.file_name();
            let name = file_name.to_string_lossy();
            let rel = if dir_rel == "." {
                name.to_string()
            } else {
                let mut rel = String::with_capacity(dir_rel.len() + 1 + name.len());
                rel.push_str(dir_rel);
                rel.push('/');
                rel.push_str(&name);
                rel
            };
            if (self.excluded)(&rel) {
                continue;
            }
            // The type from the directory entry itself (no stat on most file systems); a link
            // is not followed here.
            let ft = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    found.push(SourceFile::from_problem(
                        &rel,
                        InputProblem::Unreadable {
                            reason: io_reason(&e),
                        },
                    ));
                    continue;
                }
            };
            if ft.is_dir() {
                if SKIPPED_DIRS.contains(&name.as_ref()) {
                    continue;
                }
                if depth + 1 < MAX_DEPTH {
                    subdirs.push((entry.path(), rel, depth + 1));
                } else {
                    found.push(SourceFile::from_problem(
                        &rel,
                        InputProblem::Unreadable {
                            reason: format!(
                                "directory nested deeper than {MAX_DEPTH} levels; not read"
                            ),
                        },
                    ));
                }
            } else if ft.is_symlink() {
                self.add_symlink(found, &entry.path(), &rel, root);
            } else if ft.is_file() {
                // The file's path built in the thread's own buffer (no allocation per file).
                PATH.with(|p| {
                    let mut p = p.borrow_mut();
                    p.clear();
                    p.push(dir);
                    p.push(&file_name);
                    self.read_into(found, &p, rel);
                });
            } else {
                // FIFOs, sockets and devices are never opened.
                found.push(SourceFile::from_problem(
                    &rel,
                    InputProblem::NotRegular {
                        kind: kind_name(ft),
                    },
                ));
            }
        }
    }

    fn add_symlink(&self, found: &mut Found, path: &Path, rel: &str, root: &Path) {
        let target = match fs::canonicalize(path) {
            Ok(t) => t,
            Err(e) => {
                let reason = if is_loop(&e) {
                    "symbolic link loop".to_string()
                } else if e.kind() == std::io::ErrorKind::NotFound {
                    "dangling symbolic link: its target does not exist".to_string()
                } else {
                    format!("cannot resolve symbolic link: {}", io_reason(&e))
                };
                found.push(SourceFile::from_problem(
                    rel,
                    InputProblem::BadSymlink {
                        reason,
                        outside: false,
                    },
                ));
                return;
            }
        };
        if !target.starts_with(root) {
            found.push(SourceFile::from_problem(
                rel,
                InputProblem::BadSymlink {
                    reason: "symbolic link leads out of the linted path; not followed".into(),
                    outside: true,
                },
            ));
            return;
        }
        match fs::metadata(&target) {
            // Its target inside the tree is read at its own path.
            Ok(m) if m.is_dir() => {}
            Ok(m) => self.add_file(found, &target, rel, &m),
            Err(e) => {
                found.push(SourceFile::from_problem(
                    rel,
                    InputProblem::Unreadable {
                        reason: io_reason(&e),
                    },
                ));
            }
        }
    }

    /// Read a file whose (followed) metadata is `meta`, recording it at `rel`.
    fn add_file(&self, found: &mut Found, path: &Path, rel: &str, meta: &Metadata) {
        if let Some(kind) = not_regular_kind(meta) {
            found.push(SourceFile::from_problem(
                rel,
                InputProblem::NotRegular { kind },
            ));
            return;
        }
        self.read_into(found, path, rel.to_string());
    }

    /// Read a file the directory listing says is regular (checked again on the open handle).
    fn read_into(&self, found: &mut Found, path: &Path, rel: String) {
        let limit = self.max_file_size;
        let file = BUFFER.with(|buf| {
            let mut buf = buf.borrow_mut();
            match read_capped(path, limit, &mut buf) {
                Ok(Read_::InBuffer(n)) => {
                    SourceFile::from_bytes_owned(rel, buf.get(..n).unwrap_or_default())
                }
                Ok(Read_::Bytes(bytes)) => SourceFile::from_bytes_owned(rel, &bytes),
                Ok(Read_::TooLarge(size)) => {
                    SourceFile::from_problem(&rel, InputProblem::TooLarge { size, limit })
                }
                Ok(Read_::NotRegular(kind)) => {
                    SourceFile::from_problem(&rel, InputProblem::NotRegular { kind })
                }
                Err(e) => SourceFile::from_problem(
                    &rel,
                    InputProblem::Unreadable {
                        reason: io_reason(&e),
                    },
                ),
            }
        });
        found.push(file);
    }
}

thread_local! {
    /// Each reading thread's buffer for the path of the file it opens.
    static PATH: std::cell::RefCell<PathBuf> = std::cell::RefCell::new(PathBuf::new());
    /// Each reading thread's buffer for small files (see [`FIRST`]).
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

enum Read_ {
    /// The whole file: the first `n` bytes of the thread's buffer.
    InBuffer(usize),
    Bytes(Vec<u8>),
    TooLarge(u64),
    NotRegular(String),
}

/// Open without blocking (a file swapped for a FIFO after the listing must not hang the run)
/// and read at most `limit + 1` bytes (a file growing under us is still capped).
///
/// Most config files are small: the first read into the thread's 16 KiB buffer returns the
/// whole file and the next one its end, so the common case costs no `stat` and no allocation.
/// A file that fills the buffer is checked on the open handle (regular? over the cap? then it
/// is not read on).
fn read_capped(path: &Path, limit: u64, buf: &mut Vec<u8>) -> std::io::Result<Read_> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    let mut file: File = options.open(path)?;
    if buf.len() != FIRST {
        buf.clear();
        buf.resize(FIRST, 0);
    }
    // At most `limit + 1` bytes go into the buffer.
    let first = FIRST.min(
        usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
    );
    let window = buf.get_mut(..first).unwrap_or_default();
    let mut filled = 0;
    // Fill the first buffer (short reads are allowed).
    loop {
        match file.read(window.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled == window.len() {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if filled < window.len() {
        return Ok(Read_::InBuffer(filled));
    }
    // A bigger file: what is it, and how big?
    let meta = file.metadata()?;
    if let Some(kind) = not_regular_kind(&meta) {
        return Ok(Read_::NotRegular(kind));
    }
    if meta.len() > limit {
        return Ok(Read_::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity((meta.len() as usize).max(filled).saturating_add(64));
    bytes.extend_from_slice(window.get(..filled).unwrap_or_default());
    file.take(limit.saturating_add(1).saturating_sub(filled as u64))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Read_::TooLarge(meta.len().max(bytes.len() as u64)));
    }
    Ok(Read_::Bytes(bytes))
}

/// Read standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

fn not_regular_kind(meta: &Metadata) -> Option<String> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    Some(kind_name(ft))
}

/// What a file that is not a regular file is, for messages.
fn kind_name(ft: FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "FIFO".into();
        }
        if ft.is_socket() {
            return "socket".into();
        }
        if ft.is_block_device() {
            return "block device".into();
        }
        if ft.is_char_device() {
            return "character device".into();
        }
    }
    if ft.is_dir() {
        return "directory".into();
    }
    "special file".into()
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    e.raw_os_error() == Some(ELOOP)
}

/// An I/O error as a reason, without the path (the finding carries the path).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "not found".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let base = Path::new("/a/b");
        assert_eq!(relative(Path::new("/a/b/c/d"), base), "c/d");
        assert_eq!(relative(Path::new("/a/b"), base), ".");
        assert_eq!(relative(Path::new("/a/x"), base), "../x");
        assert_eq!(relative(Path::new("/"), base), "../..");
    }

    #[test]
    fn absolute_folds_dots() {
        let cwd = Path::new("/w");
        assert_eq!(absolute(Path::new("./a/../b"), cwd), PathBuf::from("/w/b"));
        assert_eq!(absolute(Path::new("/x/./y"), cwd), PathBuf::from("/x/y"));
        assert_eq!(absolute(Path::new("../../.."), cwd), PathBuf::from("/"));
    }
}
