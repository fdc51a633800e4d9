// Changes to the file set that the editor and the engine must follow: a new tree (example,
// drop, link, rule example), files added, a file renamed, written or deleted. Each one leaves
// the editor showing the file set's own entry and schedules a check. Nothing is overwritten
// without asking (clash.js), and what removes files can be undone (undo.js).

import { askClash } from "./clash.js";
import { $, plural } from "./dom.js";
import { visiblePath } from "./share.js";
import { openFile, view } from "./editor.js";
import { files, setFile, pickFirstFile, restoreEntry, removeFile, moveFile, clearFiles, sameContents, freePath } from "./files.js";
import { normalizePath } from "./guess.js";
import { scheduleLint } from "./lint.js";
import { state } from "./state.js";
import { offerUndo } from "./undo.js";

const shown = (p) => visiblePath(p).shown;

function restoreTree(entries, current) {
  clearFiles();
  for (const [p, e] of entries) restoreEntry(p, e);
  openFile(current);
  scheduleLint(0);
}

/**
 * A new tree in place of the one shown (the previous one can be brought back with Undo).
 * `open`: the file to open, else the first one.
 */
export function replaceAll(newFiles, { open = null, undoable = true } = {}) {
  const before = [...files];
  const beforeCurrent = state.current;
  clearFiles();
  state.current = null;
  state.result = null;
  const entries = newFiles instanceof Map ? newFiles : Object.entries(newFiles);
  for (const [p, c] of entries) setFile(p, c);
  if (window.matchMedia("(max-width: 1000px)").matches) {
    // On a phone, a long tree would push the editor and findings far down.
    $("tree-details").open = files.size <= 6;
    $("add-details").open = files.size === 0;
  }
  openFile(open && files.has(open) ? open : pickFirstFile());
  scheduleLint(0);
  if (undoable && before.length) {
    offerUndo(`Replaced the ${plural(before.length, "file")} of the tree.`, () => restoreTree(before, beforeCurrent));
  }
}

/**
 * Adds files (the form, the file picker, files dropped). Paths that hold other contents
 * already are asked about once for the whole batch: replace (undoable), keep both (the new
 * ones get free names) or cancel (nothing is added). Resolves to the paths added, or null.
 */
export async function addFiles(entries, { open = null } = {}) {
  const incoming = entries.map(([p, c]) => [normalizePath(p), c]);
  const taken = incoming.filter(([p, c]) => files.has(p) && !sameContents(files.get(p), c)).map(([p]) => p);
  let choice = "replace";
  if (taken.length) {
    choice = await askClash([...new Set(taken)], "add");
    if (choice === "cancel") return null;
  }
  const replaced = [];
  const added = [];
  for (const [p, c] of incoming) {
    const old = files.get(p);
    if (old && sameContents(old, c)) {
      added.push(p); // already there as it is
      continue;
    }
    const target = old && choice === "keep" ? freePath(p) : p;
    if (old && target === p) replaced.push([p, old]);
    added.push(setFile(target, c));
  }
  const first = open && added.includes(normalizePath(open)) ? normalizePath(open) : added[0] ?? null;
  openFile(first);
  scheduleLint(0);
  if (replaced.length) {
    offerUndo(replaced.length === 1 ? `Replaced ${shown(replaced[0][0])}.` : `Replaced ${plural(replaced.length, "file")}.`, () => {
      for (const [p, e] of replaced) restoreEntry(p, e);
      openFile(replaced[0][0]);
      scheduleLint(0);
    });
  }
  return added;
}

/** Adds (or, if asked, replaces) one file and opens it. */
export function addFile(path, contents) {
  return addFiles([[path, contents]]);
}

/** Renames the open file; a taken path is asked about. Resolves to the new path, or null. */
export async function renameCurrent(to) {
  const from = state.current;
  let target = normalizePath(to);
  let replaced = null;
  if (files.has(target)) {
    const choice = await askClash([target], "rename");
    if (choice === "cancel" || state.current !== from) {
      $("current-path").value = state.current ?? "";
      return null;
    }
    if (choice === "keep") target = freePath(target);
    else replaced = files.get(target);
  }
  openFile(null); // keeps the editor's state in the entry, which moves with it
  moveFile(from, target);
  openFile(target);
  scheduleLint(0);
  if (replaced) {
    offerUndo(`Renamed ${shown(from)} over ${shown(target)}.`, () => {
      if (files.has(target)) moveFile(target, from);
      restoreEntry(target, replaced);
      openFile(from);
      scheduleLint(0);
    });
  }
  return target;
}

/** Removes a file, open or not (the settings panel's Undo of a mesoslint.toml it created). */
export function removePath(path) {
  const wasOpen = path === state.current;
  if (wasOpen) openFile(null);
  removeFile(path);
  if (wasOpen) openFile(pickFirstFile());
  scheduleLint(0);
}

/** Deletes the open file (Undo puts it back). */
export function deleteCurrent() {
  const path = state.current;
  openFile(null); // keeps the editor's state (and its undo history) in the entry
  const entry = removeFile(path);
  openFile(pickFirstFile());
  scheduleLint(0);
  offerUndo(`Deleted ${shown(path)}.`, () => {
    const back = files.has(path) ? freePath(path) : path;
    restoreEntry(back, entry);
    openFile(back);
    scheduleLint(0);
  });
}

/**
 * Writes a file's text (a fix applied, the settings panel), or its bytes (a fix to an
 * ISO-8859-1 file): the editor follows when the file is open, and the tree is checked at once.
 */
export function writeFile(path, text) {
  const p = normalizePath(path);
  if (p === state.current && typeof text === "string" && !files.get(p).bytes) {
    // Through the editor, so that its undo history and the file set stay one.
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  } else if (p === state.current) {
    // Bytes do not go through the editor (it would save them as UTF-8): reopened instead.
    openFile(null);
    setFile(p, text);
    openFile(p);
  } else {
    setFile(p, text);
  }
  scheduleLint(0);
  return p;
}
