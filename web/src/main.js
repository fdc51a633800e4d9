// The paste-and-check page: a tree of files edited in CodeMirror, linted by the wasm engine in
// a Web Worker, findings shown in the editor and in a panel grouped by host and file.

import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { StreamLanguage } from "@codemirror/language";
import { properties } from "@codemirror/legacy-modes/mode/properties";

import examples from "../generated/examples.js";
import { KINDS, kindById, guessKind, normalizePath } from "./guess.js";
import { encodeFiles, filesFromHash, linkTooBig, visiblePath } from "./share.js";
import { renderMarkdown } from "./markdown.js";

const MAX_FILE_SIZE = 1_048_576; // the engine's (and CLI's) per-file cap
const MAX_READ = 16 * MAX_FILE_SIZE; // bytes read from a dropped file at most
const DEBOUNCE_MS = 300;
// A paste longer than this is held in memory instead of the text box: browsers take seconds to
// lay out megabytes in a <textarea>, and the engine reads at most MAX_FILE_SIZE anyway.
const MAX_SHOWN_PASTE = 256 * 1024;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
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

// ---- state ----------------------------------------------------------------------------------

/** path -> {text, bytes: Uint8Array|null (original bytes when not plain UTF-8 text), note, state} */
const files = new Map();
let current = null;
let result = null; // the last CheckResult from the engine
let rulesByCode = new Map();
let generation = 0;
let timer = null;
let inFlight = false; // a check is running in the worker
let rerun = false; // an edit arrived while it ran: check again when it answers
let timerPending = false; // a debounced check is waiting
let lintWaiters = []; // resolved when the files as they are now have been checked
let lastSharedHash = null;
let lastSummary = "";

// Exposed for the browser tests (and curious users): timings and the last result.
// editAt/shownAt: when the last edit was made and when its findings were on screen (the
// benchmark, web/scripts/bench.mjs, reads them).
const debug = (window.__mesoslint = { lintMs: null, runs: 0, requests: 0, result: null, ready: false, editAt: 0, shownAt: 0, debounceMs: DEBOUNCE_MS });

// ---- the engine in a worker -----------------------------------------------------------------

let worker = null;
const pending = new Map();
let nextId = 1;

function startWorker() {
  worker = new Worker("worker.js");
  worker.onmessage = (ev) => {
    const { id } = ev.data;
    const p = pending.get(id);
    pending.delete(id);
    if (ev.data.fatal) {
      // The engine aborted (a bug): start a fresh instance for the next run.
      worker.terminate();
      startWorker();
    }
    if (p) p(ev.data);
  };
  worker.onerror = (ev) => {
    showError(`The engine failed to start: ${ev.message || "unknown error"}`);
  };
}

function ask(msg) {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    worker.postMessage({ id, ...msg });
  });
}

// ---- file model -----------------------------------------------------------------------------

// A Map, not an object: a file named `__proto__` must reach the engine too.
function engineFiles() {
  const out = new Map();
  for (const [path, f] of files) out.set(path, f.bytes ?? f.text);
  return out;
}

function decodeBytes(bytes) {
  if (bytes.length > MAX_FILE_SIZE) {
    return { text: "", bytes, tooLarge: true, note: `This file is ${(bytes.length / MAX_FILE_SIZE).toFixed(1)} MiB, over the 1 MiB cap: it is not read (as with the CLI).` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\0")) return { text, bytes, note: "This file contains NUL bytes: it looks binary." };
    return { text, bytes: null, note: "" };
  } catch {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return { text, bytes, note: "This file is not UTF-8; shown as ISO-8859-1, as the engine reads it. Editing it saves it as UTF-8." };
  }
}

/** UTF-8 size of a string, or null when it is surely under the cap (saves encoding it). */
function utf8SizeNearCap(text) {
  // One UTF-16 unit is at most 3 UTF-8 bytes.
  return text.length * 3 <= MAX_FILE_SIZE ? null : new TextEncoder().encode(text).length;
}

function decodeText(text) {
  const size = utf8SizeNearCap(text);
  if (size !== null && size > MAX_FILE_SIZE) {
    return { text, bytes: null, tooLarge: true, note: `This file is ${(size / MAX_FILE_SIZE).toFixed(1)} MiB, over the 1 MiB cap: it is not read (as with the CLI) and not shown. Delete it or paste a smaller file.` };
  }
  if (text.includes("\0")) return { text, bytes: null, tooLarge: false, note: "This file contains NUL characters: it looks binary." };
  return { text, bytes: null, tooLarge: false, note: "" };
}

function setFile(path, contents) {
  const p = normalizePath(path);
  const entry = typeof contents === "string" ? decodeText(contents) : decodeBytes(contents);
  files.set(p, { tooLarge: false, ...entry, state: null });
  return p;
}

function replaceAll(newFiles) {
  files.clear();
  current = null;
  result = null;
  const entries = newFiles instanceof Map ? newFiles : Object.entries(newFiles);
  for (const [p, c] of entries) setFile(p, c);
  if (window.matchMedia("(max-width: 1000px)").matches) {
    // On a phone, a long tree would push the editor and findings far down.
    $("tree-details").open = files.size <= 6;
    $("add-details").open = files.size === 0;
  }
  const first = pickFirstFile();
  openFile(first);
  scheduleLint(0);
}

function pickFirstFile() {
  const paths = [...files.keys()].sort();
  return paths.find((p) => /zoo\.cfg$/.test(p)) || paths.find((p) => p !== "mesoslint.toml") || paths[0] || null;
}

// ---- editor ---------------------------------------------------------------------------------

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
        if (!u.docChanged || !current) return;
        const f = files.get(current);
        if (!f) return;
        Object.assign(f, decodeText(u.state.doc.toString()));
        debug.editAt = performance.now();
        scheduleLint();
      }),
    ],
  });
}

const view = new EditorView({ parent: $("editor"), state: makeState("", true) });

function openFile(path, line, column) {
  if (current && files.has(current)) files.get(current).state = view.state;
  current = path && files.has(path) ? path : null;
  const f = current ? files.get(current) : null;
  if (!f) {
    view.setState(makeState("", true));
  } else {
    // An oversized file is not put in the editor (the engine does not read it either); a
    // binary one is shown but not editable, so that its bytes are checked as they are.
    const readOnly = f.tooLarge || Boolean(f.bytes && f.text.includes("\0"));
    view.setState(f.state ?? makeState(f.tooLarge ? "" : f.text, readOnly));
  }
  $("current-path").value = current ?? "";
  $("current-path").disabled = $("rename-button").disabled = $("delete-button").disabled = !current;
  $("editor-note").textContent = f ? f.note : "No file open.";
  applyDiagnostics();
  renderTree();
  if (current && line) {
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

function applyDiagnostics() {
  const diags = [];
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

// ---- linting --------------------------------------------------------------------------------

function scheduleLint(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  // A newer edit makes a running check stale at once, not only when the debounce ends.
  if (inFlight) rerun = true;
  timerPending = true;
  timer = setTimeout(runLint, delay);
}

// One check at a time: an edit made while the worker is busy marks the running check stale;
// its answer is dropped and the newest files are checked next. Edits in between coalesce, so
// a burst of typing costs at most two lints, never a queue of them.
async function runLint() {
  clearTimeout(timer);
  timerPending = false;
  const gen = ++generation;
  if (inFlight) {
    rerun = true;
    return;
  }
  if (files.size === 0) {
    result = null;
    showError(null);
    renderFindings();
    applyDiagnostics();
    renderTree();
    announce("Add or paste a file, drop a folder, or load an example.");
    settleWaiters();
    return;
  }
  inFlight = true;
  debug.requests++;
  debug.askedAt = performance.now();
  const reply = await ask({ type: "check", files: engineFiles(), config: null });
  debug.repliedAt = performance.now();
  inFlight = false;
  if (rerun || gen !== generation) {
    rerun = false;
    // A debounce still running will start the next check; otherwise start it now.
    if (!timerPending) runLint();
    return;
  }
  debug.runs++;
  if (!reply.ok) {
    // Old findings must not stay on screen as if they were current.
    result = null;
    debug.result = null;
    showError(reply.fatal ? `The engine hit an internal error and was restarted: ${reply.error}` : reply.error);
    renderFindings(reply.error);
    applyDiagnostics();
    renderTree();
    announce("Not checked: see the error above the findings.");
    settleWaiters();
    return;
  }
  showError(null);
  result = reply.result;
  // Site policies of the tree's mesoslint.toml: their findings open their text like rules do.
  for (const p of result.policies ?? []) rulesByCode.set(p.code, { ...p, examples: [] });
  debug.lintMs = reply.ms;
  debug.result = result;
  $("timing").textContent = `Checked ${files.size} file${files.size === 1 ? "" : "s"} in ${reply.ms.toFixed(1)} ms, in your browser (engine ${result.version}).`;
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
  settleWaiters();
}

function settleWaiters() {
  const w = lintWaiters;
  lintWaiters = [];
  for (const resolve of w) resolve();
}

/** The result for the files as they are now (checks at once if an edit is waiting). */
async function currentResult() {
  if (timerPending || inFlight || rerun) {
    const done = new Promise((resolve) => lintWaiters.push(resolve));
    if (timerPending) runLint();
    await done;
  }
  return result;
}

function announce(text) {
  if (text === lastSummary) return;
  lastSummary = text;
  $("summary").textContent = text;
}

function showError(msg) {
  const e = $("error");
  e.hidden = !msg;
  e.textContent = msg ? `Cannot check these files: ${msg}` : "";
}

// ---- hosts ----------------------------------------------------------------------------------

// Host roots of the last result, "root/" -> name, so that finding a path's host costs its depth,
// not the number of hosts (500 hosts x 2000 files was most of the time of an edit).
let hostRoots = { hosts: null, roots: new Map() };

function rootsOf(hosts) {
  if (hostRoots.hosts !== hosts) {
    const roots = new Map();
    for (const h of hosts ?? []) roots.set(h.root === "." || h.root === "" ? "" : `${h.root}/`, h.name);
    hostRoots = { hosts, roots };
  }
  return hostRoots.roots;
}

function hostOf(path) {
  const roots = rootsOf(result?.hosts);
  // The longest root that is a directory prefix of the path.
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const root = path.slice(0, i + 1);
    if (roots.has(root)) return { name: roots.get(root), root };
  }
  if (roots.has("")) return { name: roots.get(""), root: "" };
  const m = /^(.*?\/)?etc\//.exec(path);
  return m && m[1] ? { name: m[1].replace(/\/$/, "").split("/").pop(), root: m[1] } : { name: "(tree)", root: "" };
}

const hostLabel = (name) => (name === "." || name === "" ? "(tree root)" : name);

function groupByHost(paths) {
  const groups = new Map();
  for (const p of paths) {
    const h = hostOf(p);
    if (!groups.has(h.name)) groups.set(h.name, { root: h.root, paths: [] });
    groups.get(h.name).paths.push(p);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

// ---- file tree ------------------------------------------------------------------------------

let treeSignature = null;
let treeButtons = new Map(); // path -> its button in the tree

const badge = (n) => el("span", { class: "badge", "aria-label": `${n} finding${n === 1 ? "" : "s"}` }, String(n));

function renderTree() {
  const tree = $("file-tree");
  const counts = new Map();
  for (const f of result?.findings ?? []) {
    const p = f.labels.find((l) => l.primary)?.path ?? f.labels[0]?.path;
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const paths = [...files.keys()].sort();
  // Rebuilt only when the files or the hosts change; finding counts and the open file are
  // updated in place (an edit inside a file changes those at most).
  const signature = JSON.stringify([paths, (result?.hosts ?? []).map((h) => h.root)]);
  if (signature === treeSignature) {
    for (const [p, button] of treeButtons) {
      const isCurrent = p === current;
      if (button.classList.contains("current") !== isCurrent) {
        button.classList.toggle("current", isCurrent);
        if (isCurrent) button.setAttribute("aria-current", "true");
        else button.removeAttribute("aria-current");
      }
      const n = counts.get(p) ?? 0;
      if ((button.__count ?? 0) !== n) {
        button.querySelector(".badge")?.remove();
        if (n) button.append(badge(n));
        button.__count = n;
      }
    }
    return;
  }
  treeSignature = signature;
  treeButtons = new Map();
  tree.replaceChildren();
  $("tree-summary").textContent = `Files in the tree (${files.size})`;
  const hidden = paths.filter((p) => visiblePath(p).flagged);
  $("path-warning").textContent = hidden.length
    ? `${plural(hidden.length, "path")} hold${hidden.length === 1 ? "s" : ""} invisible or bidirectional characters that can make a path pass for another; they are shown as ⟨U+…⟩: ${hidden.slice(0, 5).map((p) => visiblePath(p).shown).join(", ")}${hidden.length > 5 ? ", …" : ""}`
    : "";
  if (files.size === 0) {
    tree.append(el("p", { class: "hint" }, "No files yet."));
    return;
  }
  for (const [host, g] of groupByHost(paths)) {
    const list = el("ul", { class: "tree-files" });
    for (const p of g.paths) {
      const n = counts.get(p);
      const button = el("button", {
          type: "button",
          class: `tree-file${p === current ? " current" : ""}`,
          "aria-current": p === current ? "true" : null,
          dataset: { file: p },
          title: visiblePath(p).shown,
          onclick: () => openFile(p),
        }, el("span", { class: "tree-path" }, shownPath(p.slice(g.root.length) || p)), n ? badge(n) : null);
      button.__count = n ?? 0;
      treeButtons.set(p, button);
      list.append(el("li", {}, button));
    }
    tree.append(el("section", { class: "tree-host" }, el("h3", {}, hostLabel(host)), list));
  }
}

// ---- findings panel -------------------------------------------------------------------------

function loc(label) {
  return `${label.start.line}:${label.start.column_utf16}`;
}

const FORMATS_READ = "ZooKeeper's zoo.cfg and myid, etc/mesos/zk, one file per flag in etc/mesos-master/ and " +
  "etc/mesos-slave/ (or etc/mesos-agent/), env files in etc/default/ and etc/sysconfig/, Marathon's etc/marathon/conf/, " +
  "systemd units, docker run scripts, docker-compose files and Marathon app JSON. Put each host's files under a folder " +
  "named after it, e.g. master1/etc/mesos/zk.";
const MAX_LISTED = 20;

let shownItems = new Map(); // finding key -> its <li>, reused while the finding stays
let shownSignature = null;
let shownSections = new Map(); // host section key -> its <section>

function findingKey(f) {
  const hosts = [...new Set(f.labels.map((l) => hostOf(l.path).name))];
  return JSON.stringify([f.code, f.severity, f.message, f.help, f.notes, hosts,
    f.labels.map((l) => [l.path, l.primary, l.message, l.start.line, l.start.column_utf16, l.end.line, l.end.column_utf16])]);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function pathList(paths) {
  const list = el("ul", { class: "state-files" });
  for (const p of paths.slice(0, MAX_LISTED)) list.append(el("li", {}, shownPath(p)));
  if (paths.length > MAX_LISTED) list.append(el("li", {}, `and ${paths.length - MAX_LISTED} more`));
  return list;
}

function setState(state, ...children) {
  const box = $("findings");
  box.dataset.state = state;
  box.replaceChildren(...children);
  shownItems = new Map();
  shownSections = new Map();
  shownSignature = null;
}

// The panel says what it knows: not checked yet, the engine failed, nothing was recognised,
// clean (with what was read), or the findings. Never a green "clean" for a tree nobody read.
function renderFindings(error) {
  const rendered = result?.rendered ?? "";
  if ($("rendered").textContent !== rendered) $("rendered").textContent = rendered;
  renderBanner();
  if (!result) {
    if (error) setState("error", el("p", { class: "error" }, `Not checked: the engine failed, so no findings are shown. ${error}`));
    else setState("empty", el("p", { class: "hint" }, "No files to check yet."));
    return;
  }
  const hosts = result.hosts.length;
  const definitions = result.definitions ?? 0;
  const daemons = result.hosts.reduce((n, h) => n + h.roles.length, 0);
  // The engine says "no host read" (IN011) and names unread formats (IN012) as findings; with
  // nothing else found, the panel shows the honest state rather than a list.
  const nothingRead = hosts === 0 && definitions === 0 &&
    result.findings.every((f) => f.code === "IN011" || f.code === "IN012");
  if (result.findings.length === 0 || nothingRead) {
    if (hosts === 0 && definitions === 0) {
      const paths = [...files.keys()].sort();
      setState("unrecognised",
        el("p", { class: "error" }, `Nothing was checked: no host and no Marathon app could be read from ${paths.length === 1 ? "this file" : `these ${paths.length} files`}.`),
        pathList(paths),
        el("p", { class: "hint" }, `The page reads ${FORMATS_READ}`));
      return;
    }
    const read = [plural(hosts, "host"), plural(daemons, "daemon")];
    if (definitions) read.push(plural(definitions, "app definition"));
    setState("clean", el("p", { class: "clean" }, `No findings in ${read.join(", ")}.`));
    $("findings").dataset.hosts = String(hosts);
    $("findings").dataset.daemons = String(daemons);
    return;
  }
  const box = $("findings");
  const keyed = result.findings.map((f) => [findingKey(f), f]);
  const signature = keyed.map((k) => k[0]).join("\n");
  if (signature === shownSignature && box.dataset.state === "findings") return; // nothing changed
  const byPath = new Map();
  for (const [key, f] of keyed) {
    const primary = f.labels.find((l) => l.primary) ?? f.labels[0];
    const p = primary ? primary.path : "";
    if (!byPath.has(p)) byPath.set(p, []);
    byPath.get(p).push({ key, f, primary });
  }
  // Only new findings are built; the others keep their element (and their place on screen).
  const next = new Map();
  const nextSections = new Map();
  const sections = [];
  for (const [host, g] of groupByHost([...byPath.keys()])) {
    g.paths.sort();
    // A host whose findings are all unchanged keeps its whole section.
    const sectionKey = JSON.stringify([host, g.root, g.paths.map((p) => byPath.get(p).map((x) => x.key))]);
    const kept = shownSections.get(sectionKey);
    if (kept && !nextSections.has(sectionKey)) {
      for (const p of g.paths) for (const { key } of byPath.get(p)) next.set(key, shownItems.get(key));
      nextSections.set(sectionKey, kept);
      sections.push(kept);
      continue;
    }
    const hostSection = el("section", { class: "host-group", "aria-label": `Host ${hostLabel(host)}` }, el("h3", {}, hostLabel(host)));
    for (const path of g.paths) {
      const list = el("ul", { class: "finding-list" });
      for (const { key, f, primary } of byPath.get(path)) {
        const li = (!next.has(key) && shownItems.get(key)) || findingItem(f, primary);
        next.set(key, li);
        list.append(li);
      }
      hostSection.append(el("h4", { class: "file-head-title" }, path ? shownPath(path.slice(g.root.length) || path) : "(no file)"), list);
    }
    nextSections.set(sectionKey, hostSection);
    sections.push(hostSection);
  }
  if (box.dataset.state !== "findings") box.replaceChildren();
  box.dataset.state = "findings";
  delete box.dataset.hosts;
  delete box.dataset.daemons;
  // Move only what changed: sections already in place stay (no re-layout of the whole list).
  let cursor = box.firstChild;
  for (const section of sections) {
    if (section === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    box.insertBefore(section, cursor);
  }
  while (cursor) {
    const after = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
  shownItems = next;
  shownSections = nextSections;
  shownSignature = signature;
}

/** A path as text with its invisible and bidi characters made visible, flagged when it has any. */
function shownPath(path) {
  const v = visiblePath(path);
  return v.flagged
    ? el("span", { class: "hidden-chars", title: "This path holds invisible or bidirectional characters, shown as ⟨U+…⟩" }, v.shown, " (hidden characters)")
    : path;
}

// What the tree's mesoslint.toml changes against the defaults, so that a quiet page is not
// mistaken for a clean one.
function renderBanner() {
  const parts = [];
  const off = result?.disabled_rules ?? [];
  const lowered = result?.lowered ?? [];
  if (off.length) parts.push(`turns off ${plural(off.length, "rule")} (${off.slice(0, 12).join(", ")}${off.length > 12 ? ", …" : ""})`);
  if (lowered.length) parts.push(`lowers the severity of ${plural(lowered.length, "rule")} (${lowered.slice(0, 12).map((c) => `${c.code} ${c.from} → ${c.to}`).join(", ")}${lowered.length > 12 ? ", …" : ""})`);
  const excluded = result ? files.size - result.files : 0;
  if (excluded > 0) parts.push(`leaves ${plural(excluded, "file")} out (exclude)`);
  $("config-banner").textContent = parts.length ? `The tree's mesoslint.toml ${parts.join("; ")}: the CLI does the same with it.` : "";
}

function findingItem(f, primary) {
  const hosts = [...new Set(f.labels.map((l) => hostOf(l.path).name))];
  const open = (label) => () => openFile(label.path, label.start.line, label.start.column_utf16);
  const secondary = f.labels.filter((l) => l !== primary);
  return el("li", {
    class: `finding sev-${f.severity}`,
    dataset: { code: f.code, path: primary?.path ?? "", line: primary ? String(primary.start.line) : "", hosts: hosts.join(" ") },
  },
  el("button", { type: "button", class: "finding-main", onclick: primary ? open(primary) : null },
    el("span", { class: `sev sev-${f.severity}` }, f.severity),
    " ",
    el("span", { class: "code" }, f.code),
    " ",
    el("span", { class: "msg" }, f.message),
    primary ? el("span", { class: "where" }, ` line ${primary.start.line}${primary.message ? `: ${primary.message}` : ""}`) : null),
  secondary.length
    ? el("ul", { class: "labels", "aria-label": "Related locations" }, ...secondary.map((l) =>
      el("li", {}, el("button", { type: "button", class: "label-link", dataset: { path: l.path, line: String(l.start.line) }, onclick: open(l) },
        shownPath(l.path), `:${loc(l)}`, l.message ? el("span", { class: "msg" }, ` ${l.message}`) : null))))
    : null,
  f.help ? el("p", { class: "help" }, `help: ${f.help}`) : null,
  ...f.notes.map((n) => el("p", { class: "note" }, n)),
  el("button", { type: "button", class: "docs-link", "aria-label": `Documentation of ${f.code} ${f.name}`, onclick: () => openRules(f.code) }, `${f.code} ${f.name}: docs`));
}

// ---- rules ----------------------------------------------------------------------------------

let rules = [];

function renderRuleList(filter = "") {
  const q = filter.trim().toLowerCase();
  const list = $("rule-list");
  list.replaceChildren();
  for (const r of rules) {
    if (q && !`${r.code} ${r.name} ${r.summary}`.toLowerCase().includes(q)) continue;
    list.append(el("li", {}, el("button", { type: "button", class: "rule-link", dataset: { code: r.code }, onclick: () => showRule(r.code, true) },
      el("span", { class: "code" }, r.code), " ", r.name, el("span", { class: "rule-summary" }, r.summary))));
  }
  if (!list.children.length) list.append(el("li", { class: "hint" }, "No rule matches."));
}

function showRule(code, focus) {
  const r = rulesByCode.get(code);
  const doc = $("rule-doc");
  doc.replaceChildren();
  if (!r) {
    doc.append(el("p", {}, `No rule ${code}.`));
    return;
  }
  doc.append(
    el("h3", {}, `${r.code} ${r.name}`),
    el("p", { class: "rule-meta" }, el("span", { class: `sev sev-${r.severity}` }, r.severity), ` ${r.summary}`),
    renderMarkdown(r.documentation),
  );
  const invalid = r.examples.filter((e) => e.playable && Object.keys(e.files).length);
  if (invalid.length) {
    doc.append(el("h4", {}, "Try the examples"));
    for (const ex of invalid) {
      doc.append(el("button", { type: "button", class: "try", onclick: () => {
        const fs = { ...ex.files };
        if (ex.config) fs["mesoslint.toml"] = ex.config;
        $("rules-dialog").close();
        replaceAll(fs);
      } }, `Load the ${ex.valid ? "valid" : "invalid"} example${ex.title ? `: ${ex.title}` : ""}`));
    }
  }
  for (const b of $("rule-list").querySelectorAll("button")) b.setAttribute("aria-current", b.dataset.code === code ? "true" : "false");
  if (focus) doc.focus();
}

function openRules(code) {
  const d = $("rules-dialog");
  if (!d.open) d.showModal();
  renderRuleList($("rule-filter").value);
  showRule(code ?? rules[0]?.code, Boolean(code));
}

// ---- paste / add form -----------------------------------------------------------------------

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

function setupForm() {
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
    setFile(path, pasteText());
    $("paste-text").value = "";
    dropHeldPaste();
    kindTouched = pathTouched = false;
    refreshForm();
    openFile(path);
    scheduleLint(0);
  });
  refreshForm();

  $("file-head").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!current) return;
    const to = normalizePath($("current-path").value.trim());
    if (!to || to === "." || to.startsWith("..")) {
      $("current-path").value = current;
      return;
    }
    if (to === current) return;
    const f = files.get(current);
    f.state = view.state;
    files.delete(current);
    files.set(to, f);
    current = to;
    openFile(to);
    scheduleLint(0);
  });
  $("delete-button").addEventListener("click", () => {
    if (!current) return;
    files.delete(current);
    current = null;
    openFile(pickFirstFile());
    scheduleLint(0);
  });
}

// ---- folders and files from disk ------------------------------------------------------------

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
  if (entries.length === 1 && entries[0].isDirectory) {
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
  return out;
}

function setupDrop() {
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
    const fs = await loadDrop(e.dataTransfer);
    if (Object.keys(fs).length) replaceAll(fs);
    else showError("Nothing readable was dropped.");
  });
  $("open-folder").addEventListener("click", () => $("folder-input").click());
  $("open-files").addEventListener("click", () => $("files-input").click());
  for (const id of ["folder-input", "files-input"]) {
    $(id).addEventListener("change", async (e) => {
      const fs = await loadFileList(e.target.files);
      e.target.value = "";
      if (id === "files-input") {
        for (const [p, b] of Object.entries(fs)) setFile(p, b);
        openFile(normalizePath(Object.keys(fs)[0] ?? "") );
        scheduleLint(0);
      } else if (Object.keys(fs).length) replaceAll(fs);
    });
  }
}

// ---- examples, sharing, misc ----------------------------------------------------------------

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
  $("share-button").addEventListener("click", share);
  $("share-cancel").addEventListener("click", () => { $("share-warning").hidden = true; });
  $("share-redacted").addEventListener("click", () => {
    $("share-warning").hidden = true;
    makeLink(pendingShare.masked);
  });
  $("share-as-is").addEventListener("click", () => {
    $("share-warning").hidden = true;
    makeLink(pendingShare.plain);
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === lastSharedHash) return;
    loadHash();
  });
}

let pendingShare = null; // {plain, masked}: the two trees the credentials warning offers

// Before a link is made, the engine's own credential masking says which files hold secrets:
// then the user chooses between masked values (the default button) and the real ones.
async function share() {
  $("share-box").hidden = true;
  const plain = new Map();
  for (const [p, f] of files) plain.set(p, f.text);
  const early = linkTooBig(plain.size, 0);
  if (early) return showShareNote(`No link made: ${early}`);
  const r = await currentResult();
  const secrets = r?.secrets ?? [];
  if (!r || secrets.length) {
    const masked = new Map(plain);
    for (const s of secrets) if (masked.has(s.path)) masked.set(s.path, s.masked);
    pendingShare = { plain, masked };
    $("share-warning-text").textContent = r
      ? `A link holds the files themselves, and stays in chats, mail and browser history. ${plural(secrets.length, "file")} hold${secrets.length === 1 ? "s" : ""} what the engine masks as a credential:`
      : "The engine could not check these files, so it cannot say whether they hold credentials. A link holds the files themselves.";
    $("share-warning-files").replaceChildren(...secrets.map((s) => el("li", {}, shownPath(s.path))));
    $("share-redacted").hidden = !r;
    $("share-warning").hidden = false;
    (r ? $("share-redacted") : $("share-cancel")).focus();
    return;
  }
  makeLink(plain);
}

function showShareNote(text, url = "") {
  $("share-box").hidden = false;
  $("share-url").value = url;
  $("share-note").textContent = text;
}

async function makeLink(tree) {
  const encoded = encodeFiles(tree);
  const tooBig = linkTooBig(tree.size, encoded.length);
  if (tooBig) return showShareNote(`No link made: ${tooBig}`);
  const hash = `#files=${encoded}`;
  lastSharedHash = hash;
  // Replaced, not pushed: the back button does not walk through versions of the files.
  history.replaceState(null, "", hash);
  const url = location.href;
  showShareNote(`${url.length} characters.`, url);
  $("share-url").select();
  let note = `${url.length} characters.`;
  try {
    await navigator.clipboard.writeText(url);
    note += " Copied to the clipboard.";
  } catch {
    note += " Copy it from the box.";
  }
  if (url.length > 32000) note += " Long links may not work everywhere.";
  $("share-note").textContent = note;
}

function loadHash() {
  try {
    const fs = filesFromHash(location.hash);
    if (fs) replaceAll(fs);
    return Boolean(fs);
  } catch (e) {
    showError(e.message);
    return false;
  }
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
  startWorker();
  setupForm();
  setupDrop();
  setupToolbar();
  renderTree();
  const r = await ask({ type: "rules" });
  if (r.ok) {
    rules = r.result.rules;
    rulesByCode = new Map(rules.map((x) => [x.code, x]));
    $("version").textContent = `v${r.result.version}`;
  } else showError(r.error);
  loadHash();
  debug.ready = true;
}

main();
