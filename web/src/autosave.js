// Autosave of the file set to this browser's localStorage, restored on load, wiped by "Forget
// saved files". Saved in plain text: the page says so next to the button, credentials included.
// Never written into the share link (that is sharing.js, and only on request).

import { $ } from "./dom.js";
import { files, onFilesChanged } from "./files.js";

const KEY = "mesoslint.files.v1";
export const SAVE_DEBOUNCE_MS = 500;
// localStorage holds about 5 MB per origin (UTF-16 in Chromium): stay well inside it.
export const MAX_SAVED_CHARS = 2_000_000;

let timer = null;
let enabled = false;

function note(text) {
  $("autosave-note").textContent = text;
}

// Bytes that are not UTF-8 text are saved as latin-1 text with a marker, so they come back
// byte for byte.
function serialise() {
  const out = [];
  for (const [path, f] of files) {
    if (f.bytes) {
      let latin1 = "";
      for (const b of f.bytes) latin1 += String.fromCharCode(b);
      out.push([path, latin1, 1]);
    }
    else out.push([path, f.text]);
  }
  return JSON.stringify(out);
}

export function saveNow() {
  clearTimeout(timer);
  timer = null;
  if (!enabled) return;
  if (files.size === 0) {
    localStorage.removeItem(KEY);
    note("Nothing saved: the tree is empty.");
    return;
  }
  const text = serialise();
  if (text.length > MAX_SAVED_CHARS) {
    // An older, smaller save must not come back as if it were this tree.
    localStorage.removeItem(KEY);
    note(`Not saved: the tree is ${(text.length / 1e6).toFixed(1)} million characters, over the ${MAX_SAVED_CHARS / 1e6} million this page keeps in the browser. Export it as a zip instead.`);
    return;
  }
  try {
    localStorage.setItem(KEY, text);
    note(`Saved ${files.size} file${files.size === 1 ? "" : "s"} in this browser.`);
  } catch (e) {
    localStorage.removeItem(KEY);
    note(`Not saved: the browser refused (${e.name}). Export the tree as a zip instead.`);
  }
}

/** The saved tree as a Map path -> text or bytes, or null. */
export function savedTree() {
  let raw;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const out = new Map();
    for (const [path, text, isBytes] of JSON.parse(raw)) {
      out.set(path, isBytes ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : text);
    }
    return out;
  } catch {
    localStorage.removeItem(KEY);
    note("A saved tree could not be read and was discarded.");
    return null;
  }
}

export function forget() {
  clearTimeout(timer);
  localStorage.removeItem(KEY);
  note("Saved files forgotten: nothing of this tree is kept in this browser. Later edits are saved again.");
}

/** Starts saving after changes (call after the saved tree, if any, was restored). */
export function setupAutosave() {
  enabled = true;
  onFilesChanged(() => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, SAVE_DEBOUNCE_MS);
  });
  $("forget-button").addEventListener("click", forget);
}
