// The settings panel: the keys of the tree's mesoslint.toml most people change (rules selected
// and ignored, severity overrides, target versions), read through the engine (settingsOf) and
// written back into the file set through workspace.js, so that the editor, autosave, Undo and
// the next check all see the new file. The page then applies it as the CLI does: the same core
// module reads it. Everything else in the file (policies, per-path ignores, hosts, comments) is
// kept as written (tomledit.js), and a rewrite is read back by the engine before it is written:
// what the engine would not read as the panel says is refused, not saved.

import { $, el, plural } from "./dom.js";
import { files } from "./files.js";
import { ask, onResult } from "./lint.js";
import { state } from "./state.js";
import { editSettings } from "./tomledit.js";
import { offerUndo } from "./undo.js";
import { removePath, writeFile } from "./workspace.js";

const LEVELS = ["error", "warning", "info", "off"];
const DAEMONS = [["mesos", "Mesos"], ["marathon", "Marathon"], ["zookeeper", "ZooKeeper"]];
const CONFIG_NAMES = ["mesoslint.toml", ".mesoslint.toml"]; // the engine's order
const NEW_FILE = "# mesoslint configuration (see the README), written by the settings panel of the page.\n";

const configPath = () => CONFIG_NAMES.find((p) => files.has(p)) ?? null;
const configText = () => (configPath() ? files.get(configPath()).text : null);

let shownText; // the file's text the fields show (null: no file); undefined before the first read
let dirty = false; // fields edited since
let readable = true;

function status(text, kind = "") {
  const s = $("settings-status");
  s.textContent = text;
  s.className = `settings-status ${kind}`;
}

const codes = (value) => value.split(/[\s,]+/).filter(Boolean);

function severityRow(code = "", level = "off") {
  const codeInput = el("input", { class: "settings-code", autocomplete: "off", spellcheck: "false", list: "settings-codes", value: code });
  const levelSelect = el("select", { class: "settings-level" }, ...LEVELS.map((l) => el("option", { value: l }, l)));
  levelSelect.value = level;
  const remove = el("button", { type: "button", class: "settings-remove" }, "Remove");
  const label = () => remove.setAttribute("aria-label", `Remove the override${codeInput.value.trim() ? ` of ${codeInput.value.trim()}` : ""}`);
  label();
  codeInput.addEventListener("input", label);
  const row = el("li", { class: "settings-row" },
    el("label", {}, "Rule ", codeInput), " ", el("label", {}, "Severity ", levelSelect), " ", remove);
  remove.addEventListener("click", () => {
    const next = row.nextElementSibling?.querySelector("input") ?? $("settings-add");
    row.remove();
    dirty = true;
    next.focus();
  });
  return row;
}

function fill(s) {
  $("settings-select").value = s.select.join(", ");
  $("settings-ignore").value = s.ignore.join(", ");
  $("settings-severity").replaceChildren(...Object.entries(s.severity).map(([c, l]) => severityRow(c, l)));
  for (const [d] of DAEMONS) $(`settings-target-${d}`).value = s.target[d] ?? "";
  $("settings-other").textContent = s.other_keys
    ? "This file sets more than these fields (policies, per-path ignores, hosts, exclude…): the panel keeps all of it as written."
    : "";
  dirty = false;
}

function describeFile(path) {
  $("settings-file").textContent = path
    ? `Reads and writes ${path} at the root of the tree.`
    : "There is no mesoslint.toml in the tree: the defaults apply. Writing creates one at its root.";
}

function setReadable(ok) {
  readable = ok;
  $("settings-write").disabled = !ok;
}

const EMPTY = { select: [], ignore: [], severity: {}, target: {}, other_keys: false };

/** Shows the file's settings when the file changed (unless fields the user edited would be lost). */
async function refresh(force = false) {
  const path = configPath();
  const text = configText();
  if (!force && text === shownText) return;
  if (dirty && !force) {
    status(`${path ?? "mesoslint.toml"} changed since these fields were edited: "Write" puts them over its select, ignore, severity and target; "Revert" shows the file's.`, "note");
    return;
  }
  describeFile(path);
  if (text !== null && files.get(path).bytes) {
    shownText = text;
    setReadable(false);
    status(`${path} is not UTF-8 text: edit it in the editor.`, "error");
    return;
  }
  if (text !== null && text.trimStart().startsWith("{")) {
    shownText = text;
    setReadable(false);
    status(`${path} is written as JSON: the panel edits TOML only; edit it in the editor.`, "error");
    return;
  }
  const reply = text === null ? { ok: true, result: EMPTY } : await ask({ type: "settings", config: text });
  if (configText() !== text) return; // edited meanwhile: the next check reads it again
  shownText = text;
  if (!reply.ok) {
    setReadable(false);
    status(`The tree's ${path} cannot be read, so the panel writes nothing until it is fixed in the editor: ${reply.error}`, "error");
    return;
  }
  setReadable(true);
  fill(reply.result);
  status("");
}

/** What the fields say, or {error, field}. */
function gather() {
  const severity = {};
  for (const row of $("settings-severity").children) {
    const input = row.querySelector(".settings-code");
    const code = input.value.trim();
    if (!code) continue;
    if (Object.hasOwn(severity, code)) return { error: `${code} has two severity overrides: keep one.`, field: input };
    severity[code] = row.querySelector(".settings-level").value;
  }
  const target = {};
  for (const [d] of DAEMONS) {
    const v = $(`settings-target-${d}`).value.trim();
    if (v) target[d] = v;
  }
  return { select: codes($("settings-select").value), ignore: codes($("settings-ignore").value), severity, target };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Whether the engine reads the new file as the fields say: the guard on tomledit.js.
function mismatch(read, want) {
  if (!same(read.select, want.select)) return "select";
  if (!same(read.ignore, want.ignore)) return "ignore";
  const sorted = (o) => Object.entries(o).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  if (!same(sorted(read.severity), sorted(want.severity))) return "severity";
  for (const [d] of DAEMONS) if (Boolean(read.target[d]) !== Boolean(want.target[d])) return `target ${d}`;
  return null;
}

function whatChanged(want) {
  const parts = [];
  if (want.select.length) parts.push(`select ${want.select.join(", ")}`);
  if (want.ignore.length) parts.push(`ignore ${want.ignore.join(", ")}`);
  const n = Object.keys(want.severity).length;
  if (n) parts.push(plural(n, "severity override"));
  const t = Object.entries(want.target).map(([d, v]) => `${d} ${v}`);
  if (t.length) parts.push(`target ${t.join(", ")}`);
  return parts.length ? parts.join("; ") : "the defaults";
}

async function write(event) {
  event.preventDefault();
  if (!readable) return;
  const want = gather();
  if (want.error) {
    status(`Not written: ${want.error}`, "error");
    want.field.focus();
    return;
  }
  const path = configPath() ?? "mesoslint.toml";
  const before = configText();
  let text;
  try {
    text = editSettings(before ?? NEW_FILE, want);
  } catch (e) {
    status(`Not written: the panel could not edit ${path} (${e.message}); edit it in the editor.`, "error");
    return;
  }
  const reply = await ask({ type: "settings", config: text });
  if (configText() !== before) {
    status(`Not written: ${path} changed meanwhile. Check the fields and write again.`, "error");
    return;
  }
  if (!reply.ok) {
    status(`Not written: the engine would not read it. ${reply.error}`, "error");
    return;
  }
  const wrong = mismatch(reply.result, want);
  if (wrong) {
    status(`Not written: the engine would read ${wrong} differently from these fields (is a key elsewhere in ${path}, such as no-hosts, in the way?).`, "error");
    return;
  }
  if (text === before) {
    dirty = false;
    status(`${path} already says this: nothing to write.`);
    return;
  }
  writeFile(path, text);
  shownText = text;
  dirty = false;
  describeFile(path);
  offerUndo(`Wrote ${path} from the settings panel.`, () => (before === null ? removePath(path) : writeFile(path, before)));
  status(`Wrote ${path} (${whatChanged(want)}). The findings follow it, as the CLI's would.`, "ok");
}

// The rule codes offered in the code fields (filled once the catalogue is known).
function fillCodes() {
  const list = $("settings-codes");
  if (list.children.length || !state.rules.length) return;
  list.append(...state.rules.map((r) => el("option", { value: r.code }, `${r.code} ${r.name}`)));
}

export function setupSettings() {
  const form = $("settings-form");
  form.addEventListener("submit", write);
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("focusin", fillCodes);
  $("settings-add").addEventListener("click", () => {
    const row = severityRow();
    $("settings-severity").append(row);
    dirty = true;
    row.querySelector("input").focus();
  });
  $("settings-revert").addEventListener("click", () => {
    dirty = false;
    refresh(true);
  });
  onResult(() => refresh());
  refresh();
}
