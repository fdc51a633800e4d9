//! `--fix` and `--diff`: the core works out the fixed texts (`mesoslint_core::fix`); this
//! module writes them back, faithfully and atomically.
//!
//! - A file keeps its encoding (UTF-8, or ISO-8859-1 byte for byte), its line endings and
//!   comments (the core edits only the spans a fix names) and its permissions.
//! - A write goes to a temporary file in the same directory, is synced, then renamed over the
//!   original: an interrupted run leaves the old file or the new one, never half of one.
//! - A symbolic link is written through only when its target is inside a linted path; a link
//!   out of the tree is never followed.
//! - A file whose credentials the engine masked is never written (its text in the engine is not
//!   the file's), and the fixes touching it are skipped.
//! - A file that changed on disk since it was read is not overwritten.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use mesoslint_core::files::Encoding;
use mesoslint_core::fix::{Change, FixedTree};
use mesoslint_core::{FileSet, SourceFile};

/// Paths of the tree whose text in the engine differs from the file (masked credentials).
pub fn masked_paths(files: &FileSet, cwd: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, f) in files.iter() {
        // Masking writes `*`: a file without one cannot have been masked.
        if f.problem().is_some() || !f.text().contains('*') {
            continue;
        }
        match fs::read(cwd.join(f.path())) {
            Ok(bytes) if decode(&bytes).0 == f.text() => {}
            _ => {
                out.insert(f.path().to_string());
            }
        }
    }
    out
}

/// Text as the engine decodes it (before masking).
fn decode(bytes: &[u8]) -> (String, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => (bytes.iter().map(|&b| b as char).collect(), Encoding::Latin1),
    }
}

fn encode(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Utf8 => Some(text.as_bytes().to_vec()),
        Encoding::Latin1 => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect(),
    }
}

/// The unified diff of every change, in path order (the core's, which the page shows too).
pub fn diff(fixed: &FixedTree) -> String {
    fixed.diff()
}

/// Where a write may go: inside one of the linted paths (canonical).
pub struct Roots(Vec<PathBuf>);

impl Roots {
    pub fn new(paths: &[PathBuf], cwd: &Path) -> Roots {
        Roots(
            paths
                .iter()
                .filter_map(|p| fs::canonicalize(crate::walk::absolute(p, cwd)).ok())
                .collect(),
        )
    }

    fn contains(&self, p: &Path) -> bool {
        self.0.iter().any(|r| p.starts_with(r))
    }
}

/// Write every change; returns the paths written and one message per file not written.
pub fn write_all(fixed: &FixedTree, cwd: &Path, roots: &Roots) -> (Vec<String>, Vec<String>) {
    let mut written = Vec::new();
    let mut problems = Vec::new();
    for (path, change) in &fixed.changes {
        match write_one(&cwd.join(path), path, change, roots) {
            Ok(()) => written.push(path.clone()),
            Err(e) => problems.push(format!("{path}: not fixed: {e}")),
        }
    }
    (written, problems)
}

fn write_one(abs: &Path, path: &str, change: &Change, roots: &Roots) -> Result<(), String> {
    let Some(before) = &change.before else {
        // A new file: its directory must be in the tree, and the path still free.
        let parent = abs.parent().ok_or("no parent directory")?;
        let dir = fs::canonicalize(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        if !roots.contains(&dir) {
            return Err("its directory is outside the linted paths".into());
        }
        if fs::symlink_metadata(abs).is_ok() {
            return Err("the file appeared since the tree was read".into());
        }
        let name = abs.file_name().ok_or("no file name")?;
        return atomic_write(&dir.join(name), change.after.as_bytes(), None);
    };
    let meta = fs::symlink_metadata(abs).map_err(|e| e.to_string())?;
    let target = if meta.file_type().is_symlink() {
        let t = fs::canonicalize(abs).map_err(|e| e.to_string())?;
        if !roots.contains(&t) {
            return Err("a symbolic link out of the linted paths".into());
        }
        t
    } else {
        abs.to_path_buf()
    };
    let bytes = fs::read(&target).map_err(|e| e.to_string())?;
    let (text, encoding) = decode(&bytes);
    if SourceFile::from_bytes(path, &bytes).text() != text {
        return Err("it holds credentials the engine masked".into());
    }
    if &text != before {
        return Err("it changed on disk since it was read".into());
    }
    let out = encode(&change.after, encoding)
        .ok_or("the fix writes characters its ISO-8859-1 encoding cannot hold")?;
    let perms = fs::metadata(&target)
        .map_err(|e| e.to_string())?
        .permissions();
    atomic_write(&target, &out, Some(perms))
}

/// Temporary file beside `target`, synced, renamed over it; the directory synced after.
fn atomic_write(target: &Path, bytes: &[u8], perms: Option<fs::Permissions>) -> Result<(), String> {
    let dir = target.parent().ok_or("no parent directory")?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.mesoslint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        if let Some(p) = perms {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, target)?;
        // The rename itself is durable once the directory is synced (not possible everywhere).
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| e.to_string())
}
