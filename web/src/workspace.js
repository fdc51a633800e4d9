// Changes to the whole file set that the editor and the engine must follow: a new tree
// (example, drop, link, rule example), a file added, renamed or deleted.

import { $ } from "./dom.js";
import { openFile, view } from "./editor.js";
import { files, setFile, pickFirstFile } from "./files.js";
import { normalizePath } from "./guess.js";
import { scheduleLint } from "./lint.js";
import { state } from "./state.js";

export function replaceAll(newFiles) {
  files.clear();
  state.current = null;
  state.result = null;
  const entries = newFiles instanceof Map ? newFiles : Object.entries(newFiles);
  for (const [p, c] of entries) setFile(p, c);
  if (window.matchMedia("(max-width: 1000px)").matches) {
    // On a phone, a long tree would push the editor and findings far down.
    $("tree-details").open = files.size <= 6;
    $("add-details").open = files.size === 0;
  }
  openFile(pickFirstFile());
  scheduleLint(0);
}

/** Adds (or overwrites) a file and opens it. */
export function addFile(path, contents) {
  const p = setFile(path, contents);
  openFile(p);
  scheduleLint(0);
  return p;
}

/** Adds several files (as from the file picker) and opens the first one given. */
export function addFiles(entries, first) {
  for (const [p, c] of entries) setFile(p, c);
  openFile(first);
  scheduleLint(0);
}

export function renameCurrent(to) {
  const f = files.get(state.current);
  f.state = view.state;
  files.delete(state.current);
  files.set(to, f);
  state.current = to;
  openFile(to);
  scheduleLint(0);
}

export function deleteCurrent() {
  files.delete(state.current);
  state.current = null;
  openFile(pickFirstFile());
  scheduleLint(0);
}

/**
 * Writes a file's text (a fix applied, the settings panel): the editor follows when the file
 * is open, and the tree is checked at once.
 */
export function writeFile(path, text) {
  const p = normalizePath(path);
  if (p === state.current) {
    // Through the editor, so that its undo history and the file set stay one.
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  } else {
    setFile(p, text);
  }
  scheduleLint(0);
  return p;
}
