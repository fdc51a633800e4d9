// The paste-and-check page: a tree of files edited in CodeMirror, linted by the wasm engine in
// a Web Worker, findings shown in the editor and in a panel grouped by host and file. This
// module wires the parts together; each concern lives in its own module:
//   files.js     the file set          workspace.js  changes to it the editor and engine follow
//   lint.js      the worker and when to check        editor.js    CodeMirror and its underlines
//   findings.js  the findings panel    tree.js       the file tree    hosts.js  path -> host
//   form.js      paste/add, rename, delete           disk.js      drop and file pickers
//   sharing.js   share links           rules.js      the rules dialog
//   clash.js     replace / keep both / cancel        undo.js      Undo for what removes files
//   cluster.js   the cluster view                    settings.js  the mesoslint.toml panel
//   fixes.js     apply-fix buttons

import examples from "../generated/examples.js";
import { $, el, announce, showError } from "./dom.js";
import { applyDiagnostics, view } from "./editor.js";
import { files } from "./files.js";
import { renderFindings } from "./findings.js";
import { setupForm } from "./form.js";
import { setupDrop } from "./disk.js";
import { ask, onResult, startWorker } from "./lint.js";
import { openRules, renderRuleList, setRules } from "./rules.js";
import { loadHash, setupSharing } from "./sharing.js";
import { state, debug } from "./state.js";
import { setupUndo } from "./undo.js";
import { renderTree } from "./tree.js";
import { replaceAll } from "./workspace.js";
import { savedTree, setupAutosave } from "./autosave.js";
import { setupExport } from "./export.js";
import { setupCluster } from "./cluster.js";
import { setupSettings } from "./settings.js";
import { setupFixes } from "./fixes.js";

// What every check shows: the panel, the editor's underlines, the tree's badges, the summary.
function showOutcome(outcome) {
  if (outcome.kind === "empty") {
    showError(null);
    renderFindings();
    applyDiagnostics();
    renderTree();
    announce("Add or paste a file, drop a folder, or load an example.");
    return;
  }
  if (outcome.kind === "error") {
    showError(outcome.fatal ? `The engine hit an internal error and was restarted: ${outcome.error}` : outcome.error);
    renderFindings(outcome.error);
    applyDiagnostics();
    renderTree();
    announce("Not checked: see the error above the findings.");
    return;
  }
  showError(null);
  const { result } = state;
  $("timing").textContent = `Checked ${files.size} file${files.size === 1 ? "" : "s"} in ${outcome.ms.toFixed(1)} ms, in your browser (engine ${result.version}).`;
  const t = [performance.now()];
  renderFindings();
  t.push(performance.now());
  applyDiagnostics();
  t.push(performance.now());
  renderTree();
  t.push(performance.now());
  announce(result.summary_line);
  debug.shownAt = performance.now();
  debug.phases = { findings: t[1] - t[0], editor: t[2] - t[1], tree: t[3] - t[2] };
}

function setupToolbar() {
  const sel = $("example-select");
  for (const ex of examples) sel.append(el("option", { value: ex.name }, `${ex.title} (${ex.name})`));
  sel.addEventListener("change", () => {
    const ex = examples.find((e) => e.name === sel.value);
    if (ex) replaceAll(ex.files);
    sel.value = "";
  });
  $("rules-button").addEventListener("click", () => openRules(null));
  $("rules-close").addEventListener("click", () => $("rules-dialog").close());
  $("rule-filter").addEventListener("input", (e) => renderRuleList(e.target.value));
  $("clear-button").addEventListener("click", () => replaceAll({}));
  setupSharing();
  setupExport();
}

// Frame-busting that needs no header: framed, the page shows only a link to itself and never
// starts (style.css hides everything else until the class below is set).
function framed() {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}

async function main() {
  if (framed()) {
    $("framed").hidden = false;
    $("framed-link").href = location.href.split("#")[0];
    return;
  }
  document.documentElement.classList.add("unframed");
  debug.load = (tree) => replaceAll(new Map(Object.entries(tree)));
  // For the tests: what the editor shows and what the file set holds (pairs: `__proto__` too).
  debug.editorText = () => view.state.doc.toString();
  debug.files = () => [...files].map(([p, f]) => [p, f.text]);
  debug.fileBytes = () => [...files].map(([p, f]) => [p, [...(f.bytes ?? new TextEncoder().encode(f.text))]]);
  onResult(showOutcome);
  startWorker(showError);
  setupForm();
  setupUndo();
  setupDrop();
  setupToolbar();
  setupFixes();
  renderTree();
  setupCluster();
  setupSettings();
  const r = await ask({ type: "rules" });
  if (r.ok) {
    setRules(r.result.rules);
    $("version").textContent = `v${r.result.version}`;
  } else showError(r.error);
  // A share link wins over the tree saved in this browser (it is what the user opened).
  if (!loadHash()) {
    const saved = savedTree();
    if (saved) replaceAll(saved);
  }
  setupAutosave();
  debug.ready = true;
}

main();
