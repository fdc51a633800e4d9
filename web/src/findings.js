// The findings panel. It says what it knows (data-state): not checked yet, the engine failed,
// nothing was recognised, clean (with what was read), or the findings grouped by host and file.
// Never a green "clean" for a tree nobody read. Findings that stay across edits keep their
// elements.

import { $, el, plural, shownPath } from "./dom.js";
import { openFile } from "./editor.js";
import { files } from "./files.js";
import { groupByHost, hostLabel, hostOf } from "./hosts.js";
import { openRules } from "./rules.js";
import { fixControl } from "./fixes.js";
import { state } from "./state.js";

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
  return JSON.stringify([f.code, f.severity, f.message, f.help, f.notes, hosts, f.fix?.applicability,
    f.labels.map((l) => [l.path, l.primary, l.message, l.start.line, l.start.column_utf16, l.end.line, l.end.column_utf16])]);
}

function pathList(paths) {
  const list = el("ul", { class: "state-files" });
  for (const p of paths.slice(0, MAX_LISTED)) list.append(el("li", {}, shownPath(p)));
  if (paths.length > MAX_LISTED) list.append(el("li", {}, `and ${paths.length - MAX_LISTED} more`));
  return list;
}

function setState(name, ...children) {
  const box = $("findings");
  box.dataset.state = name;
  box.replaceChildren(...children);
  shownItems = new Map();
  shownSections = new Map();
  shownSignature = null;
}

export function renderFindings(error) {
  const { result } = state;
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

// What the tree's mesoslint.toml changes against the defaults, so that a quiet page is not
// mistaken for a clean one.
function renderBanner() {
  const { result } = state;
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
  fixControl(f),
  // The visible text is the whole accessible name (axe: label-content-name-mismatch).
  el("button", { type: "button", class: "docs-link", onclick: () => openRules(f.code) }, `Docs of ${f.code} ${f.name}`));
}
