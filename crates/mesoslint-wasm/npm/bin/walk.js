// Reading the linted paths for the `mesoslint` command, the way the native CLI reads them
// (crates/mesoslint-cli/src/walk.rs); what cannot be read is handed to the engine as an input
// problem, so it becomes the same IN001/IN003/IN004/IN005 finding:
//
// - every regular file under a directory is read, as bytes (the engine decodes them: UTF-8,
//   else ISO-8859-1), up to the size cap (over it: too-large, not read);
// - `.git`, `.hg`, `.svn`, `node_modules` and `target` directories are skipped;
// - FIFOs, sockets and devices are never opened (not-regular); files are opened non-blocking;
// - a symbolic link to a file inside the linted path is read at the link's path; links that
//   loop, dangle or lead out of it are not followed (bad-symlink); links to directories are not
//   followed (their targets inside the tree are read at their own path), so the walk cannot loop;
// - directories nested deeper than 64 levels are not read;
// - paths are relative to the current directory, `/`-separated, and each linted path's files
//   are given in path order (the CLI's file order, so its host and finding order too).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const SKIPPED_DIRS = new Set([".git", ".hg", ".svn", "node_modules", "target"]);
const MAX_DEPTH = 64;
const CONFIG_NAMES = ["mesoslint.toml", ".mesoslint.toml"];

/** A path argument that cannot be read at all: the CLI's exit status 2. */
class WalkError extends Error {}

/** `target` relative to `base` (both absolute), `/`-separated; `.` when equal. */
function relative(target, base) {
  const rel = path.relative(base, target).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

// The text Rust's io::Error shows for the errors a walk meets (`<strerror> (os error N)`).
const STRERROR = {
  ELOOP: "Too many levels of symbolic links",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EIO: "Input/output error",
  ENAMETOOLONG: "File name too long",
  EMFILE: "Too many open files",
  ENFILE: "Too many open files in system",
  ENXIO: "No such device or address",
  EAGAIN: "Resource temporarily unavailable",
  EBUSY: "Device or resource busy",
};

/** An I/O error as a reason, without the path (the finding carries the path). */
function ioReason(e) {
  switch (e && e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "not found";
    default: {
      const errno = e && e.code ? os.constants.errno[e.code] : undefined;
      if (STRERROR[e.code] && errno !== undefined) return `${STRERROR[e.code]} (os error ${errno})`;
      return e && e.message ? e.message : String(e);
    }
  }
}

function kindOf(stats) {
  if (stats.isFIFO()) return "FIFO";
  if (stats.isSocket()) return "socket";
  if (stats.isBlockDevice()) return "block device";
  if (stats.isCharacterDevice()) return "character device";
  if (stats.isDirectory()) return "directory";
  return "special file";
}

const problem = (p) => ({ problem: p });

/** Read a file that should be regular: its bytes, or the problem found instead. */
function readFile(file, limit) {
  let fd;
  try {
    // Non-blocking: a file swapped for a FIFO after the listing must not hang the run.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0));
  } catch (e) {
    return problem({ kind: "unreadable", reason: ioReason(e) });
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return problem({ kind: "not-regular", what: kindOf(stats) });
    if (stats.size > limit) return problem({ kind: "too-large", size: stats.size, limit });
    // At most limit + 1 bytes: a file growing under us is still capped.
    const chunks = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > limit) return problem({ kind: "too-large", size: Math.max(stats.size, total), limit });
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    return problem({ kind: "unreadable", reason: ioReason(e) });
  } finally {
    fs.closeSync(fd);
  }
}

/** A symbolic link met in a directory: followed only to a file inside the linted path. */
function symlinkEntry(link, root, limit) {
  let target;
  try {
    target = fs.realpathSync.native(link);
  } catch (e) {
    const reason =
      e.code === "ELOOP"
        ? "symbolic link loop"
        : e.code === "ENOENT"
          ? "dangling symbolic link: its target does not exist"
          : `cannot resolve symbolic link: ${ioReason(e)}`;
    return problem({ kind: "bad-symlink", reason, outside: false });
  }
  if (target !== root && !target.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    return problem({
      kind: "bad-symlink",
      reason: "symbolic link leads out of the linted path; not followed",
      outside: true,
    });
  }
  let stats;
  try {
    stats = fs.statSync(target);
  } catch (e) {
    return problem({ kind: "unreadable", reason: ioReason(e) });
  }
  if (stats.isDirectory()) return null; // read at its own path
  if (!stats.isFile()) return problem({ kind: "not-regular", what: kindOf(stats) });
  return readFile(target, limit);
}

/** Add every file under the directory `start` to `found` as [rel, contents]. */
function walkDir(found, start, startRel, root, limit) {
  const queue = [[start, startRel, 0]];
  while (queue.length) {
    const [dir, dirRel, depth] = queue.pop();
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      found.push([dirRel, problem({ kind: "unreadable", reason: `cannot list directory: ${ioReason(e)}` })]);
      continue;
    }
    for (const entry of entries) {
      const rel = dirRel === "." ? entry.name : `${dirRel}/${entry.name}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        if (depth + 1 < MAX_DEPTH) queue.push([full, rel, depth + 1]);
        else {
          found.push([
            rel,
            problem({ kind: "unreadable", reason: `directory nested deeper than ${MAX_DEPTH} levels; not read` }),
          ]);
        }
      } else if (entry.isSymbolicLink()) {
        const contents = symlinkEntry(full, root, limit);
        if (contents !== null) found.push([rel, contents]);
      } else if (entry.isFile()) {
        found.push([rel, readFile(full, limit)]);
      } else {
        // FIFOs, sockets and devices are never opened.
        found.push([rel, problem({ kind: "not-regular", what: kindOf(entry) })]);
      }
    }
  }
}

/** Read one linted path (a file or a directory, absolute) into the Map `files`. */
function walk(files, abs, cwd, limit) {
  let stats;
  try {
    stats = fs.statSync(abs); // a link the user named is followed
  } catch (e) {
    throw new WalkError(`cannot read ${relative(abs, cwd)}: ${ioReason(e)}`);
  }
  let root = abs;
  try {
    root = fs.realpathSync.native(abs);
  } catch {
    // The lexical path, as the CLI falls back to.
  }
  const found = [];
  const rel = relative(abs, cwd);
  if (stats.isDirectory()) walkDir(found, abs, rel, root, limit);
  else if (stats.isFile()) found.push([rel, readFile(abs, limit)]);
  else found.push([rel, problem({ kind: "not-regular", what: kindOf(stats) })]);
  // Byte order of the UTF-8 paths, as the CLI sorts them.
  found.sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])));
  for (const [p, contents] of found) if (!files.has(p)) files.set(p, contents);
}

/** Standard input, at most `limit` bytes. */
function readStdin(limit) {
  try {
    const bytes = fs.readFileSync(0);
    if (bytes.length > limit) return problem({ kind: "too-large", size: bytes.length, limit });
    return bytes;
  } catch (e) {
    return problem({ kind: "unreadable", reason: ioReason(e) });
  }
}

/** The nearest configuration file from `start` upward, stopping after the directory that holds
 * `.git` (the repository root) or at the file-system root. */
function discoverConfig(start) {
  let dir = start;
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not there
      }
    }
    if (fs.existsSync(path.join(dir, ".git"))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

module.exports = { walk, readStdin, discoverConfig, relative, ioReason, WalkError };
