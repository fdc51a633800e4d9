// The CodeMirror editor: the open file, its edits written back to the file set, and the last
// result's findings as underlines and gutter markers.

import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { StreamLanguage } from "@codemirror/language";
import { properties } from "@codemirror/legacy-modes/mode/properties";

import { $ } from "./dom.js";
import { files, updateText } from "./files.js";
import { scheduleLint } from "./lint.js";
import { state, debug } from "./state.js";
import { renderTree } from "./tree.js";

const editorTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
});

function makeState(text, readOnly) {
  return EditorState.create({
    doc: text,
    extensions: [
      basicSetup,
      lintGutter(),
      StreamLanguage.define(properties),
      editorTheme,
      EditorView.lineWrapping,
      EditorState.readOnly.of(readOnly),
      EditorView.contentAttributes.of({ "aria-label": "File contents" }),
      EditorView.updateListener.of((u) => {
        // Only into the entry on screen, and only while it is still the file at that path.
        if (!u.docChanged || !openEntry || files.get(state.current) !== openEntry) return;
        updateText(openEntry, u.state.doc.toString());
        debug.editAt = performance.now();
        scheduleLint();
      }),
    ],
  });
}

export const view = new EditorView({ parent: $("editor"), state: makeState("", true) });

// The entry shown in the editor. Its editor state is kept in that entry, found by identity and
// not by path: when a file is replaced at the same path, the old text must not come back.
let openEntry = null;

export function openFile(path, line, column) {
  if (openEntry) openEntry.state = view.state;
  state.current = path && files.has(path) ? path : null;
  const f = state.current ? files.get(state.current) : null;
  openEntry = f;
  if (!f) {
    view.setState(makeState("", true));
  } else {
    // An oversized file is not put in the editor (the engine does not read it either); a
    // binary one is shown but not editable, so that its bytes are checked as they are.
    const readOnly = f.tooLarge || Boolean(f.bytes && f.text.includes("\0"));
    view.setState(f.state ?? makeState(f.tooLarge ? "" : f.text, readOnly));
  }
  $("current-path").value = state.current ?? "";
  $("current-path").disabled = $("rename-button").disabled = $("delete-button").disabled = !state.current;
  $("editor-note").textContent = f ? f.note : "No file open.";
  applyDiagnostics();
  renderTree();
  if (state.current && line) {
    const pos = posOf(view.state.doc, line, column || 1);
    view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    view.focus();
  }
}

function posOf(doc, line, colUtf16) {
  const n = Math.min(Math.max(1, line), doc.lines);
  const l = doc.line(n);
  return Math.min(l.from + Math.max(0, colUtf16 - 1), l.to);
}

export function applyDiagnostics() {
  const diags = [];
  const { result, current } = state;
  if (result && current) {
    const doc = view.state.doc;
    for (const f of result.findings) {
      for (const label of f.labels) {
        if (label.path !== current) continue;
        let from = posOf(doc, label.start.line, label.start.column_utf16);
        let to = posOf(doc, label.end.line, label.end.column_utf16);
        if (to < from) [from, to] = [to, from];
        const text = label.primary
          ? `${f.code} ${f.name}: ${f.message}${label.message ? ` (${label.message})` : ""}${f.help ? `\nhelp: ${f.help}` : ""}`
          : `${f.code} (related): ${label.message || f.message}`;
        diags.push({
          from,
          to,
          severity: label.primary ? f.severity : "info",
          source: "mesoslint",
          message: text,
        });
      }
    }
  }
  view.dispatch(setDiagnostics(view.state, diags));
}
