// The file tree: files grouped by host, the open one marked, a badge with each file's count of
// findings.

import { $, el, plural, shownPath } from "./dom.js";
import { openFile } from "./editor.js";
import { files } from "./files.js";
import { groupByHost, hostLabel } from "./hosts.js";
import { visiblePath } from "./share.js";
import { state } from "./state.js";

let treeSignature = null;
let treeButtons = new Map(); // path -> its button in the tree

const badge = (n) => el("span", { class: "badge", "aria-label": `${n} finding${n === 1 ? "" : "s"}` }, String(n));

export function renderTree() {
  const { result, current } = state;
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
