// Apply-fix buttons: one on each finding whose fix is safe (what `mesoslint --fix` applies),
// and "Apply all safe fixes" for the tree. The engine computes the fixed files (the wasm
// `fix`, the CLI's own fix code, the tree's mesoslint.toml applied); they are written through
// workspace.js, so the editor, the engine, autosave and Undo all see them.

import { $, el, shownPath } from "./dom.js";
import { openFile } from "./editor.js";
import { engineFiles, files, pickFirstFile, removeFile } from "./files.js";
import { ask, currentResult, onResult, scheduleLint } from "./lint.js";
import { state } from "./state.js";
import { offerUndo } from "./undo.js";
import { writeFile } from "./workspace.js";

let busy = false; // a fix is being computed or written: one at a time
let refocus = false; // the clicked button goes with its finding: focus the panel after the relint

const primaryOf = (f) => f.labels.find((l) => l.primary) ?? f.labels[0];

// Files whose text the engine masks (credentials): the engine refuses to fix them, as the CLI
// refuses to write them, so no button promises a fix there.
function maskedPaths() {
  return new Set((state.result?.secrets ?? []).map((s) => s.path));
}

function touchedPaths(f) {
  return [...(f.fix?.edits ?? []).map((e) => e.path), ...(f.fix?.creates ?? []).map((c) => c.path)];
}

/** Whether the finding has a safe fix the engine will apply. */
export function fixable(f, masked = maskedPaths()) {
  return f.fix?.applicability === "safe" && !touchedPaths(f).some((p) => masked.has(p));
}

// The finding in the newest result that a (possibly reused) element stands for: found again
// at click time, because byte offsets move with edits above it while line and column stay.
function sameFinding(a, b) {
  const pa = primaryOf(a);
  const pb = primaryOf(b);
  return a.code === b.code && a.message === b.message && pa?.path === pb?.path &&
    pa?.start.line === pb?.start.line && pa?.start.column_utf16 === pb?.start.column_utf16;
}

/** The control a finding shows: an apply button for a safe fix, a note when one is withheld. */
export function fixControl(f) {
  if (f.fix?.applicability !== "safe") return null;
  if (!fixable(f)) {
    return el("p", { class: "note" }, "Its safe fix is not offered: it touches a file holding credentials, which --fix does not rewrite either.");
  }
  return el("button", { type: "button", class: "fix-button", onclick: () => applyFixes(f) }, `Apply fix: ${f.fix.description}`);
}

function note(text) {
  $("fix-note").textContent = text;
}

// Contents to write back: ISO-8859-1 files stay in their encoding, as the CLI writes them.
function contentsOf(change) {
  return change.encoding === "iso-8859-1" ? Uint8Array.from(change.after, (c) => c.charCodeAt(0)) : change.after;
}

function removeCreated(path) {
  const open = path === state.current;
  if (open) openFile(null);
  removeFile(path);
  if (open) openFile(pickFirstFile());
  scheduleLint(0);
}

/** Applies one finding's safe fix, or every safe fix of the tree when `finding` is null. */
export async function applyFixes(finding = null) {
  if (busy) return;
  busy = true;
  // (before the buttons are disabled, which takes the focus from them)
  const hadFocus = Boolean(document.activeElement?.closest("#findings, #fix-bar"));
  setBusy(true);
  try {
    // The files as they are now, with their own findings: an edit may be waiting.
    const result = await currentResult();
    let options = {};
    if (finding) {
      const now = result?.findings.find((f) => sameFinding(f, finding));
      if (!now) return note("That finding is no longer there: nothing was changed.");
      if (!fixable(now)) return note("That finding's fix now touches a file holding credentials: nothing was changed.");
      const label = primaryOf(now);
      options = { finding: { code: now.code, path: label.path, offset: label.start.offset, message: now.message } };
    }
    const reply = await ask({ type: "fix", files: engineFiles(), options });
    if (!reply.ok) return note(`No fix applied: ${reply.error}`);
    refocus = writeChanges(reply.result) && hadFocus;
  } finally {
    busy = false;
    setBusy(false);
  }
}

function writeChanges(fixed) {
  const { changes } = fixed;
  const reasons = fixed.not_applied.map((n) => `${n.path}: ${n.reason}`);
  if (fixed.skipped_protected.length) reasons.push(`${fixed.skipped_protected.join(", ")}: the fix touches a file holding credentials`);
  if (!changes.length) return void note(`No fix applied${reasons.length ? `: ${reasons.join("; ")}` : ": there was nothing safe to fix."}`);
  // An edit made while the engine worked wins: nothing is written over it.
  const moved = changes.filter((c) => (c.before === null ? files.has(c.path) : files.get(c.path)?.text !== c.before));
  if (moved.length) return void note(`No fix applied: ${shownText(moved[0].path)} changed while the fix was computed. Try again.`);
  const before = changes.map((c) => [c.path, c.before === null ? null : (files.get(c.path).bytes ?? files.get(c.path).text)]);
  for (const c of changes) writeFile(c.path, contentsOf(c));
  const what = `Applied ${fixed.applied === 1 ? "1 fix" : `${fixed.applied} fixes`} (${changes.map((c) => shownText(c.path)).join(", ")}).`;
  note(reasons.length ? `${what} Not applied: ${reasons.join("; ")}.` : what);
  offerUndo(what, () => {
    for (const [p, contents] of before) {
      if (contents === null) removeCreated(p);
      else writeFile(p, contents);
    }
    note(`Undone: ${what}`);
  });
  return true;
}

function shownText(path) {
  const s = shownPath(path);
  return typeof s === "string" ? s : s.textContent;
}

function setBusy(on) {
  for (const b of document.querySelectorAll(".fix-button, #fix-all")) b.disabled = on;
}

/** The "Apply all safe fixes" bar follows each result. */
export function setupFixes() {
  $("fix-all").addEventListener("click", () => applyFixes(null));
  onResult(() => {
    const masked = maskedPaths();
    const n = (state.result?.findings ?? []).filter((f) => fixable(f, masked)).length;
    $("fix-bar").hidden = n === 0;
    $("fix-all").textContent = `Apply all safe fixes (${n} finding${n === 1 ? "" : "s"})`;
    $("fix-all").disabled = busy;
    // Keep the keyboard in the panel when the button that had it went with its finding.
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected || ($("fix-bar").hidden && $("fix-bar").contains(active));
    if (refocus && lost) $("findings-h").focus();
    refocus = false;
  });
}
