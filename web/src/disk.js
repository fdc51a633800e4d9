// Folders and files from disk: dropped on the page or chosen with the pickers. A dropped or
// chosen folder is the tree's root, as `mesoslint <folder>` would see it.

import { $, showError } from "./dom.js";
import { MAX_FILE_SIZE, MAX_READ } from "./files.js";
import { addFiles, replaceAll } from "./workspace.js";

const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

async function readFileObject(file) {
  const blob = file.size > MAX_READ ? file.slice(0, MAX_FILE_SIZE + 1) : file;
  return new Uint8Array(await blob.arrayBuffer());
}

async function loadFileList(list) {
  // From <input webkitdirectory>: webkitRelativePath starts with the chosen folder, the root.
  const out = Object.create(null); // keeps a file named __proto__
  for (const file of list) {
    const rel = file.webkitRelativePath || file.name;
    const parts = rel.split("/");
    if (parts.some((p) => SKIP_DIRS.has(p))) continue;
    const path = file.webkitRelativePath ? parts.slice(1).join("/") : rel;
    if (path) out[path] = await readFileObject(file);
  }
  return out;
}

function entryFiles(entry) {
  return new Promise((resolve) => entry.file(resolve, () => resolve(null)));
}

function readDir(reader) {
  return new Promise((resolve) => reader.readEntries(resolve, () => resolve([])));
}

async function walkEntry(entry, prefix, out) {
  if (entry.isFile) {
    const f = await entryFiles(entry);
    if (f) out[prefix + entry.name] = await readFileObject(f);
  } else if (entry.isDirectory && !SKIP_DIRS.has(entry.name)) {
    const reader = entry.createReader();
    for (let batch = await readDir(reader); batch.length; batch = await readDir(reader)) {
      for (const e of batch) await walkEntry(e, `${prefix}${entry.name}/`, out);
    }
  }
}

async function loadDrop(dt) {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  const out = Object.create(null); // keeps a file named __proto__
  const folder = entries.length === 1 && entries[0].isDirectory;
  if (folder) {
    // One folder dropped: it is the tree's root, as `mesoslint <folder>` would see it.
    const reader = entries[0].createReader();
    for (let batch = await readDir(reader); batch.length; batch = await readDir(reader)) {
      for (const e of batch) await walkEntry(e, "", out);
    }
  } else if (entries.length) {
    for (const e of entries) await walkEntry(e, "", out);
  } else {
    for (const f of dt.files) out[f.name] = await readFileObject(f);
  }
  return { tree: out, folder };
}

export function setupDrop() {
  const overlay = $("drop-overlay");
  let depth = 0;
  window.addEventListener("dragenter", (e) => { if (e.dataTransfer?.types.includes("Files")) { depth++; overlay.hidden = false; } });
  window.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
  window.addEventListener("dragover", (e) => { if (e.dataTransfer?.types.includes("Files")) e.preventDefault(); });
  window.addEventListener("drop", async (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const { tree, folder } = await loadDrop(e.dataTransfer);
    const paths = Object.keys(tree);
    if (!paths.length) showError("Nothing readable was dropped.");
    // A folder is a tree of its own (Undo brings the old one back); files join the tree.
    else if (folder) replaceAll(tree);
    else addFiles(Object.entries(tree));
  });
  $("open-folder").addEventListener("click", () => $("folder-input").click());
  $("open-files").addEventListener("click", () => $("files-input").click());
  for (const id of ["folder-input", "files-input"]) {
    $(id).addEventListener("change", async (e) => {
      const fs = await loadFileList(e.target.files);
      e.target.value = "";
      if (id === "files-input") {
        if (Object.keys(fs).length) addFiles(Object.entries(fs));
      }
      else if (Object.keys(fs).length) replaceAll(fs);
    });
  }
}
