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
//! - Paths are recorded relative to the current directory.

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use mesoslint_core::{FileSet, InputProblem};

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
    pub excluded: &'a dyn Fn(&str) -> bool,
}

impl Walker<'_> {
    /// Read one linted path (a file or a directory) into `files`.
    pub fn add_path(&self, files: &mut FileSet, arg: &Path) -> std::io::Result<()> {
        let abs = absolute(arg, &self.cwd);
        // The argument itself: a link the user named is followed.
        let meta = fs::metadata(&abs)?;
        let root = fs::canonicalize(&abs).unwrap_or_else(|_| abs.clone());
        if meta.is_dir() {
            self.walk_dir(files, &abs, &root);
        } else {
            let rel = relative(&abs, &self.cwd);
            self.add_file(files, &abs, &rel, &meta);
        }
        Ok(())
    }

    fn walk_dir(&self, files: &mut FileSet, start: &Path, root: &Path) {
        let mut stack = vec![(start.to_path_buf(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let entries = match fs::read_dir(&dir) {
                Ok(rd) => rd,
                Err(e) => {
                    let rel = relative(&dir, &self.cwd);
                    files.add_problem(
                        &rel,
                        InputProblem::Unreadable {
                            reason: format!("cannot list directory: {}", io_reason(&e)),
                        },
                    );
                    continue;
                }
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            // Reverse so the stack pops in sorted order (output order does not depend on it,
            // but problems are easier to follow).
            for path in paths.into_iter().rev() {
                let rel = relative(&path, &self.cwd);
                if (self.excluded)(&rel) {
                    continue;
                }
                let meta = match fs::symlink_metadata(&path) {
                    Ok(m) => m,
                    Err(e) => {
                        files.add_problem(
                            &rel,
                            InputProblem::Unreadable {
                                reason: io_reason(&e),
                            },
                        );
                        continue;
                    }
                };
                let ft = meta.file_type();
                if ft.is_dir() {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    if name.is_some_and(|n| SKIPPED_DIRS.contains(&n.as_str())) {
                        continue;
                    }
                    if depth + 1 < MAX_DEPTH {
                        stack.push((path, depth + 1));
                    }
                } else if ft.is_symlink() {
                    self.add_symlink(files, &path, &rel, root);
                } else {
                    self.add_file(files, &path, &rel, &meta);
                }
            }
        }
    }

    fn add_symlink(&self, files: &mut FileSet, path: &Path, rel: &str, root: &Path) {
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
                files.add_problem(
                    rel,
                    InputProblem::BadSymlink {
                        reason,
                        outside: false,
                    },
                );
                return;
            }
        };
        if !target.starts_with(root) {
            files.add_problem(
                rel,
                InputProblem::BadSymlink {
                    reason: "symbolic link leads out of the linted path; not followed".into(),
                    outside: true,
                },
            );
            return;
        }
        match fs::metadata(&target) {
            // Its target inside the tree is read at its own path.
            Ok(m) if m.is_dir() => {}
            Ok(m) => self.add_file(files, &target, rel, &m),
            Err(e) => {
                files.add_problem(
                    rel,
                    InputProblem::Unreadable {
                        reason: io_reason(&e),
                    },
                );
            }
        }
    }

    /// Read a file whose (followed) metadata is `meta`, recording it at `rel`.
    fn add_file(&self, files: &mut FileSet, path: &Path, rel: &str, meta: &Metadata) {
        if let Some(kind) = not_regular_kind(meta) {
            files.add_problem(rel, InputProblem::NotRegular { kind });
            return;
        }
        if meta.len() > self.max_file_size {
            files.add_problem(
                rel,
                InputProblem::TooLarge {
                    size: meta.len(),
                    limit: self.max_file_size,
                },
            );
            return;
        }
        match read_capped(path, self.max_file_size) {
            Ok(Read_::Bytes(bytes)) => {
                files.add(rel, &bytes);
            }
            Ok(Read_::TooLarge(size)) => {
                files.add_problem(
                    rel,
                    InputProblem::TooLarge {
                        size,
                        limit: self.max_file_size,
                    },
                );
            }
            Ok(Read_::NotRegular(kind)) => {
                files.add_problem(rel, InputProblem::NotRegular { kind });
            }
            Err(e) => {
                files.add_problem(
                    rel,
                    InputProblem::Unreadable {
                        reason: io_reason(&e),
                    },
                );
            }
        }
    }
}

enum Read_ {
    Bytes(Vec<u8>),
    TooLarge(u64),
    NotRegular(String),
}

/// Open without blocking (a file swapped for a FIFO after the check must not hang the run),
/// check again on the open handle, and read at most `limit + 1` bytes.
fn read_capped(path: &Path, limit: u64) -> std::io::Result<Read_> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    let file: File = options.open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = not_regular_kind(&meta) {
        return Ok(Read_::NotRegular(kind));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
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
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("FIFO".into());
        }
        if ft.is_socket() {
            return Some("socket".into());
        }
        if ft.is_block_device() {
            return Some("block device".into());
        }
        if ft.is_char_device() {
            return Some("character device".into());
        }
    }
    if ft.is_dir() {
        return Some("directory".into());
    }
    Some("special file".into())
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
