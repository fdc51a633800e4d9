// The paste/add form (the kind of a paste is guessed, its path suggested) and the open file's
// rename and delete controls.

import { $, el, showError } from "./dom.js";
import { MAX_FILE_SIZE } from "./files.js";
import { KINDS, kindById, guessKind, normalizePath } from "./guess.js";
import { state } from "./state.js";
import { addFile, deleteCurrent, renameCurrent } from "./workspace.js";

// A paste longer than this is held in memory instead of the text box: browsers take seconds to
// lay out megabytes in a <textarea>, and the engine reads at most MAX_FILE_SIZE anyway.
const MAX_SHOWN_PASTE = 256 * 1024;

let kindTouched = false;
let pathTouched = false;
let heldPaste = null; // a huge paste, kept out of the text box

const pasteText = () => heldPaste ?? $("paste-text").value;

function holdPaste(text) {
  heldPaste = text;
  $("paste-text").value = "";
  const mib = (new TextEncoder().encode(text).length / MAX_FILE_SIZE).toFixed(1);
  $("paste-note").textContent = `Pasted ${mib} MiB: too large to show here. "Add file" adds it as it is` +
    (Number(mib) > 1 ? "; over the 1 MiB cap, it is reported but not read (as with the CLI)." : ".");
}

function dropHeldPaste() {
  heldPaste = null;
  $("paste-note").textContent = "";
}

function suggestedPath() {
  const kind = kindById($("paste-kind").value);
  const host = $("paste-host").value.trim().replace(/^\/+|\/+$/g, "");
  const rel = kind.path($("paste-flag").value.trim());
  return host ? `${host}/${rel}` : rel;
}

function refreshForm() {
  const text = pasteText();
  if (!kindTouched) {
    // The start of a huge paste says what it is as well as the whole would.
    const g = guessKind(text.length > 65536 ? text.slice(0, 65536) : text);
    $("paste-kind").value = g.kind;
    if (g.flag) $("paste-flag").value = g.flag;
    $("guess-note").textContent = text.trim() ? `Guessed: ${kindById(g.kind).label}` : "";
  }
  const kind = kindById($("paste-kind").value);
  $("flag-row").hidden = !kind.flag;
  if (!pathTouched) $("paste-path").value = suggestedPath();
}

export function setupForm() {
  for (const k of KINDS) $("paste-kind").append(el("option", { value: k.id }, k.label));
  $("paste-text").addEventListener("paste", (ev) => {
    const text = ev.clipboardData?.getData("text/plain") ?? "";
    if (text.length <= MAX_SHOWN_PASTE) return; // the browser inserts it as usual
    ev.preventDefault();
    holdPaste(text);
    refreshForm();
  });
  $("paste-text").addEventListener("input", () => {
    // Typing replaces a held paste: the box is what will be added.
    if (heldPaste !== null && $("paste-text").value !== "") dropHeldPaste();
    refreshForm();
  });
  $("paste-kind").addEventListener("change", () => { kindTouched = true; $("guess-note").textContent = ""; refreshForm(); });
  $("paste-flag").addEventListener("input", refreshForm);
  $("paste-host").addEventListener("input", refreshForm);
  $("paste-path").addEventListener("input", () => { pathTouched = true; });
  $("add-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const path = normalizePath($("paste-path").value.trim() || suggestedPath());
    if (path === "." || path.startsWith("..")) {
      showError(`"${$("paste-path").value}" is not a path inside the tree.`);
      return;
    }
    // The form is emptied once the file is in; a cancelled name clash leaves it as it was.
    addFile(path, pasteText()).then((added) => {
      if (!added) return;
      $("paste-text").value = "";
      dropHeldPaste();
      kindTouched = pathTouched = false;
      refreshForm();
    });
  });
  refreshForm();

  $("file-head").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!state.current) return;
    const to = normalizePath($("current-path").value.trim());
    if (!to || to === "." || to.startsWith("..")) {
      $("current-path").value = state.current;
      return;
    }
    if (to === state.current) return;
    renameCurrent(to);
  });
  $("delete-button").addEventListener("click", () => {
    if (!state.current) return;
    deleteCurrent();
  });
}
