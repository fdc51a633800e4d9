// DOM helpers shared by the page's modules: element lookup and construction, the status lines
// above the findings, and paths shown with their hidden characters made visible.

import { visiblePath } from "./share.js";

export const $ = (id) => document.getElementById(id);

export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return e;
};

export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A path as text with its invisible and bidi characters made visible, flagged when it has any. */
export function shownPath(path) {
  const v = visiblePath(path);
  return v.flagged
    ? el("span", { class: "hidden-chars", title: "This path holds invisible or bidirectional characters, shown as ⟨U+…⟩" }, v.shown, " (hidden characters)")
    : path;
}

let lastSummary = "";

/** The summary line (a polite live region): set only when it changes, so it is not re-read. */
export function announce(text) {
  if (text === lastSummary) return;
  lastSummary = text;
  $("summary").textContent = text;
}

export function showError(msg) {
  const e = $("error");
  e.hidden = !msg;
  e.textContent = msg ? `Cannot check these files: ${msg}` : "";
}
