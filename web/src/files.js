// The file set, the one source of truth for what is in the tree: path -> contents as the engine
// will read them. Paths are normalised on the way in; contents are decoded the way the engine
// decodes them, with a note when they are not plain UTF-8 text or are over the per-file cap.
// Every change goes through the functions below, which tell the onFilesChanged listeners
// (autosave); workspace.js keeps the editor and the engine in step with them.

import { normalizePath } from "./guess.js";

export const MAX_FILE_SIZE = 1_048_576; // the engine's (and CLI's) per-file cap
export const MAX_READ = 16 * MAX_FILE_SIZE; // bytes read from a dropped file at most

/**
 * path -> {text, bytes: Uint8Array|null (original bytes when not plain UTF-8 text), note,
 * tooLarge, state (the editor's state, kept while another file is open)}. Read it freely; change
 * it only through this module.
 */
export const files = new Map();

const listeners = [];

/** fn() after every change of a path or a file's contents. */
export function onFilesChanged(fn) {
  listeners.push(fn);
}

function changed() {
  for (const fn of listeners) fn();
}

// A Map, not an object: a file named `__proto__` must reach the engine too.
export function engineFiles() {
  const out = new Map();
  for (const [path, f] of files) out.set(path, f.bytes ?? f.text);
  return out;
}

export function decodeBytes(bytes) {
  if (bytes.length > MAX_FILE_SIZE) {
    return { text: "", bytes, tooLarge: true, note: `This file is ${(bytes.length / MAX_FILE_SIZE).toFixed(1)} MiB, over the 1 MiB cap: it is not read (as with the CLI).` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\0")) return { text, bytes, note: "This file contains NUL bytes: it looks binary." };
    return { text, bytes: null, note: "" };
  } catch {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return { text, bytes, note: "This file is not UTF-8; shown as ISO-8859-1, as the engine reads it. Editing it saves it as UTF-8." };
  }
}

/** UTF-8 size of a string, or null when it is surely under the cap (saves encoding it). */
function utf8SizeNearCap(text) {
  // One UTF-16 unit is at most 3 UTF-8 bytes.
  return text.length * 3 <= MAX_FILE_SIZE ? null : new TextEncoder().encode(text).length;
}

export function decodeText(text) {
  const size = utf8SizeNearCap(text);
  if (size !== null && size > MAX_FILE_SIZE) {
    return { text, bytes: null, tooLarge: true, note: `This file is ${(size / MAX_FILE_SIZE).toFixed(1)} MiB, over the 1 MiB cap: it is not read (as with the CLI) and not shown. Delete it or paste a smaller file.` };
  }
  if (text.includes("\0")) return { text, bytes: null, tooLarge: false, note: "This file contains NUL characters: it looks binary." };
  return { text, bytes: null, tooLarge: false, note: "" };
}

export function setFile(path, contents) {
  const p = normalizePath(path);
  const entry = typeof contents === "string" ? decodeText(contents) : decodeBytes(contents);
  files.set(p, { tooLarge: false, ...entry, state: null });
  changed();
  return p;
}

/** Puts an entry taken out of the set (by removeFile or a replace) back at a path. */
export function restoreEntry(path, entry) {
  files.set(path, entry);
  changed();
}

/** Removes a file; returns its entry (for undo), or undefined. */
export function removeFile(path) {
  const entry = files.get(path);
  files.delete(path);
  changed();
  return entry;
}

/** Moves a file to a new path (replacing what is there: the caller has asked). */
export function moveFile(from, to) {
  const entry = files.get(from);
  files.delete(from);
  files.set(to, entry);
  changed();
}

export function clearFiles() {
  files.clear();
  changed();
}

/** The editor's text written back into its file's entry. */
export function updateText(entry, text) {
  Object.assign(entry, decodeText(text));
  changed();
}

/** Whether contents (text or bytes) are what the entry already holds. */
export function sameContents(entry, contents) {
  if (typeof contents === "string") return !entry.bytes && entry.text === contents;
  const mine = entry.bytes ?? new TextEncoder().encode(entry.text);
  return mine.length === contents.length && mine.every((b, i) => b === contents[i]);
}

/** A free path next to a taken one, for "keep both": `zoo (2).cfg`, `quorum (3)`. */
export function freePath(path) {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
  for (let n = 2; ; n++) {
    const candidate = `${dir}${stem} (${n})${ext}`;
    if (!files.has(candidate)) return candidate;
  }
}

/** The file to open first: a zoo.cfg if there is one, else anything but the settings file. */
export function pickFirstFile() {
  const paths = [...files.keys()].sort();
  return paths.find((p) => /zoo\.cfg$/.test(p)) || paths.find((p) => p !== "mesoslint.toml") || paths[0] || null;
}
