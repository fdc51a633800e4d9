// One level of undo for what removes files from the tree (a delete, a replace on a name clash,
// a new tree loaded over the old one): a toast with an Undo button, and Ctrl+Z / Cmd+Z when
// the focus is outside the editor and the form fields (there, the key undoes typing).

import { $ } from "./dom.js";

let offer = null; // {label, restore}

/** Offers to undo what was just done; replaces any earlier offer. */
export function offerUndo(label, restore) {
  offer = { label, restore };
  $("undo-text").textContent = label;
  $("undo-toast").hidden = false;
}

export function dropUndo() {
  offer = null;
  $("undo-toast").hidden = true;
}

export function undo() {
  if (!offer) return false;
  const { restore } = offer;
  dropUndo();
  restore();
  return true;
}

function typingTarget(el) {
  return Boolean(el && (el.closest?.(".cm-editor") || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.isContentEditable));
}

export function setupUndo() {
  $("undo-button").addEventListener("click", undo);
  $("undo-dismiss").addEventListener("click", dropUndo);
  window.addEventListener("keydown", (e) => {
    if (e.key.toLowerCase() !== "z" || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
    if (!offer || typingTarget(document.activeElement)) return;
    e.preventDefault();
    undo();
  });
}
